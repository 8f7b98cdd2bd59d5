// The relay's timeout_ms deadline (answer-deadline.ts) through relayStream: until the model's answer begins or it
// is visibly at work (a reasoning item, a thinking block, a server tool), a stream that sends only the provider's
// events fails as a timeout before anything reached the client, and fails over.
import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UpstreamFailure, type InboundCodec, type StreamDecoder, type StreamEncoder } from '../../core/canonical';
import { responsesEventKind } from '../../core/plain-delta';
import { createAnthropicStreamDecoder } from '../../core/providers/anthropic/stream-decoder';
import { createResponsesStreamDecoder } from '../../core/providers/openai-responses/stream-decoder';
import { createOpenAIStreamDecoder } from '../../core/providers/openai/stream-decoder';
import { relayStream } from './stream-relay';
import { chunk, encoder, fakeRes, START } from '../../../test/mocks/relay-kit';

describe('relayStream, the try\'s timeout_ms after the headers', () => {
  /** keep-alive comments every 20 ms, then `then` (or nothing more) */
  function slowBody(comments: number, then?: string): Readable {
    return Readable.from((async function* () {
      for (let i = 0; i < comments; i++) {
        await new Promise((r) => setTimeout(r, 20));
        yield Buffer.from(': OPENROUTER PROCESSING\n\n');
      }
      if (then) yield Buffer.from(then);
      else await new Promise((r) => setTimeout(r, 10_000));
    })());
  }
  const relayBy = (body: Readable, ms: number, using = encoder) => relayStream({
    res: fakeRes(), body, signal: new AbortController().signal, decoder: createOpenAIStreamDecoder(), encoder: using,
    codec: {} as InboundCodec, headers: {}, includeUsage: true, startedAt: Date.now(), firstEventBy: { at: Date.now() + ms, timeoutMs: ms },
  });

  it('keep-alive comments alone are no answer: a timeout before anything reached the client (it fails over)', async () => {
    const body = slowBody(100);
    const err = await relayBy(body, 150).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamFailure);
    expect((err as UpstreamFailure).error).toMatchObject({ kind: 'timeout', reachable: true });
    expect(body.destroyed).toBe(true);
  });

  it('a first event in the read that brought the headers costs no timer (the hot path)', async () => {
    const body = new PassThrough();
    body.end(START + chunk({ content: 'hi' }) + chunk({}, 'stop'));
    const timers = vi.spyOn(globalThis, 'setTimeout');
    try {
      const out = await relayBy(body, 1000);
      expect(out.error).toBeNull();
      expect(timers).not.toHaveBeenCalled();
    } finally {
      timers.mockRestore();
    }
  });

  it.each([
    ['a role chunk', START],
    ['a role chunk, then keep-alive comments', START + ': OPENROUTER PROCESSING\n\n'],
  ])('%s is no answer begun: content after timeout_ms is too late, a timeout before anything reached the client', async (_what, first) => {
    const res = fakeRes();
    const body = Readable.from((async function* () {
      yield Buffer.from(first);
      await new Promise((r) => setTimeout(r, 250));
      yield Buffer.from(chunk({ content: 'late' }) + chunk({}, 'stop'));
    })());
    const err = await relayStream({
      res, body, signal: new AbortController().signal, decoder: createOpenAIStreamDecoder(), encoder,
      codec: {} as InboundCodec, headers: {}, includeUsage: true, startedAt: Date.now(), firstEventBy: { at: Date.now() + 100, timeoutMs: 100 },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamFailure);
    expect((err as UpstreamFailure).error).toMatchObject({ kind: 'timeout', reachable: true });
    expect(res.status).toBe(0);
    expect(res.out).toEqual([]);
  });

  it('thinking the client is shown nothing of, in time, is the model at work: content after timeout_ms is relayed', async () => {
    const hidesThinking: StreamEncoder = { ...encoder, encode: (p) => (p.type === 'reasoning-delta' ? '' : encoder.encode(p)) };
    const body = Readable.from((async function* () {
      yield Buffer.from(START + chunk({ reasoning: 'hmm' }));
      await new Promise((r) => setTimeout(r, 250));
      yield Buffer.from(chunk({ content: 'late' }) + chunk({}, 'stop'));
    })());
    const out = await relayBy(body, 100, hidesThinking);
    expect(out.error).toBeNull();
  });
});

