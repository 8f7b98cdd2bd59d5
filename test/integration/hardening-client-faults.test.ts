// Client faults: a client that goes away (before the first token, mid-stream) aborts the upstream
// and leaves a usage row; slow-loris connections are dropped at the header timeout; 200 parallel
// streams with admin writes at the same time lose nothing. Nothing here times the proxy: the fake
// holds each answer until the test lets it go, so an upstream request that ends early was ended by
// Switchboard, and the test waits for that to happen (bounded only far below every timeout of the
// proxy, none of which is under 120 s here).
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate } from '../mocks/fake-server';
import { startHarness, type Harness } from './helpers/app-harness';
import { authJson, heldAt, httpRequest, queryAll, sleep, usageRow, waitFor } from './helpers/hardening-kit';

const HEADERS_TIMEOUT_MS = 600;
/** How long a test waits for something it expects to happen soon: a bound for a stuck run, never a speed target. */
const PATIENCE_MS = 10_000;
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

/** The usage row of a request whose client left (client_closed), sent at or after `since`; with `api`, of that inbound API. */
function clientClosedRow<T>(since: number, api?: string): Promise<T> {
  const sql = `SELECT * FROM usage_log WHERE error_kind = 'client_closed' AND started_at >= ?${api === undefined ? '' : ' AND inbound_api = ?'}`;
  return waitFor(() => queryAll<T>(h.dataDir, sql, since, ...(api === undefined ? [] : [api]))[0], PATIENCE_MS, 'the usage row');
}

/**
 * Opens a stream the fake holds (a fault pushed before), leaves it once the fake has it, and waits for Switchboard
 * to abort the upstream request (the fake never ends it: only Switchboard can have); resolves with when it was opened.
 */
async function leaveHeldStream(model: string): Promise<number> {
  const before = h.openai.requests.length;
  const openedAt = Date.now();
  const s = await openStream(model);
  const rec = await heldAt(h.openai, before, PATIENCE_MS);
  s.req.destroy();
  await waitFor(() => rec.aborted, PATIENCE_MS, 'the upstream abort');
  return openedAt;
}

