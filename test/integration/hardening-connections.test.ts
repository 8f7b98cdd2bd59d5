// Connections a client cannot hold: an answer given before the body was read (401, 403, 413, 405)
// closes the connection instead of draining a slow body for the whole request timeout; one client
// address gets at most N connections (503 past it); and a request waiting for an upstream pool slot
// past its deadline fails with `pool_busy` instead of waiting silently behind undici's queue.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamFailure } from '../../src/core/canonical';
import { UpstreamClient } from '../../src/node/http/upstream-client';
import { startHarness, type Harness } from './helpers/app-harness';
import { authJson, httpRequest, sleep, statusOf } from './helpers/hardening-kit';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ config: { limits: { maxConnectionsPerClient: 6 } } });
});
afterAll(async () => {
  await h?.close();
});

/**
 * Sends headers announcing a 10 MB body, then trickles it; resolves with the answer's status and
 * whether the server closed the connection before the client gave up (after 4 s).
 */
function slowBody(path: string, headers: Record<string, string>): Promise<{ status: number; closed: boolean; raw: string }> {
  return new Promise((resolve) => {
    const sock = net.connect(h.app.port, '127.0.0.1');
    let raw = '';
    let closed = false;
    const head = Object.entries({ host: `127.0.0.1:${h.app.port}`, 'content-type': 'application/json', 'content-length': '10000000', ...headers })
      .map(([k, v]) => `${k}: ${v}\r\n`).join('');
    sock.on('connect', () => sock.write(`POST ${path} HTTP/1.1\r\n${head}\r\n{"model":"`));
    sock.on('data', (d: Buffer) => { raw += d.toString('latin1'); });
    sock.on('error', () => undefined);
    const drip = setInterval(() => { if (!sock.destroyed) sock.write('x'); }, 100);
    const giveUp = setTimeout(() => sock.destroy(), 4_000);
    sock.on('end', () => { closed = true; });
    sock.on('close', () => {
      clearInterval(drip);
      clearTimeout(giveUp);
      resolve({ status: statusOf(raw), closed, raw });
    });
  });
}

describe('answers given before the body is read close the connection', () => {
  it.each([
    ['proxy without a token', '/v1/chat/completions', {}, 401],
    ['proxy with a wrong token', '/v1/chat/completions', { authorization: 'Bearer sb-wrong-token-000000000000000' }, 401],
    ['admin without a token', '/api/v1/llm/providers', {}, 401],
    ['a foreign Host', '/v1/chat/completions', { host: 'evil.example' }, 403],
    ['a body over the admin limit', '/api/v1/llm/providers', { authorization: 'ADMIN' }, 413],
    ['a POST to a UI path', '/index.html', {}, 405],
  ])('%s', async (_what, path, headers, status) => {
    const hdrs = { ...headers } as Record<string, string>;
    if (hdrs.authorization === 'ADMIN') hdrs.authorization = `Bearer ${h.app.adminToken}`;
    const res = await slowBody(path, hdrs);
    expect(res.status).toBe(status);
    expect(res.raw).toMatch(/\r\nconnection: close\r\n/i);
    expect(res.closed, 'the server closed the connection, not the client giving up').toBe(true);
  });

  it('keeps the connection for an answer given after the whole body was read', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const ask = () => new Promise<http.IncomingMessage>((resolve, reject) => {
        const req = http.request({ port: h.app.port, host: '127.0.0.1', path: '/v1/chat/completions', method: 'POST', agent, headers: authJson(h.token) }, (res) => { res.resume(); res.on('end', () => resolve(res)); });
        req.on('error', reject);
        req.end(JSON.stringify({ model: 'fo/gpt-fake', messages: [{ role: 'user', content: 'hi' }] }));
      });
      const first = await ask();
      expect(first.statusCode).toBe(200);
      expect(first.headers.connection).toBe('keep-alive');
      const second = await ask();
      expect(second.socket).toBe(first.socket);
    } finally {
      agent.destroy();
    }
  });
});

