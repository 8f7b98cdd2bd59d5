// Issue 15 item 3: GET /api/v1/llm/requests over real proxied requests: every request (failed ones with
// their attempts), newest first, cursor paging, filters, and 400s for bad input; body capture settings.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEntry, ActivityPage } from '../../src/shared/activity-types';
import { KEYS, MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { adminFetch } from './helpers/routing-harness';

let h: Harness;
const ids = { ok: '', flaky: '', refused: '' };

async function requests(query = ''): Promise<ActivityPage> {
  const res = await adminFetch(h.app, 'GET', `/api/v1/llm/requests${query}`);
  expect(res.status, res.text).toBe(200);
  return res.json as ActivityPage;
}
const byId = async (id: string): Promise<ActivityEntry> => {
  const found = (await requests('?limit=500')).requests.find((r) => r.request_id === id);
  if (!found) throw new Error(`no activity entry ${id}`);
  return found;
};

beforeAll(async () => {
  h = await startHarness();
  // one try per model: the attempts list below is the fallback's, not a same-model retry's
  await h.app.service.updateRoutingRules({ aliases: { flaky: [MODELS.anthropic, MODELS.openai] }, retries_per_model: 0 });
  await h.app.service.createUser({ id: 'alice', name: 'Alice' });
  const alice = (await h.app.service.issueToken({ id: 'alice', name: 't' })).token;

  const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
  ids.ok = (await client.chat.completions.create({ model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] }).withResponse())
    .response.headers.get('x-switchboard-request-id')!;

  // the first candidate fails for good, the second serves: two attempts
  h.anthropic.persistentFault = { kind: 'status', status: 500 };
  const flaky = await rawRequest(`${h.url}/v1/chat/completions`, {
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', 'user-agent': 'my-script/1.0' },
    body: JSON.stringify({ model: 'flaky', messages: [{ role: 'user', content: 'hi' }] }),
  });
  h.anthropic.persistentFault = null;
  expect(flaky.status).toBe(200);
  ids.flaky = flaky.headers.get('x-switchboard-request-id')!;

  const refused = await rawRequest(`${h.url}/v1/chat/completions`, {
    headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/json', 'user-agent': 'curl/8.5.0' },
    body: JSON.stringify({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] }),
  });
  expect(refused.status).toBe(404);
  ids.refused = refused.headers.get('x-switchboard-request-id')!;
});
afterAll(() => h?.close());

