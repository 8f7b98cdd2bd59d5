// Client faults: a client that goes away (before the first token, mid-stream) aborts the upstream
// within a second and leaves a usage row; slow-loris connections are dropped at the header
// timeout; 200 parallel streams with admin writes at the same time lose nothing.
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { authJson, httpRequest, queryAll, sleep, usageRow, waitFor } from './helpers/hardening-kit';

const HEADERS_TIMEOUT_MS = 600;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ config: { limits: { requestHeadersTimeoutMs: HEADERS_TIMEOUT_MS } } });
  await h.app.service.updateRoutingRules({ cooldown_failures: 100, cooldown_ms: 0 });
});
afterAll(async () => { await h?.close(); });

/** Starts a streamed chat request; resolves with the live request/response so the test can cut it. */
function openStream(model: string): Promise<{ req: http.ClientRequest; res: http.IncomingMessage | null; requestId: Promise<string>; firstContent: Promise<void> }> {
  return new Promise((resolve) => {
    const u = new URL(h.url);
    let resolveId!: (id: string) => void;
    let resolveContent!: () => void;
    const requestId = new Promise<string>((r) => { resolveId = r; });
    const firstContent = new Promise<void>((r) => { resolveContent = r; });
    const req = http.request({ host: u.hostname, port: u.port, path: '/v1/chat/completions', method: 'POST', headers: authJson(h.token), agent: false }, (res) => {
      resolveId(String(res.headers['x-switchboard-request-id']));
      res.on('data', (c: Buffer) => { if (/"content":"[^"]/.test(c.toString())) resolveContent(); });
      res.on('error', () => undefined);
    });
    req.on('error', () => undefined);
    req.end(JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'hi' }] }));
    resolve({ req, res: null, requestId, firstContent });
  });
}

describe('client disconnects', () => {
  it('before the first token: the upstream is aborted within a second and the row says client_closed', async () => {
    h.openai.faults.push({ kind: 'slow-first-byte', ms: 5_000 });
    const before = h.openai.requests.length;
    const s = await openStream('fo/gpt-fake');
    const rec = await waitFor(() => h.openai.requests[before], 2_000, 'the upstream request');
    await sleep(100);
    const cutAt = Date.now();
    s.req.destroy();
    await waitFor(() => rec.aborted, 1_000, 'the upstream abort');
    expect(Date.now() - cutAt).toBeLessThan(1_000);
    // no response ever started, so the id comes from the usage log: the newest row
    const row = await waitFor(() => queryAll<{ error_kind: string; model_id: string; output_tokens: number; cost_usd: number }>(
      h.dataDir, "SELECT * FROM usage_log WHERE error_kind = 'client_closed' AND started_at >= ?", cutAt - 1_000)[0], 3_000, 'the usage row');
    // the provider had the prompt: billed, estimated, as a stream cut later is
    expect(row).toMatchObject({ error_kind: 'client_closed', status: 499, output_tokens: 0, estimated: 1 });
    expect(row.cost_usd).toBeGreaterThan(0);
    expect(h.anthropic.requests.length + h.gemini.requests.length).toBe(0);
  });

  it('after the upstream answered but before any content: the row says 499, no answer went out', async () => {
    // the fake's role chunk (headers with it) comes after 600 ms, its first content after 1200 ms
    h.openai.faults.push({ kind: 'chunk-delay', ms: 600 });
    const before = h.openai.requests.length;
    const s = await openStream('fo/gpt-fake');
    const rec = await waitFor(() => h.openai.requests[before], 2_000, 'the upstream request');
    await sleep(900);
    const cutAt = Date.now();
    s.req.destroy();
    await waitFor(() => rec.aborted, 1_000, 'the upstream abort');
    const row = await waitFor(() => queryAll<{ error_kind: string; status: number }>(
      h.dataDir, "SELECT * FROM usage_log WHERE error_kind = 'client_closed' AND started_at >= ?", cutAt - 2_000)[0], 3_000, 'the usage row');
    expect(row).toMatchObject({ error_kind: 'client_closed', status: 499 });
  });

  it('halfway through its upload: the row says 499 client_closed, not a bad request', async () => {
    const u = new URL(h.url);
    const sock = net.connect(Number(u.port), u.hostname);
    await new Promise((r) => sock.once('connect', r));
    const headers = Object.entries({ ...authJson(h.token), host: u.host, 'content-length': '1000' }).map(([k, v]) => `${k}: ${v}`).join('\r\n');
    const cutAt = Date.now();
    sock.write(`POST /v1/chat/completions HTTP/1.1\r\n${headers}\r\n\r\n{"model":"fo/gpt-fake","messages":[`);
    await sleep(200);
    sock.destroy();
    const row = await waitFor(() => queryAll<{ error_kind: string; status: number }>(
      h.dataDir, 'SELECT * FROM usage_log WHERE started_at >= ? AND status IN (400, 499)', cutAt - 100)[0], 3_000, 'the usage row');
    expect(row).toMatchObject({ error_kind: 'client_closed', status: 499 });
  });

  it('mid-stream: the upstream is aborted within a second, the partial output is recorded', async () => {
    h.openai.faults.push({ kind: 'chunk-delay', ms: 250 });
    const before = h.openai.requests.length;
    const s = await openStream('fo/gpt-fake');
    const rec = await waitFor(() => h.openai.requests[before], 2_000, 'the upstream request');
    await s.firstContent;
    const id = await s.requestId;
    const cutAt = Date.now();
    s.req.destroy();
    await waitFor(() => rec.aborted, 1_000, 'the upstream abort');
    expect(Date.now() - cutAt).toBeLessThan(1_000);
    const row = await usageRow(h.dataDir, id);
    expect(row).toMatchObject({ model_id: 'fo/gpt-fake', error_kind: 'client_closed', status: 200, stream: 1, estimated: 1 });
    expect(row.output_tokens).toBeGreaterThan(0);
    expect(row.output_tokens).toBeLessThan(7);
    expect(row.cost_usd).toBeGreaterThan(0);
    expect(h.anthropic.requests.length).toBe(0);
  });
});

