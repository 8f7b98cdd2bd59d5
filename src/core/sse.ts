// Incremental Server-Sent Events parser (WHATWG EventSource rules) and formatter.
// It sits on the streaming hot path and faces upstreams we do not control, so it is linear in its
// input: each chunk is searched once for line ends, and a line cut across chunks is kept as pieces
// and joined once when it ends. Two limits bound what a
// hostile upstream can make it hold or do (sizes are in characters of decoded text, which equal
// bytes for the ASCII JSON providers stream):
// - one event (its data lines plus an unfinished line) may hold at most `maxEventChars`
//   (default 64 MiB, as large as a whole answer read at once: a 4K image from Gemini's image
//   models is 8-10 MB of base64 in one event, and Responses' image_generation_call repeats its image).
//   Each data line and each piece of a cut line is charged what it costs the heap beyond its
//   characters (LINE_COST, PIECE_COST), so an event of tiny lines or tiny pieces holds about the
//   limit in memory, not many times it (`data:x` lines would cost 64 bytes of rope for 2 characters);
// - a whole stream may bring at most `maxStreamChars` (default 128 MiB: a 128k-token answer takes
//   about a quarter of that), so an upstream that never stops is stopped.
// Past either, push() throws SseLimitError and the parser must not be used again.
import type { SseEvent } from './canonical';

export interface SseLimits {
  maxEventChars?: number;
  maxStreamChars?: number;
}

export const DEFAULT_MAX_EVENT_CHARS = 64 * 1024 * 1024;
export const DEFAULT_MAX_STREAM_CHARS = 128 * 1024 * 1024;

export class SseLimitError extends Error {
  constructor(readonly kind: 'event_too_large' | 'stream_too_large', readonly limit: number) {
    super(kind === 'event_too_large'
      ? `stream event larger than ${limit} bytes`
      : `stream longer than ${limit} bytes`);
    this.name = 'SseLimitError';
  }
}

export interface SseParser {
  /** feed the next piece of the stream; returns the events it completed. Throws SseLimitError past a limit. */
  push(chunk: string): SseEvent[];
  /** the stream closed: flush a last event that had no blank line after it */
  end(): SseEvent[];
}

const LF = 10;
const SPACE = 32;
const BOM = '\uFEFF';
/**
 * Heap a data line holds beyond its characters, at most, on 64-bit V8 without pointer compression
 * (Node's; Electron's compressed pointers cost less): two 32-byte rope nodes for `${data}\n${value}`
 * and the value's own 32-byte string (a slice, or a short copy: header and padding).
 */
const LINE_COST = 96;
/** Heap a piece of an unfinished line holds beyond its characters: string header, padding, array slot */
const PIECE_COST = 40;

export function createSseParser(limits: SseLimits = {}): SseParser {
  const maxEvent = limits.maxEventChars ?? DEFAULT_MAX_EVENT_CHARS;
  const maxStream = limits.maxStreamChars ?? DEFAULT_MAX_STREAM_CHARS;
  /** pieces of a line whose end has not arrived yet */
  let partial: string[] = [];
  let partialChars = 0;
  let streamChars = 0;
  let started = false;
  /** the previous chunk ended in CR: a LF at the start of the next one belongs to it */
  let skipLeadingLf = false;
  // appending to a string is O(1) in V8 (a rope, flattened once when read), so data lines join linearly
  let data = '';
  let hasData = false;
  /** what this event may still hold: the limit less LINE_COST for each of its data lines */
  let room = maxEvent;
  let eventName: string | undefined;

  function dispatch(out: SseEvent[]): void {
    if (hasData) out.push(eventName === undefined ? { data } : { event: eventName, data });
    data = '';
    hasData = false;
    room = maxEvent;
    eventName = undefined;
  }

  function checkEvent(): void {
    if (data.length + partialChars > room) throw new SseLimitError('event_too_large', maxEvent);
  }

  function processLine(line: string, out: SseEvent[]): void {
    if (line.length === 0) {
      dispatch(out);
      return;
    }
    const colon = line.indexOf(':');
    if (colon === 0) return; // comment (keep-alive)
    let field: string;
    let value: string;
    if (colon < 0) {
      field = line;
      value = '';
    } else {
      field = line.slice(0, colon);
      value = line.slice(line.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1);
    }
    if (field === 'data') {
      data = hasData ? `${data}\n${value}` : value;
      hasData = true;
      room -= LINE_COST;
      if (data.length > room) throw new SseLimitError('event_too_large', maxEvent);
    } else if (field === 'event') {
      eventName = value;
    }
    // `id` and `retry` matter to reconnecting browsers only
  }

  /** The line ending at `eol` in `chunk`, with the pieces that came before it. */
  function takeLine(chunk: string, pos: number, eol: number): string {
    const tail = chunk.slice(pos, eol);
    if (partial.length === 0) return tail;
    partial.push(tail);
    const line = partial.join('');
    partial = [];
    partialChars = 0;
    return line;
  }

  function push(input: string): SseEvent[] {
    const out: SseEvent[] = [];
    let chunk = input;
    if (chunk.length === 0) return out;
    streamChars += chunk.length;
    if (streamChars > maxStream) throw new SseLimitError('stream_too_large', maxStream);
    if (!started) {
      started = true;
      if (chunk.startsWith(BOM)) chunk = chunk.slice(1);
    }
    if (skipLeadingLf) {
      skipLeadingLf = false;
      if (chunk.charCodeAt(0) === LF) chunk = chunk.slice(1);
    }
    const len = chunk.length;
    let pos = 0;
    let nextLf = chunk.indexOf('\n');
    // most streams never use CR: one failed search covers the whole chunk
    let nextCr = chunk.indexOf('\r');
    while (pos < len) {
      if (nextLf !== -1 && nextLf < pos) nextLf = chunk.indexOf('\n', pos);
      if (nextCr !== -1 && nextCr < pos) nextCr = chunk.indexOf('\r', pos);
      let eol: number;
      let next: number;
      if (nextCr === -1 || (nextLf !== -1 && nextLf < nextCr)) {
        if (nextLf === -1) break;
        eol = nextLf;
        next = eol + 1;
      } else {
        eol = nextCr;
        if (eol + 1 < len) {
          next = chunk.charCodeAt(eol + 1) === LF ? eol + 2 : eol + 1;
        } else {
          next = eol + 1;
          skipLeadingLf = true;
        }
      }
      processLine(takeLine(chunk, pos, eol), out);
      pos = next;
    }
    if (pos < len) {
      partial.push(pos === 0 ? chunk : chunk.slice(pos));
      partialChars += len - pos + PIECE_COST;
      checkEvent();
    }
    return out;
  }

  function end(): SseEvent[] {
    const out: SseEvent[] = [];
    if (partial.length > 0) processLine(takeLine('', 0, 0), out);
    skipLeadingLf = false;
    dispatch(out);
    return out;
  }

  return { push, end };
}

/** One SSE event as text; multi-line data becomes several `data:` lines. */
export function formatSse(data: string, event?: string): string {
  const head = event === undefined ? '' : `event: ${event}\n`;
  if (data.indexOf('\n') === -1 && data.indexOf('\r') === -1) return `${head}data: ${data}\n\n`;
  return `${head}data: ${data.split(/\r\n|\r|\n/).join('\ndata: ')}\n\n`;
}
