// Keys must never leave the process: every upstream message, log line and error passes here.
// Two nets: patterns for keys of known shapes, and the keys themselves (the ones sent with a
// request) in every spelling an echoing upstream might use: as is, spaced out, percent-encoded
// (in part or whole) and inside base64 (at any alignment, standard or URL alphabet). What goes out as
// text (redactSecrets) also catches a generated-looking key whose letters changed case, or with invisible
// characters (zero-width space, soft hyphen, BOM, variation selectors...) between its characters.
import { isRegexOverflow, runEnd } from './regex-runs';

// Capped quantifiers read on by code (regex-runs.ts): an open-ended one threw on a run of millions.
const KEY_ALPHABET = /[A-Za-z0-9_-]{1,4096}/y;
const ALNUM = /[A-Za-z0-9]{1,4096}/y;

interface KeyPattern {
  /** the key's start, its run capped */
  re: RegExp;
  /** what reads the rest of the key: sticky runs, one after the other */
  runs: RegExp[];
  /** keep group 1 (a secret's name), replacing only the value */
  keepName?: boolean;
}

const KEY_PATTERNS: KeyPattern[] = [
  { re: /sk-ant-[A-Za-z0-9_-]{8,4096}/g, runs: [KEY_ALPHABET] },         // Anthropic
  { re: /sk-or-v1-[A-Za-z0-9]{8,4096}/g, runs: [ALNUM] },                // OpenRouter
  { re: /sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,4096}/g, runs: [KEY_ALPHABET] }, // OpenAI, DeepSeek, generic sk-
  // our own profile (sb-) and admin (sba-) tokens, not a word's end (usb-port-..., nginx-sba-...)
  { re: /(?<![A-Za-z0-9_-])sba?-[A-Za-z0-9_-]{16,4096}/g, runs: [KEY_ALPHABET] },
  { re: /AIza[0-9A-Za-z_-]{30,4096}/g, runs: [KEY_ALPHABET] },           // Google
  { re: /gsk_[A-Za-z0-9]{16,4096}/g, runs: [ALNUM] },                    // Groq
  { re: /xai-[A-Za-z0-9]{16,4096}/g, runs: [ALNUM] },                    // xAI
];

const TOKEN_ALPHABET = /[A-Za-z0-9._~+/-]{1,4096}/y;

/**
 * Values named as secrets (`Bearer x`, `api_key: x`, `"password":"x"`): the name, kept, and the value.
 * Matched forwards, not with a lookbehind: a lookbehind with `\s+` in it is tried at every position
 * of a run of spaces and reads the run back each time, so a request holding a long run of spaces
 * (in a model name an error message repeats) cost seconds, squared in its length, for everyone.
 * (`\s+` before a class it cannot overlap costs V8 no backtrack stack, so it may stay open-ended.)
 */
