// Hostile JSON that the endpoint parsers would otherwise let through to an upstream: absurd
// nesting (JSON.stringify overflows the stack on it), prototype keys, text that is not valid
// Unicode or carries NUL, and per-request upstream overrides in the style of LiteLLM's api_base.
import { RequestValidationError } from '../../core/canonical';
import { isJsonObject } from '../../core/json-object';
// deeper than any real request (tool schemas nest a dozen levels at most); a tool call's arguments are held to it too
import { MAX_JSON_DEPTH } from '../../core/tool-arguments-depth';

export { MAX_JSON_DEPTH };

/**
 * More objects and arrays than any real request holds: a recorded Claude Code, Codex or Gemini CLI turn
 * has ~130 in 50 KB, a tool ~10 (so Anthropic's largest tool-search catalog, 10,000 tools, ~130,000), and
 * 10,000 messages of a long session tens of thousands. 30 MB of `{},` is ten million: JSON.parse takes
 * seconds of the event loop over it and the result hundreds of MB; at this bound, ~100 ms.
 */
export const MAX_JSON_CONTAINERS = 250_000;

/**
 * More values and keys (counted as the commas and colons outside strings, which is never more) than any
 * real request holds: a recorded Claude Code, Codex or Gemini CLI turn has 300-600 in 50 KB, so 10,000 of
 * Claude Code's tools (Anthropic's largest tool-search catalog, 26 MB) ~416,000 and 10,000 of its messages
 * ~137,000. One object of 2,000,000 keys (24 MB) is one container, and JSON.parse, the checks below and
 * JSON.stringify held the event loop 5-7 s over it. At this bound (2 cores, loaded): an array of numbers
 * ~0.05 s, of small objects or 50,000 messages 0.1-0.2 s, one object of 250,000 keys or as many distinct
 * keys 0.5-1.3 s (distinct property names are what JSON.parse pays most for); the 26 MB catalog ~0.35 s.
 */
export const MAX_JSON_VALUES = 500_000;

/**
 * A provider's answer may be broader than a request: a chat answer with logprobs (top_logprobs 20) holds
 * ~180 values and keys and ~43 objects and arrays a token, so 3,000 tokens (3.6 MB) are ~540,000 values,
 * parsed in ~30 ms, and 16,384 (gpt-4o's most) ~3 million in ~0.2 s: its objects have two layouts (key
 * sequences), again and again. What holds the loop is objects of many layouts: V8 gives each its hidden
 * class, and JSON.parse slows down several times once more than about a thousand are in use (249,000
 * objects of 8 keys, 20 MB: 1,000 layouts 0.2 s, 4,000 1.8 s, 16,000 2.8 s; the same objects of one layout
 * ~0.1 s), and each key at its place in a layout is a transition made once (250,000 keys in one object
 * ~0.14 s, 1,000,000 ~0.75 s, the hunter's 4,000,000 in 50 MB 3.7-5.3 s). So an answer is held to few of
 * those and to a wider count of values, keys, objects and arrays. Near these bounds (2 cores, load 4-7):
 * 4,000,000 numbers 0.1-0.2 s, 1,000,000 small objects of one layout 0.35 s, 1,000,000 empty arrays
 * 0.15-0.2 s, 249,000 objects of 8 keys in 990 layouts 0.14 s, 990,000 of one key in 990 layouts 0.21 s,
 * one object of 49,900 keys 20-40 ms; logprobs answers of ~21,000 tokens (25 MB) pass. Counting layouts
 * adds ~0.4-0.6 of the parse's time to such an answer (3.6 MB: 22 ms to its 36), nothing under 6 KB.
 */
export const MAX_ANSWER_JSON_VALUES = 4_000_000;
export const MAX_ANSWER_JSON_CONTAINERS = 1_000_000;
/** distinct object layouts: key sequences objects end with */
export const MAX_ANSWER_JSON_LAYOUTS = 1_000;
/** distinct keys at their place in a layout: key sequences objects begin with */
export const MAX_ANSWER_JSON_KEYS = 50_000;

