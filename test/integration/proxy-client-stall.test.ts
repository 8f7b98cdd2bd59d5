// A client that stops reading a stream altogether (suspended, wedged) is cut off after the idle
// timeout: until then the upstream body is paused, and with it the pool slot and the profile's
// budget reservation the request holds. Before, they were held until the client process went away.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { sleep } from './helpers/hardening-kit';

const PIECE = 'x'.repeat(16 * 1024);
const CHUNK = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'gpt-st', choices: [{ index: 0, delta: { content: PIECE }, finish_reason: null }] })}\n\n`;
const ANSWER = JSON.stringify({
  id: 'c2', object: 'chat.completion', created: 0, model: 'gpt-st',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
});

let h: Harness;
let upstream: http.Server;
let open = 0;

/** Streams without end as fast as its socket takes it (a JSON request gets a short answer). */
async function serve(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
  if (!JSON.parse(body).stream) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(ANSWER);
    return;
  }
  open++;
  res.on('close', () => { open--; });
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  while (!res.destroyed) {
    if (!res.write(CHUNK)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  }
}

beforeAll(async () => {
  h = await startHarness({ config: { limits: { upstreamIdleTimeoutMs: 1_500 } } });
  upstream = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => void serve(req, res, body));
  });
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  const port = (upstream.address() as AddressInfo).port;
  await h.app.service.createProvider({ id: 'st', name: 'stall', type: 'openai-compatible', base_url: `http://127.0.0.1:${port}/v1` });
  await h.app.service.createModel({ provider_id: 'st', model_name: 'gpt-st', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 100_000 });
  // one request at a time to this provider: a slot held for ever would show at once
  await h.app.service.updateSettings({ upstream_connections: 1 });
});
afterAll(async () => {
  upstream?.closeAllConnections();
  upstream?.close();
  await h?.close();
});

function post(body: unknown): http.ClientRequest {
  const { port } = new URL(h.url);
  const req = http.request({
    host: '127.0.0.1', port: Number(port), path: '/v1/chat/completions', method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
  });
  req.end(JSON.stringify(body));
  return req;
}

describe('a client that stops reading', () => {
  it('is cut off after the idle timeout, freeing the upstream and its pool slot', async () => {
    const req = post({ model: 'st/gpt-st', stream: true, messages: [{ role: 'user', content: 'go' }] });
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    expect(res.statusCode).toBe(200);
    res.pause();
    const closed = once(res.socket, 'close');
    await sleep(300);
    expect(open).toBe(1);

    // the only slot is taken: a second request waits for it
    const started = Date.now();
    const second = post({ model: 'st/gpt-st', messages: [{ role: 'user', content: 'hi' }] });
    const [answer] = (await once(second, 'response')) as [IncomingMessage];
    let text = '';
    for await (const c of answer) text += String(c);
    expect(answer.statusCode, text).toBe(200);
    expect(JSON.parse(text).choices[0].message.content).toBe('ok');
    // served once the stalled stream was cut (about 1.5 s after its socket filled), not never
    expect(Date.now() - started).toBeGreaterThan(500);
    // the cut reaches the client once it reads again: its stream ends there
    res.resume();
    await closed;
    expect(open).toBe(0);

    // its usage row is there, as a client that left
    const page = await h.app.service.listRequests({ limit: 5 });
    expect(page.requests.find((r) => r.status === 499 || r.error_kind === 'client_closed')).toBeDefined();
  }, 30_000);
});
