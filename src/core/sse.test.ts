import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SseEvent } from './canonical';
import { createSseParser, DEFAULT_MAX_EVENT_CHARS, formatSse, SseLimitError } from './sse';

function parseAll(chunks: string[]): SseEvent[] {
  const p = createSseParser();
  const out: SseEvent[] = [];
  for (const c of chunks) out.push(...p.push(c));
  out.push(...p.end());
  return out;
}

const SAMPLE = [
  ': keep-alive comment',
  'event: message_start',
  'data: {"type":"message_start"}',
  '',
  'data: first line',
  'data: second line',
  '',
  'data:no-space',
  'id: 7',
  'retry: 1000',
  '',
  'event: ping',
  'data: {"type": "ping"}',
  '',
  'data: [DONE]',
  '',
  '',
].join('\n');

const EXPECTED: SseEvent[] = [
  { event: 'message_start', data: '{"type":"message_start"}' },
  { data: 'first line\nsecond line' },
  { data: 'no-space' },
  { event: 'ping', data: '{"type": "ping"}' },
  { data: '[DONE]' },
];

describe('createSseParser', () => {
  it('parses events, names, multi-line data, comments and fields without a space', () => {
    expect(parseAll([SAMPLE])).toEqual(EXPECTED);
  });

  it('handles CRLF and lone CR line endings', () => {
    expect(parseAll([SAMPLE.replace(/\n/g, '\r\n')])).toEqual(EXPECTED);
    expect(parseAll([SAMPLE.replace(/\n/g, '\r')])).toEqual(EXPECTED);
  });

  it('gives the same events however the stream is split', () => {
    for (const text of [SAMPLE, SAMPLE.replace(/\n/g, '\r\n'), SAMPLE.replace(/\n/g, '\r')]) {
      for (let i = 0; i <= text.length; i++) {
        expect(parseAll([text.slice(0, i), text.slice(i)])).toEqual(EXPECTED);
      }
      expect(parseAll(text.split(''))).toEqual(EXPECTED);
    }
  });

  it('splits a CRLF pair across chunks without producing an extra blank line', () => {
    const events = parseAll(['data: a\r', '\ndata: b\r', '\n\r', '\n']);
    expect(events).toEqual([{ data: 'a\nb' }]);
  });

  it('flushes a final event that has no blank line after it', () => {
    expect(parseAll(['data: {"a":1}\n'])).toEqual([{ data: '{"a":1}' }]);
    expect(parseAll(['event: done\ndata: x'])).toEqual([{ event: 'done', data: 'x' }]);
  });

  it('returns events as soon as they are complete', () => {
    const p = createSseParser();
    expect(p.push('data: one\n')).toEqual([]);
    expect(p.push('\ndata: tw')).toEqual([{ data: 'one' }]);
    expect(p.push('o\n\n')).toEqual([{ data: 'two' }]);
    expect(p.end()).toEqual([]);
  });

  it('dispatches an empty data field but not an event without data', () => {
    expect(parseAll(['data:\n\n'])).toEqual([{ data: '' }]);
    expect(parseAll(['event: lonely\n\n: comment\n\n'])).toEqual([]);
  });

  it('treats a line without a colon as a field with an empty value', () => {
    expect(parseAll(['data\n\n'])).toEqual([{ data: '' }]);
  });

  it('strips a leading byte order mark', () => {
    expect(parseAll(['\uFEFFdata: x\n\n'])).toEqual([{ data: 'x' }]);
  });

  it('keeps the colon-space rule: only one leading space is removed', () => {
    expect(parseAll(['data:  two spaces\n\n'])).toEqual([{ data: ' two spaces' }]);
  });

  it('reads a realistic chat stream in network-sized pieces looking at each character a bounded number of times', () => {
    const chunk = `data: ${JSON.stringify({
      id: 'chatcmpl-x', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini',
      choices: [{ index: 0, delta: { content: 'Hello world, ' }, finish_reason: null }],
    })}\n\n`;
    const text = chunk.repeat(2_000);
    // network-sized pieces (about 16 KiB, and one character more) that cut events at arbitrary places
    const cut = (size: number): string[] => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
    const whole = parseAll([text]);
    expect(whole).toHaveLength(2_000);
    expect(parseAll(cut(16_382))).toEqual(whole);
    // what indexOf really reads (up to the hit, or to the end on a miss): speed is `npm run bench`'s, the
    // shape is here; a parser that searched again for a CR the chunk lacks, once per line, reads ~100x the text
    let read = 0;
    const real = String.prototype.indexOf;
    vi.spyOn(String.prototype, 'indexOf').mockImplementation(function (this: string, search: string, from?: number) {
      const start = Math.max(0, from ?? 0);
      const at = real.call(this, search, start);
      read += (at === -1 ? this.length : at + search.length) - start;
      return at;
    });
    let events: SseEvent[];
    try {
      events = parseAll(cut(16_381));
    } finally {
      vi.restoreAllMocks();
    }
    expect(events).toEqual(whole);
    // one pass for LF, one failed pass for CR, and each line's colon
    expect(read).toBeLessThan(3 * text.length);
  });
});

