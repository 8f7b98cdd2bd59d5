// A provider can stream the key it was sent back in pieces, one piece an event: each event alone holds
// no key (the per-event jsonContainsSecret finds nothing), the client's text does. The watch follows,
// for each text field, the spellings of each key through the text the events carried, so a key that
// ends in this event is found wherever it began.
//
// "The text" is read from the event's JSON without decoding it: the string values of the members that
// carry a stream's text in any of the four APIs. Every string value would not do: each chunk repeats its
// id, object and model between two pieces of content ("custkey-ABC" "chatcmpl-1" "chat.completion.chunk"
// "gpt-4o" "DEF..."), so the pieces never meet; JSON names ("content") are not text either. One state per
// field name keeps what a client reads as one text together: content with content, arguments with
// arguments, so reasoning between two pieces of the answer does not part them.
//
// Instead of a rolling tail searched again at every event (what redact.ts finds, at most
// longestKeySpelling characters back: some 30,000 for a 40-character key, as it allows 256 spaces between
// two characters), each spelling is matched one character at a time (KMP), with the state kept between
// events: the cost is the event's own text, not the tail's. The spellings are containsSecret's: the key
// as is, each character or any of them percent-encoded, and the key inside base64 (redact.ts base64Cores);
// whitespace or `%20` between is skipped for a strong key and ends a weak key's spelling begun (gap()).
//
// echoes() is the relay's one check an event: the key alone in the event (jsonContainsSecret), then the watch.
import { base64Cores, jsonContainsSecret, keySpellings, knownKeys, MIN_BASE64_KEY_LENGTH, spellingCharacters, spells } from './redact';
import { StreamEventHead } from './stream-event-head';

/** Members whose string value is a piece of the answer: chat, Anthropic, Gemini and Responses deltas, and their done events. */
const TEXT_NAMES = ['content', 'reasoning_content', 'reasoning', 'refusal', 'arguments', 'text', 'partial_json', 'thinking', 'delta'];
/** a text member's name, then the opening quote of its string value (`\s*` before a class it cannot overlap: no backtracking) */
const TEXT_MEMBER = new RegExp(`"(?:${TEXT_NAMES.join('|')})"\\s*:\\s*"`, 'g');
const FIELD_OF = new Map(TEXT_NAMES.map((n, i) => [n, i]));
/** a text name's index by its first character and length (tells the nine apart without slicing the name out) */
const FIELD_BY_SHAPE = new Int8Array(128 * 32).fill(-1);
for (const [i, n] of TEXT_NAMES.entries()) {
  const at = n.charCodeAt(0) * 32 + n.length;
  if (FIELD_BY_SHAPE[at] !== -1 || n.length >= 32) throw new Error(`text name ${n}: its first character and length must tell it apart`);
  FIELD_BY_SHAPE[at] = i;
}

/**
 * A key no prose spells by chance: 20 characters or more, with letters and digits (generated keys: sk-...,
 * AIza..., gsk_...); a shorter or single-class one (a password a user set on a local server) is weak.
 */
export const strongKey = (key: string): boolean => key.length >= 20 && /[A-Za-z]/.test(key) && /[0-9]/.test(key);

const BACKSLASH = 92;
const COLON = 58;
const QUOTE = 34;
const PERCENT = 37;

