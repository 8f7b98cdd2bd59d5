// POST /v1/embeddings: request validation and the OpenAI list-shaped response.
import type { CanonicalEmbeddingRequest, CanonicalEmbeddingResponse } from '../../canonical';
import { invalid, invalidType, isAbsent, isObject, optionalPositiveInteger, optionalString } from './validate';

export function parseEmbeddingsRequest(body: unknown): CanonicalEmbeddingRequest {
  if (!isObject(body)) invalid('The request body must be a JSON object.');
  const model = body.model;
  if (isAbsent(model)) invalid('You must provide a model parameter.', 'model');
  if (typeof model !== 'string') invalidType('model', 'a string', model);
  if (model.trim().length === 0) invalid("Invalid 'model': empty string.", 'model');
  const req: CanonicalEmbeddingRequest = { model, input: parseInput(body.input) };
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

function parseInput(input: unknown): string[] {
  if (isAbsent(input)) invalid("Missing required parameter: 'input'.", 'input');
  if (typeof input === 'string') {
    if (input.length === 0) invalid("Invalid 'input': empty string.", 'input');
    return [input];
  }
  if (!Array.isArray(input)) return invalidType('input', 'a string or an array of strings', input);
  if (input.length === 0) invalid("Invalid 'input': empty array.", 'input');
  input.forEach((s: unknown, i: number) => {
    if (typeof s === 'number' || Array.isArray(s)) invalid("Token-array inputs are not supported; send text.", 'input');
    if (typeof s !== 'string') invalidType(`input[${i}]`, 'a string', s);
    if (s.length === 0) invalid(`Invalid 'input[${i}]': empty string.`, `input[${i}]`);
  });
  return input as string[];
}

/** little-endian float32 bytes in base64, what the OpenAI SDKs decode by default */
export function encodeBase64Floats(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

export function formatEmbeddingsResponse(
  res: CanonicalEmbeddingResponse,
  servedModel: string,
  encodingFormat: 'float' | 'base64' = 'float',
): Record<string, unknown> {
  return {
    object: 'list',
    data: res.data.map((embedding, index) => ({
      object: 'embedding',
      index,
      embedding: encodingFormat === 'base64' ? encodeBase64Floats(embedding) : embedding,
    })),
    model: servedModel,
    usage: { prompt_tokens: res.usage.inputTokens, total_tokens: res.usage.inputTokens },
  };
}