// a JSON answer's headers come only with the whole answer: giving up before them is the usual way to give up
describe('a client that gives up on an answer that is not streamed, before the provider answers', () => {
  const PROMPT = 'Summarise the history of the printing press in three paragraphs, please. '.repeat(40);
  const abandoned = [
    { api: 'chat', fake: () => h.openai, path: '/v1/chat/completions', price: 1, body: { model: 'fo/gpt-fake', messages: [{ role: 'user', content: PROMPT }] } },
    { api: 'messages', fake: () => h.anthropic, path: '/v1/messages', price: 3, body: { model: 'fa/claude-fake', max_tokens: 100, messages: [{ role: 'user', content: PROMPT }] } },
    { api: 'gemini', fake: () => h.gemini, path: '/v1beta/models/fg/gemini-fake:generateContent', price: 0.5, body: { contents: [{ role: 'user', parts: [{ text: PROMPT }] }] } },
  ];
  it.each(abandoned)('$api: the row bills the prompt the provider had, estimated', async ({ api, fake, path, price, body }) => {
    fake().faults.push({ kind: 'slow-first-byte', ms: 5_000 });
    const before = fake().requests.length;
    const u = new URL(h.url);
    const req = http.request({ host: u.hostname, port: u.port, path, method: 'POST', headers: authJson(h.token), agent: false });
    req.on('error', () => undefined);
    const cutAt = Date.now();
    req.end(JSON.stringify(body));
    const rec = await waitFor(() => fake().requests[before], 2_000, 'the upstream request');
    req.destroy();
    await waitFor(() => rec.aborted, 1_000, 'the upstream abort');
    const row = await waitFor(() => queryAll<{ status: number; input_tokens: number; output_tokens: number; cost_usd: number; estimated: number; stream: number }>(
      h.dataDir, "SELECT * FROM usage_log WHERE error_kind = 'client_closed' AND started_at >= ? AND inbound_api = ?", cutAt - 100, api)[0], 3_000, 'the usage row');
    expect(row).toMatchObject({ status: 499, output_tokens: 0, estimated: 1, stream: 0 });
    // ~3,000 characters of prompt: several hundred tokens, at the model's input price
    expect(row.input_tokens).toBeGreaterThan(400);
    expect(row.cost_usd).toBeCloseTo((row.input_tokens * price) / 1e6, 12);
  });
});