describe('connections per client address', () => {
  it('past the cap, a new connection gets 503 with retry-after; below it again, requests are served', async () => {
    const held: net.Socket[] = [];
    try {
      // the harness' own keep-alive connections may count too: fill up to the cap whatever is open
      for (let i = 0; i < 6; i++) {
        const s = net.connect(h.app.port, '127.0.0.1');
        s.on('error', () => undefined);
        await new Promise((r) => s.once('connect', r));
        held.push(s);
      }
      await sleep(50);
      const over = await httpRequest(h.url, '/healthz');
      expect(over.status).toBe(503);
      expect(over.headers['retry-after']).toBe('1');
      expect(over.json.error.message).toMatch(/Too many connections from this address \(at most 6/);
    } finally {
      for (const s of held) s.destroy();
    }
    await sleep(50);
    expect((await httpRequest(h.url, '/healthz')).status).toBe(200);
  });
});

describe('the upstream connection pool', () => {
  let slow: http.Server;
  let base: string;
  beforeAll(async () => {
    // answers at once, then takes its time over the body (a long stream)
    slow = http.createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('start');
      setTimeout(() => res.end('end'), 600);
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => slow.close(r));
  });

  it('a request that cannot get a slot before its deadline fails with pool_busy; a freed slot is reused', async () => {
    const client = new UpstreamClient({ poolSize: 1 });
    try {
      const req = { url: `${base}/x`, method: 'GET' as const, headers: {} };
      const first = await client.send(req, { headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 });
      const err = await client.send(req, { headersTimeoutMs: 150, bodyTimeoutMs: 5_000 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UpstreamFailure);
      expect((err as UpstreamFailure).error).toMatchObject({ kind: 'pool_busy', retryAfterMs: 1_000 });
      expect((err as UpstreamFailure).error.message).toMatch(/all 1 connections to http:\/\/127\.0\.0\.1:\d+ are busy/);
      // waiting within the deadline works: the slot comes free when the first body has been read
      const third = client.send(req, { headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 });
      expect(await first.body.text()).toBe('startend');
      expect((await third).statusCode).toBe(200);
      await (await third).body.dump();
      // the size is a setting: with two slots, two bodies may be open at once
      client.setPoolSize(2);
      const a = await client.send(req, { headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 });
      const b = await client.send(req, { headersTimeoutMs: 150, bodyTimeoutMs: 5_000 });
      await Promise.all([a.body.dump(), b.body.dump()]);
    } finally {
      await client.close();
    }
  });

  it('tells a request it was sent once its headers are written, never while it waits for a slot', async () => {
    const client = new UpstreamClient({ poolSize: 1 });
    try {
      const req = { url: `${base}/x`, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: '{"prompt":"hi"}' };
      const sent: string[] = [];
      const first = await client.send(req, { headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000, onSent: () => sent.push('first') });
      expect(sent).toEqual(['first']);
      // the only slot is held by the first body: the second waits for it, and its client leaves meanwhile
      const leaving = new AbortController();
      const second = client.send(req, { headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000, signal: leaving.signal, onSent: () => sent.push('second') });
      await sleep(100);
      leaving.abort();
      expect(await second.catch((e: unknown) => e)).toBeInstanceOf(UpstreamFailure);
      await first.body.dump();
      expect(sent).toEqual(['first']);
    } finally {
      await client.close();
    }
  });

  it('never tells a request it was sent while its connection is still being opened (a TLS handshake that hangs)', async () => {
    // accepts TCP and never answers the TLS client hello: the request is never written
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const client = new UpstreamClient({ poolSize: 4, connectTimeoutMs: 300 });
    try {
      const url = `https://127.0.0.1:${(silent.address() as AddressInfo).port}/v1/chat/completions`;
      const sent: string[] = [];
      const leaving = new AbortController();
      const req = { url, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: '{"prompt":"hi"}' };
      const pending = client.send(req, { headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000, signal: leaving.signal, onSent: () => sent.push('sent') });
      await sleep(100);
      leaving.abort();
      expect(await pending.catch((e: unknown) => e)).toBeInstanceOf(UpstreamFailure);
      expect(sent).toEqual([]);
    } finally {
      await client.close();
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('through the proxy: a request queued behind a full pool ends with an error naming it, not a silent wait', async () => {
    expect((await h.app.service.updateSettings({ upstream_connections: 1 })).upstream_connections).toBe(1);
    await h.app.service.updateRoutingRules({ timeout_ms: 1_000, max_retries: 0 });
    try {
      // its answer begins within timeout_ms (role 300 ms, first text 600 ms), and it holds the only connection for ~2.4 s
      h.openai.faults.push({ kind: 'chunk-delay', ms: 300 });
      const body = (stream: boolean) => JSON.stringify({ model: 'fo/gpt-fake', stream, messages: [{ role: 'user', content: 'hi' }] });
      const long = httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: authJson(h.token), body: body(true), timeoutMs: 10_000 });
      await sleep(150);
      const queued = await httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: authJson(h.token), body: body(false) });
      expect(queued.status).toBe(503);
      expect(queued.headers['retry-after']).toBe('1');
      expect(queued.json.error.message).toMatch(/connections to .* are busy/);
      expect((await long).status).toBe(200);
    } finally {
      await h.app.service.updateSettings({ upstream_connections: 128 });
    }
  });
});
