// batchEmbedContents and models.list.
import { UpstreamFailure } from '../../canonical';
import type { CanonicalEmbeddingRequest, CanonicalEmbeddingResponse, UpstreamHttpRequest, UpstreamTarget } from '../../canonical';
import { geminiApiRoot, geminiHeaders, geminiModelResource, geminiModelUrl } from './endpoint';
import { geminiErrorOf, geminiUpstreamError } from './errors';
import type { GeminiBatchEmbedRequest, GeminiModelInfo } from './wire-types';

/** batchEmbedContents takes at most 100 requests (400 INVALID_ARGUMENT "at most 100 requests can be in one batch") */
export const GEMINI_MAX_EMBED_BATCH = 100;

export function buildGeminiEmbeddingsRequest(req: CanonicalEmbeddingRequest, target: UpstreamTarget): UpstreamHttpRequest {
  // token ids have no text to embed here (routing keeps such a request off Gemini; this is the backstop)
  if (req.tokens !== undefined) throw new UpstreamFailure({ kind: 'bad_request', message: 'Token-array inputs cannot be sent to a Gemini embeddings model: send text' });
  const model = geminiModelResource(target.modelName);
  const body: GeminiBatchEmbedRequest = {
    requests: req.input.map((text) => ({
      model,
      content: { parts: [{ text }] },
      ...(req.dimensions !== undefined ? { outputDimensionality: req.dimensions } : {}),
    })),
  };
  return {
    url: geminiModelUrl(target.baseUrl, target.modelName, 'batchEmbedContents'),
    method: 'POST',
    headers: geminiHeaders(target.apiKey, { body: true }),
    body: JSON.stringify(body),
    // batchEmbedContents has no end-user id
    ...(req.user !== undefined ? { dropped: ['user'] } : {}),
  };
}

/**
 * Gemini in, Gemini out: the client's batchEmbedContents entries as sent (taskType, title, ...),
 * each naming the model that serves them.
 */
export function buildGeminiEmbedForwardRequest(entries: readonly Record<string, unknown>[], target: UpstreamTarget): UpstreamHttpRequest {
  const model = geminiModelResource(target.modelName);
  return {
    url: geminiModelUrl(target.baseUrl, target.modelName, 'batchEmbedContents'),
    method: 'POST',
    headers: geminiHeaders(target.apiKey, { body: true }),
    body: JSON.stringify({ requests: entries.map((entry) => ({ ...entry, model })) }),
  };
}

function failure(message: string): UpstreamFailure {
  return new UpstreamFailure({ kind: 'unknown', message });
}

export function parseGeminiEmbeddingsResponse(raw: unknown): CanonicalEmbeddingResponse {
  const err = geminiErrorOf(raw);
  if (err) throw new UpstreamFailure(geminiUpstreamError(0, err));
  const body = raw as { embeddings?: { values?: unknown }[]; usageMetadata?: { promptTokenCount?: number } } | null;
  if (!body || !Array.isArray(body.embeddings)) throw failure('Gemini returned no embeddings');
  const data = body.embeddings.map((e) => {
    const values = (e as { values?: unknown } | null)?.values;
    // no values, or none in them: no vector
    if (!Array.isArray(values) || values.length === 0) throw new UpstreamFailure({ kind: 'invalid_output', reachable: true, message: 'Gemini returned an embedding without values' });
    return e.values as number[];
  });
  // batchEmbedContents reports no token counts (newer versions may add usageMetadata). 0 means
  // "not reported": the caller estimates input tokens from the text and marks the cost estimated.
  const reported = body.usageMetadata?.promptTokenCount;
  return {
    model: '',
    data,
    usage: { inputTokens: typeof reported === 'number' ? reported : 0, outputTokens: 0 },
  };
}

export function buildGeminiListModelsRequest(target: Omit<UpstreamTarget, 'modelName'>): UpstreamHttpRequest {
  return {
    url: `${geminiApiRoot(target.baseUrl)}/models?pageSize=1000`,
    method: 'GET',
    headers: geminiHeaders(target.apiKey, { body: false }),
  };
}

const USABLE_METHODS = ['generateContent', 'embedContent'];

export function parseGeminiListModels(raw: unknown): string[] {
  const err = geminiErrorOf(raw);
  if (err) throw new UpstreamFailure(geminiUpstreamError(0, err));
  const models = (raw as { models?: GeminiModelInfo[] } | null)?.models;
  if (!Array.isArray(models)) return [];
  return models
    .filter((m) => typeof m?.name === 'string')
    .filter((m) => !Array.isArray(m.supportedGenerationMethods) || m.supportedGenerationMethods.some((x) => USABLE_METHODS.includes(x)))
    .map((m) => m.name.replace(/^models\//, ''));
}