describe('GET /api/v1/llm/requests', () => {
  it('lists every request newest first with the fields of SPEC.md', async () => {
    const page = await requests();
    expect(page.requests.map((r) => r.request_id)).toEqual([ids.refused, ids.flaky, ids.ok]);
    expect(page.next_before).toBeNull();
    const ok = page.requests[2]!;
    expect(ok).toMatchObject({
      user_id: 'default', inbound_api: 'chat', requested_model: MODELS.openai, model_id: MODELS.openai, status: 200,
      error_kind: null, dropped: [], has_bodies: false, estimated: false, price_basis: [],
    });
    expect(ok.client).toMatch(/^OpenAI\/JS /);
    expect(Date.parse(ok.started_at)).toBeGreaterThan(Date.now() - 60_000);
    expect(ok.input_tokens).toBeGreaterThan(0);
    expect(ok.output_tokens).toBeGreaterThan(0);
    expect(ok.cost_usd).toBeGreaterThan(0);
    expect(ok.latency_ms).toBeGreaterThanOrEqual(0);
    expect(ok.attempts).toEqual([{ model: MODELS.openai, error_kind: null, status: 200, latency_ms: expect.any(Number), message: null }]);
  });

  it('shows a failed attempt before the one that served, each with its latency', async () => {
    const e = await byId(ids.flaky);
    expect(e).toMatchObject({ client: 'my-script/1.0', requested_model: 'flaky', model_id: MODELS.openai, status: 200 });
    expect(e.attempts).toHaveLength(2);
    expect(e.attempts[0]).toMatchObject({ model: MODELS.anthropic, error_kind: 'server', status: 500 });
    expect(e.attempts[0]!.latency_ms).toEqual(expect.any(Number));
    expect(e.attempts[1]).toMatchObject({ model: MODELS.openai, error_kind: null });
    expect(e.attempts[0]!.latency_ms! + e.attempts[1]!.latency_ms!).toBeLessThanOrEqual(e.latency_ms);
  });

  it('shows a request refused before routing with its reason and no attempt', async () => {
    const e = await byId(ids.refused);
    expect(e).toMatchObject({ user_id: 'alice', client: 'curl/8.5.0', model_id: null, status: 404, error_kind: 'unknown_model', attempts: [], cost_usd: 0 });
  });

  it('pages with the next_before cursor, without gaps or repeats', async () => {
    const first = await requests('?limit=2');
    expect(first.requests.map((r) => r.request_id)).toEqual([ids.refused, ids.flaky]);
    expect(first.next_before).toMatch(/^\d+-\d+$/);
    const second = await requests(`?limit=2&before=${first.next_before}`);
    expect(second.requests.map((r) => r.request_id)).toEqual([ids.ok]);
    expect(second.next_before).toBeNull();
    // an ISO time works as a cursor too
    expect((await requests(`?before=${encodeURIComponent('2000-01-01T00:00:00Z')}`)).requests).toEqual([]);
  });

  it('filters by status, profile, model and client', async () => {
    const list = async (q: string) => (await requests(q)).requests.map((r) => r.request_id);
    expect(await list('?status=error')).toEqual([ids.refused]);
    expect(await list('?status=success')).toEqual([ids.flaky, ids.ok]);
    expect(await list('?status=404')).toEqual([ids.refused]);
    expect(await list('?user_id=alice')).toEqual([ids.refused]);
    expect(await list(`?model=${encodeURIComponent(MODELS.openai)}`)).toEqual([ids.flaky, ids.ok]);
    expect(await list('?model=flaky')).toEqual([ids.flaky]);
    expect(await list('?client=script')).toEqual([ids.flaky]);
    expect(await list('?client=%25')).toEqual([]);
    expect(await list('?status=&user_id=')).toHaveLength(3);
  });

  it('refuses bad input with 400 naming the field', async () => {
    for (const [q, field] of [['limit=0', 'limit'], ['limit=501', 'limit'], ['before=yesterday', 'before'], ['status=great', 'status']]) {
      const res = await adminFetch(h.app, 'GET', `/api/v1/llm/requests?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.json.error.field).toBe(field);
    }
  });

  it('returns one request by id, with no bodies while capture is off, and 404 for an unknown id', async () => {
    const one = await adminFetch(h.app, 'GET', `/api/v1/llm/requests/${ids.flaky}`);
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ request_id: ids.flaky, request_body: null, response_body: null });
    expect((await adminFetch(h.app, 'GET', '/api/v1/llm/requests/sbr_nope')).status).toBe(404);
  });
});

describe('body capture setting', () => {
  it('is off by default, turns on for at most 30 days, and off again', async () => {
    expect((await adminFetch(h.app, 'GET', '/api/v1/llm/settings')).json.body_capture_until).toBeNull();
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const on = await adminFetch(h.app, 'PUT', '/api/v1/llm/settings', { body_capture_until: until });
    expect(on.status).toBe(200);
    expect(on.json.body_capture_until).toBe(until);
    const tooLong = await adminFetch(h.app, 'PUT', '/api/v1/llm/settings', { body_capture_until: new Date(Date.now() + 40 * 86_400_000).toISOString() });
    expect(tooLong).toMatchObject({ status: 400, json: { error: { field: 'body_capture_until' } } });
    const bad = await adminFetch(h.app, 'PUT', '/api/v1/llm/settings', { body_capture_until: 'next week' });
    expect(bad).toMatchObject({ status: 400, json: { error: { field: 'body_capture_until' } } });
    const off = await adminFetch(h.app, 'PUT', '/api/v1/llm/settings', { body_capture_until: null });
    expect(off.json.body_capture_until).toBeNull();
  });

  it('stores no provider key a request or answer holds, even one of no known shape (Mistral, Together, a gateway)', async () => {
    const plain = 'Xq7Lk2Pz9RtVw3Ny8Bc5Hd1Jf6Gm4Ks0';
    h.openai.options.apiKey = plain;
    try {
      expect((await adminFetch(h.app, 'PUT', '/api/v1/llm/providers/fo', { api_key: plain })).status).toBe(200);
      const until = new Date(Date.now() + 2 * 86_400_000).toISOString();
      expect((await adminFetch(h.app, 'PUT', '/api/v1/llm/settings', { body_capture_until: until })).status).toBe(200);
      const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
      const content = `why does ${plain} fail? and ${KEYS.gemini}?`;
      const json = await client.chat.completions.create({ model: MODELS.openai, messages: [{ role: 'user', content }] }).withResponse();
      const stream = await client.chat.completions.create({ model: MODELS.openai, stream: true, messages: [{ role: 'user', content }] }).withResponse();
      for await (const chunk of stream.data) void chunk;
      for (const res of [json.response, stream.response]) {
        const one = await adminFetch(h.app, 'GET', `/api/v1/llm/requests/${res.headers.get('x-switchboard-request-id')!}`);
        expect(one.json.request_body).toContain('why does [REDACTED] fail?');
        expect(one.text).not.toContain(plain);
        expect(one.text).not.toContain(KEYS.gemini);
      }
      const db = new Database(join(h.dataDir, 'switchboard.db'), { readonly: true });
      const stored = JSON.stringify(db.prepare('SELECT request, response FROM request_bodies').all());
      db.close();
      expect(stored).toContain('why does [REDACTED] fail?');
      expect(stored).not.toContain(plain);
    } finally {
      h.openai.options.apiKey = KEYS.openai;
      await adminFetch(h.app, 'PUT', '/api/v1/llm/providers/fo', { api_key: KEYS.openai });
      await adminFetch(h.app, 'PUT', '/api/v1/llm/settings', { body_capture_until: null });
    }
  });
});

describe('a request refused because the proxy is paused', () => {
  it('is listed as an error with its reason, profile and client, its body unread; the answer stays a 503 to retry', async () => {
    const paused = await adminFetch(h.app, 'PUT', '/api/v1/llm/status', { paused: true });
    expect(paused.status, paused.text).toBe(200);
    let res: Awaited<ReturnType<typeof rawRequest>>;
    try {
      res = await rawRequest(`${h.url}/v1/messages`, {
        headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', 'user-agent': 'claude-cli/2.0.1' },
        // not JSON: a paused proxy answers from the headers alone
        body: '{"model": "auto", "messages": [',
      });
      // what lists nothing (the model list) is still not a row
      expect((await rawRequest(`${h.url}/v1/models`, { method: 'GET', headers: { authorization: `Bearer ${h.token}` } })).status).toBe(503);
    } finally {
      await adminFetch(h.app, 'PUT', '/api/v1/llm/status', { paused: false });
    }
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.json).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'The Switchboard proxy is paused' } });
    const id = res.headers.get('x-switchboard-request-id')!;
    const [latest] = (await requests('?status=error&limit=1')).requests;
    expect(latest).toMatchObject({
      request_id: id, user_id: 'default', client: 'claude-cli/2.0.1', inbound_api: 'messages', model_id: null,
      status: 503, error_kind: 'paused', attempts: [], cost_usd: 0,
    });
  });
});
