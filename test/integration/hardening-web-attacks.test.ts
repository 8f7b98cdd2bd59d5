// Attacks from web pages and other local programs: DNS rebinding (Host), CORS/CSRF (Origin,
// preflights, text/plain "simple requests"), and proxy/admin tokens (missing, wrong, revoked, hashed;
// the constant-time compare is checked in src/node/proxy/guards.test.ts).
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { authJson, httpRequest, queryAll, rawExchange, statusOf } from './helpers/hardening-kit';

let h: Harness;
let port: number;
const chatBody = JSON.stringify({ model: 'fo/gpt-fake', messages: [{ role: 'user', content: 'hi' }] });
const upstreamCount = () => h.openai.requests.length + h.anthropic.requests.length + h.gemini.requests.length;

beforeAll(async () => {
  h = await startHarness();
  port = h.app.port;
});
afterAll(async () => { await h?.close(); });

describe('DNS rebinding: only loopback Host names with our port are served', () => {
  const hostile = () => [
    'localhost.evil.example', `localhost.evil.example:${port}`, `localhost:${port}.evil.example`, `evil.example:${port}`,
    `EVIL.EXAMPLE:${port}`, `LOCALHOST.EVIL.EXAMPLE:${port}`, `localhost.:${port}`, `127.0.0.1.:${port}`,
    `127.0.0.1:${port + 1}`, '127.0.0.1', 'localhost', `127.0.0.1:${port}@evil.example`, `0.0.0.0:${port}`,
    `192.168.1.10:${port}`, `[::ffff:127.0.0.1]:${port}`, `127.0.0.1:0${port}`,
  ];
  const paths = ['/v1/models', '/api/v1/llm/status', '/healthz', '/'];

  it('refuses every hostile Host with 403 on the proxy, the admin API and the UI, even with valid tokens', async () => {
    const before = upstreamCount();
    for (const host of hostile()) {
      for (const path of paths) {
        const token = path.startsWith('/api') ? h.app.adminToken : h.token;
        const res = await httpRequest(h.url, path, { headers: { host, authorization: `Bearer ${token}` } });
        expect(res.status, `${host} ${path}`).toBe(403);
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
      }
      const post = await httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: { host, ...authJson(h.token) }, body: chatBody });
      expect(post.status, host).toBe(403);
    }
    expect(upstreamCount()).toBe(before);
  });

  it('refuses an empty Host (403) and a missing one (refused by HTTP/1.1 or by the guard)', async () => {
    const empty = await rawExchange(port, `GET /v1/models HTTP/1.1\r\nHost: \r\nAuthorization: Bearer ${h.token}\r\nConnection: close\r\n\r\n`);
    expect(statusOf(empty.text)).toBe(403);
    const missing11 = await rawExchange(port, `GET /v1/models HTTP/1.1\r\nAuthorization: Bearer ${h.token}\r\nConnection: close\r\n\r\n`);
    expect([400, 403]).toContain(statusOf(missing11.text));
    const missing10 = await rawExchange(port, `GET /v1/models HTTP/1.0\r\nAuthorization: Bearer ${h.token}\r\n\r\n`);
    expect(statusOf(missing10.text)).toBe(403);
    const twoHosts = await rawExchange(port, `GET /v1/models HTTP/1.1\r\nHost: evil.example:${port}\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${h.token}\r\nConnection: close\r\n\r\n`);
    expect([400, 403]).toContain(statusOf(twoHosts.text));
  });

  it('refuses a Host sent twice (403), whichever comes first, and counts the lines, not the names', async () => {
    const status = `GET /api/v1/llm/status HTTP/1.1\r\nAuthorization: Bearer ${h.app.adminToken}\r\nConnection: close\r\n`;
    for (const hosts of [[`127.0.0.1:${port}`, 'evil.example'], ['evil.example', `127.0.0.1:${port}`], [`127.0.0.1:${port}`, `127.0.0.1:${port}`], [`127.0.0.1:${port}`, `localhost:${port}`]]) {
      const res = await rawExchange(port, `${status}${hosts.map((v, i) => `${i === 0 ? 'Host' : 'HOST'}: ${v}\r\n`).join('')}\r\n`);
      expect(statusOf(res.text), hosts.join(' then ')).toBe(403);
      expect(res.text).toContain('unexpected Host header');
    }
    const once = await rawExchange(port, `${status}Host: 127.0.0.1:${port}\r\n\r\n`);
    expect(statusOf(once.text)).toBe(200);
  });

  it('refuses a request target in absolute form whose authority is not ours (403), with our Host; serves one that is ours', async () => {
    const before = upstreamCount();
    const ask = (target: string, path = '/api/v1/llm/status', token = h.app.adminToken) =>
      rawExchange(port, `GET ${target}${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`);
    for (const target of ['http://evil.com', `http://evil.com:${port}`, `http://127.0.0.1:${port + 1}`, `https://evil.com`, `http://127.0.0.1:${port}@evil.com`, `http://user@127.0.0.1:${port}`, `ftp://127.0.0.1:${port}`]) {
      const res = await ask(target);
      expect(statusOf(res.text), target).toBe(403);
      expect(res.text, target).toContain('unexpected Host header');
      expect(statusOf((await ask(target, '/v1/models', h.token)).text), target).toBe(403);
    }
    expect(upstreamCount()).toBe(before);
    for (const target of [`http://127.0.0.1:${port}`, `http://LOCALHOST:${port}`]) expect(statusOf((await ask(target)).text), target).toBe(200);
  });

  it('serves the loopback names with our port (Host is case-insensitive)', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      const res = await httpRequest(h.url, '/v1/models', { headers: { host, authorization: `Bearer ${h.token}` } });
      expect(res.status, host).toBe(200);
    }
  });
});