/** Index of the quote closing the JSON string that opens at `open`, or -1. */
function closingQuote(data: string, open: number): number {
  for (let q = data.indexOf('"', open + 1); q !== -1; q = data.indexOf('"', q + 1)) {
    let slashes = 0;
    while (data.charCodeAt(q - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q;
  }
  return -1;
}

/** The value of the JSON string literal data[open..close], escapes read as a client's JSON.parse reads them. */
function literal(data: string, open: number, close: number): string {
  const raw = data.slice(open + 1, close);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

function skipSpace(data: string, i: number): number {
  let c = data.charCodeAt(i);
  while (c === 32 || c === 9 || c === 10 || c === 13) c = data.charCodeAt(++i);
  return i;
}

/** The text field of the member TEXT_MEMBER matched, from its value's opening quote: back over `\s*:\s*` to its name. */
function fieldBefore(data: string, valueQuote: number): number {
  let close = valueQuote - 1;
  while (data.charCodeAt(close) !== QUOTE) close--;
  const open = data.lastIndexOf('"', close - 1);
  return FIELD_BY_SHAPE[data.charCodeAt(open + 1) * 32 + close - open - 1]!;
}

/** Every member with a string value, names read with their escapes: the way when a `\u` may spell a name. */
function everyStringMember(data: string, take: (field: number, value: string) => void): void {
  let open = data.indexOf('"');
  while (open !== -1) {
    const close = closingQuote(data, open);
    if (close === -1) return;
    const after = skipSpace(data, close + 1);
    if (data.charCodeAt(after) !== COLON) {
      open = data.indexOf('"', close + 1);
      continue;
    }
    const valueAt = skipSpace(data, after + 1);
    if (data.charCodeAt(valueAt) !== QUOTE) {
      open = data.indexOf('"', valueAt);
      continue;
    }
    const valueEnd = closingQuote(data, valueAt);
    if (valueEnd === -1) return;
    const field = FIELD_OF.get(literal(data, open, close));
    if (field !== undefined) take(field, literal(data, valueAt, valueEnd));
    open = data.indexOf('"', valueEnd + 1);
  }
}

/** One spelling, with its KMP failure table. */
interface Spelling {
  codes: Int32Array;
  fail: Int32Array;
}

function spelling(s: string): Spelling {
  const codes = new Int32Array(s.length);
  for (let i = 0; i < s.length; i++) codes[i] = s.charCodeAt(i);
  const fail = new Int32Array(codes.length);
  for (let i = 1, k = 0; i < codes.length; i++) {
    while (k > 0 && codes[i] !== codes[k]) k = fail[k - 1]!;
    if (codes[i] === codes[k]) k++;
    fail[i] = k;
  }
  return { codes, fail };
}

/** What the watch follows for one set of keys. */
interface Net {
  spellings: Spelling[];
  /** per spelling: a strong key's (strongKey) is followed across whitespace, a weak key's starts over at it */
  spansGaps: boolean[];
  /** per ASCII character, 1 when it starts a spelling or an escape (`%`): any other leaves a field with nothing begun as it is */
  begins: Uint8Array;
  /** the first characters of the spellings beyond ASCII */
  starts: Set<number>;
  keys: string[];
  /** the keys' spellings as redact.ts looks for them in one event (keySpellings) */
  alone: RegExp[];
  /** per ASCII character, 1 when a match of containsSecret can hold it (spellingCharacters, whitespace); beyond ASCII, `spelledWide` */
  spelled: Uint8Array;
  spelledWide: Set<number>;
}

const WHITESPACE = /\s/;

function net(keys: string[]): Net {
  const out: Net = { spellings: [], spansGaps: [], begins: new Uint8Array(128), starts: new Set(), keys, alone: keySpellings(keys), spelled: new Uint8Array(128), spelledWide: new Set() };
  for (let c = 0; c < 128; c++) if (WHITESPACE.test(String.fromCharCode(c))) out.spelled[c] = 1;
  for (const k of keys) {
    const chars = spellingCharacters(k);
    for (let i = 0; i < chars.length; i++) {
      const c = chars.charCodeAt(i);
      if (c < 128) out.spelled[c] = 1;
      else out.spelledWide.add(c);
    }
    const all = new Set([k, ...(k.length >= MIN_BASE64_KEY_LENGTH ? base64Cores(k) : [])]);
    for (const sp of all) {
      out.spellings.push(spelling(sp));
      out.spansGaps.push(strongKey(k));
    }
  }
  out.begins[PERCENT] = 1;
  for (const { codes } of out.spellings) {
    if (codes[0]! < 128) out.begins[codes[0]!] = 1;
    else out.starts.add(codes[0]!);
  }
  return out;
}

/** The net of a stream's one key (the common case), built once (bounded: keys change rarely, a long-running process should not keep every old one). */
const cache = new Map<string, Net>();

function netOf(secrets: readonly (string | undefined | null)[]): Net {
  const keys = [...new Set(knownKeys(secrets))];
  if (keys.length !== 1) return net(keys);
  let out = cache.get(keys[0]!);
  if (out === undefined) {
    out = net(keys);
    if (cache.size >= 256) cache.clear();
    cache.set(keys[0]!, out);
  }
  return out;
}

/** One text field's place in every spelling (`live`: any past its start), and a `%` escape begun and not yet ended. */
interface FieldState {
  at: Int32Array;
  live: boolean;
  escape: string;
}

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isGap = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a);

/** Follows one stream's events for the keys sent, split across them. */
export class StreamKeyWatch {
  private readonly net: Net;
  /** per text field (TEXT_NAMES' index), made when the field first carries text */
  private readonly fields: (FieldState | undefined)[] = [];
  /** the last event's text up to its first text member's value: the next event's is most often the same */
  private readonly head = new StreamEventHead();
  /** where the event's next backslash is, at or after the member being read (-1: none): looked for once an event, not once a member */
  private slash = 0;
  private hit = false;
  private readonly take = (field: number, value: string): void => this.feed(field, value, 0, value.length);

  constructor(secrets: readonly (string | undefined | null)[]) {
    this.net = netOf(secrets);
  }

  /** Whether this event's text, after what the events before it carried in the same fields, spells a key. */
  carries(data: string): boolean {
    return this.read(data, false);
  }

  /**
   * Whether this event carries a key: alone, in any spelling (redact.ts jsonContainsSecret), or in its text
   * after what the events before it carried (carries). One pass for both: an event that starts with the
   * head of one found to hold no key alone is searched alone only from where it may differ from that one.
   */
  echoes(data: string): boolean {
    return this.read(data, true);
  }

  private read(data: string, alone: boolean): boolean {
    const { net, head } = this;
    if (net.spellings.length === 0 || this.hit) return this.hit;
    this.slash = data.indexOf('\\');
    if (this.slash !== -1 && data.includes('\\u', this.slash)) {
      if (alone && jsonContainsSecret(data, net.keys)) return (this.hit = true);
      everyStringMember(data, this.take);
      return this.hit;
    }
    let from = 0;
    const open = head.find(data);
    if (alone) {
      // with no backslash jsonContainsSecret is containsSecret (spells), and a match of it either lies wholly in the
      // head (then the event the head was read from held it) or holds a character from where this event may
      // differ from that one, with only characters a spelling can hold before it (spelledFrom)
      const start = open !== -1 && head.checked && this.slash === -1 ? this.spelledFrom(data, head.changesFrom(open)) : 0;
      if (this.slash === -1 ? spells(data, net.alone, start) : jsonContainsSecret(data, net.keys)) return (this.hit = true);
    }
    if (open !== -1) {
      from = this.member(data, head.field, open) + 1;
      if (from === 0) return this.hit;
    }
    TEXT_MEMBER.lastIndex = from;
    while (!this.hit && TEXT_MEMBER.test(data)) {
      const open = TEXT_MEMBER.lastIndex - 1;
      const field = fieldBefore(data, open);
      if (from === 0) {
        head.set(data, open, field, alone);
        from = -1;
      }
      const close = this.member(data, field, open);
      if (close === -1) break;
      TEXT_MEMBER.lastIndex = close + 1;
    }
    return this.hit;
  }

  /** The start of the run of characters a key's spelling can hold that ends just before `at`. */
  private spelledFrom(data: string, at: number): number {
    const { spelled, spelledWide } = this.net;
    while (at > 0) {
      const c = data.charCodeAt(at - 1);
      if (c < 128 ? spelled[c] === 0 : !spelledWide.has(c) && !WHITESPACE.test(String.fromCharCode(c))) break;
      at--;
    }
    return at;
  }

  /** Feeds the text member whose value opens at `open`; the index of its closing quote, or -1. */
  private member(data: string, field: number, open: number): number {
    const close = closingQuote(data, open);
    if (close === -1) return -1;
    if (this.slash !== -1 && this.slash <= open) this.slash = data.indexOf('\\', open + 1);
    if (this.slash === -1 || this.slash > close) this.feed(field, data, open + 1, close);
    else this.take(field, literal(data, open, close));
    return close;
  }

  private feed(index: number, text: string, from: number, to: number): void {
    if (this.hit || from === to) return;
    let field = this.fields[index];
    if (field === undefined) this.fields[index] = field = { at: new Int32Array(this.net.spellings.length), live: false, escape: '' };
    const { begins, starts } = this.net;
    for (let i = from; i < to && !this.hit; i++) {
      let c = text.charCodeAt(i);
      if (!field.live && field.escape === '') {
        // nothing begun: on to the next character that begins something (most characters of most events begin nothing)
        while (c < 128 ? begins[c] === 0 : !starts.has(c)) {
          if (++i === to) return;
          c = text.charCodeAt(i);
        }
      }
      if (field.escape !== '') {
        if (isHex(c) && field.escape.length < 3) {
          field.escape += text[i];
          if (field.escape.length === 3) {
            const code = parseInt(field.escape.slice(1), 16);
            field.escape = '';
            // %20 is a gap (below); %XX of a character beyond ASCII is no spelling of it
            if (code === 0x20) this.gap(field);
            else this.step(field, code < 0x80 ? code : -1);
          }
          continue;
        }
        // not an escape after all: its characters as they are, then this one
        const raw = field.escape;
        field.escape = '';
        for (let j = 0; j < raw.length; j++) this.step(field, raw.charCodeAt(j));
      }
      if (c === PERCENT) field.escape = '%';
      else if (isGap(c)) this.gap(field);
      else if (field.live || (c < 128 ? begins[c] === 1 : starts.has(c))) this.step(field, c);
    }
  }

  /**
   * Whitespace (or `%20`): a strong key's spellings go on across it (the key spaced out, or its base64
   * wrapped at 76 columns, a character or a few an event); a weak key's start over, as ordinary prose a
   * word an event would spell one (`supersecret`: "a super secret recipe") and the stream be cut. A weak
   * key spaced out within one event is still the per-event jsonContainsSecret's to find.
   */
  private gap(field: FieldState): void {
    if (!field.live) return;
    let live = false;
    const { spansGaps } = this.net;
    for (let s = 0; s < spansGaps.length; s++) {
      if (!spansGaps[s]) field.at[s] = 0;
      else if (field.at[s]! > 0) live = true;
    }
    field.live = live;
  }

  private step(field: FieldState, c: number): void {
    const { at } = field;
    let live = false;
    const { spellings } = this.net;
    for (let s = 0; s < spellings.length; s++) {
      const { codes, fail } = spellings[s]!;
      let k = at[s]!;
      while (k > 0 && codes[k] !== c) k = fail[k - 1]!;
      if (codes[k] === c) k++;
      if (k === codes.length) {
        this.hit = true;
        return;
      }
      at[s] = k;
      if (k > 0) live = true;
    }
    field.live = live;
  }
}
