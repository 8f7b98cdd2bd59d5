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

/**
 * The response schema with every object that lists properties closed (`additionalProperties: false`) where it
 * did not say: Gemini answers only with the properties a schema names (its own dialect cannot say otherwise),
 * and an answer to the closed schema still meets the client's. Closed, it can meet OpenAI's strict rules
 * (strict-schema.ts), as an Anthropic client's output_config.format does. An object that says
 * `additionalProperties` keeps what it says; one with no properties, or composed with more (COMPOSED), is left as it is.
 */
export function closedResponseSchema(schema: Json): Json {
  return close(schema, 0) as Json;
}

/**
 * where a closed sub-schema only narrows what the whole admits: not under `not` or `if` (it would widen it),
 * nor `allOf` (members that each name some of the properties, closed, would admit nothing)
 */
const CLOSE_IN = ['items', 'additionalProperties'] as const;
const CLOSE_IN_LISTS = ['anyOf', 'oneOf', 'prefixItems'] as const;
const CLOSE_IN_MAPS = ['properties', '$defs', 'definitions'] as const;
/** beside `properties`, these may admit more properties: such an object is left as it is */
const COMPOSED = ['allOf', 'anyOf', 'oneOf', '$ref', 'if', 'then', 'else', 'dependentSchemas', 'patternProperties', 'unevaluatedProperties'];

function close(node: unknown, depth: number): unknown {
  if (!isJsonObject(node) || depth > MAX_DEPTH) return node;
  const out: Json = { ...node };
  for (const key of CLOSE_IN) if (isJsonObject(node[key])) out[key] = close(node[key], depth + 1);
  for (const key of CLOSE_IN_LISTS) {
    const list = node[key];
    if (Array.isArray(list)) out[key] = list.map((v) => close(v, depth + 1));
  }
  for (const key of CLOSE_IN_MAPS) {
    const map = node[key];
    if (isJsonObject(map)) out[key] = Object.fromEntries(Object.entries(map).map(([name, sub]) => [name, close(sub, depth + 1)]));
  }
  if (isJsonObject(node.properties) && Object.keys(node.properties).length > 0 && node.additionalProperties === undefined && !COMPOSED.some((k) => Object.hasOwn(node, k))) {
    out.additionalProperties = false;
  }
  return out;
}
