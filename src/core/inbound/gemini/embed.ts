// :embedContent and :batchEmbedContents in, and their answers. Both become a list of
// batchEmbedContents entries: a Gemini upstream gets those entries as sent (taskType and title
// included), any other the canonical request, which carries the texts and the dimensions.
import { RequestValidationError } from '../../canonical';
import type { CanonicalEmbeddingRequest, CanonicalEmbeddingResponse } from '../../canonical';
import { camelCase, field, objectField, type Json } from './fields';
import { partsOf } from './parse-contents';
import { isJsonObject } from '../../json-object';

/**
 * Google takes 100 in one batchEmbedContents (its 400 beyond), but a Gemini upstream gets a larger batch
 * split in hundreds, and the other formats take more (OpenAI's embeddings 2048): served up to that, as
 * /v1/embeddings is, rather than refused where routing could answer it.
 */
const MAX_BATCH = 2048;

/** Entry fields the canonical request carries; the rest are named as dropped when translated. */
const CARRIED = new Set(['model', 'content', 'outputDimensionality']);

export interface GeminiEmbedRequest {
  canonical: CanonicalEmbeddingRequest;
  /** the batchEmbedContents entries, as the client wrote them */
  entries: Json[];
  /** what a translation to another format loses */
  dropped: string[];
  /** each entry's title (a document's, for RETRIEVAL_DOCUMENT): sent to a Gemini upstream with the entries */
  titles: string[];
}

/** `batch`: the body is `{requests: [...]}`; else it is one entry (`{content, taskType, ...}`). */
export function parseGeminiEmbedRequest(body: Json, model: string, batch: boolean): GeminiEmbedRequest {
  const raw = batch ? field(body, 'requests') : [body];
  if (!Array.isArray(raw) || raw.length === 0) throw new RequestValidationError('requests: must be a non-empty array', 'requests');
  if (raw.length > MAX_BATCH) throw new RequestValidationError(`requests: at most ${MAX_BATCH} entries`, 'requests');
  const dropped = new Set<string>();
  let dimensions: number | undefined;
  const entries = raw.map((entry: unknown, i): Json => {
    const param = batch ? `requests[${i}]` : 'body';
    if (!isJsonObject(entry)) throw new RequestValidationError(`${param}: must be an object`, param);
    const dims = field(entry, 'outputDimensionality');
    if (dims !== undefined && dims !== null) {
      if (typeof dims !== 'number' || !Number.isSafeInteger(dims) || dims < 1) {
        throw new RequestValidationError(`${param}.outputDimensionality: must be a positive integer`, `${param}.outputDimensionality`);
      }
      if (dimensions !== undefined && dims !== dimensions) dropped.add('outputDimensionality');
      dimensions ??= dims;
    }
    for (const key of Object.keys(entry)) if (!CARRIED.has(camelCase(key))) dropped.add(camelCase(key));
    return entry;
  });
  const input = entries.map((entry, i) => entryText(entry, batch ? `requests[${i}].content` : 'content'));
  const canonical: CanonicalEmbeddingRequest = { model, input };
  if (dimensions !== undefined) canonical.dimensions = dimensions;
  const titles = entries.map((entry) => field(entry, 'title')).filter((t): t is string => typeof t === 'string' && t !== '');
  return { canonical, entries, dropped: [...dropped], titles };
}

function entryText(entry: Json, param: string): string {
  const content = objectField(entry, 'content');
  if (!content) throw new RequestValidationError(`${param}: must be an object with parts`, param);
  const texts = partsOf(content, param).map((p, j) => {
    const text = field(p, 'text');
    if (typeof text !== 'string') throw new RequestValidationError(`${param}.parts[${j}]: only text parts can be embedded`, `${param}.parts[${j}]`);
    return text;
  });
  const joined = texts.join('\n');
  if (joined === '') throw new RequestValidationError(`${param}: has no text to embed`, param);
  return joined;
}

export function formatGeminiEmbedResponse(res: CanonicalEmbeddingResponse, batch: boolean): unknown {
  if (batch) return { embeddings: res.data.map((values) => ({ values })) };
  return { embedding: { values: res.data[0] ?? [] } };
}
