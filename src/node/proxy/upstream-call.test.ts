import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { UpstreamFailure } from '../../core/canonical';
import { UpstreamClient } from '../http/upstream-client';
import { readBodyText } from './upstream-call';
import { MAX_ANSWER_JSON_VALUES } from './body-guard';
import { logprobsAnswer } from '../../../test/fixtures/openai/logprobs-answer';

describe('readBodyText', () => {
  it('a body not whole by the try\'s deadline (headers and whitespace, then a stall) is a timeout, and dropped', async () => {
    const body = new PassThrough();
    body.write('\n');
    const err = await readBodyText(body, 100, { at: Date.now() + 50, timeoutMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamFailure);
    expect((err as UpstreamFailure).error).toMatchObject({ kind: 'timeout', reachable: true });
    expect(body.destroyed).toBe(true);
    // whole in time: the deadline is gone with it
    expect(await readBodyText(Readable.from([Buffer.from('{}')]), 100, { at: Date.now() + 50, timeoutMs: 50 })).toBe('{}');
  });

  it('a body whole in the read that brought the headers costs no timer (the hot path); one still coming is bounded', async () => {
    const whole = new PassThrough();
    whole.end('{"a":1}');
    const timers = vi.spyOn(globalThis, 'setTimeout');
    try {
      expect(await readBodyText(whole, 100, { at: Date.now() + 1000, timeoutMs: 1000 })).toBe('{"a":1}');
      expect(timers).not.toHaveBeenCalled();
    } finally {
      timers.mockRestore();
    }
    const half = new PassThrough();
    half.write('{"a":');
    const err = await readBodyText(half, 100, { at: Date.now() + 50, timeoutMs: 50 }).catch((e: unknown) => e);
    expect((err as UpstreamFailure).error).toMatchObject({ kind: 'timeout', reachable: true });
  });

  it('joins the chunks into text, a character split across them included', async () => {
    const euro = Buffer.from('€');
    expect(await readBodyText(Readable.from([Buffer.from('{"a":"'), euro.subarray(0, 1), euro.subarray(1), Buffer.from('"}')]), 100)).toBe('{"a":"€"}');
    expect(await readBodyText(Readable.from([Buffer.from('one')]), 100)).toBe('one');
    expect(await readBodyText(Readable.from([]), 100)).toBe('');
  });

  it('refuses a body past the limit and destroys it', async () => {
    const body = Readable.from([Buffer.alloc(60), Buffer.alloc(60)]);
    const err = await readBodyText(body, 100).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamFailure);
    expect((err as UpstreamFailure).error).toEqual({ kind: 'invalid_output', repeats: true, reachable: true, message: 'upstream response larger than 100 bytes' });
    expect(body.destroyed).toBe(true);
  });

  it('fails as the provider\'s when the body errors or is destroyed midway', async () => {
    const broken = new PassThrough();
    const reading = readBodyText(broken, 100);
    broken.write('par');
    broken.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const err = await reading.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamFailure);
    // the provider's headers came before its body: an answer cut short (this model's), not a provider out of reach
    expect((err as UpstreamFailure).error).toEqual({ kind: 'stream', reachable: true, message: 'upstream body broke off: socket hang up' });

    const cut = new PassThrough();
    const cutReading = readBodyText(cut, 100);
    cut.write('par');
    cut.destroy();
    const cutErr = await cutReading.catch((e: unknown) => e);
    expect(cutErr).toBeInstanceOf(UpstreamFailure);
    expect((cutErr as UpstreamFailure).error).toMatchObject({ kind: 'stream', reachable: true, message: expect.stringMatching(/^upstream body broke off: /) });
  });

  it('a body that stalls past undici\'s bodyTimeout is a timeout worded as a relayed stream\'s, naming the timeout it had', async () => {
    const stalled: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":');
    });
    await new Promise<void>((r) => stalled.listen(0, '127.0.0.1', r));
    const client = new UpstreamClient();
    try {
      const url = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}/x`;
      const res = await client.send({ url, method: 'GET', headers: {} }, { headersTimeoutMs: 5_000, bodyTimeoutMs: 200 });
      const err = await readBodyText(res.body, 100).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UpstreamFailure);
      // the stream relay says the same of the same silence (idle-watch.test.ts)
      expect((err as UpstreamFailure).error).toEqual({ kind: 'timeout', reachable: true, message: 'upstream timed out: it sent no byte for 200 ms' });
    } finally {
      stalled.closeAllConnections();
      await new Promise((r) => stalled.close(r));
      await client.close();
    }
  });

  it('refuses a body already read to its end or destroyed, instead of waiting for events that never come', async () => {
    const done = Readable.from([Buffer.from('x')]);
    await readBodyText(done, 10);
    expect(await readBodyText(done, 10).catch((e: unknown) => e)).toBeInstanceOf(UpstreamFailure);
    const gone = new PassThrough();
    gone.destroy();
    expect(await readBodyText(gone, 10).catch((e: unknown) => e)).toBeInstanceOf(UpstreamFailure);
  });

  it('JSON broader than an answer may be is a server failure before anyone parses it, not tried again on the model (but for an embeddings answer)', async () => {
    // in two chunks: the bound is counted over the whole body
    const broad = () => Readable.from([Buffer.from(`{"x":[${'1,'.repeat(MAX_ANSWER_JSON_VALUES / 2)}`), Buffer.from(`${'1,'.repeat(MAX_ANSWER_JSON_VALUES / 2)}1]}`)]);
    const err = await readBodyText(broad(), 64 * 1024 * 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamFailure);
    expect((err as UpstreamFailure).error).toEqual({ kind: 'server', repeats: true, message: 'upstream response holds more than 4,000,000 JSON values and keys' });
    expect((await readBodyText(broad(), 64 * 1024 * 1024, undefined, true)).length).toBe(MAX_ANSWER_JSON_VALUES * 2 + 9);
  });

  it('reads a logprobs answer broader than any request may be', async () => {
    const text = JSON.stringify(logprobsAnswer(3000));
    const half = text.length >> 1;
    expect(await readBodyText(Readable.from([Buffer.from(text.slice(0, half)), Buffer.from(text.slice(half))]), 64 * 1024 * 1024)).toBe(text);
  });
});
