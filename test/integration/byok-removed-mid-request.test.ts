// A profile with its own key for a provider sends that key or none. Its key removed (or the profile deleted) while
// one of its requests ran, the retry of that request went out on the provider's shared key (a profiles hunt: the
// fake saw `Bearer sk-carol-...` then `Bearer sk-shared-...`); now the try fails as key_unavailable instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, postJson, startHarness, type Harness } from './helpers/app-harness';
import { adminFetch } from './helpers/routing-harness';

let h: Harness;
const SHARED = 'sk-shared-key-of-the-provider-AAAA1111';

beforeAll(async () => {
  h = await startHarness();
  // the shared key differs from the profile's own (the fake takes only the profile's: KEYS.openai)
  await h.app.service.updateProvider({ id: 'fo', patch: { api_key: SHARED } });
});
afterAll(async () => { await h?.close(); });

const chat = { model: 'fo/gpt-fake', messages: [{ role: 'user', content: 'hi' }] };

for (const how of ['its own key removed', 'the profile deleted'] as const) {
  it(`${how} while its request runs: the retry never sends the shared key`, async () => {
    const created = (await adminFetch(h.app, 'POST', '/api/v1/llm/users', { name: `Carol ${how}` })).json;
    const id = created.user.id as string;
    expect((await adminFetch(h.app, 'POST', `/api/v1/llm/users/${id}/byok`, { provider_id: 'fo', api_key: KEYS.openai })).status).toBe(200);
    let release!: () => void;
    h.openai.faults.push({ kind: 'hold-first-byte', until: new Promise<void>((r) => { release = r; }), status: 500 });
    const before = h.openai.requests.length;
    const answer = postJson({ url: h.url, token: created.token }, '/v1/chat/completions', chat);
    await expect.poll(() => h.openai.requests.length).toBe(before + 1);
    if (how === 'its own key removed') expect((await adminFetch(h.app, 'DELETE', `/api/v1/llm/users/${id}/byok/fo`)).status).toBe(200);
    else expect((await adminFetch(h.app, 'DELETE', `/api/v1/llm/users/${id}`)).status).toBe(200);
    release();
    const res = await answer;
    expect(res.status).toBeGreaterThanOrEqual(500);
    const sent = h.openai.requests.slice(before).map((r) => r.headers.authorization);
    expect(sent).toEqual([`Bearer ${KEYS.openai}`]);
    expect(sent).not.toContain(`Bearer ${SHARED}`);
  });
}

describe('the reverse: a profile without its own key when its request came', () => {
  let g: Harness;
  const OWN = 'sk-carols-own-key-added-late-CCCC3333';
  beforeAll(async () => { g = await startHarness(); });
  afterAll(async () => { await g?.close(); });

  it('its own key added while the request ran: the retry still sends the shared key, as the row says', async () => {
    const created = (await adminFetch(g.app, 'POST', '/api/v1/llm/users', { name: 'Carol late key' })).json;
    let release!: () => void;
    g.openai.faults.push({ kind: 'hold-first-byte', until: new Promise<void>((r) => { release = r; }), status: 500 });
    const before = g.openai.requests.filter((r) => r.method === 'POST').length;
    const answer = postJson({ url: g.url, token: created.token }, '/v1/chat/completions', chat);
    await expect.poll(() => g.openai.requests.filter((r) => r.method === 'POST').length).toBe(before + 1);
    expect((await adminFetch(g.app, 'POST', `/api/v1/llm/users/${created.user.id}/byok`, { provider_id: 'fo', api_key: OWN })).status).toBe(200);
    release();
    const res = await answer;
    expect(res.status).toBe(200);
    const sent = g.openai.requests.filter((r) => r.method === 'POST').slice(before).map((r) => r.headers.authorization);
    expect(sent).toEqual([`Bearer ${KEYS.openai}`, `Bearer ${KEYS.openai}`]);
  });
});
