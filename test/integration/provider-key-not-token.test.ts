// A Switchboard token (a profile's `sb-`, the admin `sba-`) is never taken as a provider's key: README's setup
// hands the profile token to tools as OPENAI_API_KEY, and pasted as a provider's key it would be sent to that
// provider. Refused with 400 naming api_key on create, update and a profile's own (BYOK) key; nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { adminFetch } from './helpers/routing-harness';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const TOKENS = [['a profile token', 'sb-0123456789abcdefghijklmnop'], ['the admin token', 'sba-0123456789abcdefghijklmnop'], ['a pasted one, spaces around', '  sb-0123456789abcdefghijklmnop ']];

describe('a Switchboard token as a provider key', () => {
  it.each(TOKENS)('%s is refused on create, update and BYOK with 400 field api_key, storing nothing', async (_what, token) => {
    const before = (await adminFetch(h.app, 'GET', '/api/v1/llm/providers')).json;
    const byokBefore = (await adminFetch(h.app, 'GET', '/api/v1/llm/users/default/byok')).json;
    const refused = (res: { status: number; json: any }) => {
      expect(res.status).toBe(400);
      expect(res.json.error).toMatchObject({ field: 'api_key', message: expect.stringMatching(/Switchboard token/) });
      expect(JSON.stringify(res.json)).not.toContain(token.trim());
    };
    refused(await adminFetch(h.app, 'POST', '/api/v1/llm/providers', { id: 'tok', name: 'tok', type: 'openai', api_key: token }));
    refused(await adminFetch(h.app, 'PUT', '/api/v1/llm/providers/fo', { api_key: token }));
    refused(await adminFetch(h.app, 'POST', '/api/v1/llm/users/default/byok', { provider_id: 'fo', api_key: token }));
    expect((await adminFetch(h.app, 'GET', '/api/v1/llm/providers')).json).toEqual(before);
    expect((await adminFetch(h.app, 'GET', '/api/v1/llm/users/default/byok')).json).toEqual(byokBefore);
    // the proxy still sends fo its own key
    const res = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
      body: JSON.stringify({ model: 'fo/gpt-fake', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
  });

  it('a key that only contains sb- is a key', async () => {
    const res = await adminFetch(h.app, 'PUT', '/api/v1/llm/providers/fo', { api_key: 'sk-sb-0123456789abcdef' });
    expect(res.status).toBe(200);
    expect(res.json.has_key).toBe(true);
  });
});