describe('client disconnects', () => {
  it('before the first token: the client leaving aborts the upstream, and the row says client_closed', async () => {
    // two requests whose answers the fake holds until released; only the second one's client leaves
    const kept = gate();
    const left = gate();
    try {
      h.openai.faults.push({ kind: 'hold-first-byte', until: kept.until });
      const keptAt = h.openai.requests.length;
      const keptReq = httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: authJson(h.token), body: JSON.stringify({ model: 'fo/gpt-fake', messages: [{ role: 'user', content: 'hi' }] }), timeoutMs: PATIENCE_MS });
      const keptRec = await heldAt(h.openai, keptAt, PATIENCE_MS);
      h.openai.faults.push({ kind: 'hold-first-byte', until: left.until });
      // the fake never answered this one: only Switchboard can have closed it
      const openedAt = await leaveHeldStream('fo/gpt-fake');
      // and not for a reason older requests share (a timer): the one held longer, whose client stays, is open
      expect(keptRec).toMatchObject({ aborted: false, held: true });
      kept.release();
      const served = await keptReq;
      expect(served.status, served.text).toBe(200);
      expect(served.json.choices[0].message.content).toBe('Hello from the fake openai provider!');
      // no response ever started, so the id comes from the usage log: the row of a request sent after openedAt
      const row = await clientClosedRow<{ error_kind: string; model_id: string; output_tokens: number; cost_usd: number }>(openedAt);
      // the provider had the prompt: billed, estimated, as a stream cut later is
      expect(row).toMatchObject({ error_kind: 'client_closed', status: 499, output_tokens: 0, estimated: 1 });
      expect(row.cost_usd).toBeGreaterThan(0);
      expect(h.anthropic.requests.length + h.gemini.requests.length).toBe(0);
    } finally {
      kept.release();
      left.release();
    }
  });

  it('after the upstream answered but before any content: the row says 499, no answer went out', async () => {
    // the fake sends its headers and role chunk, then holds its content until released
    const content = gate();
    try {
      h.openai.faults.push({ kind: 'hold-mid-stream', afterChunks: 0, until: content.until });
      const openedAt = await leaveHeldStream('fo/gpt-fake');
      const row = await clientClosedRow<{ error_kind: string; status: number }>(openedAt);
      expect(row).toMatchObject({ error_kind: 'client_closed', status: 499 });
    } finally {
      content.release();
    }
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
      h.dataDir, 'SELECT * FROM usage_log WHERE started_at >= ? AND status IN (400, 499)', cutAt - 100)[0], PATIENCE_MS, 'the usage row');
    expect(row).toMatchObject({ error_kind: 'client_closed', status: 499 });
  });

  it('mid-stream: the client leaving aborts the upstream, the partial output is recorded', async () => {
    // one content chunk, then the fake holds the rest of its stream until released
    const rest = gate();
    try {
      h.openai.faults.push({ kind: 'hold-mid-stream', afterChunks: 1, until: rest.until });
      const before = h.openai.requests.length;
      const s = await openStream('fo/gpt-fake');
      const rec = await heldAt(h.openai, before, PATIENCE_MS);
      await s.firstContent;
      const id = await s.requestId;
      s.req.destroy();
      // the fake still holds the rest: only Switchboard can have closed it
      await waitFor(() => rec.aborted, PATIENCE_MS, 'the upstream abort');
      const row = await usageRow(h.dataDir, id, PATIENCE_MS);
      expect(row).toMatchObject({ model_id: 'fo/gpt-fake', error_kind: 'client_closed', status: 200, stream: 1, estimated: 1 });
      expect(row.output_tokens).toBeGreaterThan(0);
      expect(row.output_tokens).toBeLessThan(7);
      expect(row.cost_usd).toBeGreaterThan(0);
      expect(h.anthropic.requests.length).toBe(0);
    } finally {
      rest.release();
    }
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
    const answer = gate();
    try {
      fake().faults.push({ kind: 'hold-first-byte', until: answer.until });
      const before = fake().requests.length;
      const u = new URL(h.url);
      const req = http.request({ host: u.hostname, port: u.port, path, method: 'POST', headers: authJson(h.token), agent: false });
      req.on('error', () => undefined);
      const sentAt = Date.now();
      req.end(JSON.stringify(body));
      const rec = await heldAt(fake(), before, PATIENCE_MS);
      req.destroy();
      await waitFor(() => rec.aborted, PATIENCE_MS, 'the upstream abort');
      const row = await clientClosedRow<{ status: number; input_tokens: number; output_tokens: number; cost_usd: number; estimated: number; stream: number }>(sentAt, api);
      expect(row).toMatchObject({ status: 499, output_tokens: 0, estimated: 1, stream: 0 });
      // ~3,000 characters of prompt: several hundred tokens, at the model's input price
      expect(row.input_tokens).toBeGreaterThan(400);
      expect(row.cost_usd).toBeCloseTo((row.input_tokens * price) / 1e6, 12);
    } finally {
      answer.release();
    }
  });
});

describe('slow-loris', () => {
  // the test gives up on a connection the server has not dropped by then: well under the 15 s the server
  // waits for headers when the configured timeout is not applied, and Node's own 30 s check interval
  const GIVE_UP_MS = 10_000;
  /**
   * Opens a connection that trickles header bytes and never finishes them; resolves with how long it lived,
   * what the server answered, and whether the server dropped it (not the test giving up).
   */
  function trickle(): Promise<{ lifetimeMs: number; answer: string; droppedByServer: boolean }> {
    return new Promise((resolve) => {
      const sock = net.connect(h.app.port, '127.0.0.1');
      const t0 = Date.now();
      let answer = '';
      let gaveUp = false;
      let timer: NodeJS.Timeout | undefined;
      sock.on('connect', () => {
        sock.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:${h.app.port}\r\n`);
        let n = 0;
        timer = setInterval(() => { if (!sock.destroyed) sock.write(`X-Slow-${n++}: ${'a'.repeat(10)}\r\n`); }, 100);
      });
      sock.on('data', (d: Buffer) => { answer += d.toString(); });
      sock.on('error', () => undefined);
      const giveUp = setTimeout(() => { gaveUp = true; sock.destroy(); }, GIVE_UP_MS);
      sock.on('close', () => {
        clearInterval(timer);
        clearTimeout(giveUp);
        resolve({ lifetimeMs: Date.now() - t0, answer, droppedByServer: !gaveUp });
      });
    });
  }

  it('drops connections that never finish their headers at the timeout, and keeps serving others meanwhile', async () => {
    const loris = Array.from({ length: 30 }, () => trickle());
    await sleep(150);
    const ok = await httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: authJson(h.token), body: JSON.stringify({ model: 'fo/gpt-fake', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(ok.status).toBe(200);
    const results = await Promise.all(loris);
    for (const r of results) {
      // dropped by the server, and not before the configured timeout (how soon after it is no matter here)
      expect(r.droppedByServer).toBe(true);
      expect(r.lifetimeMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
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
