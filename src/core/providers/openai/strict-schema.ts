// OpenAI's structured outputs enforce a schema only in strict mode, and strict mode takes a subset of JSON
// Schema (400 "Invalid schema for response_format" otherwise).
// https://platform.openai.com/docs/guides/structured-outputs#supported-schemas
import type { ResponseFormat } from '../../canonical';
import type { SchemaEnforcement } from './quirks';

type SchemaFormat = Extract<ResponseFormat, { type: 'json_schema' }>;

// composition and constraints strict mode does not support
const UNSUPPORTED = [
  'allOf', 'oneOf', 'not', 'if', 'then', 'else', 'dependentRequired', 'dependentSchemas', 'patternProperties',
  'unevaluatedProperties', 'unevaluatedItems', 'propertyNames', 'minProperties', 'maxProperties', 'contains',
];
/** OpenAI's limit of nesting levels; also bounds the walk */
const MAX_NESTING = 10;

/**
 * Whether OpenAI's strict mode takes this schema: an object at the root, every object closed with
 * `additionalProperties: false` and listing all its properties in `required` (an optional field is a
 * union with null), none of the keywords above. What the zod helpers of both SDKs write passes.
 */
export function meetsStrictRules(schema: Record<string, unknown>): boolean {
  return schema.type === 'object' && strictNode(schema, 0);
}

function strictNode(node: unknown, depth: number): boolean {
  if (depth > MAX_NESTING || typeof node !== 'object' || node === null || Array.isArray(node)) return false;
  const s = node as Record<string, unknown>;
  if (UNSUPPORTED.some((k) => Object.hasOwn(s, k))) return false;
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (types.includes('object') || s.properties !== undefined) {
    if (s.additionalProperties !== false || typeof s.properties !== 'object' || s.properties === null) return false;
    const keys = Object.keys(s.properties);
    const required = Array.isArray(s.required) ? s.required : [];
    // every property required, and nothing required that is not a property (OpenAI: "Extra required key")
    if (!keys.every((k) => required.includes(k)) || required.length !== keys.length) return false;
    if (!Object.values(s.properties).every((p) => strictNode(p, depth + 1))) return false;
  }
  if (s.items !== undefined && !strictNode(s.items, depth + 1)) return false;
  if (s.anyOf !== undefined && !(Array.isArray(s.anyOf) && s.anyOf.every((v) => strictNode(v, depth + 1)))) return false;
  for (const key of ['$defs', 'definitions']) {
    const defs = s[key];
    if (defs !== undefined && !(typeof defs === 'object' && defs !== null && Object.values(defs).every((d) => strictNode(d, depth + 1)))) return false;
  }
  return true;
}

/**
 * The strict flag to send. A schema the client asked enforced (canonical `strict: true`, as an Anthropic client's
 * format always is) goes strict where the model takes strict mode and the schema meets its rules; where the
 * schema does not, as `strict: false`; where the model has no strict mode, without the flag (best effort). In
 * both, `response_format` is named in `dropped`, except on a model whose grammar enforces any schema it takes.
 * A flag the client did not set, or set false, goes as it was.
 */
export function strictFlag(format: SchemaFormat, dropped: string[], enforcement: SchemaEnforcement | undefined): boolean | undefined {
  if (format.strict !== true) return format.strict;
  if (enforcement === 'grammar') return undefined;
  if (enforcement === 'strict' && meetsStrictRules(format.schema)) return true;
  dropped.push('response_format');
  return enforcement === 'strict' ? false : undefined;
}
