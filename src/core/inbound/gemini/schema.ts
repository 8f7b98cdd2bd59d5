// Gemini's Schema (the OpenAPI subset of `parameters` / `responseSchema`: upper-case types, `nullable`,
// int64 limits as strings) -> JSON Schema, as OpenAI and Anthropic tools and structured outputs take it.
// JSON Schema given as such (`parametersJsonSchema`, `responseJsonSchema`) goes through the same walk:
// Gemini CLI writes upper-case types there too, and the walk leaves real JSON Schema as it is.
import { isJsonObject } from '../../json-object';

type Json = Record<string, unknown>;

const INT_KEYS = ['minItems', 'maxItems', 'minLength', 'maxLength', 'minProperties', 'maxProperties'] as const;
/** keys whose value is one sub-schema */
const SCHEMA_KEYS = ['items', 'not', 'additionalProperties', 'contains', 'if', 'then', 'else'] as const;
/** keys whose value is a list of sub-schemas */
const SCHEMA_LIST_KEYS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
/** keys whose value maps names to sub-schemas */
const SCHEMA_MAP_KEYS = ['properties', '$defs', 'definitions', 'patternProperties'] as const;

const MAX_DEPTH = 64;

function jsonType(t: unknown): unknown {
  if (typeof t !== 'string') return t;
  const lower = t.toLowerCase();
  return lower === 'type_unspecified' ? undefined : lower;
}

function convert(node: unknown, depth: number): unknown {
  if (!isJsonObject(node) || depth > MAX_DEPTH) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    // `format: enum` marks a string enum in Gemini's dialect; JSON Schema says it with `enum` alone
    if (key === 'propertyOrdering' || key === 'nullable' || (key === 'format' && value === 'enum')) continue;
    if (key === 'type') {
      const t = Array.isArray(value) ? value.map(jsonType) : jsonType(value);
      if (t !== undefined) out.type = t;
    } else if ((INT_KEYS as readonly string[]).includes(key) && typeof value === 'string' && /^\d+$/.test(value)) {
      out[key] = Number(value);
    } else if ((SCHEMA_KEYS as readonly string[]).includes(key)) {
      out[key] = convert(value, depth + 1);
    } else if ((SCHEMA_LIST_KEYS as readonly string[]).includes(key) && Array.isArray(value)) {
      out[key] = value.map((v) => convert(v, depth + 1));
    } else if ((SCHEMA_MAP_KEYS as readonly string[]).includes(key) && isJsonObject(value)) {
      const map: Json = {};
      for (const [name, sub] of Object.entries(value)) map[name] = convert(sub, depth + 1);
      out[key] = map;
    } else {
      out[key] = value;
    }
  }
  if (node.nullable === true) makeNullable(out);
  return out;
}

/** OpenAPI `nullable: true` is JSON Schema's `null` among the types. */
function makeNullable(out: Json): void {
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  else if (Array.isArray(out.type)) {
    if (!out.type.includes('null')) out.type = [...out.type, 'null'];
  } else if (Array.isArray(out.anyOf)) out.anyOf = [...out.anyOf, { type: 'null' }];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
}

/** A Gemini `Schema` (or JSON Schema) as JSON Schema. */
export function geminiSchemaToJsonSchema(schema: Json): Json {
  return convert(schema, 0) as Json;
}
