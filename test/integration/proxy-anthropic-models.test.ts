// The official `@anthropic-ai/sdk`'s models.list / models.retrieve (Claude Code's model picker) against
// the running proxy: Anthropic's list shape and paging, its error shape; OpenAI clients keep theirs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import { MODELS, startHarness, type Harness } from './helpers/app-harness';

let h: Harness;
let client: Anthropic;
/** the OpenAI list's ids, in its order (the bundled catalog adds local models to the harness's) */
let ALL: string[];
/** the embeddings-only models among them (the harness's fo/embed-fake, the bundled ollama/nomic-embed-text) */
let EMBEDDINGS: string[];
/** the Anthropic list's ids: ALL but the embeddings-only models, which /v1/messages cannot serve */
let CHAT: string[];

const get = (path: string, headers: Record<string, string> = { 'anthropic-version': '2023-06-01' }) =>
  fetch(`${h.url}${path}`, { headers: { 'x-api-key': h.token, ...headers } });

beforeAll(async () => {
  h = await startHarness();
  client = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
  const list = await (await get('/v1/models', {})).json() as { object: string; data: { id: string }[] };
  expect(list.object).toBe('list');
  ALL = list.data.map((m) => m.id);
  expect(ALL).toEqual(expect.arrayContaining(['auto', 'eco', 'balanced', 'precision', MODELS.openai, MODELS.anthropic, MODELS.gemini]));
  const models = await h.app.service.listModels({});
  EMBEDDINGS = models.filter((m) => m.capabilities.includes('embeddings') && !m.capabilities.includes('chat')).map((m) => m.id).filter((id) => ALL.includes(id));
  expect(EMBEDDINGS).toEqual(expect.arrayContaining([MODELS.embed, 'ollama/nomic-embed-text']));
  CHAT = ALL.filter((id) => !EMBEDDINGS.includes(id));
});
afterAll(async () => { await h?.close(); });

