// A chat client that asked `stream_options.include_usage` is owed, as OpenAI sends it, a last chunk with
// `choices: []` and `usage` before `[DONE]` (Continue, aider and LiteLLM meter from it). An OpenAI-compatible
// upstream forwarded as is (llama-server) may ignore the option and send none: the client then gets Switchboard's
// chunk, named as the stream's other chunks, with the figures its usage row records. Only when it asked, only when
// none came, only on a stream that ended normally. Real proxy on 127.0.0.1; the upstream is the fake OpenAI server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityEntryOf, RM, startRoutingHarness, type RoutingHarness } from './helpers/routing-harness';
import { startHarness, type Harness } from './helpers/app-harness';
import { modelOf, startRawUpstream, type RawUpstream } from './helpers/raw-upstream';

/** the upstream idle timeout of the raw upstream's Switchboard: a stream read on past its [DONE] fails after it */
const IDLE_MS = 1_000;

let h: RoutingHarness;
/** a Switchboard in front of `raw`, an OpenAI-compatible server of this file's own that sends no usage */
let hr: Harness;
let raw: RawUpstream;
/** raw's streams whose connection was closed (by Switchboard, or by raw itself) */
let rawClosed = 0;
/** the connections raw's `later` streams came on */
const laterSockets = new Set<unknown>();

const rawChunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'chatcmpl-raw', object: 'chat.completion.chunk', created: 1700000000, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

beforeAll(async () => {
  h = await startRoutingHarness();
  hr = await startHarness({ config: { limits: { upstreamIdleTimeoutMs: IDLE_MS } } });
  raw = await startRawUpstream((body, res, req) => {
    res.on('close', () => rawClosed++);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const answer = rawChunk({ role: 'assistant', content: '' }) + rawChunk({ content: 'all of it' }) + rawChunk({}, 'stop');
    const model = modelOf(body);
    // Groq's shape: its usage only under `x_groq` on the last chunk (the finish's), never a top-level `usage`
    if (model === 'groq') {
      const last = { id: 'chatcmpl-raw', object: 'chat.completion.chunk', created: 1700000000, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], x_groq: { id: 'req_1', usage: { queue_time: 0.01, prompt_tokens: 12, prompt_time: 0.1, completion_tokens: 3, completion_time: 0.2, total_tokens: 15, total_time: 0.3 } } };
      res.end(rawChunk({ role: 'assistant', content: '' }) + rawChunk({ content: 'all of it' }) + `data: ${JSON.stringify(last)}\n\ndata: [DONE]\n\n`);
      return;
    }
    // breaks off after its finish_reason, before any [DONE]
    if (model === 'cut') {
      res.write(answer, () => res.socket?.destroy());
      return;
    }
    res.write(`${answer}data: [DONE]\n\n`);
    // `drop`: the connection is dropped a moment after [DONE]; `open`: it is left open, nothing more sent; `later`: the
    // response ends a moment after [DONE], in a read of its own (the chunked body's last chunk), as servers often send it
    if (model === 'drop') setTimeout(() => res.socket?.destroy(), 100);
    if (model === 'later') {
      laterSockets.add(req.socket);
      setTimeout(() => res.end(), 20);
    }
  });
  await hr.app.service.createProvider({ id: 'raw', name: 'Raw', type: 'openai-compatible', base_url: `${raw.origin}/v1`, api_key: 'sk-raw-0123456789abcdef' });
  for (const name of ['open', 'drop', 'cut', 'later', 'groq']) {
    await hr.app.service.createModel({ provider_id: 'raw', model_name: name, input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 128000, capabilities: ['chat'] });
  }
});
afterAll(async () => {
  await h?.close();
  await hr?.close();
  await raw?.close();
});

/** A streamed chat request; the answer's `data:` payloads in order, and the response for its activity entry. */
async function streamChat(streamOptions?: Record<string, unknown>): Promise<{ res: Response; events: string[] }> {
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
    body: JSON.stringify({ model: RM.mid, stream: true, messages: [{ role: 'user', content: 'hi' }], ...(streamOptions ? { stream_options: streamOptions } : {}) }),
  });
  expect(res.status).toBe(200);
  const text = await res.text();
  const events = text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice('data: '.length));
  return { res, events };
}

const usageChunks = (events: string[]) => events.filter((e) => e !== '[DONE]').map((e) => JSON.parse(e)).filter((c) => c.usage);