describe('slow-loris', () => {
  /** Opens a connection that trickles header bytes and never finishes them; resolves with how long the server let it live. */
  function trickle(): Promise<{ lifetimeMs: number; answer: string }> {
    return new Promise((resolve) => {
      const sock = net.connect(h.app.port, '127.0.0.1');
      const t0 = Date.now();
      let answer = '';
      let timer: NodeJS.Timeout | undefined;
      sock.on('connect', () => {
        sock.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:${h.app.port}\r\n`);
        let n = 0;
        timer = setInterval(() => { if (!sock.destroyed) sock.write(`X-Slow-${n++}: ${'a'.repeat(10)}\r\n`); }, 100);
      });
      sock.on('data', (d: Buffer) => { answer += d.toString(); });
      sock.on('error', () => undefined);
      sock.on('close', () => {
        clearInterval(timer);
        resolve({ lifetimeMs: Date.now() - t0, answer });
      });
      setTimeout(() => sock.destroy(), 10_000).unref();
    });
  }

  it('drops connections that never finish their headers at the timeout, and keeps serving others meanwhile', async () => {
    const loris = Array.from({ length: 30 }, () => trickle());
    await sleep(150);
    const ok = await httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: authJson(h.token), body: JSON.stringify({ model: 'fo/gpt-fake', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(ok.status).toBe(200);
    const results = await Promise.all(loris);
    for (const r of results) {
      expect(r.lifetimeMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
      expect(r.lifetimeMs).toBeLessThan(HEADERS_TIMEOUT_MS + 1_500);
      expect(r.answer === '' || /^HTTP\/1\.1 408/.test(r.answer)).toBe(true);
    }
  });
});

describe('200 parallel streams with admin writes at the same time', () => {
  it('serves every stream whole, applies every write, records every row, no SQLITE_BUSY', async () => {
    const N = 200;
    h.openai.persistentFault = { kind: 'chunk-delay', ms: 30 };
    h.anthropic.persistentFault = { kind: 'chunk-delay', ms: 30 };
    const rss0 = process.memoryUsage().rss;
    try {
      const streams = Array.from({ length: N }, (_, i) => httpRequest(h.url, '/v1/chat/completions', {
        method: 'POST', headers: authJson(h.token),
        body: JSON.stringify({ model: i % 2 ? 'fo/gpt-fake' : 'fa/claude-fake', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: `n${i}` }] }),
        timeoutMs: 30_000,
      }));
      const admin = (method: string, path: string, body?: unknown) => httpRequest(h.url, path, {
        method, headers: authJson(h.app.adminToken), ...(body === undefined ? {} : { body: JSON.stringify(body) }), timeoutMs: 30_000,
      });
      const writes: Promise<{ status: number; text: string }>[] = [];
      for (let i = 0; i < 40; i++) {
        writes.push(admin('POST', '/api/v1/llm/models', { provider_id: 'fo', model_name: `load-${i}`, input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 1000, enabled: false }));
        writes.push(admin('PUT', '/api/v1/llm/routing/rules', { aliases: { [`a${i}`]: ['fo/gpt-fake'] } }));
        writes.push(admin('POST', '/api/v1/llm/users/default/tokens', { name: `load ${i}` }));
        writes.push(admin('PUT', '/api/v1/llm/users/default', { monthly_cap_usd: 1000 + i }));
        if (i % 10 === 0) writes.push(admin('GET', '/api/v1/llm/usage?days=1'));
      }
      const [results, writeResults] = await Promise.all([Promise.all(streams), Promise.all(writes)]);
      for (const w of writeResults) expect(w.status, w.text).toBe(200);
      const ids: string[] = [];
      for (const [i, r] of results.entries()) {
        expect(r.status, r.text.slice(0, 200)).toBe(200);
        const text = r.text.split('\n').filter((l) => l.startsWith('data: {')).map((l) => JSON.parse(l.slice(6))?.choices?.[0]?.delta?.content ?? '').join('');
        expect(text).toBe(i % 2 ? 'Hello from the fake openai provider!' : 'Hello from the fake anthropic provider!');
        expect(r.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
        ids.push(String(r.headers['x-switchboard-request-id']));
      }
      await waitFor(() => {
        const n = queryAll<{ n: number }>(h.dataDir, `SELECT COUNT(*) AS n FROM usage_log WHERE request_id IN (${ids.map(() => '?').join(',')})`, ...ids)[0]!.n;
        return n === N ? n : undefined;
      }, 5_000, 'all 200 usage rows');
      expect(queryAll(h.dataDir, "SELECT COUNT(*) AS n FROM models WHERE id LIKE 'fo/load-%'")[0]).toEqual({ n: 40 });
      expect(queryAll(h.dataDir, "SELECT COUNT(*) AS n FROM user_tokens WHERE name LIKE 'load %'")[0]).toEqual({ n: 40 });
      expect(h.logs.filter((l) => /SQLITE_BUSY|write failed|unhandled/i.test(l))).toEqual([]);
      // a few MB per in-flight stream would show here; the whole run should stay well under 200 MB
      expect(process.memoryUsage().rss - rss0).toBeLessThan(200 * 1024 * 1024);
    } finally {
      h.openai.persistentFault = null;
      h.anthropic.persistentFault = null;
    }
  }, 60_000);
});