describe('createSseParser limits', () => {
  afterEach(() => vi.restoreAllMocks());

  /** characters String.prototype.indexOf may look at during fn (from its start index to the end) */
  function scannedBy(fn: () => void): number {
    let scanned = 0;
    const real = String.prototype.indexOf;
    vi.spyOn(String.prototype, 'indexOf').mockImplementation(function (this: string, search: string, from?: number) {
      scanned += this.length - Math.max(0, from ?? 0);
      return real.call(this, search, from);
    });
    fn();
    vi.restoreAllMocks();
    return scanned;
  }

  it('searches each character a bounded number of times however an event is cut (linear, not quadratic)', () => {
    const big = `data: ${'x'.repeat(4 * 1024 * 1024)}\n\n`;
    const p = createSseParser();
    let events = 0;
    const scanned = scannedBy(() => {
      for (let i = 0; i < big.length; i += 4096) events += p.push(big.slice(i, i + 4096)).length;
    });
    expect(events).toBe(1);
    // two searches (LF, CR) per chunk plus the colon: a quadratic parser scans ~2,000x the input here
    expect(scanned).toBeLessThan(4 * big.length);
  });

  it('refuses an event larger than the cap, counted across chunks and data lines', () => {
    const p = createSseParser({ maxEventChars: 1000 });
    expect(p.push(`data: ${'a'.repeat(600)}\n`)).toEqual([]);
    expect(() => p.push(`data: ${'b'.repeat(600)}\n`)).toThrow(SseLimitError);
    const q = createSseParser({ maxEventChars: 10_000 });
    q.push('data: ');
    for (let i = 0; i < 9; i++) q.push('c'.repeat(1000));
    let err: unknown;
    try { q.push('c'.repeat(2000)); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(SseLimitError);
    expect(err).toMatchObject({ kind: 'event_too_large', limit: 10_000 });
  });

  /** pushes made before the parser refuses the event, at most `most` (then the bound did not hold) */
  function pushesUntilRefused(p: ReturnType<typeof createSseParser>, chunk: () => string, most: number): number {
    for (let n = 0; n < most; n++) {
      try {
        p.push(chunk());
      } catch (e) {
        expect(e).toMatchObject({ kind: 'event_too_large', limit: DEFAULT_MAX_EVENT_CHARS });
        return n;
      }
    }
    return most;
  }

  it('holds an event of tiny data lines to about its limit in memory, not many times it (default cap)', () => {
    // each data line costs the heap a rope node or two (32 bytes each) beyond its characters: counted
    // by characters alone, `data:x` lines held ~1.2 GB before the 64 MiB cap; each line is charged now,
    // so the event is refused before its lines' ropes (64 bytes a line) pass the limit
    const most = DEFAULT_MAX_EVENT_CHARS / 64;
    for (const line of ['data:x\n', 'data\n', 'data: {}\n']) {
      const perChunk = 4096;
      const chunk = line.repeat(perChunk);
      const pushes = pushesUntilRefused(createSseParser(), () => chunk, Math.ceil(most / perChunk) + 1);
      expect(pushes * perChunk, line).toBeLessThanOrEqual(most);
    }
  });

  it('holds a line cut into tiny pieces to about its limit in memory (default cap)', () => {
    // each piece of an unfinished line is a string and an array slot beyond its characters
    const p = createSseParser();
    p.push('data: ');
    const most = DEFAULT_MAX_EVENT_CHARS / 32;
    const pushes = pushesUntilRefused(p, () => 'x', most + 1);
    expect(pushes).toBeLessThanOrEqual(most);
  });

  it('still takes one data line of 10 MB, whole or in network-sized pieces, at the default cap', () => {
    const big = `data: ${'A'.repeat(10 * 1024 * 1024)}\n\n`;
    expect(createSseParser().push(big)[0]?.data.length).toBe(10 * 1024 * 1024);
    const p = createSseParser();
    const events: SseEvent[] = [];
    for (let i = 0; i < big.length; i += 16_384) events.push(...p.push(big.slice(i, i + 16_384)));
    expect(events.map((e) => e.data.length)).toEqual([10 * 1024 * 1024]);
  });

  it('lets any number of events under the cap through, the cap applying to each', () => {
    const p = createSseParser({ maxEventChars: 1000 });
    let n = 0;
    for (let i = 0; i < 100; i++) n += p.push(`data: ${'a'.repeat(900)}\n\n`).length;
    expect(n).toBe(100);
  });

  it('stops a stream past its byte budget, comments and all', () => {
    const p = createSseParser({ maxStreamChars: 10_000 });
    let err: unknown;
    try {
      for (let i = 0; i < 1000; i++) p.push(': keep-alive\n\ndata: {}\n\n');
    } catch (e) { err = e; }
    expect(err).toBeInstanceOf(SseLimitError);
    expect(err).toMatchObject({ kind: 'stream_too_large', limit: 10_000 });
  });
});

describe('formatSse', () => {
  it('formats data and named events', () => {
    expect(formatSse('{"a":1}')).toBe('data: {"a":1}\n\n');
    expect(formatSse('{"type":"ping"}', 'ping')).toBe('event: ping\ndata: {"type":"ping"}\n\n');
  });

  it('splits multi-line data into several data lines, which parse back to the same text', () => {
    const text = formatSse('a\nb\r\nc', 'x');
    expect(text).toBe('event: x\ndata: a\ndata: b\ndata: c\n\n');
    expect(parseAll([text])).toEqual([{ event: 'x', data: 'a\nb\nc' }]);
  });
});
