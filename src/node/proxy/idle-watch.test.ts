// The upstream idle timeout through relayStream: once the answer began, a stream that sends only keep-alive
// comments (bytes, so undici's bodyTimeout never runs out) ends after idleTimeoutMs with the client's error
// event; events coming keep it going; the wait before the answer stays timeout_ms's (answer-deadline.ts).
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UpstreamFailure, type InboundCodec } from '../../core/canonical';
import { createAnthropicStreamDecoder } from '../../core/providers/anthropic/stream-decoder';
import { createOpenAIStreamDecoder } from '../../core/providers/openai/stream-decoder';
import { relayStream } from './stream-relay';
import { chunk, encoder, fakeRes, START } from '../../../test/mocks/relay-kit';

const COMMENT = ': keepalive\n\n';
const END = chunk({}, 'stop') + 'data: [DONE]\n\n';

afterEach(() => { vi.useRealTimers(); });

/** a relay over a body fed by hand, on a fake clock (setImmediate stays real: it lets the stream's reads through) */
function relayIdle(opts: { idleTimeoutMs?: number; firstEventBy?: { at: number; timeoutMs: number }; decoder?: typeof createOpenAIStreamDecoder } = {}) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  const res = fakeRes();
  const body = new PassThrough();
  const done = relayStream({
    res, body, signal: new AbortController().signal, decoder: (opts.decoder ?? createOpenAIStreamDecoder)(), encoder, codec: {} as InboundCodec,
    headers: {}, includeUsage: true, startedAt: Date.now(), idleTimeoutMs: opts.idleTimeoutMs ?? 1_000, hiddenThinkingMs: 100_000,
    ...(opts.firstEventBy ? { firstEventBy: opts.firstEventBy } : {}),
  });
  const feed = async (sse: string): Promise<void> => {
    body.write(sse);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  /** `ms` of keep-alive comments, one every 100 ms */
  const comments = async (ms: number): Promise<void> => {
    for (let t = 0; t < ms; t += 100) {
      await feed(COMMENT);
      await vi.advanceTimersByTimeAsync(100);
    }
  };
  return { res, body, done, feed, comments };
}

