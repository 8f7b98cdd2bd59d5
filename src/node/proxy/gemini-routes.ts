// The Gemini API's paths, under /v1beta/ and /v1/: POST models/{model}:{method} and GET models[/{model}].
// `{model}` is everything between `models/` and the last `:` (so `fo/echo` works, encoded or not).
// GET /v1/models and /v1/models/{model} are Gemini's only for Google's clients: the OpenAI list stays
// what everyone else gets there.
import type { IncomingMessage } from 'node:http';
import {
  countGeminiTokens, formatGeminiEmbedResponse, geminiErrorCodec, geminiInbound, geminiModelAs, geminiRoutedAs, getGeminiModel, GeminiPageError, listGeminiModelPage,
  type GeminiModelOut,
  parseGeminiEmbedRequest,
} from '../../core/inbound/gemini';
import { buildGeminiEmbedForwardRequest } from '../../core/providers/gemini';
import { serveEmbeddings } from './embeddings-handler';
import { handleGenerate } from './generate';
import { thinkingSealOf } from './thinking-seal';
import { countedForModel, requireKnownModel } from './plan';
import type { ProxyCall } from './proxy-call';
import { ProxyError, idHeaders, sendJson } from './respond';
import { estimateReadTokens } from '../tokens';
import { RouteError } from '../../core/routing';
import type { CatalogSnapshot } from '../../core/catalog';
import type { Route } from './v1-routes';
import { resolveUnlisted } from './unlisted-model';

const PREFIXES = ['/v1beta/models', '/v1/models'];

/** The request comes from a Google SDK (or speaks its auth): only those get Gemini's shape on /v1/models. */
export function isGoogleClient(req: IncomingMessage, query: URLSearchParams): boolean {
  return req.headers['x-goog-api-key'] !== undefined || req.headers['x-goog-api-client'] !== undefined || query.has('key');
}

export function isGeminiPath(path: string): boolean {
  return path.startsWith('/v1beta/') || path === '/v1beta' || /^\/v1\/models\/[^]*:/.test(path) || isGeminiFilesPath(path);
}

/**
 * Gemini's Files API (files.upload posts to /upload/v1beta/files, files.list gets /v1beta/files): not served;
 * files go inline in the request. /v1/files is OpenAI's and Anthropic's.
 */
export function isGeminiFilesPath(path: string): boolean {
  return path.startsWith('/upload/v1beta/') || path.startsWith('/upload/v1/') || /^\/v1beta\/files(?:\/|$)/.test(path);
}

/** The route for a Gemini API path, or undefined when the path is not one. */
export function matchGeminiRoute(req: IncomingMessage, path: string, query: URLSearchParams): Route | undefined {
  const prefix = PREFIXES.find((p) => path === p || path === `${p}/` || path.startsWith(`${p}/`));
  if (!prefix) return undefined;
  const beta = prefix === '/v1beta/models';
  const rest = path.slice(prefix.length + 1);
  if (rest === '') return beta || isGoogleClient(req, query) ? listRoute(query) : undefined;
  const colon = rest.lastIndexOf(':');
  const method = colon < 0 ? '' : rest.slice(colon + 1);
  if (METHODS.has(method)) return methodRoute(decode(rest.slice(0, colon)), method, query);
  // a GET names a model (whose own name may hold a colon, `llama3:8b`)
  if (req.method !== 'GET' || (!beta && !isGoogleClient(req, query))) return undefined;
  return modelRoute(decode(rest));
}

