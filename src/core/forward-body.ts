// Same format in and out forwards the client's body with a few top-level fields changed (`model`,
// usage options, a provider's quirks). Serialising the whole body again costs more than parsing it
// (~2 us a KB: strings full of quotes and newlines take JSON.stringify's slow path), so the top-level
// values that did not change go out as the client's own bytes, found by one scan that jumps from
// string to string. Prompts are where the bytes are, and they never change. The same goes for an
// answer that echoes members of the request (the Responses API's instructions and tools).
import { isJsonObject } from './json-object';

/** The client's body as received: its bytes and the object JSON.parse made of them. */
export interface RawJsonBody {
  bytes: Uint8Array;
  parsed: Record<string, unknown>;
  /** where its top-level values lie, once scanned (null: the bytes are not one object); shared by everything reusing them */
  members?: Map<string, [number, number]> | null;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const isSpace = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

class NotAnObject extends Error {}

/** Index just past the string that opens at `at` (a quote). */
function stringEnd(b: Uint8Array, at: number): number {
  let i = at + 1;
  for (;;) {
    i = b.indexOf(QUOTE, i);
    if (i < 0) throw new NotAnObject();
    let backslashes = 0;
    for (let k = i - 1; b[k] === BACKSLASH; k--) backslashes++;
    if ((backslashes & 1) === 0) return i + 1;
    i++;
  }
}

/** Index just past the value that starts at `at`. */
function valueEnd(b: Uint8Array, at: number): number {
  const c = b[at];
  if (c === QUOTE) return stringEnd(b, at);
  if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
    // a number, true, false or null: up to the next separator
    let i = at;
    while (i < b.length && b[i] !== COMMA && b[i] !== CLOSE_BRACE && !isSpace(b[i])) i++;
    return i;
  }
  let depth = 0;
  for (let i = at; i < b.length;) {
    const d = b[i];
    if (d === QUOTE) {
      i = stringEnd(b, i);
      continue;
    }
    if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
    else if ((d === CLOSE_BRACE || d === CLOSE_BRACKET) && --depth === 0) return i + 1;
    i++;
  }
  throw new NotAnObject();
}

/** The key whose quoted text lies at [from, to). */
function decodeKey(b: Uint8Array, from: number, to: number): string {
  let key = '';
  for (let i = from + 1; i < to - 1; i++) {
    const c = b[i]!;
    if (c >= 0x80 || c === BACKSLASH) return JSON.parse(new TextDecoder().decode(b.subarray(from, to))) as string;
    key += String.fromCharCode(c);
  }
  return key;
}

/**
 * Where each top-level member's value lies in the bytes of a JSON object: key -> [start, end). A key
 * given twice keeps its last value, as JSON.parse does. Null when the bytes are not one JSON object.
 */
