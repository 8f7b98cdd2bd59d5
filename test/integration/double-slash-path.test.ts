// A request target beginning with `//` is a path, not a protocol-relative URL: `//v1/chat/completions` is
// no endpoint of the proxy (its own JSON 404 unknown_endpoint), not the UI's path /chat/completions on a
// host `v1`; `//api/...` gets the admin API's 404, and the guards read the path as dispatch does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { httpRequest } from './helpers/hardening-kit';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const chat = JSON.stringify({ model: 'fo/gpt-fake', messages: [{ role: 'user', content: 'hi' }] });
const asClient = (path: string, method = 'POST') => httpRequest(h.url, path, {
  method, headers: { authorization: `Bearer ${h.token}`, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
  ...(method === 'POST' ? { body: chat } : {}),
});

describe('a path beginning with //', () => {
  it("gets the proxy's JSON 404 unknown_endpoint, and no provider is called", async () => {
    const before = h.openai.requests.length;
    for (const [path, method] of [['//v1/chat/completions', 'POST'], ['///v1/chat/completions', 'POST'], ['//v1/models', 'GET'], ['//v1?x=1', 'GET']] as const) {
      const res = await asClient(path, method);
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(404);
      expect(res.headers['content-type'], path).toMatch(/^application\/json/);
      expect(res.json.error, path).toMatchObject({ code: 'unknown_endpoint' });
      expect(res.json.error.message, path).toContain(path.replace(/\?.*/, ''));
      expect(res.headers['x-switchboard-request-id'], path).toBeTruthy();
    }
    expect(h.openai.requests.length).toBe(before);
  });

  it("under //v1beta/ and //upload/v1beta/ gets the Gemini API's 404, the Files API's with its hint", async () => {
    const before = h.gemini.requests.length;
    for (const path of ['//v1beta/models', '//v1beta/models/fg/gemini-fake:generateContent', '//upload/v1beta/files']) {
      const res = await httpRequest(h.url, path, { method: 'POST', headers: { 'x-goog-api-key': h.token, 'content-type': 'application/json' }, body: '{}' });
      expect(res.status, `${path}: ${res.text}`).toBe(404);
      expect(res.json.error, path).toMatchObject({ code: 404, status: 'NOT_FOUND' });
      expect(res.json.error.message, path).toContain(path);
    }
    const files = await httpRequest(h.url, '//upload/v1beta/files', { method: 'POST', headers: { 'x-goog-api-key': h.token, 'content-type': 'application/json' }, body: '{}' });
    expect(files.json.error.message).toContain('send the file inline');
    expect(h.gemini.requests.length).toBe(before);
  });

  it("gets the admin API's JSON 404 under //api/, after its token check", async () => {
    const res = await httpRequest(h.url, '//api/v1/llm/status', { method: 'GET', headers: { authorization: `Bearer ${h.app.adminToken}` } });
    expect(res.status, res.text).toBe(404);
    expect(res.json).toEqual({ error: { message: 'No such endpoint: //api/v1/llm/status' } });
    expect((await httpRequest(h.url, '//api/v1/llm/status', { method: 'GET' })).status).toBe(401);
  });

  it('reaches the admin API only at /api/: //x/api/... is a page path, not the providers list', async () => {
    const res = await httpRequest(h.url, '//x/api/v1/llm/providers', { method: 'GET', headers: { authorization: `Bearer ${h.app.adminToken}` } });
    expect(res.status).toBe(404);
    expect(res.json, res.text).toBeUndefined();
  });

  it('is refused as an API path, not served as a page, when a cross-site navigation asks for it', async () => {
    const res = await httpRequest(h.url, '//v1/models', {
      method: 'GET',
      headers: { authorization: `Bearer ${h.token}`, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' },
    });
    expect(res.status, res.text).toBe(403);
    expect(res.json.error).toMatchObject({ type: 'permission_error' });
  });
});