// 127.0.0.2 stands for a LAN address given with --host: bound, reachable, not a loopback name (macOS has no 127.0.0.2)
describe.skipIf(process.platform === 'darwin')('serve --host <address>: that address is served, any other name is not', () => {
  it("serves the bound address's own Host and Origin, and refuses a name pointed at it (403)", async () => {
    const lan = await startHarness({ config: { host: '127.0.0.2' } });
    try {
      const p = lan.app.port;
      expect(lan.url).toBe(`http://127.0.0.2:${p}`);
      const auth = { authorization: `Bearer ${lan.token}` };
      const own = await httpRequest(lan.url, '/v1/models', { headers: { host: `127.0.0.2:${p}`, ...auth } });
      expect(own.status).toBe(200);
      // the UI served from that address calls its admin API with that Origin
      const ui = await httpRequest(lan.url, '/v1/models', { headers: { host: `127.0.0.2:${p}`, origin: `http://127.0.0.2:${p}`, ...auth } });
      expect(ui.status).toBe(200);
      // DNS rebinding: a page's own name resolved to this address is still refused, as Host and as Origin
      const rebound = await httpRequest(lan.url, '/v1/models', { headers: { host: `lan-box.evil.example:${p}`, ...auth } });
      expect(rebound.status).toBe(403);
      const page = await httpRequest(lan.url, '/v1/models', { headers: { host: `127.0.0.2:${p}`, origin: `http://lan-box.evil.example:${p}`, ...auth } });
      expect(page.status).toBe(403);
    } finally {
      await lan.close();
    }
  });
});

