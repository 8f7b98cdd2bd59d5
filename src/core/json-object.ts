// The one check for "a JSON object" (not null, not an array) that every wire reader uses.

/** An untyped JSON object, as read from the wire. */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
