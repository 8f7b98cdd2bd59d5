// Small composable validators for admin input. Each returns the cleaned value or throws a
// ValidationError naming the offending field; transports turn that into a 400 `{message, field}`.
import { CAPABILITIES, PROVIDER_TYPES, type Capability, type ProviderType } from './types';

export class ValidationError extends Error {
  readonly kind = 'validation';
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'ValidationError';
    this.field = field;
  }
}

export type Validator<T> = (value: unknown, field: string) => T;

const fail = (field: string, message: string): never => {
  throw new ValidationError(field, message);
};

const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

// C0/C1 controls and DEL, the Unicode bidi overrides/isolates that can make a name render
// as something it is not (Trojan Source), and lone surrogates (UTF-8 cannot store them, so
// SQLite would keep something other than what was sent).
export function hasUnsafeChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return true;
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    }
  }
  return false;
}

export interface TextOptions {
  min?: number;
  max: number;
  /** what the text must look like, with a human description for the error */
  pattern?: { re: RegExp; describe: string };
  trim?: boolean;
}

/** A string without control characters or bidi overrides, within the length bounds. */
export const text = (opts: TextOptions): Validator<string> => (value, field) => {
  if (typeof value !== 'string') return fail(field, `${field} must be a string, got ${typeName(value)}`);
  if (hasUnsafeChar(value)) return fail(field, `${field} must not contain control characters or bidirectional overrides`);
  const s = opts.trim === false ? value : value.trim();
  const min = opts.min ?? 1;
  if (s.length < min) return fail(field, min === 1 ? `${field} must not be empty` : `${field} must be at least ${min} characters`);
  if (s.length > opts.max) return fail(field, `${field} must be at most ${opts.max} characters`);
  if (opts.pattern && !opts.pattern.re.test(s)) return fail(field, `${field} ${opts.pattern.describe}`);
  return s;
};

export const SLUG_RE = /^[a-z0-9][a-z0-9-]*$/;
/** What SLUG_RE asks for, in words: the server's message and the forms' own check say the same. */
export const SLUG_RULE = 'lowercase letters, digits and dashes, starting with a letter or digit';
export const slug: Validator<string> = text({
  max: 64,
  trim: false,
  pattern: { re: SLUG_RE, describe: `must be ${SLUG_RULE}` },
});
export const name: Validator<string> = text({ max: 200 });
/**
 * An upstream model id (`gpt-4.1-mini`, `meta-llama/Llama-3.3-70B`, `llama3.1:8b`): no whitespace, and no `.` or `..`
 * path segment (Gemini puts the name in the URL's path, where `../..` would climb out of `/v1beta/models/`).
 */
export const modelName: Validator<string> = text({
  max: 200, trim: false,
  pattern: { re: /^(?!(?:\S*\/)?\.{1,2}(?:\/|$))\S+$/, describe: 'must not contain whitespace or a "." or ".." path segment' },
});

export interface NumberOptions {
  min?: number;
  max?: number;
  integer?: boolean;
  /** strings like "7" (query parameters) are accepted */
  fromString?: boolean;
}

export const number = (opts: NumberOptions = {}): Validator<number> => (value, field) => {
  let v = value;
  if (opts.fromString && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) v = Number(v.trim());
  if (typeof v !== 'number') return fail(field, `${field} must be a number, got ${typeName(value)}`);
  if (!Number.isFinite(v)) return fail(field, `${field} must be a finite number`);
  if (opts.integer && !Number.isInteger(v)) return fail(field, `${field} must be an integer`);
  if (opts.min !== undefined && v < opts.min) return fail(field, `${field} must be at least ${opts.min}`);
  if (opts.max !== undefined && v > opts.max) return fail(field, `${field} must be at most ${opts.max}`);
  return v;
};

export const boolean: Validator<boolean> = (value, field) =>
  typeof value === 'boolean' ? value : fail(field, `${field} must be true or false, got ${typeName(value)}`);

/** true/false, or the strings 'true'/'false' as query parameters arrive. */
export const booleanish: Validator<boolean> = (value, field) => {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return boolean(value, field);
};

export const oneOf = <T extends string>(values: readonly T[]): Validator<T> => (value, field) =>
  typeof value === 'string' && (values as readonly string[]).includes(value)
    ? (value as T)
    : fail(field, `${field} must be one of ${values.join(', ')}`);

export const nullable = <T>(v: Validator<T>): Validator<T | null> => (value, field) => (value === null ? null : v(value, field));

