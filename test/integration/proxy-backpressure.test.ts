// A client that stops reading holds the upstream back: the proxy reads no faster than the client
// takes, so what is in flight stays bounded by socket buffers instead of growing in the proxy.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { sleep } from './helpers/hardening-kit';

const TOTAL_BYTES = 64 * 1024 * 1024;
const PIECE = 'x'.repeat(16 * 1024);
const CHUNK = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'gpt-bp', choices: [{ index: 0, delta: { content: PIECE }, finish_reason: null }] })}\n\n`;

let h: Harness;
let upstream: http.Server;
let written = 0;
let finished = false;

/** An OpenAI-compatible server that streams TOTAL_BYTES as fast as its socket accepts them. */
async function flood(_req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  while (written < TOTAL_BYTES) {
    written += CHUNK.length;
    if (!res.write(CHUNK)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    if (res.destroyed) return;
  }
  res.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'gpt-bp', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 9, total_tokens: 12 } })}\n\n`);
  res.end('data: [DONE]\n\n');
  finished = true;
}

beforeAll(async () => {
  h = await startHarness();
  upstream = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => void flood(req, res));
  });
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  const port = (upstream.address() as AddressInfo).port;
  await h.app.service.createProvider({ id: 'bp', name: 'flood', type: 'openai-compatible', base_url: `http://127.0.0.1:${port}/v1` });
  await h.app.service.createModel({ provider_id: 'bp', model_name: 'gpt-bp', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 100_000 });
});
afterAll(async () => {
  upstream?.closeAllConnections();
  upstream?.close();
  await h?.close();
});

/** Resolves once `value()` has not changed for `quietMs`. */
async function settled(value: () => number, quietMs: number, maxMs: number): Promise<number> {
  const start = Date.now();
  let last = value();
  let since = Date.now();
  while (Date.now() - start < maxMs) {
    await sleep(100);
    const now = value();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return now;
  }
  return value();
}

describe('backpressure', () => {
  it('a client that stops reading pauses the upstream; reading again drains the whole stream', async () => {
    const { port } = new URL(h.url);
    const req = http.request({
      host: '127.0.0.1', port: Number(port), path: '/v1/chat/completions', method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
    });
    req.end(JSON.stringify({ model: 'bp/gpt-bp', stream: true, messages: [{ role: 'user', content: 'flood me' }] }));
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    expect(res.statusCode).toBe(200);
    res.pause();

    // the upstream writes until every buffer between it and the silent client is full, then waits
    const heldAt = await settled(() => written, 1_000, 20_000);
    expect(finished).toBe(false);
    // loopback socket buffers on both hops hold a few MB each; the proxy itself must hold next to nothing
    expect(heldAt).toBeLessThan(TOTAL_BYTES / 2);

    let received = 0;
    res.on('data', (c: Buffer) => { received += c.length; });
    res.resume();
    await once(res, 'end');
    expect(finished).toBe(true);
    expect(received).toBeGreaterThan(TOTAL_BYTES);
  }, 120_000);
});