describe('CORS and CSRF', () => {
  const foreign = () => [
    'https://evil.example', 'null', `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, `http://localhost:${port}.evil.example`,
    `http://evil.example:${port}`, 'file://', `http://127.0.0.1:${port}/extra`,
  ];

  it('a foreign Origin gets 403 and no CORS grant, on real requests and preflights', async () => {
    const before = upstreamCount();
    for (const origin of foreign()) {
      const post = await httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: { origin, ...authJson(h.token) }, body: chatBody });
      expect(post.status, origin).toBe(403);
      expect(post.headers['access-control-allow-origin']).toBeUndefined();
      const admin = await httpRequest(h.url, '/api/v1/llm/providers', { headers: { origin, authorization: `Bearer ${h.app.adminToken}` } });
      expect(admin.status, origin).toBe(403);
      expect(admin.text).not.toContain('fo');
      for (const path of ['/v1/chat/completions', '/api/v1/llm/providers']) {
        const pre = await httpRequest(h.url, path, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
        });
        expect(pre.status, `preflight ${origin} ${path}`).toBe(403);
        for (const k of Object.keys(pre.headers)) expect(k).not.toMatch(/^access-control-/);
      }
    }
    expect(upstreamCount()).toBe(before);
  });

  it('answers the refusal in the client\u2019s API error shape with a request id; the admin API keeps its own', async () => {
    const origin = 'http://evil.com';
    const anthropic = await httpRequest(h.url, '/v1/messages', { method: 'POST', headers: { origin, ...authJson(h.token) }, body: chatBody });
    expect(anthropic.status).toBe(403);
    expect(anthropic.json).toEqual({ type: 'error', error: { type: 'permission_error', message: 'Forbidden: cross-origin requests are not allowed' } });
    expect(anthropic.headers['x-switchboard-request-id']).toMatch(/^sbr_/);
    const openai = await httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: { origin, ...authJson(h.token) }, body: chatBody });
    expect(openai.json.error).toMatchObject({ type: 'permission_error', code: 'permission_error', message: expect.stringMatching(/cross-origin/) });
    expect(openai.headers['x-switchboard-request-id']).toMatch(/^sbr_/);
    const gemini = await httpRequest(h.url, '/v1beta/models/gemini-fake:generateContent?alt=sse', {
      method: 'POST', headers: { host: `evil.com:${port}`, ...authJson(h.token) }, body: JSON.stringify({ contents: [{ parts: [{ text: 'hi' }] }] }),
    });
    expect(gemini.status).toBe(403);
    expect(gemini.json).toEqual({ error: { code: 403, message: expect.stringMatching(/unexpected Host/), status: 'PERMISSION_DENIED' } });
    expect(gemini.headers['x-switchboard-request-id']).toMatch(/^sbr_/);
    for (const res of [anthropic, openai, gemini]) for (const k of Object.keys(res.headers)) expect(k).not.toMatch(/^access-control-/);
    const admin = await httpRequest(h.url, '/api/v1/llm/providers', { headers: { origin, authorization: `Bearer ${h.app.adminToken}` } });
    expect(admin.json).toEqual({ error: { message: 'Forbidden: cross-origin requests are not allowed', type: 'permission_error' } });
  });

  it('never grants CORS even to its own origin, and refuses cross-site fetch metadata', async () => {
    const pre = await httpRequest(h.url, '/v1/chat/completions', {
      method: 'OPTIONS', headers: { origin: `http://127.0.0.1:${port}`, 'access-control-request-method': 'POST' },
    });
    for (const k of Object.keys(pre.headers)) expect(k).not.toMatch(/^access-control-/);
    const own = await httpRequest(h.url, '/v1/models', { headers: { origin: `http://localhost:${port}`, authorization: `Bearer ${h.token}` } });
    expect(own.status).toBe(200);
    const site = await httpRequest(h.url, '/v1/models', { headers: { 'sec-fetch-site': 'cross-site', authorization: `Bearer ${h.token}` } });
    expect(site.status).toBe(403);
    // sent twice, node joins the values: a cross-site one among them still refuses
    const twice = await httpRequest(h.url, '/v1/models', { headers: { 'sec-fetch-site': ['same-origin', 'cross-site'], authorization: `Bearer ${h.token}` } });
    expect(twice.status).toBe(403);
    const same = await httpRequest(h.url, '/v1/models', { headers: { 'sec-fetch-site': 'same-origin', authorization: `Bearer ${h.token}` } });
    expect(same.status).toBe(200);
  });

  it('serves the UI to a link followed from another site, and nothing else cross-site', async () => {
    const uiDir = mkdtempSync(join(tmpdir(), 'sb-ui-'));
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Switchboard</title>');
    const ui = await startHarness({ config: { uiDir } });
    try {
      const nav = { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };
      for (const site of ['cross-site', 'same-site']) {
        // a click on a link to the UI (another local tool's page, any web page): the page, with its framing ban
        const page = await httpRequest(ui.url, '/', { headers: { ...nav, 'sec-fetch-site': site } });
        expect(page.status).toBe(200);
        expect(page.text).toContain('<title>Switchboard</title>');
        expect(page.headers['x-frame-options']).toBe('DENY');
        expect(String(page.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
        // framed, fetched or posted: refused as before
        for (const dest of ['iframe', 'script', 'empty']) {
          expect((await httpRequest(ui.url, '/', { headers: { ...nav, 'sec-fetch-dest': dest, 'sec-fetch-site': site } })).status).toBe(403);
        }
        expect((await httpRequest(ui.url, '/', { method: 'POST', headers: { ...nav, 'sec-fetch-site': site } })).status).toBe(403);
        // a navigation to the API or the proxy (however its path is spelled) gets every check still
        for (const path of ['/api/v1/llm/providers', '//api/v1/llm/providers', '/v1/models', '//v1/models', '/v1beta/models', '/healthz']) {
          const res = await httpRequest(ui.url, path, { headers: { ...nav, 'sec-fetch-site': site, authorization: `Bearer ${ui.app.adminToken}` } });
          expect(res.status, path).toBe(403);
        }
      }
      // the Host check stays (DNS rebinding)
      expect((await httpRequest(ui.url, '/', { headers: { ...nav, 'sec-fetch-site': 'cross-site', host: `evil.com:${ui.app.port}` } })).status).toBe(403);
    } finally {
      await ui.close();
    }
  });

  it('takes a token in the URL (?key=) on the Gemini API only, where Google\'s clients put it', async () => {
    const chat = await httpRequest(h.url, `/v1/chat/completions?key=${h.token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chatBody });
    expect(chat.status).toBe(401);
    expect((await httpRequest(h.url, `/v1/responses/resp_x?key=${h.token}`)).status).toBe(401);
    expect((await httpRequest(h.url, `/v1beta/models?key=${h.token}`)).status).toBe(200);
    // Gemini's listing under /v1/ (a Google client's, as ?key= says)
    const listed = await httpRequest(h.url, `/v1/models?key=${h.token}`);
    expect(listed.status).toBe(200);
    expect(listed.json.models).toBeInstanceOf(Array);
  });

  it('a text/plain (or form) "simple request" gets 415 and reaches nothing', async () => {
    const before = upstreamCount();
    const providersBefore = (await h.app.service.listProviders()).length;
    for (const ct of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const headers: Record<string, string> = { authorization: `Bearer ${h.token}` };
      if (ct) headers['content-type'] = ct;
      const v1 = await httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers, body: chatBody });
      expect(v1.status, ct).toBe(415);
      expect(v1.json.error.message).toMatch(/application\/json/);
      const anth = await httpRequest(h.url, '/v1/messages', { method: 'POST', headers, body: JSON.stringify({ model: 'fa/claude-fake', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }) });
      expect(anth.status, ct).toBe(415);
      expect(anth.json).toMatchObject({ type: 'error', error: { type: expect.any(String) } });
      const adminHeaders = { ...headers, authorization: `Bearer ${h.app.adminToken}` };
      const admin = await httpRequest(h.url, '/api/v1/llm/providers', {
        method: 'POST', headers: adminHeaders, body: JSON.stringify({ id: 'csrf', name: 'csrf', type: 'openai-compatible', base_url: 'https://evil.example/v1' }),
      });
      expect(admin.status, ct).toBe(415);
      // a route that reads no body refuses a non-JSON one too: discovery would call the provider and add models
      const discover = await httpRequest(h.url, '/api/v1/llm/providers/fo/discover', { method: 'POST', headers: adminHeaders, body: '{}' });
      expect(discover.status, ct).toBe(415);
    }
    expect(upstreamCount()).toBe(before);
    expect((await h.app.service.listProviders()).length).toBe(providersBefore);
  });

  it('a POST that reads no body is served sent bodiless (any content type) or with a JSON body', async () => {
    const auth = { authorization: `Bearer ${h.app.adminToken}` };
    for (const init of [{ headers: auth }, { headers: { ...auth, 'content-type': 'text/plain' }, body: '' }, { headers: { ...auth, 'content-type': 'application/json' }, body: '{}' }]) {
      const res = await httpRequest(h.url, '/api/v1/llm/providers/fo/discover', { method: 'POST', ...init });
      expect(res.status, JSON.stringify(init.headers)).toBe(200);
    }
  });
});

describe('tokens', () => {
  const badAuth = (): Record<string, string>[] => [
    {},
    { authorization: 'Bearer sb-wrong-token-0000000000000000' },
    { authorization: `Bearer ${h.token.slice(0, -1)}` },
    { authorization: `Bearer ${h.token.slice(0, 10)}` },
    { authorization: `Bearer ${h.token}x` },
    { authorization: "Bearer sb-' OR '1'='1" },
    { authorization: 'Bearer sb-x"; DROP TABLE user_tokens; --' },
    { authorization: `Basic ${Buffer.from(`user:${h.token}`).toString('base64')}` },
    { authorization: `Token ${h.token}` },
    { authorization: h.token },
    { authorization: 'Bearer' },
    { authorization: `Bearer ${h.token} ${h.token}` },
    { 'x-api-key': 'sb-nope' },
    { 'x-api-key': h.token.toUpperCase() },
    { authorization: `Bearer ${'a'.repeat(10_000)}` },
  ];

  it('missing, wrong, truncated, SQL-looking and wrong-scheme proxy tokens get 401 in the inbound shape', async () => {
    const before = upstreamCount();
    for (const headers of badAuth()) {
      const oa = await httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: chatBody });
      expect(oa.status, JSON.stringify(headers)).toBe(401);
      expect(oa.json.error).toMatchObject({ message: expect.any(String), type: 'authentication_error' });
      const an = await httpRequest(h.url, '/v1/messages', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
      expect(an.status).toBe(401);
      expect(an.json).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
      expect((await httpRequest(h.url, '/v1/models', { headers })).status).toBe(401);
    }
    expect(upstreamCount()).toBe(before);
    expect(queryAll(h.dataDir, 'SELECT COUNT(*) AS n FROM user_tokens')[0]).toEqual({ n: 1 });
  });

  it('the admin API refuses the same, and a proxy token is not an admin token', async () => {
    const admin = h.app.adminToken;
    const bad: Record<string, string>[] = [
      {}, { authorization: `Bearer ${admin.slice(0, -1)}` }, { authorization: `Bearer ${admin}x` }, { authorization: `Basic ${admin}` },
      { authorization: "Bearer ' OR 1=1 --" }, { authorization: `Bearer ${h.token}` }, { 'x-api-key': 'nope' },
    ];
    for (const headers of bad) {
      const res = await httpRequest(h.url, '/api/v1/llm/providers', { headers });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.json).toEqual({ error: { message: expect.any(String) } });
    }
    expect((await httpRequest(h.url, '/api/v1/llm/providers', { headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
  });

  it('stores profile tokens hashed (sha256), never in plain text', async () => {
    const rows = queryAll<Record<string, unknown>>(h.dataDir, 'SELECT * FROM user_tokens');
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(h.token);
    expect(dump).not.toContain(h.token.slice(3, 20));
    expect(rows.map((r) => r.token_hash)).toContain(createHash('sha256').update(h.token).digest('hex'));
  });

  it('a revoked token stops working at once', async () => {
    const issued = await httpRequest(h.url, '/api/v1/llm/users/default/tokens', {
      method: 'POST', headers: authJson(h.app.adminToken), body: JSON.stringify({ name: 'short-lived' }),
    });
    expect(issued.status).toBe(200);
    const { token, token_info } = issued.json as { token: string; token_info: { id: string } };
    const ok = await httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: authJson(token), body: chatBody });
    expect(ok.status).toBe(200);
    const revoked = await httpRequest(h.url, `/api/v1/llm/users/default/tokens/${encodeURIComponent(token_info.id)}`, {
      method: 'DELETE', headers: { authorization: `Bearer ${h.app.adminToken}` },
    });
    expect(revoked.status).toBe(200);
    const before = upstreamCount();
    const after = await httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: authJson(token), body: chatBody });
    expect(after.status).toBe(401);
    expect((await httpRequest(h.url, '/v1/models', { headers: { 'x-api-key': token } })).status).toBe(401);
    expect(upstreamCount()).toBe(before);
  });
});