describe('Anthropic SDK: models.list', () => {
  it('lists every name /v1/messages can serve in Anthropic\'s shape, following the pages', async () => {
    const seen = [];
    for await (const m of client.models.list({ limit: 3 })) seen.push(m);
    expect(seen.map((m) => m.id)).toEqual(CHAT);
    for (const m of seen) {
      expect(m).toMatchObject({ type: 'model', display_name: m.id });
      expect(new Date(m.created_at).toISOString()).toBe('1970-01-01T00:00:00.000Z');
    }
    expect(seen.find((m) => m.id === MODELS.anthropic)).toMatchObject({ max_input_tokens: 200000 });
    expect(seen.find((m) => m.id === 'auto')).toMatchObject({ max_input_tokens: null });
  });

  it('pages with limit, after_id and before_id, with has_more, first_id and last_id', async () => {
    const first = await (await get('/v1/models?limit=3')).json();
    expect(first).toMatchObject({ has_more: true, first_id: 'auto', last_id: 'balanced' });
    expect(first.data).toHaveLength(3);
    const next = await (await get('/v1/models?after_id=balanced&limit=2')).json();
    expect(next).toMatchObject({ has_more: true, first_id: 'precision', last_id: CHAT[4] });
    const last = await (await get(`/v1/models?after_id=${encodeURIComponent(CHAT.at(-3)!)}`)).json();
    expect(last).toMatchObject({ has_more: false, first_id: CHAT.at(-2), last_id: CHAT.at(-1) });
    const back = await (await get(`/v1/models?before_id=${encodeURIComponent(CHAT[4]!)}&limit=2`)).json();
    expect(back).toMatchObject({ has_more: true, first_id: 'balanced', last_id: 'precision' });
    const start = await (await get('/v1/models?before_id=eco')).json();
    expect(start).toMatchObject({ has_more: false, first_id: 'auto', last_id: 'auto' });
  });

  it('leaves out embeddings models and aliases of them, and pages over what it lists', async () => {
    await h.app.service.updateRoutingRules({ aliases: { vectors: [MODELS.embed], mixed: [MODELS.embed, MODELS.anthropic] } });
    try {
      const all = [];
      for await (const m of client.models.list({ limit: 2 })) all.push(m.id);
      expect(all).toContain('mixed');
      expect(all).not.toContain('vectors');
      for (const id of EMBEDDINGS) expect(all).not.toContain(id);
      // each page holds `limit` listed names: one left out is not counted, nor shortens a page
      const ids: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await (await get(`/v1/models?limit=2${after === undefined ? '' : `&after_id=${encodeURIComponent(after)}`}`)).json();
        ids.push(...page.data.map((m: { id: string }) => m.id));
        if (!page.has_more) break;
        expect(page.data).toHaveLength(2);
        after = page.last_id;
      }
      expect(ids).toEqual(all);
      // before_id pages back over the same list: the two listed before the last one
      const back = await (await get(`/v1/models?before_id=${encodeURIComponent(all.at(-1)!)}&limit=2`)).json();
      expect(back.data.map((m: { id: string }) => m.id)).toEqual(all.slice(-3, -1));
      // an embeddings model is no cursor in this list, nor a model to retrieve
      const cursor = await get(`/v1/models?after_id=${encodeURIComponent(MODELS.embed)}`);
      expect(cursor.status).toBe(400);
      for (const id of [MODELS.embed, 'embed-fake', 'vectors']) {
        const err = await client.models.retrieve(id).catch((e: unknown) => e);
        expect(err, id).toBeInstanceOf(Anthropic.NotFoundError);
      }
      expect(await client.models.retrieve('mixed')).toMatchObject({ type: 'model', id: 'mixed' });
      // OpenAI's list still holds them all (embeddings models serve /v1/embeddings)
      const openai = (await (await get('/v1/models', {})).json()).data.map((m: { id: string }) => m.id);
      expect(openai).toEqual(expect.arrayContaining([...EMBEDDINGS, 'vectors', 'mixed']));
      expect((await get(`/v1/models/${MODELS.embed}`, {})).status).toBe(200);
    } finally {
      await h.app.service.updateRoutingRules({ aliases: {} });
    }
  });

  it('refuses a bad limit or an unknown cursor with a 400 in Anthropic\'s error shape', async () => {
    for (const q of ['limit=0', 'limit=1001', 'limit=abc', 'after_id=nope', 'after_id=auto&before_id=eco']) {
      const res = await get(`/v1/models?${q}`);
      expect(res.status, q).toBe(400);
      expect(await res.json(), q).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    }
    const err = await client.models.list({ limit: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
  });
});

describe('Anthropic SDK: models.retrieve', () => {
  it('retrieves a model id, a routing name or a bare model name', async () => {
    expect(await client.models.retrieve(MODELS.anthropic)).toMatchObject({ type: 'model', id: MODELS.anthropic, max_input_tokens: 200000 });
    expect(await client.models.retrieve('auto')).toMatchObject({ type: 'model', id: 'auto', max_input_tokens: null });
    expect(await client.models.retrieve('gemini-fake')).toMatchObject({ type: 'model', id: 'gemini-fake', max_input_tokens: 1000000 });
  });

  it('answers an unknown name 404 in Anthropic\'s error shape', async () => {
    const err = await client.models.retrieve('nope/missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
    expect((err as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });
});

describe('OpenAI clients (no anthropic-version) keep OpenAI\'s shape', () => {
  it('lists and retrieves as before', async () => {
    expect(await (await get('/v1/models', {})).json()).toMatchObject({ object: 'list', data: expect.arrayContaining([{ id: MODELS.anthropic, object: 'model', created: 0, owned_by: 'fa' }]) });
    expect(await (await get('/v1/models/auto', {})).json()).toEqual({ id: 'auto', object: 'model', created: 0, owned_by: 'switchboard' });
    const missing = await get('/v1/models/nope', {});
    expect(await missing.json()).toMatchObject({ error: { code: 'model_not_found' } });
  });
});