const NAMED_VALUE_PATTERNS: KeyPattern[] = [
  { re: /([Bb]earer\s+)[A-Za-z0-9._~+/-]{12,4096}/g, runs: [TOKEN_ALPHABET, /={1,4096}/y], keepName: true },
  {
    re: /((?:api[_-]?key|x-api-key|x-goog-api-key|token|secret|password)["']?\s*[:=]\s*["']?)[A-Za-z0-9._~+/-]{12,4096}/gi,
    runs: [TOKEN_ALPHABET],
    keepName: true,
  },
];

/** Replace every match of a pattern, read on to the end of its runs, with `[REDACTED]`. */
function redactMatches(text: string, { re, runs, keepName }: KeyPattern): string {
  re.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    let end = m.index + m[0].length;
    for (const run of runs) end = runEnd(text, end, run);
    out += `${text.slice(last, m.index)}${keepName ? (m[1] ?? '') : ''}[REDACTED]`;
    last = end;
    re.lastIndex = end;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Shorter "keys" are not worth a spelling net (and would match ordinary text). */
export const MIN_KEY_LENGTH = 8;
/** base64 needs this much key to leave a stretch that cannot be ordinary text */
export const MIN_BASE64_KEY_LENGTH = 12;

/** The most whitespace (or %20) the spelling net reads between two characters of a key. */
const MAX_KEY_GAP = 256;

// the syntax characters only: the redaction net is a unicode-mode pattern, where escaping any other is an error
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A hex digit of a percent escape, in either case. */
const hexDigit = (d: string): string => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d);

/** One character as itself or percent-encoded (either hex case); `anyCase`: an ASCII letter in either case. */
function charOrPercent(c: string, anyCase = false): string {
  const code = c.charCodeAt(0);
  if (code > 0x7f) return escapeRe(c);
  const hex = code.toString(16).padStart(2, '0');
  if (anyCase && /[A-Za-z]/.test(c)) {
    // a letter's two cases differ in bit 0x20 only: in the first hex digit of its escape (4/6, 5/7)
    const lower = c.toLowerCase();
    const upper = c.toUpperCase();
    const high = `[${lower.charCodeAt(0).toString(16)[0]}${upper.charCodeAt(0).toString(16)[0]}]`;
    return `(?:[${lower}${upper}]|%${high}${hexDigit(hex[1]!)})`;
  }
  return `(?:${escapeRe(c)}|%${hexDigit(hex[0]!)}${hexDigit(hex[1]!)})`;
}

/**
 * The parts of base64(anything + key + anything) that depend only on the key: for each of the three
 * alignments, the encoding of the key behind 0-2 filler bytes, minus the characters the fillers and
 * whatever follows could change.
 */
export function base64Cores(key: string): string[] {
  const out = new Set<string>();
  const bytes = Buffer.from(key, 'utf8');
  for (let lead = 0; lead < 3; lead++) {
    const enc = Buffer.concat([Buffer.alloc(lead), bytes]).toString('base64');
    const start = lead === 0 ? 0 : lead + 1;
    const usable = Math.floor((lead + bytes.length) / 3) * 4;
    const core = enc.slice(start, usable);
    if (core.length >= MIN_KEY_LENGTH) {
      out.add(core);
      out.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...out];
}

/** Every character a spelling of the key (spellingsOf) can hold but whitespace (`\s`, a gap): its own, its base64's, and `%` with the hex digits of an escape. */
export function spellingCharacters(key: string): string {
  return `${key}${key.length >= MIN_BASE64_KEY_LENGTH ? base64Cores(key).join('') : ''}%0123456789abcdefABCDEF`;
}

/** A key long and mixed enough to be no word: 16 characters or more, letters and digits both. */
const looksGenerated = (key: string): boolean => key.length >= 16 && /[A-Za-z]/.test(key) && /[0-9]/.test(key);

/**
 * Every spelling of one key, as one regular expression (built once per key). `lenient` (what redactSecrets
 * uses): the letters of a generated-looking key in either case, and invisible characters (Unicode's default-ignorable
 * code points: zero-width spaces, format characters, variation selectors) in the gaps as well. The stream key
 * watch (containsSecret, keySpellings), run on every event of every stream, keeps the strict net.
 */
function spellingsOf(key: string, lenient: boolean): RegExp {
  // spaced out and/or percent-encoded: each character as itself or %XX, whitespace (or %20) between;
  // capped, as an open-ended group threw on a provider's answer holding millions of spaces
  const gap = lenient ? `(?:[\\s\\p{DI}]|%20){0,${MAX_KEY_GAP}}` : `(?:\\s|%20){0,${MAX_KEY_GAP}}`;
  // either case only for a key that looks generated: a typed placeholder key (`lm-studio`, `anything`) would take
  // ordinary words with it ("LM-Studio server ...")
  const anyCase = lenient && looksGenerated(key);
  const spaced = [...key].map((c) => charOrPercent(c, anyCase)).join(gap);
  const alternatives = [spaced];
  if (key.length >= MIN_BASE64_KEY_LENGTH) alternatives.push(...base64Cores(key).map(escapeRe));
  return new RegExp(alternatives.join('|'), lenient ? 'gu' : 'g');
}

const cache = new Map<string, RegExp>();
const lenientCache = new Map<string, RegExp>();

function spellings(key: string, lenient = false): RegExp {
  const kept = lenient ? lenientCache : cache;
  let re = kept.get(key);
  if (!re) {
    re = spellingsOf(key, lenient);
    // bounded: keys change rarely, but a long-running process should not keep every old one
    if (kept.size >= 256) kept.clear();
    kept.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

/** The keys worth a spelling net: strings of MIN_KEY_LENGTH or more (the stream key watch takes the same). */
export function knownKeys(known: readonly (string | undefined | null)[]): string[] {
  return known.filter((k): k is string => typeof k === 'string' && k.length >= MIN_KEY_LENGTH);
}

/** The shortest run of a key pattern's own characters that it redacts (`AIza` and 30 more): a longer piece of such a key is caught alone. */
const LONGEST_PATTERN_MINIMUM = 64;

/**
 * The most characters one of these keys can take in text as redactSecrets finds it (each character
 * percent-encoded, the widest gaps between): text cut this far after a point holds whole every key
 * spelling that starts before it, and any longer key of a known pattern in a piece long enough to be caught.
 */
export function longestKeySpelling(known: readonly (string | undefined | null)[] = []): number {
  let longest = LONGEST_PATTERN_MINIMUM;
  // a gap is whitespace or `%20`, three characters each
  for (const k of knownKeys(known)) longest = Math.max(longest, k.length * 3 + (k.length - 1) * MAX_KEY_GAP * 3);
  return longest;
}

/** Replace anything that looks like a key, and every known secret in any spelling, with `[REDACTED]`. */
export function redactSecrets(text: string, known: readonly (string | undefined | null)[] = []): string {
  try {
    return redactAll(text, known);
  } catch (e) {
    // the regex engine gave up on this text: none of it goes out rather than a key in it
    if (isRegexOverflow(e)) return '[REDACTED]';
    throw e;
  }
}

function redactAll(text: string, known: readonly (string | undefined | null)[]): string {
  let out = text;
  for (const k of known) {
    // short secrets still go verbatim; the spelling net is for real keys
    if (k && k.length >= 6 && k.length < MIN_KEY_LENGTH) out = out.split(k).join('[REDACTED]');
  }
  for (const k of knownKeys(known)) out = out.replace(spellings(k, true), '[REDACTED]');
  for (const p of KEY_PATTERNS) out = redactMatches(out, p);
  for (const p of NAMED_VALUE_PATTERNS) out = redactMatches(out, p);
  return out;
}

/** fail closed: text the regex engine gave up on is treated as carrying the key */
function overflowCarries(e: unknown): true {
  if (isRegexOverflow(e)) return true;
  throw e;
}

/** Whether text carries any of these keys in any spelling redactSecrets knows. */
export function containsSecret(text: string, known: readonly (string | undefined | null)[]): boolean {
  try {
    return spells(text, keySpellings(known));
  } catch (e) {
    return overflowCarries(e);
  }
}

/** The keys' spellings, to look for again and again with `spells` (a stream's events): one regular expression a key. */
export function keySpellings(known: readonly (string | undefined | null)[]): RegExp[] {
  return knownKeys(known).map((k) => spellings(k));
}

/** Whether text, from `from` on, holds one of these spellings (keySpellings). */
export function spells(text: string, patterns: readonly RegExp[], from = 0): boolean {
  try {
    for (const re of patterns) {
      re.lastIndex = from;
      if (re.test(text)) return true;
    }
    return false;
  } catch (e) {
    return overflowCarries(e);
  }
}

const JSON_ESCAPE = /\\[u/]/;

/** Every string of a JSON value, space-separated (keys and values alike). */
function stringsOf(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsOf(v, out);
    }
  }
}

/**
 * containsSecret for JSON text a client will decode: a key spelled with `\uXXXX` or `\/` escapes
 * reads as the key once parsed, so text with such escapes is also checked as its decoded strings.
 */
export function jsonContainsSecret(text: string, known: readonly (string | undefined | null)[]): boolean {
  if (containsSecret(text, known)) return true;
  // most stream events hold no backslash at all: a plain scan for one costs a sixth of the regex
  if (!text.includes('\\') || !JSON_ESCAPE.test(text) || knownKeys(known).length === 0) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  const strings: string[] = [];
  stringsOf(parsed, strings);
  return containsSecret(strings.join(' '), known);
}

/** The vendors' own key prefixes (KEY_PATTERNS'), longest first: shown in a mask, they tell nothing of the secret. */
const MASK_PREFIXES = ['sk-ant-', 'sk-or-v1-', 'sk-proj-', 'sk-svcacct-', 'sk-admin-', 'sk-', 'sb-', 'AIza', 'gsk_', 'xai-'];
/** The last four are shown only of a key this long whose secret part (after its prefix) is this long: at most a quarter of it. */
const MASK_TAIL_MIN_KEY = 20;
const MASK_TAIL_MIN_SECRET = 16;

/**
 * `sk-...a1b2`: enough to recognise a key, not to use it: a known vendor prefix, and the last four of a
 * long key only (`token-abc123` is `...`, `sk-abcdefghi` is `sk-...`). Stored as providers.key_mask and
 * byok.key_mask, and compared to tell the key saved from an older one left in the store (maskMatches).
 */
export function maskKey(key: string): string {
  const head = MASK_PREFIXES.find((p) => key.startsWith(p)) ?? '';
  const tail = key.length >= MASK_TAIL_MIN_KEY && key.length - head.length >= MASK_TAIL_MIN_SECRET ? key.slice(-4) : '';
  return `${head}...${tail}`;
}

/** The mask as it was first computed (any head up to a dash within 6, the last four from 12 characters, so most of a short key): rows saved then hold it until upgraded (node/catalog/mask-upgrade.ts). */
export function legacyMaskKey(key: string): string {
  const tail = key.length >= 12 ? key.slice(-4) : '';
  const dash = key.indexOf('-');
  const head = dash > 0 && dash <= 6 ? key.slice(0, dash + 1) : '';
  return `${head}...${tail}`;
}

/** Whether a saved mask is this key's, as masked now or as a row saved before holds it. */
export function maskMatches(key: string, mask: string | undefined): boolean {
  return mask !== undefined && (maskKey(key) === mask || legacyMaskKey(key) === mask);
}
