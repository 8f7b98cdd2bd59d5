// Response headers and bodies a browser or cache could misuse: every API answer (JSON, SSE, CSV,
// errors, guards) carries `cache-control: no-store` and `x-content-type-options: nosniff`; a
// missing UI asset is a 404, never index.html cached as immutable; an upstream error body that is
// not text (gzip, binary) is summarised by type and size, not pasted into the message.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { authJson, httpRequest, type RawResponse } from './helpers/hardening-kit';

let h: Harness;
let uiDir: string;
let gz: http.Server;
const GZ_BODY = gzipSync(Buffer.from(JSON.stringify({ error: { message: 'compressed failure', type: 'server_error' } })));

beforeAll(async () => {
  uiDir = mkdtempSync(join(tmpdir(), 'sb-ui-'));
  mkdirSync(join(uiDir, 'assets'));
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Switchboard</title>');
  writeFileSync(join(uiDir, 'assets', 'app-1234.js'), 'console.log(1)');
  h = await startHarness({ config: { uiDir } });
  gz = http.createServer((req, res) => {
    req.resume();
    res.writeHead(500, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': GZ_BODY.length }).end(GZ_BODY);
  });
  await new Promise<void>((r) => gz.listen(0, '127.0.0.1', r));
  await h.app.service.createProvider({ id: 'gz', name: 'gz', type: 'openai-compatible', base_url: `http://127.0.0.1:${(gz.address() as AddressInfo).port}/v1`, api_key: 'sk-gz-000000000000000000' });
  await h.app.service.createModel({ provider_id: 'gz', model_name: 'm', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 100_000 });
});
afterAll(async () => {
  await h?.close();
  await new Promise((r) => gz?.close(r));
  rmSync(uiDir, { recursive: true, force: true });
});

const admin = (method: string, path: string, body?: unknown) =>
  httpRequest(h.url, path, { method, headers: authJson(h.app.adminToken), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const proxy = (path: string, body: unknown) => httpRequest(h.url, path, { method: 'POST', headers: authJson(h.token), body: JSON.stringify(body) });

function expectPrivate(what: string, res: RawResponse): void {
  expect(res.headers['cache-control'], what).toBe('no-store');
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
}

describe('API responses are never cached or sniffed', () => {
  it('admin: status (default token), a new profile (token shown once), CSV, errors', async () => {
    expectPrivate('status', await admin('GET', '/api/v1/llm/status'));
    const user = await admin('POST', '/api/v1/llm/users', { name: 'hdr' });
    expect(user.status).toBe(200);
    expect(user.json.token).toMatch(/^sb-/);
    expectPrivate('create user', user);
    expectPrivate('csv', await admin('GET', '/api/v1/llm/usage/export?days=7'));
    expectPrivate('400', await admin('GET', '/api/v1/llm/usage?days=0'));
    expectPrivate('401', await httpRequest(h.url, '/api/v1/llm/status'));
    expectPrivate('404', await admin('GET', '/api/v1/llm/nope'));
  });

  it('proxy: models, answers streamed and not, errors, guards, health', async () => {
    expectPrivate('models', await httpRequest(h.url, '/v1/models', { headers: authJson(h.token) }));
    const chat = { model: 'fo/gpt-fake', messages: [{ role: 'user', content: 'hi' }] };
    expectPrivate('chat', await proxy('/v1/chat/completions', chat));
    const sse = await proxy('/v1/chat/completions', { ...chat, stream: true });
    expect(sse.headers['content-type']).toMatch(/text\/event-stream/);
    expectPrivate('sse', sse);
    expectPrivate('messages sse', await proxy('/v1/messages', { ...chat, max_tokens: 10, stream: true }));
    expectPrivate('401', await httpRequest(h.url, '/v1/chat/completions', { method: 'POST', body: '{}' }));
    expectPrivate('404', await proxy('/v1/nope', {}));
    expectPrivate('host guard', await httpRequest(h.url, '/v1/models', { headers: { host: 'evil.example' } }));
    expectPrivate('healthz', await httpRequest(h.url, '/healthz'));
  });
});

describe('the UI files', () => {
  it('serves assets immutable, and a missing asset as a 404 that is not the app shell', async () => {
    const ok = await httpRequest(h.url, '/assets/app-1234.js');
    expect(ok.status).toBe(200);
    expect(ok.headers['cache-control']).toMatch(/immutable/);
    for (const path of ['/assets/app-9999.js', '/assets/style.css', '/favicon.png', '/nope.js']) {
      const miss = await httpRequest(h.url, path);
      expect(miss.status, path).toBe(404);
      expect(miss.text, path).not.toContain('<title>');
      expect(miss.headers['cache-control'], path).not.toMatch(/immutable|max-age/);
    }
  });

  it('still answers a client-side route with the app shell', async () => {
    const route = await httpRequest(h.url, '/usage');
    expect(route.status).toBe(200);
    expect(route.text).toContain('<title>Switchboard</title>');
  });
});

describe('upstream error bodies that are not text', () => {
  it('are summarised by content type and size, never pasted raw', async () => {
    for (const stream of [false, true]) {
      const res = await proxy('/v1/chat/completions', { model: 'gz/m', stream, messages: [{ role: 'user', content: 'hi' }] });
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(res.json.error.message).toContain(`[a non-text error body: application/json, gzip-encoded, ${GZ_BODY.length} bytes]`);
      // no byte of the compressed body in the message (\ufffd is what a raw binary paste turns into)
      expect(res.text).not.toMatch(/\ufffd|\\u001f/);
    }
  });
});