/** What JSON text may hold; `layouts` and `keys` (see above) are counted only when set. */
export interface JsonBreadth {
  containers: number;
  values: number;
  layouts?: { objects: number; keys: number };
}

export const REQUEST_BREADTH: JsonBreadth = { containers: MAX_JSON_CONTAINERS, values: MAX_JSON_VALUES };
export const ANSWER_BREADTH: JsonBreadth = {
  containers: MAX_ANSWER_JSON_CONTAINERS, values: MAX_ANSWER_JSON_VALUES, layouts: { objects: MAX_ANSWER_JSON_LAYOUTS, keys: MAX_ANSWER_JSON_KEYS },
};

const [OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, QUOTE, BACKSLASH, COMMA, COLON] = [0x7b, 0x7d, 0x5b, 0x22, 0x5c, 0x2c, 0x3a];

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * No JSON text this long (in bytes or UTF-16 units) can pass a bound: a container takes two bytes, a value
 * or key after a comma or colon at least one more, an object of its own layout at least six (`{"a":0}`).
 */
const shortestBroad = (b: JsonBreadth): number =>
  Math.min(b.containers * 2, b.values * 2, b.layouts === undefined ? Infinity : Math.max(b.layouts.objects * 6, LAYOUTS_FROM_BYTES));

/**
 * Layouts and keys are counted in text of at least this many bytes only: below it JSON.parse takes ~65-120 ms
 * at worst (1 MB of distinct one-key objects, or of 8-key objects in distinct orders), and the count's tables
 * (512 KB for the keys) cost ~45 us to make, which every answer of a few KB paid (739b84f).
 */
export const LAYOUTS_FROM_BYTES = 1_000_000;

// per process, so that no provider can choose key sequences that collide into one
const EMPTY_OBJECT = ((Math.random() * 0x7fffffff) | 0) | 1;

/** The key sequence `prefix` followed by the key whose bytes are from..to, as a non-zero 32-bit number (FNV-1a over both). */
function withKey(prefix: number, buf: Buffer, from: number, to: number): number {
  let h = Math.imul(prefix ^ (to - from), 0x01000193);
  for (let i = from; i < to; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return h | 1;
}

/**
 * The distinct key sequences seen, by hash (31 bits: two of 50,000 share one about every other answer that
 * holds so many, letting one more through), in an open-addressed table at least twice as large as the
 * bound: with a Set of numbers, counting cost ~80 ns a key, here ~20 (a logprobs answer is mostly keys).
 */
class SequenceCount {
  private readonly table: Int32Array;
  size = 0;
  constructor(bound: number) {
    this.table = new Int32Array(2 ** Math.ceil(Math.log2(bound * 2 + 2)));
  }
  add(h: number): void {
    const mask = this.table.length - 1;
    // the lowest bit is always set (0 marks a free slot)
    for (let i = (h >>> 1) & mask; ; i = (i + 1) & mask) {
      const at = this.table[i];
      if (at === h) return;
      if (at === 0) {
        this.table[i] = h;
        this.size++;
        return;
      }
    }
  }
}

/**
 * The bound the JSON text in `raw` passes, as what it holds more of ('more than 250,000 JSON objects and
 * arrays'); undefined within all. Cheap enough to run before JSON.parse: text too short to pass a bound is
 * not looked at, and strings are jumped over (a prompt may quote JSON or code; big bodies are mostly long
 * strings), but for a key's hash when layouts are counted. Counting stops at the first bound passed.
 * Text that is not JSON is counted as far as it goes.
 */
export function jsonTooBroad(raw: Uint8Array, bounds: JsonBreadth = REQUEST_BREADTH): string | undefined {
  if (raw.length <= shortestBroad(bounds)) return undefined;
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.length);
  const bound = raw.length >= LAYOUTS_FROM_BYTES ? bounds.layouts : undefined;
  const keys = bound === undefined ? undefined : new SequenceCount(bound.keys);
  const layouts = bound === undefined ? undefined : new SequenceCount(bound.objects);
  // the key sequence so far of each object open, innermost last
  const open: number[] = [];
  let containers = 0;
  let values = 0;
  // the last string read: a key when a colon follows
  let from = -1;
  let to = -1;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c === QUOTE) {
      const end = closingQuote(buf, i);
      if (end === -1) return undefined;
      from = i + 1;
      to = i = end;
    } else if (c === COMMA || c === COLON) {
      if (++values > bounds.values) return `more than ${count(bounds.values)} JSON values and keys`;
      if (c === COLON && keys !== undefined && to !== -1 && open.length > 0) {
        const sequence = withKey(open[open.length - 1]!, buf, from, to);
        open[open.length - 1] = sequence;
        keys.add(sequence);
        to = -1;
        if (keys.size > bound!.keys) return `more than ${count(bound!.keys)} distinct JSON object keys`;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++containers > bounds.containers) return `more than ${count(bounds.containers)} JSON objects and arrays`;
      if (c === OPEN_BRACE && layouts !== undefined) open.push(EMPTY_OBJECT);
    } else if (c === CLOSE_BRACE && layouts !== undefined && open.length > 0) {
      layouts.add(open.pop()!);
      if (layouts.size > bound!.objects) return `more than ${count(bound!.objects)} distinct JSON object layouts (key sequences)`;
    }
  }
  return undefined;
}

