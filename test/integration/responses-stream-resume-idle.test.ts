// A resumed background Responses stream (GET /v1/responses/{id}?stream=true) whose provider, after an event,
// sends nothing but SSE comments (`: keepalive` every 100 ms): bytes keep undici's idle timeout from running
// out, but no event comes, so after the upstream idle timeout the client's stream ends with the Responses
// error events and the upstream request is cut (before: the client waited forever). Real proxy on 127.0.0.1;
// the provider is the fake Responses provider behind a small server of this file's own, which answers the
// resumed stream itself.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { startFakeOpenAIResponses, type FakeResponsesProvider } from '../mocks/fake-openai-responses';

const IDLE_MS = 800;

let h: Harness;
let fake: FakeResponsesProvider;
let front: Server;
/** the resumed streams whose connection Switchboard closed */
let closed = 0;

beforeAll(async () => {
  // Switchboard's own asks would move the fake's background responses on
  h = await startHarness({ config: { limits: { upstreamIdleTimeoutMs: IDLE_MS, backgroundSettle: { firstMs: 600_000, maxMs: 600_000 } } } });
  fake = await startFakeOpenAIResponses({ apiKey: KEYS.openai });
  const origin = new URL(fake.url).origin;
  front = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => void (async () => {
      const headers: Record<string, string> = { authorization: String(req.headers.authorization) };
      if (req.method === 'POST') headers['content-type'] = 'application/json';
      const up = await fetch(`${origin}${req.url}`, { method: req.method, headers, ...(req.method === 'POST' ? { body: Buffer.concat(body) } : {}) });
      const text = await up.text();
      if (req.method !== 'GET' || !req.url!.includes('stream=true')) {
        res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json' });
        return void res.end(text);
      }
      // the resumed stream: its first event, then keep-alive comments only
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`${text.split('\n\n')[0]}\n\n`);
      const keepAlive = setInterval(() => res.write(': keepalive\n\n'), 100);
      res.on('close', () => {
        clearInterval(keepAlive);
        closed++;
      });
    })());
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const port = (front.address() as { port: number }).port;
  await h.app.service.createProvider({ id: 'kr', name: 'Keep-alive resume', type: 'openai-compatible', base_url: `http://127.0.0.1:${port}/v1`, api_key: KEYS.openai });
  await h.app.service.createModel({
    provider_id: 'kr', model_name: 'gpt-resp-fake', input_cost_per_1m: 2, output_cost_per_1m: 8, context_length: 400000, capabilities: ['chat'], api: 'responses',
  });
});

afterAll(async () => {
  await h?.close();
  front?.closeAllConnections();
  await new Promise((resolve) => front?.close(resolve));
  await fake?.close();
});

describe('a resumed background stream that sends only keep-alive comments after its first event', () => {
  it('ends with the error events once the idle timeout passes, and the upstream request is cut', async () => {
    const made = await rawRequest(`${h.url}/v1/responses`, {
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'kr/gpt-resp-fake', input: 'hi', stream: true, background: true }),
    });
    expect(made.status, made.text).toBe(200);
    const created = JSON.parse(made.text.split('\n').find((l) => l.startsWith('data: '))!.slice(6)).response;
    const id = created.id as string;

    const started = Date.now();
    // fails the test (instead of hanging it) if the stream has not ended in 10 s; no upper bound on the time (a loaded machine)
    const res = await fetch(`${h.url}/v1/responses/${id}?stream=true&starting_after=1`, {
      headers: { authorization: `Bearer ${h.token}` }, signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    const ms = Date.now() - started;
    const events = text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)));
    expect(events[0]).toMatchObject({ sequence_number: 2 });
    expect(events.at(-2)).toMatchObject({ type: 'error', sequence_number: 3, code: 'server_error', message: expect.stringContaining(`no event for ${IDLE_MS} ms`) });
    expect(events.at(-1)).toMatchObject({ type: 'response.failed', sequence_number: 4, response: { id, model: created.model, status: 'failed' } });
    expect(ms).toBeGreaterThanOrEqual(IDLE_MS);
    // the upstream request was cut, not left sending keep-alives
    for (let i = 0; i < 50 && closed === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(1);
  });
});