describe('relayStream, the model at work before its answer (timeout_ms 100, failover window 1000)', () => {
  afterEach(() => { vi.useRealTimers(); });
  const ev = (type: string, fields: Record<string, unknown> = {}): string => `event: ${type}\ndata: ${JSON.stringify({ type, ...fields })}\n\n`;
  // a Responses reasoning model asked for no summary: its reasoning item begun, then nothing until the answer
  const shell = { id: 'resp_1', model: 'gpt-5', status: 'in_progress', output: [] };
  const RESPONSES_HEAD = ev('response.created', { response: shell }) + ev('response.in_progress', { response: shell });
  const REASONING = ev('response.output_item.added', { output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [] } });
  const RESPONSES_ANSWER = ev('response.output_item.done', { output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [] } })
    + ev('response.output_text.delta', { item_id: 'msg_1', output_index: 1, content_index: 0, delta: 'hi' })
    + ev('response.completed', { response: { ...shell, status: 'completed' } });
  const ANTHROPIC_HEAD = ev('message_start', { message: { id: 'msg_1', model: 'claude', usage: { input_tokens: 3, output_tokens: 1 } } }) + ev('ping');
  const block = (content_block: Record<string, unknown>): string => ev('content_block_start', { index: 0, content_block });
  const ANTHROPIC_ANSWER = ev('content_block_stop', { index: 0 }) + block({ type: 'text', text: '' }).replace('"index":0', '"index":1')
    + ev('content_block_delta', { index: 1, delta: { type: 'text_delta', text: 'hi' } }) + ev('content_block_stop', { index: 1 })
    + ev('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } }) + ev('message_stop');

  /** a relay over a body fed by hand, on a fake clock (setImmediate stays real: it lets the stream's reads through) */
  function atWork(decoder: StreamDecoder, forwarded = false) {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const res = fakeRes();
    const body = new PassThrough();
    const done = relayStream({
      res, body, signal: new AbortController().signal, decoder, encoder: forwarded ? null : encoder, codec: {} as InboundCodec,
      headers: {}, includeUsage: true, startedAt: Date.now(), firstEventBy: { at: Date.now() + 100, timeoutMs: 100 }, hiddenThinkingMs: 1000,
      ...(forwarded ? { forwardKind: responsesEventKind } : {}),
    });
    const feed = async (sse: string): Promise<void> => {
      body.write(sse);
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    };
    return { res, body, done, feed };
  }

  it.each([
    ['a Responses reasoning item begun (no summary asked for)', createResponsesStreamDecoder, RESPONSES_HEAD + REASONING, RESPONSES_ANSWER],
    ['an Anthropic thinking block begun, before its first delta', createAnthropicStreamDecoder, ANTHROPIC_HEAD + block({ type: 'thinking', thinking: '' }), ANTHROPIC_ANSWER],
    ['an Anthropic redacted_thinking block', createAnthropicStreamDecoder, ANTHROPIC_HEAD + block({ type: 'redacted_thinking', data: 'EmwKAhgB' }), ANTHROPIC_ANSWER],
  ])('%s ends the wait; as thinking the client is shown nothing of, it holds the stream back the failover window, then commits', async (_what, decoder, first, answer) => {
    const { res, body, done, feed } = atWork(decoder());
    await feed(first);
    await vi.advanceTimersByTimeAsync(500);
    expect(body.destroyed).toBe(false);
    expect(res.status).toBe(0);
    await vi.advanceTimersByTimeAsync(500);
    expect(res.status).toBe(200);
    body.end(answer);
    expect((await done).error).toBeNull();
    expect(res.out.join('')).toContain('text-delta:hi');
  });

  it('a server tool at work (Anthropic server_tool_use) ends the wait, but is no thinking: nothing commits the stream before the answer', async () => {
    const { res, body, done, feed } = atWork(createAnthropicStreamDecoder());
    await feed(ANTHROPIC_HEAD + block({ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} }));
    await vi.advanceTimersByTimeAsync(2000);
    expect(body.destroyed).toBe(false);
    expect(res.status).toBe(0);
    body.end(ANTHROPIC_ANSWER);
    expect((await done).error).toBeNull();
    expect(res.status).toBe(200);
  });

  it('forwarded (Responses to Responses), a reasoning item begun ends the wait, and every event goes out as it came', async () => {
    const { res, body, done, feed } = atWork(createResponsesStreamDecoder(), true);
    await feed(RESPONSES_HEAD + REASONING);
    await vi.advanceTimersByTimeAsync(2000);
    expect(body.destroyed).toBe(false);
    expect(res.status).toBe(0);
    body.end(RESPONSES_ANSWER);
    expect((await done).error).toBeNull();
    expect(res.out.join('')).toBe(RESPONSES_HEAD + REASONING + RESPONSES_ANSWER);
  });

  it.each([
    ['response.created and response.in_progress', createResponsesStreamDecoder, RESPONSES_HEAD],
    ['message_start and a ping', createAnthropicStreamDecoder, ANTHROPIC_HEAD],
  ])('%s alone are the provider\'s, not the model at work: a timeout before anything reached the client', async (_what, decoder, first) => {
    const { res, body, done, feed } = atWork(decoder());
    const failed = done.catch((e: unknown) => e);
    await feed(first);
    await vi.advanceTimersByTimeAsync(100);
    const err = await failed;
    expect((err as UpstreamFailure).error).toMatchObject({ kind: 'timeout' });
    expect(body.destroyed).toBe(true);
    expect(res.out).toEqual([]);
  });
});
