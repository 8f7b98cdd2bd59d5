// OpenAI /embeddings request and response.
import { isAbsent } from '../../inbound/openai/validate';
import {
  UpstreamFailure,
  type CanonicalEmbeddingRequest, type CanonicalEmbeddingResponse, type UpstreamHttpRequest, type UpstreamTarget,
} from '../../canonical';
import { openaiHeaders } from './build-request';
import { errorFromOpenAIErrorBody } from './classify-error';
import { quirksFor } from './quirks';
import { joinUrl } from './wire-types';
import { isJsonObject } from '../../json-object';

/**
 * Asks for base64 where the provider documents it (the same float32 numbers in ~2.3x fewer bytes: a large batch of
 * long vectors stays within the answer size limit), else for floats (the default, so the field is left out):
 * canonical vectors are numbers, and the inbound side encodes them as the client asked.
 */
export function buildOpenAIEmbeddingsRequest(req: CanonicalEmbeddingRequest, target: UpstreamTarget): UpstreamHttpRequest {
  // token ids go as the client sent them
  const quirks = quirksFor(target.providerType);
  const body: Record<string, unknown> = { model: target.modelName, input: req.tokens ?? req.input };
  if (req.dimensions !== undefined) body[quirks.dimensionsField ?? 'dimensions'] = req.dimensions;
  if (req.user !== undefined && quirks.acceptsUser) body.user = req.user;
  if (quirks.base64Embeddings) body.encoding_format = 'base64';
  const dropped = req.user !== undefined && !quirks.acceptsUser ? ['user'] : [];
  return {
    url: joinUrl(target.baseUrl, '/embeddings'), method: 'POST', headers: openaiHeaders(target.apiKey), body: JSON.stringify(body),
    ...(dropped.length > 0 ? { dropped } : {}),
  };
}

/**
 * OpenAI embeddings in, OpenAI-compatible out: the client's body as sent (unknown fields included) with only
 * `model` changed and the provider's known quirks: dimensions under the provider's name, `user` left out where it
 * is not taken, a provider that refuses fields it does not list (Mistral) gets only those (what is left out is
 * named), and floats (asked or by default) asked as base64 where the provider takes it: the answer is re-encoded
 * for the client in any case (formatEmbeddingsResponse), the same float32 numbers in ~2.3x fewer bytes upstream.
 */
export function buildOpenAIEmbeddingsForwardRequest(client: Record<string, unknown>, target: UpstreamTarget): UpstreamHttpRequest {
  const quirks = quirksFor(target.providerType);
  const body: Record<string, unknown> = { ...client, model: target.modelName };
  if (quirks.base64Embeddings && (isAbsent(body.encoding_format) || body.encoding_format === 'float')) body.encoding_format = 'base64';
  const dropped: string[] = [];
  if (quirks.dimensionsField !== undefined && body.dimensions !== undefined) {
    body[quirks.dimensionsField] = body.dimensions;
    delete body.dimensions;
  }
  // a field sent as null asked for nothing: left out where it is not taken, and not named
  if (!quirks.acceptsUser && body.user !== undefined) {
    if (!isAbsent(body.user)) dropped.push('user');
    delete body.user;
  }
  for (const key of Object.keys(body)) {
    if (!quirks.onlyEmbeddingFields || quirks.onlyEmbeddingFields.has(key)) continue;
    if (!isAbsent(body[key])) dropped.push(key);
    delete body[key];
  }
  return {
    url: joinUrl(target.baseUrl, '/embeddings'), method: 'POST', headers: openaiHeaders(target.apiKey), body: JSON.stringify(body),
    ...(dropped.length > 0 ? { dropped } : {}),
  };
}

/**
 * little-endian float32 bytes, as OpenAI's `encoding_format: base64` sends them; bytes that are not whole floats
 * (a length not a multiple of 4: a cut or garbled answer) are no vector: invalid_output
 */
export function decodeBase64Floats(b64: string): number[] {
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.byteLength % 4 !== 0) {
    throw new UpstreamFailure({ kind: 'invalid_output', reachable: true, message: `upstream embedding's base64 holds ${bytes.byteLength} bytes, not whole float32 values` });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Array<number>(bytes.byteLength >> 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

export function parseOpenAIEmbeddingsResponse(body: unknown): CanonicalEmbeddingResponse {
  if (!isJsonObject(body)) throw new UpstreamFailure({ kind: 'unknown', message: 'upstream returned an embeddings response that is not a JSON object' });
  if (body.error !== undefined && body.error !== null) throw new UpstreamFailure(errorFromOpenAIErrorBody(body, 502));
  if (!Array.isArray(body.data)) throw new UpstreamFailure({ kind: 'unknown', message: 'upstream embeddings response has no data array' });
  const items = body.data
    .filter(isJsonObject)
    .map((d, i) => ({ index: typeof d.index === 'number' ? d.index : i, embedding: d.embedding }))
    .sort((a, b) => a.index - b.index);
  // a vector answered under the wrong index, or twice, would be given to the client as another input's
  if (items.some((d, i) => d.index !== i)) {
    throw new UpstreamFailure({ kind: 'invalid_output', reachable: true, message: `upstream embeddings answer's indices are not 0 to ${items.length - 1}` });
  }
  const data = items.map((d) => {
    const vector = typeof d.embedding === 'string' ? decodeBase64Floats(d.embedding) : Array.isArray(d.embedding) ? (d.embedding as number[]) : undefined;
    // an empty vector ([], or "" in base64) is no vector either
    if (vector === undefined || vector.length === 0) {
      throw new UpstreamFailure({ kind: 'invalid_output', reachable: true, message: `upstream embeddings answer's item ${d.index} has no embedding` });
    }
    return vector;
  });
  const usage = isJsonObject(body.usage) ? body.usage : {};
  const input = typeof usage.prompt_tokens === 'number' ? usage.prompt_tokens
    : typeof usage.total_tokens === 'number' ? usage.total_tokens : 0;
  return { model: typeof body.model === 'string' ? body.model : '', data, usage: { inputTokens: input, outputTokens: 0 } };
}
