// Incremental Server-Sent Events parser (WHATWG EventSource rules) and formatter.
// It sits on the streaming hot path, so lines are found with indexOf, never char by char.
import type { SseEvent } from './canonical';

export interface SseParser {
  /** feed the next piece of the stream; returns the events it completed */
  push(chunk: string): SseEvent[];
  /** the stream closed: flush a last event that had no blank line after it */
  end(): SseEvent[];
}

const LF = 10;
const SPACE = 32;
const BOM = '\uFEFF';

export function createSseParser(): SseParser {
  let buf = '';
  let started = false;
  /** the previous chunk ended in CR: a LF at the start of the next one belongs to it */
  let skipLeadingLf = false;
  let data = '';
  let hasData = false;
  let eventName: string | undefined;

  function dispatch(out: SseEvent[]): void {
    if (hasData) out.push(eventName === undefined ? { data } : { event: eventName, data });
    data = '';
    hasData = false;
    eventName = undefined;
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
      data = hasData ? data + '\n' + value : value;
      hasData = true;
    } else if (field === 'event') {
      eventName = value;
    }
    // `id` and `retry` matter to reconnecting browsers only
  }

  function push(chunk: string): SseEvent[] {
    const out: SseEvent[] = [];
    if (chunk.length === 0) return out;
    if (!started) {
      started = true;
      if (chunk.startsWith(BOM)) chunk = chunk.slice(1);
    }
    if (skipLeadingLf) {
      skipLeadingLf = false;
      if (chunk.charCodeAt(0) === LF) chunk = chunk.slice(1);
    }
    buf = buf.length === 0 ? chunk : buf + chunk;
    const len = buf.length;
    let pos = 0;
    let nextLf = buf.indexOf('\n');
    // most streams never use CR: one failed search covers the whole buffer
    let nextCr = buf.indexOf('\r');
    while (pos < len) {
      if (nextLf !== -1 && nextLf < pos) nextLf = buf.indexOf('\n', pos);
      if (nextCr !== -1 && nextCr < pos) nextCr = buf.indexOf('\r', pos);
      let eol: number;
      let next: number;
      if (nextCr === -1 || (nextLf !== -1 && nextLf < nextCr)) {
        if (nextLf === -1) break;
        eol = nextLf;
        next = eol + 1;
      } else {
        eol = nextCr;
        if (eol + 1 < len) {
          next = buf.charCodeAt(eol + 1) === LF ? eol + 2 : eol + 1;
        } else {
          next = eol + 1;
          skipLeadingLf = true;
        }
      }
      processLine(buf.slice(pos, eol), out);
      pos = next;
    }
    buf = pos === 0 ? buf : buf.slice(pos);
    return out;
  }

  function end(): SseEvent[] {
    const out: SseEvent[] = [];
    if (buf.length > 0) processLine(buf, out);
    buf = '';
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

