// The keep-alive a silent Ollama or LM Studio stream's client is sent (silentKeepAliveMs) never outlives
// the relay: a stream whose only content is in its last, unterminated event commits after the relay
// settled, and must start no timer then (one started there was never cleared).
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InboundCodec } from '../../core/canonical';
import { createOpenAIStreamDecoder } from '../../core/providers/openai/stream-decoder';
import { chunk, encoder, fakeRes, START } from '../../../test/mocks/relay-kit';
import { relayStream } from './stream-relay';

afterEach(() => vi.restoreAllMocks());

describe('the silent-stream keep-alive', () => {
  it('is not started by a commit after the stream settled (content only in the last, unterminated event)', async () => {
    const started = vi.spyOn(globalThis, 'setInterval');
    const cleared = vi.spyOn(globalThis, 'clearInterval');
    const res = fakeRes();
    const last = chunk({ content: 'hi' }, 'stop').replace(/\n\n$/, '');
    await relayStream({
      res, body: Readable.from([Buffer.from(START), Buffer.from(last)]), signal: new AbortController().signal,
      decoder: createOpenAIStreamDecoder(), encoder, codec: {} as InboundCodec, headers: {}, includeUsage: true,
      startedAt: Date.now(), silentKeepAliveMs: 50,
    });
    expect(res.out.join('')).toContain('text-delta:hi');
    // every interval the relay started is cleared by the time it returns
    expect(cleared.mock.calls.length).toBeGreaterThanOrEqual(started.mock.calls.length);
    expect(started).not.toHaveBeenCalled();
  });

  it('is started by a commit while the stream runs, and stopped when it ends', async () => {
    const started = vi.spyOn(globalThis, 'setInterval');
    const cleared = vi.spyOn(globalThis, 'clearInterval');
    const res = fakeRes();
    await relayStream({
      res, body: Readable.from([Buffer.from(START), Buffer.from(chunk({ content: 'hi' })), Buffer.from(chunk({}, 'stop'))]), signal: new AbortController().signal,
      decoder: createOpenAIStreamDecoder(), encoder, codec: {} as InboundCodec, headers: {}, includeUsage: true,
      startedAt: Date.now(), silentKeepAliveMs: 50,
    });
    expect(started).toHaveBeenCalledTimes(1);
    expect(cleared).toHaveBeenCalledWith(started.mock.results[0]!.value);
  });
});