/**
 * The quote closing the string opened at `open`, or -1: found by searching from quote to quote, while
 * escaped ones are far apart on average (a search costs about what stepping over 20 bytes does); in a
 * string dense with them (`\"` after `\"`), by stepping through the rest.
 */
function closingQuote(buf: Buffer, open: number): number {
  let from = open + 1;
  for (let escapes = 1; ; escapes++) {
    const end = buf.indexOf(QUOTE, from);
    if (end === -1 || !escaped(buf, end)) return end;
    from = end + 1;
    if (escapes >= 64 && escapes * 32 > end - open) break;
  }
  for (let i = from; i < buf.length; i++) {
    const c = buf[i];
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  return -1;
}

/** Whether the quote at `at` is escaped: an odd number of backslashes before it. */
function escaped(buf: Buffer, at: number): boolean {
  let i = at - 1;
  while (buf[i] === BACKSLASH) i--;
  return (at - 1 - i) % 2 === 1;
}

/**
 * Throws RequestValidationError (a 400) when the JSON text in `raw` holds more than MAX_JSON_CONTAINERS
 * objects and arrays or MAX_JSON_VALUES values and keys (see jsonTooBroad), before it is parsed.
 */
export function assertFewContainers(raw: Uint8Array): void {
  const over = jsonTooBroad(raw);
  if (over !== undefined) throw new RequestValidationError(`the request holds ${over}`);
}

// `constructor` and `prototype` stay allowed: they are plausible property names in a tool's JSON schema,
// and nothing here merges request objects into others.
const PROTOTYPE_KEYS = new Set(['__proto__']);

/** Fields some proxies honour to redirect a request or swap its key; here the catalog decides that. */
const UPSTREAM_OVERRIDES = new Set([
  'api_base', 'base_url', 'api_key', 'api_version', 'custom_llm_provider', 'extra_headers',
]);

type MaybeWellFormed = { isWellFormed?: () => boolean };

function isWellFormed(s: string): boolean {
  // Node 20 has the native check (ES2024); the loop is for older runtimes
  const native = (s as unknown as MaybeWellFormed).isWellFormed;
  if (native) return !s.includes('\0') && native.call(s);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return false;
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    }
  }
  return true;
}

/**
 * Throws RequestValidationError (a 400) on the first hostile thing found; walks without recursion.
 * `raw`: the bytes `body` was parsed from (decoded as UTF-8), which lets most bodies skip the walk over
 * their strings (see canSkipStrings).
 */
export function assertSafeRequestJson(body: unknown, raw?: Buffer): void {
  if (isJsonObject(body)) {
    for (const key of Object.keys(body)) {
      if (UPSTREAM_OVERRIDES.has(key)) {
        throw new RequestValidationError(`'${key}' is not accepted: Switchboard chooses the upstream and its key from its own catalog`, key);
      }
    }
  }
  // nothing to find: done without visiting a string or building a path; else the full walk says what and where
  if (raw && canSkipStrings(raw) && shallowAndPlain(body)) return;
  walk(body);
}

