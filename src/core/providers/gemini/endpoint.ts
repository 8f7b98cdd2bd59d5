// URLs and headers for the Gemini REST API. The key travels only in `x-goog-api-key`:
// a key in the query string ends up in proxy logs and error messages.

import { UpstreamFailure } from '../../canonical';

export const GEMINI_API_VERSION = 'v1beta';

/**
 * `https://generativelanguage.googleapis.com` by convention; a trailing slash or a
 * trailing API version (`/v1beta`, `/v1`) is tolerated, since people paste either.
 */
export function geminiApiRoot(baseUrl: string): string {
  const trimmed = baseUrl.trim().replace(/\/+$/, '').replace(/\/v1(?:beta|alpha)?$/, '');
  return `${trimmed}/${GEMINI_API_VERSION}`;
}

/** `gemini-2.5-flash` -> `models/gemini-2.5-flash`; `tunedModels/x` and `models/x` stay as they are. */
export function geminiModelResource(modelName: string): string {
  const name = modelName.trim();
  if (/^(?:models|tunedModels)\//.test(name)) return name;
  return `models/${name}`;
}

export function geminiModelUrl(baseUrl: string, modelName: string, method: string): string {
  const segments = geminiModelResource(modelName).split('/');
  // `.` and `..` (even percent-encoded) are dot segments a URL resolves: the request would leave /models/, key
  // and all. Model names are refused so where they are made (validate.ts); this keeps an older row from it.
  if (segments.some((s) => s === '.' || s === '..')) {
    throw new UpstreamFailure({ kind: 'refused_url', message: 'upstream URL refused: the model name holds a "." or ".." path segment' });
  }
  const resource = segments.map(encodeURIComponent).join('/');
  return `${geminiApiRoot(baseUrl)}/${resource}:${method}`;
}

export function geminiHeaders(
  apiKey: string | undefined,
  opts: { body: boolean; stream?: boolean },
): Record<string, string> {
  const headers: Record<string, string> = { accept: opts.stream ? 'text/event-stream' : 'application/json' };
  if (opts.body) headers['content-type'] = 'application/json';
  if (apiKey) headers['x-goog-api-key'] = apiKey;
  return headers;
}
