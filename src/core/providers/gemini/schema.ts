// JSON Schema (as OpenAI/Anthropic tools carry it) -> the OpenAPI-style Schema subset Gemini's
// functionDeclarations accept. Gemini answers 400 INVALID_ARGUMENT for any key it does not know
// ($schema, additionalProperties, const, $ref, default, examples, ...), for `properties` on a
// non-object, for `required` naming an undeclared property and for a `type` array, so the
// schema is rebuilt from an allow-list instead of patched.
import { isJsonObject, ownValue } from '../../json-object';

type Json = Record<string, unknown>;

const COPIED_KEYS = [
  'title', 'description', 'minimum', 'maximum', 'minItems', 'maxItems',
  'minLength', 'maxLength', 'pattern', 'minProperties', 'maxProperties', 'propertyOrdering',
] as const;

/** the only `format` values Gemini takes, per type */
const FORMATS: Record<string, readonly string[]> = {
  string: ['enum', 'date-time'],
  number: ['float', 'double'],
  integer: ['int32', 'int64'],
};

const MAX_REF_DEPTH = 8;

interface Ctx {
  root: Json;
  /** refs being expanded on the current path: a recursive schema stops here */
  expanding: string[];
}

function resolveRef(ref: string, ctx: Ctx): Json | undefined {
  const m = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  if (!m || ctx.expanding.includes(ref) || ctx.expanding.length >= MAX_REF_DEPTH) return undefined;
  const defs = ctx.root[m[1] as string];
  const name = (m[2] as string).replace(/~1/g, '/').replace(/~0/g, '~');
  const target = isJsonObject(defs) ? defs[name] : undefined;
  return isJsonObject(target) ? target : undefined;
}

function isNullSchema(s: unknown): boolean {
  return isJsonObject(s) && (s.type === 'null' || (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null));
}

/** `allOf` of object schemas folds into one; the first word on a key wins. */
function mergeAllOf(schema: Json): Json {
  const parts = (schema.allOf as unknown[]).filter(isJsonObject);
  const merged: Json = { ...schema };
  delete merged.allOf;
  for (const part of parts) {
    for (const [k, v] of Object.entries(part)) {
      if (k === 'properties' && isJsonObject(v)) merged.properties = { ...(isJsonObject(merged.properties) ? merged.properties : {}), ...v };
      else if (k === 'required' && Array.isArray(v)) merged.required = [...(Array.isArray(merged.required) ? merged.required : []), ...v];
      else if (!(k in merged)) merged[k] = v;
    }
  }
  return merged;
}

function inferType(schema: Json): unknown {
  if (schema.type !== undefined) return schema.type;
  if (isJsonObject(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  if (Array.isArray(schema.enum) || typeof schema.const === 'string') return 'string';
  return undefined;
}

function cleanNode(input: unknown, ctx: Ctx): Json {
  if (!isJsonObject(input)) return {};
  let schema = input;
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    const target = resolveRef(ref, ctx);
    const { $ref: _ignored, ...siblings } = schema;
    if (!target) return cleanNode({ ...siblings, type: siblings.type ?? 'object' }, ctx);
    ctx.expanding.push(ref);
    try {
      return cleanNode({ ...target, ...siblings }, ctx);
    } finally {
      ctx.expanding.pop();
    }
  }
  if (Array.isArray(schema.allOf)) schema = mergeAllOf(schema);

  const out: Json = {};
  let nullable = schema.nullable === true;

  const union = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (union) {
    const members = union.filter((m) => !isNullSchema(m));
    if (members.length < union.length) nullable = true;
    const { anyOf: _a, oneOf: _o, ...rest } = schema;
    if (members.length === 1) {
      // `X | null` is how most generators spell an optional X: collapse it
      const single = cleanNode({ ...(members[0] as Json), ...pickDescription(rest) }, ctx);
      if (nullable) single.nullable = true;
      return single;
    }
    if (members.length > 1) {
      copyKeys(rest, out);
      out.anyOf = members.map((m) => cleanNode(m, ctx));
      if (nullable) out.nullable = true;
      return out;
    }
  }

  let type = inferType(schema);
  if (Array.isArray(type)) {
    const types = type.filter((t) => t !== 'null');
    if (types.length < type.length) nullable = true;
    if (types.length > 1) {
      const { type: _t, ...rest } = schema;
      copyKeys(rest, out);
      out.anyOf = types.map((t) => cleanNode({ ...rest, type: t, description: undefined }, ctx));
      if (nullable) out.nullable = true;
      return out;
    }
    type = types[0];
  }
  if (type === 'null') {
    type = undefined;
    nullable = true;
  }
  if (typeof type === 'string') out.type = type;

  copyKeys(schema, out);
  const format = schema.format;
  if (typeof format === 'string' && typeof type === 'string' && ownValue(FORMATS, type)?.includes(format)) out.format = format;

  const enumValues = Array.isArray(schema.enum) ? schema.enum : schema.const !== undefined ? [schema.const] : undefined;
  if (enumValues) {
    if (enumValues.includes(null)) nullable = true;
    const values = enumValues.filter((v) => v !== null);
    // Gemini enums are string-only; a numeric enum is dropped rather than retyped
    if (values.length > 0 && values.every((v) => typeof v === 'string') && (type === 'string' || type === undefined)) {
      out.enum = values;
      out.type = 'string';
    }
  }

  if (type === 'object' && isJsonObject(schema.properties)) {
    const props: Json = {};
    for (const [name, sub] of Object.entries(schema.properties)) props[name] = cleanNode(sub, ctx);
    if (Object.keys(props).length > 0) out.properties = props;
    if (Array.isArray(schema.required)) {
      const required = schema.required.filter((r): r is string => typeof r === 'string' && r in props);
      if (required.length > 0) out.required = [...new Set(required)];
    }
  }
  if (type === 'array') {
    const items = Array.isArray(schema.items) ? schema.items[0] : schema.items;
    // Gemini refuses an array without items (400 "items: missing field"): MCP tools often declare bare arrays
    out.items = items !== undefined ? cleanNode(items, ctx) : { type: 'string' };
  }
  if (nullable) out.nullable = true;
  return out;
}

function copyKeys(from: Json, to: Json): void {
  for (const key of COPIED_KEYS) {
    if (from[key] !== undefined) to[key] = from[key];
  }
}

function pickDescription(s: Json): Json {
  const out: Json = {};
  if (typeof s.description === 'string') out.description = s.description;
  if (typeof s.title === 'string') out.title = s.title;
  return out;
}

/**
 * Clean a tool's JSON Schema for `functionDeclarations[].parameters`.
 * Returns undefined for a function without arguments: Gemini rejects an OBJECT with no properties.
 */
export function toGeminiParameters(jsonSchema: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!isJsonObject(jsonSchema)) return undefined;
  const cleaned = cleanNode(jsonSchema, { root: jsonSchema, expanding: [] });
  if (cleaned.type !== 'object' || !isJsonObject(cleaned.properties)) return undefined;
  return cleaned;
}

/**
 * `responseJsonSchema` takes real JSON Schema ($ref, $defs, additionalProperties included);
 * only the meta keys it has no use for are removed.
 */
export function toGeminiResponseJsonSchema(jsonSchema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _s, $id: _i, ...rest } = jsonSchema;
  return rest;
}
