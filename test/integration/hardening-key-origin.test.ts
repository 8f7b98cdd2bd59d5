// A stored key stays with the origin it was stored for. Moving a provider's base_url to another
// scheme, host or port without giving the new key in the same request drops the stored key and every
// profile's own (BYOK) key for that provider, so `PUT base_url` + `POST /test` cannot make a key
// travel to a listener (LiteLLM's CVE-2024-6587). An environment default key goes only to its
// provider type's official origin.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KEYS, startHarness, type Harness } from './helpers/app-harness';
import { authJson, httpRequest, queryAll } from './helpers/hardening-kit';

const ENV_KEY = 'sk-env-default-CANARY-0123456789abcdef';
const BYOK_KEY = 'sk-byok-CANARY-0123456789abcdef0000';
let h: Harness;
let listener: http.Server;
let listenerUrl: string;
const heard: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  h = await startHarness({ env: { OPENAI_API_KEY: ENV_KEY } });
  listener = http.createServer((req, res) => {
    heard.push(req.headers);
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"object":"list","data":[{"id":"gpt-fake"}]}');
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await h?.close();
  await new Promise((r) => listener?.close(r));
});
beforeEach(() => {
  heard.length = 0;
});

const admin = (method: string, path: string, body?: unknown) =>
  httpRequest(h.url, path, { method, headers: authJson(h.app.adminToken), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const provider = async (id: string) => (await admin('GET', '/api/v1/llm/providers')).json.find((p: { id: string }) => p.id === id);
/** every credential-bearing header the listener was sent */
const credentials = () => heard.flatMap((hd) => [hd.authorization, hd['x-api-key'], hd['x-goog-api-key']].filter((v) => v !== undefined));

describe('moving base_url to another origin', () => {
  it('without a key in the same request drops the stored key: the test endpoint sends none', async () => {
    expect(await provider('fo')).toMatchObject({ has_key: true });
    const moved = await admin('PUT', '/api/v1/llm/providers/fo', { base_url: listenerUrl });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ base_url: listenerUrl, has_key: false, api_key_masked: null });
    const test = await admin('POST', '/api/v1/llm/test', { provider_id: 'fo' });
    expect(test.status).toBe(200);
    expect(heard.length).toBe(1);
    expect(credentials()).toEqual([]);
    // nor does the proxy
    const res = await httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: authJson(h.token), body: JSON.stringify({ model: 'fo/gpt-fake', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(JSON.stringify(heard)).not.toContain(KEYS.openai);
    const audit = queryAll<{ detail: string }>(h.dataDir, "SELECT detail FROM audit_log WHERE action = 'provider.update' AND subject = 'fo' ORDER BY id DESC LIMIT 1")[0];
    expect(audit?.detail).toMatch(/removed: base_url moved to another origin/);
  });

  it('with the key in the same request stores that key for the new origin', async () => {
    const moved = await admin('PUT', '/api/v1/llm/providers/fo', { base_url: h.openai.url, api_key: KEYS.openai });
    expect(moved.json).toMatchObject({ base_url: h.openai.url, has_key: true });
    expect((await admin('POST', '/api/v1/llm/test', { provider_id: 'fo' })).json.ok).toBe(true);
    expect(h.openai.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEYS.openai}`);
  });

  it('a change of host or of port alone counts as another origin; a path change does not', async () => {
    const port = Number(new URL(h.openai.url).port);
    const put = async (base_url: string, extra = {}) => (await admin('PUT', '/api/v1/llm/providers/fo', { base_url, ...extra })).json.has_key;
    expect(await put(`http://127.0.0.1:${port}/other/v1`)).toBe(true);
    expect(await put(h.openai.url)).toBe(true);
    expect(await put(`http://localhost:${port}/v1`)).toBe(false);
    expect(await put(h.openai.url, { api_key: KEYS.openai })).toBe(true);
    expect(await put(`http://127.0.0.1:${port + 1}/v1`)).toBe(false);
    expect(await put(h.openai.url, { api_key: KEYS.openai })).toBe(true);
  });

  it('drops every profile\u2019s own key for the provider too', async () => {
    expect((await admin('POST', '/api/v1/llm/users/default/byok', { provider_id: 'fo', api_key: BYOK_KEY })).status).toBe(200);
    expect((await admin('GET', '/api/v1/llm/users/default/byok')).json).toHaveLength(1);
    await admin('PUT', '/api/v1/llm/providers/fo', { base_url: listenerUrl, api_key: 'sk-new-key-for-the-listener-000000' });
    expect((await admin('GET', '/api/v1/llm/users/default/byok')).json).toEqual([]);
    await httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: authJson(h.token), body: JSON.stringify({ model: 'fo/gpt-fake', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(JSON.stringify(heard)).not.toContain(BYOK_KEY);
    expect(credentials()).toContain('Bearer sk-new-key-for-the-listener-000000');
    await admin('PUT', '/api/v1/llm/providers/fo', { base_url: h.openai.url, api_key: KEYS.openai });
  });
});

describe('a config import that moves base_url', () => {
  it('to another origin drops the stored key and the profiles\u2019 own keys, and says so', async () => {
    expect((await admin('POST', '/api/v1/llm/users/default/byok', { provider_id: 'fo', api_key: BYOK_KEY })).status).toBe(200);
    const doc = (await admin('GET', '/api/v1/llm/config')).json;
    doc.providers.find((p: { id: string }) => p.id === 'fo').base_url = listenerUrl;
    const imported = await admin('POST', '/api/v1/llm/config', doc);
    expect(imported.status).toBe(200);
    expect(imported.json.notes.join(' ')).toMatch(/keys removed because the base URL moved to another origin: fo/);
    expect(await provider('fo')).toMatchObject({ base_url: listenerUrl, has_key: false });
    expect((await admin('GET', '/api/v1/llm/users/default/byok')).json).toEqual([]);
    await admin('POST', '/api/v1/llm/test', { provider_id: 'fo' });
    await httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: authJson(h.token), body: JSON.stringify({ model: 'fo/gpt-fake', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(heard.length).toBeGreaterThan(0);
    expect(credentials()).toEqual([]);
    const audit = queryAll<{ detail: string }>(h.dataDir, "SELECT detail FROM audit_log WHERE action = 'provider.update' AND subject = 'fo' ORDER BY id DESC LIMIT 1")[0];
    expect(audit?.detail).toMatch(/removed: base_url moved to another origin/);
    expect(audit?.detail).toMatch(/byok_keys_removed/);
    await admin('PUT', '/api/v1/llm/providers/fo', { base_url: h.openai.url, api_key: KEYS.openai });
  });

  it('within the same origin keeps the key', async () => {
    const doc = (await admin('GET', '/api/v1/llm/config')).json;
    doc.providers.find((p: { id: string }) => p.id === 'fo').base_url = `${h.openai.url}/`;
    expect((await admin('POST', '/api/v1/llm/config', doc)).status).toBe(200);
    expect(await provider('fo')).toMatchObject({ has_key: true });
    expect((await admin('POST', '/api/v1/llm/test', { provider_id: 'fo' })).json.ok).toBe(true);
  });
});

describe('environment default keys', () => {
  it('go to the type\u2019s official origin only: a seeded provider moved elsewhere has no key', async () => {
    expect(await provider('openai')).toMatchObject({ has_key: true, key_source: 'env' });
    const moved = await admin('PUT', '/api/v1/llm/providers/openai', { base_url: listenerUrl, enabled: true });
    expect(moved.json).toMatchObject({ has_key: false, key_source: null });
    await admin('POST', '/api/v1/llm/test', { provider_id: 'openai' });
    expect(heard.length).toBe(1);
    expect(credentials()).toEqual([]);
    expect((await admin('PUT', '/api/v1/llm/providers/openai', { base_url: 'https://api.openai.com/v1', enabled: false })).json).toMatchObject({ has_key: true, key_source: 'env' });
  });
});
