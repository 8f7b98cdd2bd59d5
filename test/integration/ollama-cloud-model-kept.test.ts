// An Ollama cloud model under a name that does not say so (`ollama cp gpt-oss:120b-cloud mybig`, or one added by
// hand) stays remote, or becomes so: the config export carries the mark and an import never clears it; a model
// added by hand is asked of Ollama at creation and at every listing after (a connection test, a discovery), and
// marked when Ollama says remote_host; the user can set or clear it by PUT. Under the privacy guard's local_only such
// a model is never sent a secret.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../mocks/fake-openai';
import { ollamaCloudShowBody, ollamaShowBody } from '../mocks/fake-openai-wire';
import { gate } from '../mocks/fake-server';
import type { FakeProvider } from '../mocks/types';
import { adminFetch, chatCalls, startRoutingHarness, type RoutingHarness } from './helpers/routing-harness';

let h: RoutingHarness;
let h2: RoutingHarness;
let oll: FakeProvider;
const SECRET = 'deploy with key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH';
const cloud = () => ollamaCloudShowBody({ remoteModel: 'gpt-oss:120b', arch: 'gptoss', contextLength: 131072, capabilities: ['completion', 'tools'] });
const unknown = { input_cost_per_1m: null, output_cost_per_1m: null };

beforeAll(async () => {
  [h, h2] = await Promise.all([startRoutingHarness(), startRoutingHarness()]);
  oll = await startFakeOpenAI({
    models: ['qwen3:8b', 'mybig:latest'],
    ollamaShow: {
      'qwen3:8b': ollamaShowBody({ arch: 'qwen3', contextLength: 40960, capabilities: ['completion', 'tools'] }),
      // `ollama cp gpt-oss:120b-cloud mybig`: show says remote_host, the name says nothing
      'mybig:latest': cloud(),
    },
  });
  await h.app.service.createProvider({ id: 'oll', name: 'Ollama', type: 'ollama', base_url: oll.url });
  await h.app.service.discoverModels({ id: 'oll' });
});
afterAll(async () => {
  await Promise.all([h?.close(), h2?.close()]);
  await oll?.close();
});

const modelOf = async (app: RoutingHarness, name: string) => (await app.app.service.listModels({ provider_id: 'oll' })).find((m) => m.model_name === name);
const showCalls = () => oll.requests.filter((r) => r.path === '/api/show');
/** `ollama cp` (or pull) of a model Ollama then lists, and the user adds by hand under the same name */
async function addByHand(name: string, context_length: number, provider_id = 'oll') {
  oll.options.models!.push(name);
  return h.app.service.createModel({ provider_id, model_name: name, ...unknown, context_length });
}

/** A local_only request holding a secret to `model`: its error code (or 200), and how many chat calls reached the fake. */
async function secretTo(app: RoutingHarness, model: string): Promise<{ status: number | string | undefined; reached: number }> {
  await app.app.service.updateUser({ id: 'default', patch: { privacy_guard: 'local_only' } });
  const before = chatCalls(oll).length;
  try {
    const status = await app.client().chat.completions.create({ model, messages: [{ role: 'user', content: SECRET }] })
      .then(() => 200, (e: unknown) => (e instanceof OpenAI.BadRequestError ? `400 ${String(e.code)}` : (e as { status?: number }).status));
    return { status, reached: chatCalls(oll).length - before };
  } finally {
    await app.app.service.updateUser({ id: 'default', patch: { privacy_guard: 'off' } });
  }
}

