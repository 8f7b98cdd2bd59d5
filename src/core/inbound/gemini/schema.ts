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
  return close(schema, 0, !mixesDefinitions(schema, 0)) as Json;
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
/** an object's own properties: an `anyOf`/`oneOf` member beside them sees them too, and must not be closed */
const OWN_PROPERTIES = ['properties', 'patternProperties', 'additionalProperties'];
/** what makes a definition's properties meet others' on one object (`allOf: [{$ref}]` beside properties, ...) */
const MIXING = ['allOf', 'not', 'if', 'then', 'else', 'dependentSchemas'];

/**
 * Whether a `$defs`/`definitions` entry may be used where other properties apply too: a schema holding
 * allOf/not/if/..., or a `$ref` or an anyOf/oneOf beside an object's own properties. Its definitions are then
 * left open (closing one used as a base would refuse the properties the referring object adds).
 */
function mixesDefinitions(node: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH) return true;
  if (Array.isArray(node)) return node.some((v) => mixesDefinitions(v, depth + 1));
  if (!isJsonObject(node)) return false;
  if (MIXING.some((k) => Object.hasOwn(node, k))) return true;
  const own = OWN_PROPERTIES.some((k) => Object.hasOwn(node, k));
  if (own && ['$ref', 'anyOf', 'oneOf'].some((k) => Object.hasOwn(node, k))) return true;
  return Object.values(node).some((v) => typeof v === 'object' && v !== null && mixesDefinitions(v, depth + 1));
}

function close(node: unknown, depth: number, closeDefinitions: boolean): unknown {
  if (!isJsonObject(node) || depth > MAX_DEPTH) return node;
  const out: Json = { ...node };
  for (const key of CLOSE_IN) if (isJsonObject(node[key])) out[key] = close(node[key], depth + 1, closeDefinitions);
  // a member beside the object's own properties is checked against them too: closed, it would refuse them
  if (!OWN_PROPERTIES.some((k) => Object.hasOwn(node, k))) {
    for (const key of CLOSE_IN_LISTS) {
      const list = node[key];
      if (Array.isArray(list)) out[key] = list.map((v) => close(v, depth + 1, closeDefinitions));
    }
  } else if (Array.isArray(node.prefixItems)) out.prefixItems = node.prefixItems.map((v) => close(v, depth + 1, closeDefinitions));
  for (const key of CLOSE_IN_MAPS) {
    const map = node[key];
    if (key !== 'properties' && !closeDefinitions) continue;
    if (isJsonObject(map)) out[key] = Object.fromEntries(Object.entries(map).map(([name, sub]) => [name, close(sub, depth + 1, closeDefinitions)]));
  }
  if (isJsonObject(node.properties) && Object.keys(node.properties).length > 0 && node.additionalProperties === undefined &&
    !COMPOSED.some((k) => Object.hasOwn(node, k)) && requiresOnlyOwn(node)) {
    out.additionalProperties = false;
  }
  return out;
}

/** Whether every name `required` lists is one of the object's properties: closed, an object requiring another admits nothing. */
function requiresOnlyOwn(node: Json): boolean {
  if (!Array.isArray(node.required)) return true;
  const props = node.properties as Json;
  return node.required.every((name) => typeof name === 'string' && Object.hasOwn(props, name));
}