describe('relayStream, the idle timeout after the answer began', () => {
  it('keep-alive comments alone after the first content: the client gets an error event once idleTimeoutMs passes, the upstream is cut', async () => {
    const { res, body, done, feed, comments } = relayIdle({ idleTimeoutMs: 1_000 });
    await feed(START + chunk({ content: 'hi' }));
    await comments(900);
    expect(body.destroyed).toBe(false);
    await comments(200);
    expect(body.destroyed).toBe(true);
    const out = await done;
    expect(out.error).toMatchObject({ kind: 'timeout', reachable: true, message: 'upstream timed out: its stream sent no event for 1000 ms (keep-alive comments are no event)' });
    expect(res.status).toBe(200);
    expect(res.out.join('').trim().split('\n')).toEqual(['start', 'text-delta:hi', `fail:${out.error!.message}`]);
  });

  it('events keep it going: each one starts the wait again, however long the whole answer takes', async () => {
    const { res, body, done, feed, comments } = relayIdle({ idleTimeoutMs: 1_000 });
    await feed(START + chunk({ content: 'a' }));
    for (let i = 0; i < 5; i++) {
      await comments(800);
      await feed(chunk({ content: 'b' }));
    }
    body.end(END);
    const out = await done;
    expect(out.error).toBeNull();
    expect(res.out.join('').trim().split('\n')).toEqual(['start', 'text-delta:a', ...Array(5).fill('text-delta:b'), 'finish', 'end']);
  });

  it('silence with no byte at all (undici\'s bodyTimeout) ends it the same way: a timeout the row can tell', async () => {
    const { res, body, done, feed } = relayIdle({ idleTimeoutMs: 60_000 });
    await feed(START + chunk({ content: 'hi' }));
    body.destroy(Object.assign(new Error('Body Timeout Error'), { code: 'UND_ERR_BODY_TIMEOUT' }));
    const out = await done;
    expect(out.error).toMatchObject({ kind: 'timeout', reachable: true, message: 'upstream timed out: it sent no byte for 60000 ms' });
    expect(res.out.join('')).toContain(`fail:${out.error!.message}`);
  });

  it('before the answer, keep-alive comments are timeout_ms\'s to judge (answer-deadline.ts), not the idle timeout\'s', async () => {
    const { res, body, done, feed, comments } = relayIdle({ idleTimeoutMs: 1_000, firstEventBy: { at: Date.now() + 5_000, timeoutMs: 5_000 } });
    await feed(START);
    await comments(3_000);
    expect(body.destroyed).toBe(false);
    body.end(chunk({ content: 'late' }) + END);
    expect((await done).error).toBeNull();
    expect(res.out.join('')).toContain('text-delta:late');
  });

  it('the model at work before its answer (an Anthropic thinking block begun), then comments only: a timeout that fails over', async () => {
    const ev = (type: string, fields: Record<string, unknown> = {}): string => `event: ${type}\ndata: ${JSON.stringify({ type, ...fields })}\n\n`;
    const { res, body, done, feed, comments } = relayIdle({
      idleTimeoutMs: 1_000, firstEventBy: { at: Date.now() + 5_000, timeoutMs: 5_000 }, decoder: createAnthropicStreamDecoder,
    });
    const failed = done.catch((e: unknown) => e);
    await feed(ev('message_start', { message: { id: 'msg_1', model: 'claude', usage: { input_tokens: 3, output_tokens: 1 } } })
      + ev('content_block_start', { index: 0, content_block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} } }));
    await comments(1_200);
    expect(body.destroyed).toBe(true);
    const err = await failed;
    expect(err).toBeInstanceOf(UpstreamFailure);
    expect((err as UpstreamFailure).error).toMatchObject({ kind: 'timeout', reachable: true });
    expect(res.out).toEqual([]);
  });

  it('a stream whose events all come costs no timer before its answer and clears the one it armed', async () => {
    const { body, done, feed } = relayIdle({ idleTimeoutMs: 1_000 });
    await feed(START + chunk({ content: 'hi' }));
    body.end(END);
    expect((await done).error).toBeNull();
    // the body's end, read on after its [DONE] (drain-after-done.ts), clears the drain's timer
    await new Promise((resolve) => setImmediate(resolve));
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('relayStream, the idle timeout while the client does not read', () => {
  it('a full client socket holds the watch: the upstream is not read meanwhile, so its silence is not a provider timeout', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const base = fakeRes();
    let full = true;
    const listeners = new Map<string, () => void>();
    const res = Object.assign(base, {
      write(t: string) { base.out.push(t); return !full; },
      on(event: string, fn: () => void) { listeners.set(event, fn); return res; },
      off(event: string) { listeners.delete(event); return res; },
    });
    const body = new PassThrough();
    const done = relayStream({
      res: res as never, body, signal: new AbortController().signal, decoder: createOpenAIStreamDecoder(), encoder, codec: {} as InboundCodec,
      headers: {}, includeUsage: true, startedAt: Date.now(), idleTimeoutMs: 1_000, hiddenThinkingMs: 100_000, clientStallMs: 60_000,
    });
    const settle = async (): Promise<void> => { for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r)); };
    body.write(START + chunk({ content: 'hi' }));
    await settle();
    // the client reads nothing for 5 idle timeouts: the relay waits on it, not on the provider
    await vi.advanceTimersByTimeAsync(5_000);
    expect(body.destroyed).toBe(false);
    full = false;
    listeners.get('drain')?.();
    await settle();
    body.end(END);
    const out = await done;
    expect(out.error).toBeNull();
    expect(res.out.join('').trim().split('\n')).toEqual(['start', 'text-delta:hi', 'finish', 'end']);
  });
});
