// The one check for "a JSON object" (not null, not an array) that every wire reader uses.

/** An untyped JSON object, as read from the wire. */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `text` parsed, when it is the JSON of an object; undefined when it is no JSON or other JSON. */
export function jsonObjectOf(text: string): JsonObject | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isJsonObject(v) ? v : undefined;
}

/**
 * `record[key]` for a key from the wire: only the record's own members, so a name such as
 * `constructor`, `toString` or `__proto__` finds nothing instead of Object.prototype's.
 */
export const ownValue = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;
