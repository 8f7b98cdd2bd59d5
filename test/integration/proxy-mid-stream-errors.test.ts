// A provider failing after its stream began: the client's stream ends with the error typed as the
// provider typed it (a rate limit or an overload is worth waiting for: clients pick their retry by
// it), in the client's own API, forwarded or translated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, postJson } from './helpers/app-harness';
import { usageRows } from './helpers/usage-csv';
import { modelOf, startRawUpstream, type RawUpstream } from './helpers/raw-upstream';

let h: Harness;
let upstream: RawUpstream;
/** answers JSON requests with its headers and half a body, then nothing */
let stalling: RawUpstream;

const sse = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

beforeAll(async () => {
  h = await startHarness();
  upstream = await startRawUpstream((body, res) => {
    // the model asked for is the error type the upstream fails with after its first words
    const failWith = modelOf(body);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(
      sse('message_start', { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 5, cache_read_input_tokens: 3000, output_tokens: 1 } } })
      + sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })
      + sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Partial' } })
      + sse('error', { type: 'error', error: { type: failWith, message: 'slow down' } }),
    );
  });
  stalling = await startRawUpstream((_body, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"Part');
  });
  await h.app.service.createProvider({ id: 'stall', name: 'Stalling Anthropic', type: 'anthropic', base_url: stalling.origin, api_key: 'sk-ant-stall-0123456789abcdef', enabled: true });
  await h.app.service.createModel({ provider_id: 'stall', model_name: 'm', input_cost_per_1m: 3, output_cost_per_1m: 15, context_length: 128000, capabilities: ['chat'] });
  await h.app.service.createProvider({ id: 'flaky', name: 'Flaky Anthropic', type: 'anthropic', base_url: upstream.origin, api_key: 'sk-ant-flaky-0123456789abcdef', enabled: true });
  // a model per error type: three failures in a row cool a model down
  for (const type of ['rate_limit_error', 'overloaded_error', 'api_error']) {
    await h.app.service.createModel({ provider_id: 'flaky', model_name: type, input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 128000, capabilities: ['chat'] });
  }
});

afterAll(async () => {
  await h?.close();
  await upstream?.close();
  await stalling?.close();
});

const post = (path: string, body: unknown) => postJson(h, path, body);

function lastData(text: string): any {
  const blocks = text.split('\n\n').filter((b) => b.trim() !== '');
  return JSON.parse(/^data: (.*)$/m.exec(blocks.at(-1)!)![1]!);
}

describe('a provider failing mid-stream', () => {
  it.each([
    ['rate_limit_error', 'rate_limit_exceeded'],
    ['overloaded_error', 'server_error'],
  ])('%s reaches an Anthropic client as its type, and a Responses client as %s', async (type, responsesCode) => {
    const anthropic = await post('/v1/messages', { model: `flaky/${type}`, max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(anthropic.status).toBe(200);
    expect(anthropic.text).toContain('Partial');
    expect(lastData(anthropic.text)).toEqual({ type: 'error', error: { type, message: expect.stringContaining('slow down') } });

    const responses = await post('/v1/responses', { model: `flaky/${type}`, input: 'hi', stream: true, store: false });
    expect(responses.status).toBe(200);
    expect(lastData(responses.text)).toMatchObject({ type: 'response.failed', response: { status: 'failed', error: { code: responsesCode } } });

    const chat = await post('/v1/chat/completions', { model: `flaky/${type}`, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(chat.status).toBe(200);
    expect(chat.text).toContain(`"type":"${type}"`);
  });

  it('is billed for the prompt as the provider counted it up front, cached part included, and an estimated output', async () => {
    const res = await post('/v1/messages', { model: 'flaky/api_error', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const row = (await usageRows(h.app)).find((r) => r.request_id === res.headers.get('x-switchboard-request-id'))!;
    // message_start said 5 fresh and 3,000 cached tokens; Switchboard's own count of "hi" is a handful, none cached
    expect(row).toMatchObject({ status: '200', input_tokens: '3005', cached_input_tokens: '3000', estimated: 'true' });
    expect(row.error_kind).not.toBe('');
    expect(Number(row.output_tokens)).toBeGreaterThan(0);
  });

  it('a client leaving a non-streamed request while the provider answers is billed for its prompt, estimated', async () => {
    const abort = new AbortController();
    const sent = fetch(`${h.url}/v1/messages`, {
      method: 'POST', signal: abort.signal,
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'stall/m', max_tokens: 50, messages: [{ role: 'user', content: 'word '.repeat(2000) }] }),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    abort.abort();
    await sent.catch(() => undefined);
    let row: Record<string, string> | undefined;
    for (let i = 0; i < 50 && !row; i++) {
      row = (await usageRows(h.app)).find((r) => r.model_id === 'stall/m');
      if (!row) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(row).toMatchObject({ status: '499', error_kind: 'client_closed', estimated: 'true', output_tokens: '0' });
    expect(Number(row!.input_tokens)).toBeGreaterThan(1000);
    expect(Number(row!.cost_usd)).toBeGreaterThan(0);
  });
});
