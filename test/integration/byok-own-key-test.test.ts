// A profile's own key is tried when saved, and a refusal of it says whose key it was: the provider's Test (made
// with the shared key) shows it healthy, so "Incorrect API key provided" alone sent the user to the wrong key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { activityEntryOf, adminFetch } from './helpers/routing-harness';

let h: Harness;
const WRONG = 'sk-worklaptop-WRONG-own-key-0123456789';

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => { await h?.close(); });

const listings = () => h.openai.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/models'));

describe('saving a profile\'s own key', () => {
  it('tries it with a model listing and answers with the result; saved either way, the key never in the answer', async () => {
    const user = (await adminFetch(h.app, 'POST', '/api/v1/llm/users', { name: 'Work Laptop' })).json.user;
    const before = listings().length;
    const bad = await adminFetch(h.app, 'POST', `/api/v1/llm/users/${user.id}/byok`, { provider_id: 'fo', api_key: WRONG });
    expect(bad.status).toBe(200);
    expect(bad.json.test).toMatchObject({ ok: false, status: 401, models_found: 0 });
    expect(bad.json.test.message).toContain('Incorrect API key provided');
    expect(bad.text).not.toContain(WRONG);
    // the listing went out with the profile's key, not the shared one
    const sent = listings().slice(before);
    expect(sent.map((r) => r.headers.authorization)).toEqual([`Bearer ${WRONG}`]);
    // saved, as a provider's key is whatever its Test says
    const listed = await adminFetch(h.app, 'GET', `/api/v1/llm/users/${user.id}/byok`);
    expect(listed.json).toEqual([expect.objectContaining({ provider_id: 'fo' })]);
    expect(listed.json[0].test).toBeUndefined();

    const good = await adminFetch(h.app, 'POST', `/api/v1/llm/users/${user.id}/byok`, { provider_id: 'fo', api_key: KEYS.openai });
    expect(good.json.test).toMatchObject({ ok: true, status: 200 });
    expect(good.json.test.models_found).toBeGreaterThan(0);
    expect(good.text).not.toContain(KEYS.openai);
  });

  it('a provider that does not exist is still a 400 and tries nothing', async () => {
    const user = (await adminFetch(h.app, 'POST', '/api/v1/llm/users', { name: 'Ghosted' })).json.user;
    const before = listings().length;
    const r = await adminFetch(h.app, 'POST', `/api/v1/llm/users/${user.id}/byok`, { provider_id: 'nope', api_key: WRONG });
    expect(r.status).toBe(400);
    expect(listings().length).toBe(before);
  });
});

describe('a request with a profile\'s own key refused', () => {
  it('names whose key it was, in the client\'s error and the Activity attempt, and never the key', async () => {
    const created = (await adminFetch(h.app, 'POST', '/api/v1/llm/users', { name: 'Home Desktop' })).json;
    await adminFetch(h.app, 'POST', `/api/v1/llm/users/${created.user.id}/byok`, { provider_id: 'fo', api_key: WRONG });
    const res = await rawRequest(`${h.url}/v1/chat/completions`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${created.token}` },
      body: JSON.stringify({ model: 'fo/gpt-fake', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(502);
    expect(res.json.error.message).toContain("fo/gpt-fake: auth (401) Home Desktop's own key for fo was refused: Incorrect API key provided");
    expect(res.text).not.toContain(WRONG);
    const entry = await activityEntryOf(h.app, res);
    expect(entry.attempts[0]).toMatchObject({ model: 'fo/gpt-fake', error_kind: 'auth' });
    expect(entry.attempts[0]!.message).toContain("Home Desktop's own key for fo was refused");
    expect(JSON.stringify(entry)).not.toContain(WRONG);
  });

  it('the shared key refused says nothing of a profile', async () => {
    await h.app.service.updateProvider({ id: 'fo', patch: { api_key: 'sk-shared-WRONG-0123456789abcdef' } });
    const res = await rawRequest(`${h.url}/v1/chat/completions`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
      body: JSON.stringify({ model: 'fo/gpt-fake', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(502);
    expect(res.json.error.message).toContain('fo/gpt-fake: auth (401) Incorrect API key provided');
    expect(res.json.error.message).not.toContain('own key');
  });
});