export const arrayOf = <T>(item: Validator<T>, opts: { max: number; min?: number; unique?: boolean }): Validator<T[]> => (value, field) => {
  if (!Array.isArray(value)) return fail(field, `${field} must be an array, got ${typeName(value)}`);
  if (value.length < (opts.min ?? 0)) return fail(field, `${field} must have at least ${opts.min} entries`);
  if (value.length > opts.max) return fail(field, `${field} must have at most ${opts.max} entries`);
  const out = value.map((v, i) => item(v, `${field}[${i}]`));
  return opts.unique ? [...new Set(out)] : out;
};

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A plain JSON object; refuses prototype-polluting keys. */
export const plainObject: Validator<Record<string, unknown>> = (value, field) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(field, `${field || 'the request body'} must be an object, got ${typeName(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return fail(field ? `${field}.${key}` : key, `${key} is not an allowed key`);
  }
  return value as Record<string, unknown>;
};

/** string keys -> validated values; keys pass `key`, which may reject or clean them. */
export const recordOf = <T>(key: Validator<string>, item: Validator<T>, opts: { max: number }): Validator<Record<string, T>> =>
  (value, field) => {
    const obj = plainObject(value, field);
    const entries = Object.entries(obj);
    if (entries.length > opts.max) return fail(field, `${field} must have at most ${opts.max} entries`);
    const out: Record<string, T> = {};
    for (const [k, v] of entries) out[key(k, `${field}.${k}`)] = item(v, `${field}.${k}`);
    return out;
  };

type Shape = Record<string, Validator<unknown>>;
type Out<S extends Shape, R extends keyof S> =
  { [K in R]: ReturnType<S[K]> } & { [K in Exclude<keyof S, R>]?: ReturnType<S[K]> };

/**
 * An object with exactly these fields: unknown fields are refused by name (so nobody slips in
 * `api_base` or `id`), missing required ones too. Fields set to `undefined` count as absent.
 */
export const objectOf = <S extends Shape, R extends keyof S & string = never>(
  shape: S,
  required: readonly R[] = [],
): Validator<Out<S, R>> => (value, field) => {
  const obj = plainObject(value ?? {}, field);
  const at = (k: string) => (field ? `${field}.${k}` : k);
  for (const k of Object.keys(obj)) {
    if (!Object.hasOwn(shape, k)) return fail(at(k), `unknown field ${k}`);
  }
  for (const k of required) {
    if (obj[k] === undefined) return fail(at(k), `${k} is required`);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(shape)) {
    if (obj[k] !== undefined) out[k] = v(obj[k], at(k));
  }
  return out as Out<S, R>;
};

/** Absurd prices are typos (a price per token entered as per 1M, or a stray digit): refuse above $10,000/1M. */
export const price: Validator<number> = number({ min: 0, max: 10_000 });
export const contextLength: Validator<number> = number({ integer: true, min: 1, max: 100_000_000 });
export const maxOutputTokens: Validator<number> = number({ integer: true, min: 1, max: 100_000_000 });
export const quality: Validator<number> = number({ min: 0, max: 100 });
export const priority: Validator<number> = number({ integer: true, min: -1_000_000, max: 1_000_000 });
export const usd: Validator<number> = number({ min: 0, max: 1_000_000_000 });
export const providerType: Validator<ProviderType> = oneOf(PROVIDER_TYPES);
export const capabilities: Validator<Capability[]> = arrayOf(oneOf(CAPABILITIES), { max: CAPABILITIES.length * 2, unique: true });

/** http(s), no user:password@, no query or fragment (paths are appended to it); trailing slashes dropped. */
export const baseUrl: Validator<string> = (value, field) => {
  const s = text({ max: 2048 })(value, field);
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return fail(field, `${field} must be an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail(field, `${field} must use http or https`);
  if (url.username || url.password) return fail(field, `${field} must not contain credentials; store the key as api_key`);
  if (url.search || url.hash || s.includes('?') || s.includes('#')) return fail(field, `${field} must not have a query or fragment`);
  return s.replace(/\/+$/, '');
};

/**
 * A provider key goes into an HTTP header: printable ASCII only, so CR/LF (header injection),
 * NUL and look-alike Unicode are refused. Surrounding spaces from a paste are dropped.
 */
export const apiKey: Validator<string> = (value, field) => {
  if (typeof value !== 'string') return fail(field, `${field} must be a string, got ${typeName(value)}`);
  const s = value.replace(/^ +| +$/g, '');
  if (s.length === 0) return fail(field, `${field} must not be empty`);
  if (s.length > 4096) return fail(field, `${field} must be at most 4096 characters`);
  if (!/^[\x20-\x7e]+$/.test(s)) return fail(field, `${field} must be printable ASCII (no line breaks, control or non-ASCII characters)`);
  return s;
};

/** A slug from a display name: `My OpenAI (work)` -> `my-openai-work`. Empty when nothing usable is left. */
export function slugify(input: string): string {
  return input
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}