describe('a chat stream whose upstream sends no usage', () => {
  it('ends with a usage chunk before [DONE] when the client asked for it, with the row\'s figures', async () => {
    h.resetFakes();
    h.mid.faults.push({ kind: 'no-usage' });
    const { res, events } = await streamChat({ include_usage: true });
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    const last = chunks.at(-1);
    const first = chunks[0];
    expect(last).toMatchObject({ id: first.id, object: 'chat.completion.chunk', created: first.created, model: first.model, choices: [] });
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
    expect(usageChunks(events)).toHaveLength(1);

    const entry = await activityEntryOf(h.app, res);
    expect(entry.estimated).toBe(true);
    expect(entry.input_tokens).toBeGreaterThan(0);
    expect(entry.output_tokens).toBeGreaterThan(0);
    expect(last.usage).toEqual({ prompt_tokens: entry.input_tokens, completion_tokens: entry.output_tokens, total_tokens: entry.input_tokens + entry.output_tokens });
  });

  it('sends none when the client did not ask, and only the provider\'s when it sent one', async () => {
    h.resetFakes();
    h.mid.faults.push({ kind: 'no-usage' });
    const unasked = await streamChat();
    expect(usageChunks(unasked.events)).toHaveLength(0);
    expect(unasked.events.at(-1)).toBe('[DONE]');

    const stated = await streamChat({ include_usage: true });
    const given = usageChunks(stated.events);
    expect(given).toHaveLength(1);
    expect(given[0].usage).toMatchObject({ prompt_tokens: 21, completion_tokens: 7, total_tokens: 28 });
    expect(stated.events.at(-1)).toBe('[DONE]');
  });

});

/** A streamed request to the raw upstream's `model` (ends the test, not hangs it, past 10 s); its `data:` payloads. */
async function streamRaw(model: string, path = '/v1/chat/completions'): Promise<{ res: Response; events: string[] }> {
  const res = await fetch(`${hr.url}${path}`, {
    method: 'POST', signal: AbortSignal.timeout(10_000),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${hr.token}`, 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: `raw/${model}`, stream: true, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], ...(path === '/v1/chat/completions' ? { stream_options: { include_usage: true } } : {}) }),
  });
  expect(res.status).toBe(200);
  const text = await res.text();
  return { res, events: text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice('data: '.length)) };
}

describe('a Groq stream stating its usage under x_groq only', () => {
  it("ends with a usage chunk before [DONE] carrying Groq's own figures, which the row records", async () => {
    const { res, events } = await streamRaw('groq');
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    // Groq's own last chunk goes out as it came, then the chunk a chat client reads usage from
    expect(chunks.at(-2)).toMatchObject({ choices: [{ finish_reason: 'stop' }], x_groq: { usage: { prompt_tokens: 12 } } });
    expect(chunks.at(-1)).toEqual({
      id: 'chatcmpl-raw', object: 'chat.completion.chunk', created: 1700000000, model: 'm', choices: [],
      usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
    });
    expect(chunks.filter((c) => c.usage)).toHaveLength(1);
    expect(await activityEntryOf(hr.app, res)).toMatchObject({ status: 200, error_kind: null, estimated: false, input_tokens: 12, output_tokens: 3 });
  });
});

describe("an upstream's [DONE] ends its stream", () => {
  it.each(['open', 'drop'])('%s after [DONE]: the client gets the usage chunk and [DONE], the row no error; the upstream connection is closed', async (model) => {
    const before = rawClosed;
    const { res, events } = await streamRaw(model);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    expect(chunks.some((c) => c.error)).toBe(false);
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
    const entry = await activityEntryOf(hr.app, res);
    expect(entry).toMatchObject({ status: 200, error_kind: null, estimated: true });
    expect(chunks.at(-1)).toEqual({
      id: 'chatcmpl-raw', object: 'chat.completion.chunk', created: 1700000000, model: 'm', choices: [],
      usage: { prompt_tokens: entry.input_tokens, completion_tokens: entry.output_tokens, total_tokens: entry.input_tokens + entry.output_tokens },
    });
    // nothing past [DONE] is relayed, and the connection is not left hanging: closed once the rest of the response has
    // had its moment (DRAIN_AFTER_DONE_MS)
    for (let i = 0; i < 250 && rawClosed === before; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(rawClosed).toBe(before + 1);
  });

  it('a response that ends a moment after its [DONE] leaves its connection for the next request (kept alive, not closed)', async () => {
    for (let i = 0; i < 3; i++) {
      const { events } = await streamRaw('later');
      expect(events.at(-1)).toBe('[DONE]');
      // the response's end has had its moment to come before the next request is sent
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(laterSockets.size).toBe(1);
  });

  it('translated for an Anthropic client, a connection left open after [DONE] ends the answer with message_stop, no error', async () => {
    const { res, events } = await streamRaw('open', '/v1/messages');
    const types = events.map((e) => JSON.parse(e).type);
    expect(types).not.toContain('error');
    expect(types.at(-1)).toBe('message_stop');
    expect(await activityEntryOf(hr.app, res)).toMatchObject({ status: 200, error_kind: null });
  });

  it('a stream that breaks off after its finish_reason but before [DONE] gets no usage chunk and no [DONE], but an error', async () => {
    const { res, events } = await streamRaw('cut');
    expect(events).not.toContain('[DONE]');
    const chunks = events.map((e) => JSON.parse(e));
    expect(chunks.filter((c) => c.usage)).toHaveLength(0);
    expect(chunks.at(-1)).toMatchObject({ error: { message: expect.stringContaining('broke off') } });
    expect((await activityEntryOf(hr.app, res)).error_kind).toBe('stream');
  });
});
