// A response a Responses provider holds belongs there to the account of the key that made it (OpenAI scopes
// stored responses by organization and project). Switchboard asks about it (GET while it runs, cancel, DELETE,
// its own settling) with that same kind of key: the profile's own (BYOK) or the provider's shared one. The
// fake here knows a response only under the key that created it (404 under any other).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, rawRequest } from './helpers/app-harness';
import { adminFetch } from './helpers/routing-harness';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

const OWN = 'sk-bo-own-account-key-0123456789';
let h: ResponsesHarness;
let token: string;

beforeAll(async () => {
  h = await startResponsesHarness({
    fake: { accounts: [OWN] },
    // the client asks here; Switchboard's own asks are the last test's
    config: { limits: { backgroundSettle: { firstMs: 600_000, maxMs: 600_000 } } },
  });
  token = (await h.app.service.createUser({ id: 'bo', name: 'Bo' })).token;
});
afterAll(async () => { await h?.close(); });

const send = (method: string, path: string, body?: unknown) => rawRequest(`${h.url}${path}`, {
  method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});
const queued = async (): Promise<string> => {
  const res = await send('POST', '/v1/responses', { model: RESPONSES_MODEL, input: 'take your time', background: true });
  expect(res.json, res.text).toMatchObject({ status: 'queued' });
  return res.json.id;
};
const setOwn = () => h.app.service.setByok({ id: 'bo', provider_id: 'fr', api_key: OWN });
const dropOwn = () => h.app.service.deleteByok({ id: 'bo', provider_id: 'fr' });
/** the keys the provider was asked about this response with */
const keysAskedWith = (id: string) => h.responses.requests.filter((r) => r.path.startsWith(`/v1/responses/${id}`)).map((r) => r.headers.authorization);

describe('a response made with the shared key, after the profile added its own', () => {
  it('is polled to its end and cancelled with the shared key (before: with the own key, a 404 of another account)', async () => {
    const polled = await queued();
    const cancelled = await queued();
    await setOwn();
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await send('GET', `/v1/responses/${polled}`);
      expect(res.status, res.text).toBe(200);
      seen.push(res.json.status);
    }
    expect(seen).toEqual(['in_progress', 'completed', 'completed']);
    const cancel = await send('POST', `/v1/responses/${cancelled}/cancel`);
    expect(cancel.status, cancel.text).toBe(200);
    expect(cancel.json.status).toBe('cancelled');
    expect(new Set([...keysAskedWith(polled), ...keysAskedWith(cancelled)])).toEqual(new Set([`Bearer ${KEYS.openai}`]));
    // and new requests go with the own key, as before
    const mine = await queued();
    expect(keysAskedWith(mine)).toEqual([]);
    expect(h.responses.requests.at(-1)?.headers.authorization).toBe(`Bearer ${OWN}`);
    await dropOwn();
  });
});

describe('a response made with the profile\'s own key, after that key was removed', () => {
  it('is a 502 key_unavailable on GET and cancel, nothing sent to the provider; DELETE deletes it here only', async () => {
    await setOwn();
    const id = await queued();
    await dropOwn();
    const asked = h.responses.requests.length;
    for (const [method, path] of [['GET', `/v1/responses/${id}`], ['POST', `/v1/responses/${id}/cancel`]] as const) {
      const res = await send(method, path);
      expect(res.status, res.text).toBe(502);
      expect(res.json.error).toMatchObject({ code: 'key_unavailable', message: expect.stringContaining("own key for fr, which is no longer set") });
      expect(res.json.error.message).not.toContain(OWN);
    }
    const deleted = await send('DELETE', `/v1/responses/${id}`);
    expect(deleted.status, deleted.text).toBe(200);
    // never asked with the shared key: the id does not reach the shared key's account
    expect(h.responses.requests.length).toBe(asked);
    expect(h.logs.find((l) => l.includes(id))).toMatch(/could not be deleted at fr: .*own key for fr, which is no longer set/);
    // set again, its responses are reached again
    await setOwn();
    const back = await queued();
    await dropOwn();
    await setOwn();
    expect((await send('GET', `/v1/responses/${back}`)).json.status).toBe('in_progress');
    expect(keysAskedWith(back)).toEqual([`Bearer ${OWN}`]);
    await dropOwn();
  });
});

describe('deleting the profile', () => {
  it('deletes each of its responses at the provider with the key it was made with', async () => {
    const shared = await queued();
    await setOwn();
    const own = await queued();
    await adminFetch(h.app, 'DELETE', '/api/v1/llm/users/bo');
    const until = Date.now() + 5_000;
    while (h.responses.state.stored.has(shared) || h.responses.state.stored.has(own)) {
      if (Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(h.responses.state.stored.has(shared)).toBe(false);
    expect(h.responses.state.stored.has(own)).toBe(false);
    const deletes = h.responses.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.filter((r) => r.path === `/v1/responses/${shared}`).map((r) => r.headers.authorization)).toEqual([`Bearer ${KEYS.openai}`]);
    expect(deletes.filter((r) => r.path === `/v1/responses/${own}`).map((r) => r.headers.authorization)).toEqual([`Bearer ${OWN}`]);
  });
});

describe("Switchboard's own settling", () => {
  let s: ResponsesHarness;
  beforeAll(async () => {
    s = await startResponsesHarness({ fake: { accounts: [OWN] }, config: { limits: { backgroundSettle: { firstMs: 30, maxMs: 100 } } } });
  });
  afterAll(async () => { await s?.close(); });

  it('settles a shared-key response with the shared key after the profile added its own (before: 404, the row kept its estimate)', async () => {
    const { token: t } = await s.app.service.createUser({ id: 'cy', name: 'Cy' });
    const res = await rawRequest(`${s.url}/v1/responses`, {
      headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: RESPONSES_MODEL, input: 'take your time', background: true }),
    });
    expect(res.json).toMatchObject({ status: 'queued' });
    await s.app.service.setByok({ id: 'cy', provider_id: 'fr', api_key: OWN });
    const requestId = res.headers.get('x-switchboard-request-id');
    const until = Date.now() + 10_000;
    let row;
    for (;;) {
      row = (await adminFetch(s.app, 'GET', '/api/v1/llm/requests?user_id=cy')).json.requests.find((r: { request_id: string }) => r.request_id === requestId);
      if (row?.output_tokens !== 500 || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    // the fake's default usage, no longer the 500-token estimate
    expect(row.output_tokens).not.toBe(500);
    const asked = s.responses.requests.filter((r) => r.path === `/v1/responses/${res.json.id}`);
    expect(asked.length).toBeGreaterThan(0);
    expect(new Set(asked.map((r) => r.headers.authorization))).toEqual(new Set([`Bearer ${KEYS.openai}`]));
  });
});