/** A name that is not valid percent-encoding is taken as written (and found in no catalog). */
function decode(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

const METHODS = new Set(['generateContent', 'streamGenerateContent', 'countTokens', 'embedContent', 'batchEmbedContents']);

function methodRoute(model: string, method: string, query: URLSearchParams): Route {
  switch (method) {
    case 'generateContent':
    case 'streamGenerateContent': {
      const stream = method === 'streamGenerateContent';
      const sse = query.get('alt') === 'sse';
      const codec = geminiInbound({ model, stream, sse });
      return {
        method: 'POST', codec, endpoint: 'generate_content',
        handle: (call, body) => {
          // Claude's thinking in a thoughtSignature is sealed for, and read back only by, the request's profile
          const seal = thinkingSealOf(call.deps, call.profile.id);
          const bound = seal ? geminiInbound({ model, stream, sse, seal }) : codec;
          return handleGenerate(call, bound, body, bound.read(body));
        },
      };
    }
    case 'countTokens':
      return {
        method: 'POST', codec: geminiErrorCodec, endpoint: null,
        handle: async (call, body) => {
          requireKnownModel(call, model);
          let counted: string | undefined;
          const answer = countGeminiTokens(body, model, (read) => {
            counted = countedForModel(call, read, 'gemini');
            return estimateReadTokens(read);
          });
          sendJson(call.res, 200, answer, idHeaders(call.requestId, counted));
        },
      };
    default: {
      const batch = method === 'batchEmbedContents';
      return { method: 'POST', codec: geminiErrorCodec, endpoint: 'embeddings', handle: (call, body) => handleEmbed(call, body, model, batch) };
    }
  }
}

async function handleEmbed(call: ProxyCall, body: Record<string, unknown>, model: string, batch: boolean): Promise<void> {
  const parsed = parseGeminiEmbedRequest(body, model, batch);
  await serveEmbeddings(call, {
    req: parsed.canonical,
    dropped: parsed.dropped,
    alsoSent: parsed.titles,
    forward: { api: 'gemini', build: (target, inputs) => buildGeminiEmbedForwardRequest(inputs ? parsed.entries.slice(inputs.start, inputs.end) : parsed.entries, target) },
    format: (res) => formatGeminiEmbedResponse(res, batch),
  });
}

/** models.list, a page at a time as Google pages it (pageSize, pageToken; nextPageToken while more follow) */
function listRoute(query: URLSearchParams): Route {
  return {
    method: 'GET', codec: geminiErrorCodec, endpoint: null,
    handle: async (call) => {
      let page;
      try {
        page = listGeminiModelPage(call.deps.catalog.snapshot(), query.get('pageSize') ?? query.get('page_size'), query.get('pageToken') ?? query.get('page_token'));
      } catch (err) {
        if (!(err instanceof GeminiPageError)) throw err;
        throw new ProxyError(400, 'invalid_request_error', err.message, {}, 'bad_request', undefined, undefined, err.param);
      }
      sendJson(call.res, 200, page, idHeaders(call.requestId));
    },
  };
}

/**
 * A name the list does not hold that generateContent serves, as routing resolves it (unlisted-model.ts, as GET
 * /v1/models/{id}): answered under the name asked for. Else why models.get found nothing: routing's reason (an
 * ambiguous name, dated or not, lists the ids to send, as generateContent does), or not found.
 */
function resolvedModel(call: ProxyCall, snapshot: CatalogSnapshot, name: string): GeminiModelOut | string {
  const found = resolveUnlisted(snapshot, call.profile, name);
  if (found instanceof RouteError) return found.message;
  const model = found?.kind === 'level' ? geminiRoutedAs(snapshot, name, found.level)
    : found?.kind === 'model' ? geminiModelAs(snapshot, name, found.modelId) : undefined;
  return model ?? `models/${name} is not found: send a routing name, an alias or a model id from GET /v1beta/models`;
}

function modelRoute(name: string): Route {
  return {
    method: 'GET', codec: geminiErrorCodec, endpoint: null,
    handle: async (call) => {
      const snapshot = call.deps.catalog.snapshot();
      const model = getGeminiModel(snapshot, name) ?? resolvedModel(call, snapshot, name);
      if (typeof model === 'string') throw new ProxyError(404, 'not_found_error', model, {}, 'model_not_found');
      sendJson(call.res, 200, model, idHeaders(call.requestId));
    },
  };
}
