// POST /v1/embeddings: request validation and the OpenAI list-shaped response.
import type { CanonicalEmbeddingRequest, CanonicalEmbeddingResponse } from '../../canonical';
import { invalid, invalidType, isAbsent, optionalPositiveInteger, optionalString } from './validate';
import { isJsonObject } from '../../json-object';

export function parseEmbeddingsRequest(body: unknown): CanonicalEmbeddingRequest {
  if (!isJsonObject(body)) invalid('The request body must be a JSON object.');
  const model = body.model;
  if (isAbsent(model)) invalid('You must provide a model parameter.', 'model');
  if (typeof model !== 'string') invalidType('model', 'a string', model);
  if (model.trim().length === 0) invalid("Invalid 'model': empty string.", 'model');
  const tokens = parseTokenInput(body.input);
  const req: CanonicalEmbeddingRequest = tokens ? { model, input: [], tokens } : { model, input: parseInput(body.input) };
  const dimensions = optionalPositiveInteger(body.dimensions, 'dimensions');
  if (dimensions !== undefined) req.dimensions = dimensions;
  const format = optionalString(body.encoding_format, 'encoding_format');
  if (format !== undefined) {
    if (format !== 'float' && format !== 'base64') invalid("Invalid value for 'encoding_format': supported values are 'float' and 'base64'.", 'encoding_format');
    req.encodingFormat = format;
  }
  const user = optionalString(body.user, 'user');
  if (user !== undefined) req.user = user;
  return req;
}

/** fields the canonical request carries: any other is named as dropped when the request is translated */
const CARRIED = new Set(['model', 'input', 'dimensions', 'encoding_format', 'user']);

/** the client's fields a translation to another format (Gemini) cannot carry; `user` is the adapter's to name */
export function embeddingsFieldsNotCarried(body: Record<string, unknown>): string[] {
  return Object.keys(body).filter((key) => !CARRIED.has(key) && body[key] !== undefined);
}

const isTokenId = (t: unknown): t is number => typeof t === 'number' && Number.isInteger(t) && t >= 0;

/**
 * OpenAI's token-id forms, as sent: an array of tokens (one input) or an array of token arrays;
 * undefined when the input is text (a string, or an array of strings).
 */
function parseTokenInput(input: unknown): number[] | number[][] | undefined {
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (!input.some((t) => typeof t === 'number' || Array.isArray(t))) return undefined;
  if (input.every((t) => typeof t === 'number')) {
    const bad = input.findIndex((t) => !isTokenId(t));
    if (bad >= 0) invalid(`Invalid 'input[${bad}]': a token id is a non-negative integer.`, `input[${bad}]`);
    return input as number[];
  }
  if (input.every((t) => Array.isArray(t))) {
    input.forEach((arr: unknown[], i: number) => {
      if (arr.length === 0) invalid(`Invalid 'input[${i}]': empty array.`, `input[${i}]`);
      const bad = arr.findIndex((t) => !isTokenId(t));
      if (bad >= 0) invalid(`Invalid 'input[${i}][${bad}]': a token id is a non-negative integer.`, `input[${i}][${bad}]`);
    });
    return input as number[][];
  }
  return invalid("Invalid 'input': an array of strings, an array of token ids or an array of token-id arrays, not a mix.", 'input');
}

function parseInput(input: unknown): string[] {
  if (isAbsent(input)) invalid("Missing required parameter: 'input'.", 'input');
  if (typeof input === 'string') {
    if (input.length === 0) invalid("Invalid 'input': empty string.", 'input');
    return [input];
  }
  if (!Array.isArray(input)) return invalidType('input', 'a string, an array of strings or token ids', input);
  if (input.length === 0) invalid("Invalid 'input': empty array.", 'input');
  input.forEach((s: unknown, i: number) => {
    if (typeof s !== 'string') invalidType(`input[${i}]`, 'a string', s);
    if (s.length === 0) invalid(`Invalid 'input[${i}]': empty string.`, `input[${i}]`);
  });
  return input as string[];
}

/** little-endian float32 bytes in base64, what the OpenAI SDKs decode by default */
export function encodeBase64Floats(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

/**
 * `translated`: the vectors came from another format (Gemini's decimals, 0.1), so floats are given as the
 * 32-bit values base64 would carry, as OpenAI's are in both; an OpenAI-format answer's floats stay as sent.
 */
export function formatEmbeddingsResponse(
  res: CanonicalEmbeddingResponse,
  servedModel: string,
  encodingFormat: 'float' | 'base64' = 'float',
  translated = false,
): Record<string, unknown> {
  return {
    object: 'list',
    data: res.data.map((embedding, index) => ({
      object: 'embedding',
      index,
      embedding: encodingFormat === 'base64' ? encodeBase64Floats(embedding) : translated ? embedding.map(Math.fround) : embedding,
    })),
    model: servedModel,
    usage: { prompt_tokens: res.usage.inputTokens, total_tokens: res.usage.inputTokens },
  };
}