describe('an Ollama cloud model under a name that does not say cloud', () => {
  it('keeps its mark through an export and an import into a fresh install, and is never sent a secret there', async () => {
    expect(await modelOf(h, 'mybig:latest')).toMatchObject({ remote: true, ...unknown });
    const doc = (await adminFetch(h.app, 'GET', '/api/v1/llm/config')).json;
    expect(doc.models.find((m: { model_name: string }) => m.model_name === 'mybig:latest')).toMatchObject({ remote: true, ...unknown });
    expect(doc.models.find((m: { model_name: string }) => m.model_name === 'qwen3:8b')).toMatchObject({ remote: false });

    const shows = showCalls().length;
    const res = await adminFetch(h2.app, 'POST', '/api/v1/llm/config', doc);
    expect(res.status, res.text).toBe(200);
    // the file said so: no listing of Ollama told the fresh install
    expect(showCalls().length).toBe(shows);
    expect(await modelOf(h2, 'mybig:latest')).toMatchObject({ remote: true, ...unknown, price_unknown: true });
    expect(await modelOf(h2, 'qwen3:8b')).toMatchObject({ remote: false, input_cost_per_1m: 0, output_cost_per_1m: 0 });
    expect(await secretTo(h2, 'oll/mybig:latest')).toEqual({ status: '400 privacy_guard', reached: 0 });
    expect(await secretTo(h2, 'oll/qwen3:8b')).toEqual({ status: 200, reached: 1 });
  });

  it('is not made local by an import of a file that says remote false or nothing', async () => {
    const doc = (await adminFetch(h2.app, 'GET', '/api/v1/llm/config')).json;
    const entry = doc.models.find((m: { model_name: string }) => m.model_name === 'mybig:latest');
    for (const m of [{ ...entry, remote: false }, Object.fromEntries(Object.entries(entry).filter(([k]) => k !== 'remote'))]) {
      const res = await adminFetch(h2.app, 'POST', '/api/v1/llm/config', { ...doc, models: [m] });
      expect(res.status, res.text).toBe(200);
      expect(await modelOf(h2, 'mybig:latest')).toMatchObject({ remote: true, ...unknown });
    }
  });

  it('added by hand, is marked remote by the next connection test or discovery once Ollama says so, and is never sent a secret', async () => {
    // Ollama does not know these names yet when they are added (show answers 404): local, $0
    for (const name of ['handmade', 'handmade2']) {
      const made = await addByHand(name, 100000);
      expect(made).toMatchObject({ remote: false, input_cost_per_1m: 0, output_cost_per_1m: 0 });
    }
    // then each becomes a copy of a cloud model
    oll.options.ollamaShow!.handmade = cloud();
    oll.options.ollamaShow!.handmade2 = cloud();

    const tested = await adminFetch(h.app, 'POST', '/api/v1/llm/test', { provider_id: 'oll' });
    expect(tested.json).toMatchObject({ ok: true });
    expect(await modelOf(h, 'handmade')).toMatchObject({ remote: true, ...unknown, price_unknown: true, context_length: 100000 });
    expect(await secretTo(h, 'oll/handmade')).toEqual({ status: '400 privacy_guard', reached: 0 });
    const audit = await h.app.service.listAudit({ limit: 50 });
    const marked = audit.find((a) => a.action === 'model.remote' && a.subject === 'oll/handmade');
    expect(JSON.parse(marked?.detail ?? 'null')).toMatchObject({ reason: expect.stringMatching(/remote_host/), price: expect.stringMatching(/^unknown/) });

    // a discovery (the model being in the catalog already) marks it too
    await h.app.service.discoverModels({ id: 'oll' });
    expect(await modelOf(h, 'handmade2')).toMatchObject({ remote: true, ...unknown });
    expect(await secretTo(h, 'oll/handmade2')).toEqual({ status: '400 privacy_guard', reached: 0 });
  });

  it('becoming a cloud model while left out of the listing, is marked before the listing makes it routable again', async () => {
    const oll2 = await startFakeOpenAI({ models: [], ollamaShow: {} });
    try {
      await h.app.service.createProvider({ id: 'oll2', name: 'Ollama 2', type: 'ollama', base_url: oll2.url });
      await h.app.service.createModel({ provider_id: 'oll2', model_name: 'vanished', ...unknown, context_length: 8192 });
      await h.app.service.testProvider({ provider_id: 'oll2' });
      const vanished = async () => (await h.app.service.listModels({ provider_id: 'oll2' }))[0];
      expect(await vanished()).toMatchObject({ installed: false, remote: false });

      // `ollama cp gpt-oss:120b-cloud vanished`; the next listing's /api/show answer (after /v1/models and /api/ps) is held
      oll2.options.models!.push('vanished');
      oll2.options.ollamaShow!.vanished = cloud();
      const show = gate();
      oll2.faults.push({ kind: 'slow-first-byte', ms: 0 }, { kind: 'slow-first-byte', ms: 0 }, { kind: 'hold-first-byte', until: show.until });
      const tested = h.app.service.testProvider({ provider_id: 'oll2' });
      await expect.poll(() => oll2.requests.some((r) => r.path === '/api/show' && r.held), { timeout: 10_000 }).toBe(true);
      // listed, but not routable while Ollama has not said where it runs
      expect(await vanished()).toMatchObject({ installed: false, remote: false });
      show.release();
      expect(await tested).toMatchObject({ ok: true });
      expect(await vanished()).toMatchObject({ installed: true, remote: true, ...unknown });
    } finally {
      await oll2.close();
    }
  });

  it('added by hand while Ollama says it is remote, is remote from the start; an Ollama not running does not fail the create', async () => {
    oll.options.ollamaShow!.asked = cloud();
    expect(await addByHand('asked', 131072))
      .toMatchObject({ remote: true, ...unknown });
    await h.app.service.createProvider({ id: 'oll-off', name: 'Ollama off', type: 'ollama', base_url: 'http://127.0.0.1:9/v1' });
    expect(await h.app.service.createModel({ provider_id: 'oll-off', model_name: 'mine', ...unknown, context_length: 4096 }))
      .toMatchObject({ remote: false, input_cost_per_1m: 0 });
  });

  it('is set by PUT remote true (the Models tab and the API show it); a PUT remote false is the user\'s word, which listings keep', async () => {
    const put = await adminFetch(h.app, 'PUT', '/api/v1/llm/models/oll%2Fqwen3%3A8b', { remote: true });
    expect(put.status, put.text).toBe(200);
    expect(put.json).toMatchObject({ remote: true, ...unknown, price_unknown: true });
    const listed = (await adminFetch(h.app, 'GET', '/api/v1/llm/models?provider_id=oll')).json;
    expect(listed.find((m: { id: string }) => m.id === 'oll/qwen3:8b')).toMatchObject({ remote: true });
    expect(await secretTo(h, 'oll/qwen3:8b')).toEqual({ status: '400 privacy_guard', reached: 0 });
    expect((await adminFetch(h.app, 'PUT', '/api/v1/llm/models/oll%2Fqwen3%3A8b', { remote: 'yes' })).status).toBe(400);

    // Ollama says lanbox runs elsewhere (a remote_host on the user's own network, say): the user clears the mark
    oll.options.ollamaShow!.lanbox = cloud();
    await addByHand('lanbox', 8192);
    expect(await modelOf(h, 'lanbox')).toMatchObject({ remote: true, ...unknown });
    const cleared = await adminFetch(h.app, 'PUT', '/api/v1/llm/models/oll%2Flanbox', { remote: false });
    expect(cleared.json).toMatchObject({ remote: false, input_cost_per_1m: 0, output_cost_per_1m: 0 });
    await adminFetch(h.app, 'POST', '/api/v1/llm/test', { provider_id: 'oll' });
    await h.app.service.discoverModels({ id: 'oll' });
    expect(await modelOf(h, 'lanbox')).toMatchObject({ remote: false });
    expect(await secretTo(h, 'oll/lanbox')).toEqual({ status: 200, reached: 1 });
  });
});
