// The Gemini REST API takes every field in lowerCamelCase or in the proto's snake_case
// (`systemInstruction` / `system_instruction`, `inlineData` / `inline_data`): Google's curl examples
// use the latter, the SDKs the former. The readers look a known field up under both names; keys
// inside user data (function arguments, schema property names) are never renamed.
import { isJsonObject } from '../../json-object';

export type Json = Record<string, unknown>;

const snakeNames = new Map<string, string>();

function snakeCase(camel: string): string {
  let snake = snakeNames.get(camel);
  if (snake === undefined) {
    snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeNames.set(camel, snake);
  }
  return snake;
}

export function camelCase(name: string): string {
  return name.includes('_') ? name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) : name;
}

/** `obj[camel]`, or the same field under its snake_case name. */
export function field(obj: Json, camel: string): unknown {
  const v = obj[camel];
  return v !== undefined ? v : obj[snakeCase(camel)];
}

/** `field` when it holds an object, else undefined. */
export function objectField(obj: Json, camel: string): Json | undefined {
  const v = field(obj, camel);
  return isJsonObject(v) ? v : undefined;
}

/** The part keys that hold data (a part has exactly one). */
const DATA_KEYS = [
  'text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult',
] as const;

/** Which data a part holds: its one data key (camelCase), or the first unknown key. */
export function partKind(part: Json): string {
  for (const key of DATA_KEYS) if (field(part, key) !== undefined) return key;
  for (const key of Object.keys(part)) {
    const camel = camelCase(key);
    if (camel !== 'thought' && camel !== 'thoughtSignature' && camel !== 'videoMetadata' && camel !== 'partMetadata') return camel;
  }
  return 'empty';
}

/** Google's own file store (Files API, Cloud Storage) and YouTube: only Gemini can fetch these. */
export function isGoogleOnlyUri(uri: string): boolean {
  return /^gs:\/\//.test(uri)
    || /^https:\/\/generativelanguage\.googleapis\.com\//.test(uri)
    || /^https:\/\/(?:www\.|m\.)?(?:youtube\.com|youtu\.be)\//.test(uri);
}
