// Structured outputs on Anthropic (`output_config.format`): which Claude models take them, and whether a
// JSON Schema is one Anthropic's constrained decoding accepts.
// https://platform.claude.com/docs/en/build-with-claude/structured-outputs
import type { ResponseFormat } from '../../canonical';
import { claudeVersion } from './claude-thinking';
import { isJsonObject } from '../../json-object';

export interface AnthropicOutputFormat { type: 'json_schema'; schema: Record<string, unknown> }

/**
 * Generally available on Claude Haiku, Sonnet and Opus 4.5 and later; Opus 4.1 had them only as a beta behind a header,
 * earlier models not at all. A name stating no version (a custom or future id) is taken as current.
 */
export function takesStructuredOutputs(modelName: string): boolean {
  return (claudeVersion(modelName) ?? Infinity) >= 405;
}

/** What the request asks, sent as Anthropic's structured output; undefined where the model or the schema cannot be. */
export function anthropicOutputFormat(format: ResponseFormat | undefined, modelName: string): AnthropicOutputFormat | undefined {
  if (format?.type !== 'json_schema' || !takesStructuredOutputs(modelName)) return undefined;
  const schema = anthropicSchema(withDescription(format.schema, format.description));
  return schema === undefined ? undefined : { type: 'json_schema', schema };
}

/** The format's own description has no field here but the schema's top-level description, which the model reads alike. */
function withDescription(schema: Record<string, unknown>, description: string | undefined): Record<string, unknown> {
  if (description === undefined) return schema;
  const own = typeof schema.description === 'string' && schema.description !== '' ? `\n\n${schema.description}` : '';
  return { ...schema, description: `${description}${own}` };
}

// Constraints Anthropic's structured outputs refuse (400), and composition it does not take (the SDK's own
// transform turns oneOf into anyOf and moves the constraints into descriptions, unenforced)
const REFUSED_KEYWORDS = [
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'maxItems',
  'minProperties', 'maxProperties', 'oneOf', 'not', 'if', 'then', 'else', 'patternProperties', 'dependentSchemas',
  'dependentRequired', 'unevaluatedProperties', 'unevaluatedItems', 'propertyNames', 'contains', 'prefixItems',
];
const STRING_FORMATS = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'uri', 'ipv4', 'ipv6', 'uuid']);
/**
 * The references Anthropic resolves: a definition in `$defs` or `definitions`. Any other JSON pointer
 * (`#/properties/node`) is refused, since whether it makes the schema recursive is not worked out here;
 * the root itself (`#`) always does.
 */
const DEF_REF = /^#\/(\$defs|definitions)\/([^/]+)$/;

/**
 * The definition a `$ref` names, keyed by where it lives (`$defs/<name>` or `definitions/<name>`: the two are
 * apart, `#/definitions/x` does not name `$defs.x`), its JSON-pointer escapes undone (`a~1b` is `a/b`);
 * undefined for any other ref.
 */
function defKey(ref: string): string | undefined {
  const match = DEF_REF.exec(ref);
  if (match === null) return undefined;
  try {
    return `${match[1]}/${decodeURIComponent(match[2]!).replace(/~1/g, '/').replace(/~0/g, '~')}`;
  } catch {
    return undefined;
  }
}

/** The schema's definitions keyed as defKey names them. */
function definitionsOf(schema: Record<string, unknown>): Map<string, unknown> {
  const defs = new Map<string, unknown>();
  for (const where of ['$defs', 'definitions'] as const) {
    for (const [name, s] of Object.entries(record(schema[where]))) defs.set(`${where}/${name}`, s);
  }
  return defs;
}
/** deeper than any schema a client writes by hand; bounds the walk */
const MAX_DEPTH = 32;

/**
 * The schema as Anthropic takes it, or undefined where it would refuse it. Every object must close with
 * `additionalProperties: false`: one that leaves it out gets it (what the model may write then still
 * matches the client's schema), one that allows more, or an object with no properties at all, cannot be
 * said. Refused too: the constraints above, formats outside Anthropic's list, minItems above 1, enums of
 * objects, references other than to a definition in `$defs` or `definitions`, and recursive ones.
 */
export function anthropicSchema(schema: Record<string, unknown>): Record<string, unknown> | undefined {
  const defs = definitionsOf(schema);
  // every ref to a definition the schema holds (one to nowhere Anthropic refuses too), and none recursive
  if (!refs(schema, 0).every((ref) => { const key = defKey(ref); return key !== undefined && defs.has(key); }) || recursive(defs)) return undefined;
  try {
    return closeObjects(schema, 0) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof Refused) return undefined;
    throw e;
  }
}

class Refused extends Error {}

function closeObjects(node: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new Refused();
  if (typeof node === 'boolean') return node;
  if (!isJsonObject(node)) throw new Refused();
  if (REFUSED_KEYWORDS.some((k) => Object.hasOwn(node, k))) throw new Refused();
  if (typeof node.format === 'string' && !STRING_FORMATS.has(node.format)) throw new Refused();
  if (node.minItems !== undefined && node.minItems !== 0 && node.minItems !== 1) throw new Refused();
  if (Array.isArray(node.enum) && node.enum.some((v) => v !== null && typeof v === 'object')) throw new Refused();
  if (typeof node.$ref === 'string' && !DEF_REF.test(node.$ref)) throw new Refused();
  const out: Record<string, unknown> = { ...node };
  const types = Array.isArray(node.type) ? node.type : [node.type];
  if (types.includes('object') || isJsonObject(node.properties)) {
    const properties = record(node.properties);
    if (Object.keys(properties).length === 0 || (node.additionalProperties !== undefined && node.additionalProperties !== false)) throw new Refused();
    out.properties = mapValues(properties, depth);
    out.additionalProperties = false;
  }
  if (node.items !== undefined) out.items = closeObjects(node.items, depth + 1);
  for (const key of ['anyOf', 'allOf'] as const) {
    if (Array.isArray(node[key])) out[key] = node[key].map((s) => closeObjects(s, depth + 1));
  }
  for (const key of ['$defs', 'definitions'] as const) {
    if (isJsonObject(node[key])) out[key] = mapValues(node[key], depth);
  }
  return out;
}

function mapValues(schemas: Record<string, unknown>, depth: number): Record<string, unknown> {
  return Object.fromEntries(Object.entries(schemas).map(([k, s]) => [k, closeObjects(s, depth + 1)]));
}

/** A definition that reaches itself through `$ref`s makes the schema recursive (every ref is one to a definition here). */
function recursive(defs: Map<string, unknown>): boolean {
  const refsOf = new Map([...defs].map(([key, s]) => [key, refs(s, 0).map((ref) => defKey(ref) ?? ref)]));
  const state = new Map<string, 'open' | 'done'>();
  const cycles = (name: string): boolean => {
    if (state.get(name) === 'done') return false;
    if (state.get(name) === 'open') return true;
    state.set(name, 'open');
    for (const ref of refsOf.get(name) ?? []) {
      if (cycles(ref)) return true;
    }
    state.set(name, 'done');
    return false;
  };
  return [...refsOf.keys()].some(cycles);
}

/** The `$ref`s under a schema, as written. */
function refs(node: unknown, depth: number): string[] {
  if (depth > MAX_DEPTH || node === null || typeof node !== 'object') return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') out.push(value);
    else out.push(...refs(value, depth + 1));
  }
  return out;
}

const record = (value: unknown): Record<string, unknown> => (isJsonObject(value) ? value : {});
