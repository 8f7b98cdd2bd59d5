// OpenAI GET /models, tolerant of Ollama's native `{"models":[{"name"}]}` listing and Together's bare array.
import type { UpstreamHttpRequest, UpstreamTarget } from '../../canonical';
import { joinUrl } from './wire-types';
import { isJsonObject } from '../../json-object';

export function buildOpenAIListModelsRequest(target: Omit<UpstreamTarget, 'modelName'>): UpstreamHttpRequest {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  return { url: joinUrl(target.baseUrl, '/models'), method: 'GET', headers };
}

/**
 * Together's listing is a bare array of models of every kind (https://docs.together.ai/reference/models):
 * `type` says which generate text; an image, embedding, rerank or audio model would take chat requests it cannot serve.
 */
const TOGETHER_TEXT_TYPES = new Set(['chat', 'language', 'code']);

/**
 * Throws when the answer is no listing at all (`{"data":"oops"}`, `{"object":"list"}`): not "0 models". A null
 * list is an empty one: Ollama with no model pulled answers `{"object":"list","data":null}` (Go's nil slice).
 */
export function parseOpenAIListModels(body: unknown): string[] {
  if (Array.isArray(body)) {
    const ids: string[] = [];
    for (const m of body) {
      if (!isJsonObject(m) || typeof m.id !== 'string' || !m.id) continue;
      if (typeof m.type === 'string' && !TOGETHER_TEXT_TYPES.has(m.type)) continue;
      ids.push(m.id);
    }
    return ids;
  }
  const listed = (v: unknown): boolean => Array.isArray(v) || v === null;
  if (!isJsonObject(body) || (!listed(body.data) && !listed(body.models))) {
    throw new Error('the listing has no data/models array');
  }
  const ids: string[] = [];
  if (Array.isArray(body.data)) {
    for (const m of body.data) if (isJsonObject(m) && typeof m.id === 'string' && m.id) ids.push(m.id);
  } else if (Array.isArray(body.models)) {
    for (const m of body.models) {
      if (!isJsonObject(m)) continue;
      const id = typeof m.name === 'string' ? m.name : typeof m.model === 'string' ? m.model : undefined;
      if (id) ids.push(id);
    }
  }
  return ids;
}