export function topLevelValues(b: Uint8Array): Map<string, [number, number]> | null {
  const out = new Map<string, [number, number]>();
  let i = 0;
  const skipSpace = (): void => {
    while (isSpace(b[i])) i++;
  };
  /** the object closed at i - 1: only space may follow */
  const closed = (): Map<string, [number, number]> | null => {
    skipSpace();
    return i === b.length ? out : null;
  };
  try {
    skipSpace();
    if (b[i++] !== OPEN_BRACE) return null;
    skipSpace();
    if (b[i] === CLOSE_BRACE) {
      i++;
      return closed();
    }
    for (;;) {
      if (b[i] !== QUOTE) return null;
      const keyEnd = stringEnd(b, i);
      const key = decodeKey(b, i, keyEnd);
      i = keyEnd;
      skipSpace();
      if (b[i++] !== COLON) return null;
      skipSpace();
      const start = i;
      i = valueEnd(b, i);
      out.set(key, [start, i]);
      skipSpace();
      const sep = b[i++];
      if (sep === CLOSE_BRACE) return closed();
      if (sep !== COMMA) return null;
      skipSpace();
    }
  } catch (err) {
    if (err instanceof NotAnObject) return null;
    throw err;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Below this size JSON.stringify of a whole body costs less than the scan and the copy (~5 us fixed,
 * then 0.5 us a KB against 2.5), so small bodies are serialised as before.
 */
export const REUSE_MIN_BYTES = 8 * 1024;

const worthReusing = (raw: RawJsonBody | undefined): raw is RawJsonBody => raw !== undefined && raw.bytes.length >= REUSE_MIN_BYTES;

/** One scan per body, shared by whatever reuses its members (the forward, an answer that echoes them). */
function rangesOf(raw: RawJsonBody): Map<string, [number, number]> | null {
  if (raw.members === undefined) raw.members = topLevelValues(raw.bytes);
  return raw.members;
}

/** The client's own bytes for its top-level member `key`, when `value` is still that member. */
export function rawMember(raw: RawJsonBody | undefined, key: string, value: unknown): Uint8Array | undefined {
  if (!worthReusing(raw) || value !== raw.parsed[key] || !Object.prototype.hasOwnProperty.call(raw.parsed, key)) return undefined;
  const range = rangesOf(raw)?.get(key);
  return range ? raw.bytes.subarray(range[0], range[1]) : undefined;
}

/**
 * rawMember as text, for answers built as text such as a stream's events: a member the client wrote
 * across lines is none (an event's data is one line; JSON.stringify writes no line breaks).
 */
export function rawMemberText(raw: RawJsonBody | undefined, key: string, value: unknown): string | undefined {
  const bytes = rawMember(raw, key, value);
  return bytes && !bytes.includes(0x0a) && !bytes.includes(0x0d) ? decoder.decode(bytes) : undefined;
}

/**
 * `body` as JSON, meaning what JSON.stringify(body) means (an UpstreamHttpRequest's `body` or `bytes`).
 * With `raw` (of at least REUSE_MIN_BYTES), each top-level value that is still the client's member of the same name (the same
 * object, or an equal primitive) is copied from the client's bytes instead: a shallow edit of the
 * client's body costs a scan, not a serialisation. A value changed in place deep inside would go out
 * stale, so callers copy what they change (they do: the forward builders spread the client's body
 * and replace whole fields).
 */
export function serializeForward(body: Record<string, unknown>, raw: RawJsonBody | undefined): { body: string } | { bytes: Uint8Array } {
  if (!worthReusing(raw) || !rangesOf(raw)) return { body: JSON.stringify(body) };
  // members in order, each as its `"key":` text and its value: client bytes, or JSON text
  const parts: (string | Uint8Array)[] = [];
  let bound = 2;
  for (const key of Object.keys(body)) {
    const value = body[key];
    let encoded: string | Uint8Array | undefined = rawMember(raw, key, value);
    if (!encoded) {
      encoded = JSON.stringify(value);
      // undefined, functions and symbols: JSON.stringify leaves the member out
      if (encoded === undefined) continue;
    }
    const name = `${parts.length > 0 ? ',' : ''}${JSON.stringify(key)}:`;
    parts.push(name, encoded);
    // a UTF-16 unit takes at most 3 bytes in UTF-8
    bound += name.length * 3 + (typeof encoded === 'string' ? encoded.length * 3 : encoded.length);
  }
  const out = new Uint8Array(bound);
  out[0] = OPEN_BRACE;
  let at = 1;
  for (const part of parts) {
    if (typeof part === 'string') at += encoder.encodeInto(part, out.subarray(at)).written;
    else {
      out.set(part, at);
      at += part.length;
    }
  }
  out[at++] = CLOSE_BRACE;
  return { bytes: out.subarray(0, at) };
}

/** Members at least this long are worth reusing in an answer that echoes the request. */
const ECHO_WORTH_CHARS = 256;

/**
 * An answer that repeats members of the client's request (the Responses API echoes instructions and
 * tools) as JSON, reusing the client's bytes for them; any other answer as JSON.stringify makes it.
 */
export function serializeAnswer(answer: unknown, raw: RawJsonBody | undefined): { body: string } | { bytes: Uint8Array } {
  if (worthReusing(raw) && isJsonObject(answer)) {
    for (const key of Object.keys(answer)) {
      const value = answer[key];
      const big = (typeof value === 'object' && value !== null) || (typeof value === 'string' && value.length >= ECHO_WORTH_CHARS);
      if (big && value === raw.parsed[key]) return serializeForward(answer, raw);
    }
  }
  return { body: JSON.stringify(answer) };
}
