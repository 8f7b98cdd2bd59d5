// Hostile JSON that the endpoint parsers would otherwise let through to an upstream: absurd
// nesting (JSON.stringify overflows the stack on it), prototype keys, text that is not valid
// Unicode or carries NUL, and per-request upstream overrides in the style of LiteLLM's api_base.
import { RequestValidationError } from '../../core/canonical';

/** Deeper than any real request (tool schemas nest a dozen levels at most). */
export const MAX_JSON_DEPTH = 64;

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

/** Throws RequestValidationError (a 400) on the first hostile thing found; walks without recursion. */
export function assertSafeRequestJson(body: unknown): void {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    for (const key of Object.keys(body)) {
      if (UPSTREAM_OVERRIDES.has(key)) {
        throw new RequestValidationError(`'${key}' is not accepted: Switchboard chooses the upstream and its key from its own catalog`, key);
      }
    }
  }
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: body, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (!isWellFormed(value)) throw new RequestValidationError(`'${path || 'body'}' contains a NUL character or a lone surrogate (not valid Unicode text)`, path || undefined);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) throw new RequestValidationError(`The request JSON is nested deeper than ${MAX_JSON_DEPTH} levels`, path || undefined);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item !== null && (typeof item === 'object' || typeof item === 'string')) stack.push({ value: item, depth: depth + 1, path: `${path}[${i}]` });
      }
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) throw new RequestValidationError(`'${at}' is not an allowed key`, at);
      if (!isWellFormed(key)) throw new RequestValidationError('A key contains a NUL character or a lone surrogate', path || undefined);
      if (item !== null && (typeof item === 'object' || typeof item === 'string')) stack.push({ value: item, depth: depth + 1, path: at });
    }
  }
}
