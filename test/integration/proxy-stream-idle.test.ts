// An upstream stream that, after its first content, sends nothing but SSE comments (`: keepalive` every 100 ms):
// bytes keep undici's idle timeout from running out, but no event comes, so after the upstream idle timeout
// the client's stream ends with its API's error event, the upstream request is cut, and the usage row says
// `timeout`. Real proxy on 127.0.0.1; the provider is a small server of this file's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { usageRows, type UsageRow } from './helpers/usage-csv';
import { modelOf, startRawUpstream, type RawUpstream } from './helpers/raw-upstream';

const IDLE_MS = 800;

let h: Harness;
let upstream: RawUpstream;
/** the upstream requests whose connection Switchboard closed */
let closed = 0;

const chunk = (delta: Record<string, unknown>): string =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;

beforeAll(async () => {
  h = await startHarness({ config: { limits: { upstreamIdleTimeoutMs: IDLE_MS } } });
  upstream = await startRawUpstream((body, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    // model `well`: a whole answer
    if (modelOf(body) === 'well') {
      res.end(chunk({ role: 'assistant', content: 'fine' }) + 'data: [DONE]\n\n');
      return;
    }
    res.write(chunk({ role: 'assistant', content: '' }) + chunk({ content: 'first' }));
    const keepAlive = setInterval(() => res.write(': keepalive\n\n'), 100);
    res.on('close', () => {
      clearInterval(keepAlive);
      closed++;
    });
  });
  await h.app.service.createProvider({ id: 'ka', name: 'Keep-alive only', type: 'openai-compatible', base_url: `${upstream.origin}/v1`, api_key: 'sk-ka-0123456789abcdef' });
  for (const name of ['m', 'well']) {
    await h.app.service.createModel({ provider_id: 'ka', model_name: name, input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 128000, capabilities: ['chat'] });
  }
});

afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

/** A streamed request to ka/m; fails the test (instead of hanging it) if the stream has not ended in 10 s. */
async function stream(path: string, body: Record<string, unknown>, model = 'ka/m'): Promise<{ text: string; ms: number; id: string }> {
  const started = Date.now();
  const res = await fetch(`${h.url}${path}`, {
    method: 'POST', signal: AbortSignal.timeout(10_000),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}`, 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model, stream: true, ...body }),
  });
  expect(res.status).toBe(200);
  const text = await res.text();
  return { text, ms: Date.now() - started, id: res.headers.get('x-switchboard-request-id')! };
}

async function rowOf(id: string): Promise<UsageRow> {
  for (let i = 0; i < 50; i++) {
    const row = (await usageRows(h.app)).find((r) => r.request_id === id);
    if (row) return row;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no usage row for ${id}`);
}

describe('keep-alive comments only after the first content', () => {
  it('a chat client gets the content, then an error chunk once the idle timeout passes; the stream ends, the row says timeout', async () => {
    const before = closed;
    const { text, ms, id } = await stream('/v1/chat/completions', { messages: [{ role: 'user', content: 'hi' }] });
    expect(text).toContain('"content":"first"');
    const events = text.split('\n\n').filter((e) => e.startsWith('data: ') && e !== 'data: [DONE]').map((e) => JSON.parse(e.slice(6)));
    expect(events.at(-1)).toMatchObject({ error: { type: 'timeout_error', message: expect.stringContaining(`no event for ${IDLE_MS} ms`) } });
    expect(ms).toBeGreaterThanOrEqual(IDLE_MS);
    expect(await rowOf(id)).toMatchObject({ status: '200', model_id: 'ka/m', error_kind: 'timeout' });
    // the upstream request was cut, not left sending keep-alives
    for (let i = 0; i < 50 && closed === before; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(before + 1);
  });

  it('an Anthropic client (translated) gets its error event, and no message_stop', async () => {
    const { text, id } = await stream('/v1/messages', { max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(text).toContain('"text":"first"');
    expect(text).toContain('event: error');
    expect(text).toMatch(/"type":"timeout_error","message":"[^"]*no event for 800 ms/);
    expect(text).not.toContain('event: message_stop');
    expect(await rowOf(id)).toMatchObject({ status: '200', error_kind: 'timeout' });
  });

  it('counts against that model alone: the provider answered, so its other models are not held back', async () => {
    await h.app.service.updateRoutingRules({ cooldown_failures: 1 });
    const hi = { messages: [{ role: 'user', content: 'hi' }] };
    expect((await stream('/v1/chat/completions', hi)).text).toContain('timeout_error');
    const other = await stream('/v1/chat/completions', hi, 'ka/well');
    expect(other.text).toContain('"content":"fine"');
    // ka/m itself sits out its cooldown
    const again = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
      body: JSON.stringify({ model: 'ka/m', stream: true, ...hi }),
    });
    expect(again.status).toBe(503);
  });
});
