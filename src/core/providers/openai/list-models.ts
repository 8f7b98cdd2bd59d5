// OpenAI GET /models, tolerant of Ollama's native `{"models":[{"name"}]}` listing.
import type { UpstreamHttpRequest, UpstreamTarget } from '../../canonical';
import { isObject, joinUrl } from './wire-types';

export function buildOpenAIListModelsRequest(target: Omit<UpstreamTarget, 'modelName'>): UpstreamHttpRequest {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  return { url: joinUrl(target.baseUrl, '/models'), method: 'GET', headers };
}

export function parseOpenAIListModels(body: unknown): string[] {
  if (!isObject(body)) return [];
  const ids: string[] = [];
  if (Array.isArray(body.data)) {
    for (const m of body.data) if (isObject(m) && typeof m.id === 'string' && m.id) ids.push(m.id);
  } else if (Array.isArray(body.models)) {
    for (const m of body.models) {
      if (!isObject(m)) continue;
      const id = typeof m.name === 'string' ? m.name : typeof m.model === 'string' ? m.model : undefined;
      if (id) ids.push(id);
    }
  }
  return ids;
}