const ESCAPE_U = Buffer.from('\\u');
const [D, UPPER_D, ZERO] = [0x64, 0x44, 0x30];

/**
 * Decoded UTF-8 has no lone surrogate (a bad sequence becomes U+FFFD), and JSON cannot carry a raw
 * NUL: in text parsed from bytes, both arrive only as escapes, `\uD800`-`\uDFFF` and `\u0000`. Without
 * one every string and key is well-formed. (An escaped backslash before `ud8..` also stops the shortcut: harmless.)
 */
function canSkipStrings(raw: Buffer): boolean {
  for (let i = raw.indexOf(ESCAPE_U); i !== -1; i = raw.indexOf(ESCAPE_U, i + 2)) {
    const next = raw[i + 2];
    if (next === D || next === UPPER_D || (next === ZERO && raw[i + 3] === ZERO && raw[i + 4] === ZERO && raw[i + 5] === ZERO)) return false;
  }
  return true;
}

/** No container nested MAX_JSON_DEPTH deep and no prototype key: the checks left once strings need none. */
function shallowAndPlain(body: unknown): boolean {
  const values: object[] = [];
  const depths: number[] = [];
  if (body !== null && typeof body === 'object') {
    values.push(body);
    depths.push(0);
  }
  while (values.length > 0) {
    const value = values.pop()!;
    const depth = depths.pop()!;
    if (depth >= MAX_JSON_DEPTH) return false;
    if (Array.isArray(value)) {
      for (const item of value) {
        if (item !== null && typeof item === 'object') {
          values.push(item);
          depths.push(depth + 1);
        }
      }
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(value, '__proto__')) return false;
    for (const key in value) {
      const item: unknown = (value as Record<string, unknown>)[key];
      if (item !== null && typeof item === 'object') {
        values.push(item);
        depths.push(depth + 1);
      }
    }
  }
  return true;
}

/** A value the walk is to visit: where it is kept as its parent and key, its path spelt only for an error. */
interface Visit {
  value: unknown;
  depth: number;
  parent: Visit | undefined;
  key: string | number;
}

/** `messages[0].content`: the keys from the body down to `at`. */
function pathOf(at: Visit): string {
  const keys: (string | number)[] = [];
  for (let v: Visit | undefined = at; v?.parent; v = v.parent) keys.push(v.key);
  let path = '';
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i]!;
    path = typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
  }
  return path;
}

function walk(body: unknown): void {
  const stack: Visit[] = [{ value: body, depth: 0, parent: undefined, key: '' }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const { value, depth } = visit;
    if (typeof value === 'string') {
      if (!isWellFormed(value)) {
        const path = pathOf(visit);
        throw new RequestValidationError(`'${path || 'body'}' contains a NUL character or a lone surrogate (not valid Unicode text)`, path || undefined);
      }
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) throw new RequestValidationError(`The request JSON is nested deeper than ${MAX_JSON_DEPTH} levels`, pathOf(visit) || undefined);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item !== null && (typeof item === 'object' || typeof item === 'string')) stack.push({ value: item, depth: depth + 1, parent: visit, key: i });
      }
      continue;
    }
    // for-in: no array of [key, value] pairs a key (the parsed body has no enumerable inherited keys)
    for (const key in value) {
      if (PROTOTYPE_KEYS.has(key)) {
        const at = pathOf({ value: undefined, depth, parent: visit, key });
        throw new RequestValidationError(`'${at}' is not an allowed key`, at);
      }
      if (!isWellFormed(key)) throw new RequestValidationError('A key contains a NUL character or a lone surrogate', pathOf(visit) || undefined);
      const item: unknown = (value as Record<string, unknown>)[key];
      if (item !== null && (typeof item === 'object' || typeof item === 'string')) stack.push({ value: item, depth: depth + 1, parent: visit, key });
    }
  }
}
