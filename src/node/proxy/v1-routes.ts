// The proxy surface: find the endpoint, authenticate, read the body, hand it to the endpoint, and
// answer failures in the inbound API's own error shape. Every endpoint is a row of ROUTES.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import type { RawJsonBody } from '../../core/forward-body';
import { RequestValidationError, type InboundCodec } from '../../core/canonical';
import { openaiInbound } from '../../core/inbound/openai';
import { anthropicInbound, readAnthropicRequest } from '../../core/inbound/anthropic';
import { responsesInbound } from '../../core/inbound/responses';
import { isResponsesShapedChatBody, responsesBodyChatAnswer } from '../../core/inbound/responses-body-chat-answer';
import { estimateReadTokens } from '../tokens';
import { redactSecrets } from '../../core/redact';
import type { UsageEndpoint } from '../../core/usage-record';
import type { ProxyDeps } from './deps';
import { BodyTooLargeError, checkJsonContentType, drainBody, presentedGoogleKey, presentedToken, readBody } from './guards';
import { assertFewContainers, assertSafeRequestJson } from './body-guard';
import { ProxyError, idHeaders, invalidRequestError, sendJson, sendProxyError, sentStatus } from './respond';
import { handleGenerate } from './generate';
import { countedForModel, requireKnownModel } from './plan';
import { handleEmbeddings } from './embeddings-handler';
import { refuseEmbeddingsOnly } from './embeddings-only';
import { handleCancel, handleInputItems, handleResponsesCreate, handleStoredResponse } from './responses-handler';
import { decodedId, modelsRoute } from './models-list';
import { handleInputTokens } from './responses-input-tokens';
import { ClientClosed } from './candidates';
import { newUsageRecord, recordUsage, type ProxyCall } from './proxy-call';
import { geminiErrorCodec } from '../../core/inbound/gemini';
import { isGeminiFilesPath, isGeminiPath, matchGeminiRoute } from './gemini-routes';
import { CallAbort } from '../http/call-signal';
import { cutAtShutdown, shutdownError, type InFlightCalls } from './shutdown';
import { answeringLostThreads } from './messages-thread';
import { isLockError, lockedMessage } from '../data-dir/storage-errors';
import { retryAfterHeaders } from './final-error';
import { ownerPrefix } from './path-owner';

export const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** how long an unknown endpoint's body may take to arrive before the 404 goes with the connection closed */
const DRAIN_TIMEOUT_MS = 10_000;
const NO_QUERY = new URLSearchParams();

type Method = 'GET' | 'POST' | 'DELETE';

export interface Route {
  method: Method | readonly Method[];
  codec: InboundCodec;
  /** the usage row's endpoint; null: no row (free, local answers) */
  endpoint: UsageEndpoint | null;
  /** client headers passed upstream when the request is forwarded in its own format */
  passHeaders?: readonly string[];
  /** a POST that takes no body (OpenAI's SDKs send none to .../cancel): one sent without any is not refused */
  noBody?: true;
  handle(call: ProxyCall, body: Record<string, unknown>): Promise<void>;
}

const generate = (codec: InboundCodec, passHeaders?: readonly string[]) =>
  async (call: ProxyCall, body: Record<string, unknown>): Promise<void> => {
    const read = codec.read(body);
    const headers = pickHeaders(call.req, passHeaders);
    await handleGenerate(call, codec, body, headers ? { ...read, passHeaders: headers } : read);
  };

const chat = generate(openaiInbound);
const responsesBodyAsChat = generate(responsesBodyChatAnswer);

// anthropic-beta and anthropic-version change what Anthropic does (Claude Code's features); anything
// else a client sends (its own key, cookies, tracing) stays here
const ANTHROPIC_HEADERS = ['anthropic-beta', 'anthropic-version'];
const messages = generate(anthropicInbound, ANTHROPIC_HEADERS);

const ROUTES: Record<string, Route> = {
  '/v1/chat/completions': {
    method: 'POST', codec: openaiInbound, endpoint: 'chat',
    // Cursor's agent posts the Responses API's shape here and reads chat completion chunks back
    handle: (call, body) => (isResponsesShapedChatBody(body) ? responsesBodyAsChat : chat)(call, body),
  },
  '/v1/messages': { method: 'POST', codec: anthropicInbound, endpoint: 'messages', handle: (call, body) => answeringLostThreads(call, body, () => messages(call, body)) },
  '/v1/messages/count_tokens': {
    method: 'POST', codec: anthropicInbound, endpoint: null,
    handle: async (call, body) => {
      const read = readAnthropicRequest(body, { countOnly: true });
      requireKnownModel(call, read.model);
      refuseEmbeddingsOnly(call.deps.catalog.snapshot(), call.profile, read.model);
      sendJson(call.res, 200, { input_tokens: estimateReadTokens(read) }, idHeaders(call.requestId, countedForModel(call, read, 'messages')));
    },
  },
  '/v1/responses': { method: 'POST', codec: responsesInbound, endpoint: 'responses', handle: handleResponsesCreate },
  '/v1/responses/input_tokens': { method: 'POST', codec: responsesInbound, endpoint: null, handle: handleInputTokens },
  '/v1/embeddings': { method: 'POST', codec: openaiInbound, endpoint: 'embeddings', handle: (call, body) => handleEmbeddings(call, body) },
};

const STORED_RESPONSE = /^\/v1\/responses\/([^/]+)(\/input_items|\/cancel)?\/?$/;
/** OpenAI's own endpoints under /v1/responses/ (responses.inputTokens.count, a route above; responses.compact): never a response id */
const RESPONSES_ENDPOINTS = new Set(['input_tokens', 'compact']);

/** Routes with an id in the path: `/v1/responses/{id}` (a stored response), its `/input_items` and `/cancel`. */
function routeWithId(path: string, query: URLSearchParams): Route | undefined {
  const m = STORED_RESPONSE.exec(path);
  const id = m ? decodedId(m[1]!) : undefined;
  // not served here: unknown_endpoint, not a 405 claiming GET would work
  if (!m || id === undefined || RESPONSES_ENDPOINTS.has(id)) return undefined;
  if (m[2] === '/cancel') return { method: 'POST', codec: responsesInbound, endpoint: null, noBody: true, handle: (call) => handleCancel(call, id) };
  if (m[2]) return { method: 'GET', codec: responsesInbound, endpoint: null, handle: (call) => handleInputItems(call, id, query) };
  return { method: ['GET', 'DELETE'], codec: responsesInbound, endpoint: null, handle: (call) => handleStoredResponse(call, id) };
}

function allows(route: Route, method: string | undefined): boolean {
  return typeof route.method === 'string' ? route.method === method : route.method.includes(method as Method);
}

function codecForPath(req: IncomingMessage, path: string): InboundCodec {
  if (isGeminiPath(path)) return geminiErrorCodec;
  // the Anthropic SDK sends anthropic-version on every call, to paths Switchboard may not serve (/v1/files)
  if (path.startsWith('/v1/messages') || req.headers['anthropic-version'] !== undefined) return anthropicInbound;
  return path.startsWith('/v1/responses') ? responsesInbound : openaiInbound;
}

/** The endpoint a request names (undefined: none) and the codec its answers and errors are written in. */
function findRoute(req: IncomingMessage, path: string, query: URLSearchParams) {
  const gemini = matchGeminiRoute(req, path, query);
  const route = gemini ?? ROUTES[path] ?? ROUTES[path.replace(/\/+$/, '')] ?? modelsRoute(req, path, query) ?? routeWithId(path, query);
  // no endpoint: the error is in the shape of the API the path names, `//v1beta/...` Gemini's too
  return { gemini, route, codec: route?.codec ?? codecForPath(req, ownerPrefix(path)) };
}

// the UUID's 32 hex digits (its dashes sit at 8, 13, 18 and 23): slices, cheaper than a regex replace
const newRequestId = (): string => {
  const u = randomUUID();
  return `sbr_${u.slice(0, 8)}${u.slice(9, 13)}${u.slice(14, 18)}${u.slice(19, 23)}${u.slice(24)}`;
};

/**
 * A refusal made before handleV1 (the Host/Origin guard): in the inbound API's own error shape and with
 * the request id headers, as every proxy answer (SPEC.md §2).
 */
export function refuseV1(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, err: ProxyError): void {
  sendProxyError(res, findRoute(req, path, query).codec, err, idHeaders(newRequestId()));
}

/** `query`: the URL's query string (Gemini's `?key=` and `?alt=sse`). */
/** `calls`: where the request is tracked while it runs, to be cut at shutdown. */
export async function handleV1(
  req: IncomingMessage, res: ServerResponse, path: string, deps: ProxyDeps, query = new URLSearchParams(), calls?: InFlightCalls,
): Promise<void> {
  const requestId = newRequestId();
  const startedAt = Date.now();
  const { gemini, route, codec } = findRoute(req, path, query);
  const base = idHeaders(requestId);
  const fail = (e: ProxyError): void => sendProxyError(res, codec, e, base);

  if (isWebSocketUpgrade(req)) {
    // 426, not 404 or 405: Codex tries a WebSocket first on /v1/responses and falls back to HTTP at
    // once on it (on anything else it reconnects for seconds, printing errors)
    const auth = authenticate(req, deps, gemini ? query : NO_QUERY);
    return fail(auth instanceof ProxyError ? auth : new ProxyError(426, 'invalid_request_error', 'Switchboard serves this API over HTTP requests, not WebSocket', { connection: 'close' }, 'websocket_not_supported', 'upgrade_required'));
  }
  if (!route) {
    const files = isGeminiFilesPath(ownerPrefix(path)) ? ': Switchboard does not serve the Gemini Files API; send the file inline (inlineData) in the request' : '';
    return refuseUnknown(req, deps, gemini ? query : NO_QUERY, fail, `Unknown endpoint ${req.method} ${path}${files}`);
  }
  if (!allows(route, req.method)) {
    const allow = typeof route.method === 'string' ? route.method : route.method.join(', ');
    return fail(new ProxyError(405, 'invalid_request_error', `Use ${allow} for ${path}`, { allow }, 'method_not_allowed', 'method_not_allowed'));
  }

  // `?key=` is the Gemini API's way only: elsewhere a token in the URL would just spread it (shell history, client logs)
  const auth = authenticate(req, deps, gemini ? query : NO_QUERY);
  if (auth instanceof ProxyError) return fail(auth);
  const { who, profile } = auth;
  if (deps.isPaused()) {
    const paused = new ProxyError(503, 'overloaded_error', 'The Switchboard proxy is paused', { 'retry-after': '5', 'x-should-retry': 'true' }, 'paused');
    // listed in Activity as every refusal before routing is, from the headers alone: its body is never read
    if (route.endpoint !== null) {
      deps.usage.record({
        ...newUsageRecord({ requestId, startedAt, userId: who.userId, tokenId: who.tokenId }, codec.api, route.endpoint, req.headers['user-agent']),
        status: paused.status, errorKind: paused.kind, latencyMs: Date.now() - startedAt,
      });
    }
    return fail(paused);
  }
  const refused = deps.usage.refusal();
  if (refused) return fail(new ProxyError(503, 'overloaded_error', refused, { 'retry-after': '30', 'x-should-retry': 'true' }, 'storage'));
  const withBody = req.method === 'POST' && !(route.noBody && hasNoBody(req));
  if (withBody) {
    const ctFail = checkJsonContentType(req);
    if (ctFail) return fail(new ProxyError(415, 'unsupported_media_type', ctFail.message));
  }

  const abort = new CallAbort();
  res.on('close', () => { if (!res.writableFinished) abort.abort(); });
  const untrack = calls?.add(abort);
  const call: ProxyCall = {
    req, res, deps, requestId, startedAt, userId: who.userId, tokenId: who.tokenId, profile, signal: abort, recorded: route.endpoint === null,
    usage: newUsageRecord({ requestId, startedAt, userId: who.userId, tokenId: who.tokenId }, codec.api, route.endpoint ?? 'chat', req.headers['user-agent']),
  };
  try {
    let body: Record<string, unknown> = {};
    if (withBody) {
      const raw = await parseBody(req);
      body = raw.parsed;
      if (raw.utf8) call.rawBody = raw;
    }
    await route.handle(call, body);
  } catch (err) {
    const e = toProxyError(err, call);
    if (e.status === 500) deps.log(`proxy: internal error: ${redactSecrets(String((err as Error)?.stack ?? err))}`);
    // the row says what the client was sent
    call.usage.status = sentStatus(codec, e);
    call.usage.errorKind = e.kind;
    recordUsage(call);
    if (!res.headersSent) fail(e);
    else if (!res.writableEnded) res.end();
  } finally {
    untrack?.();
    // a path that answered without recording (a bug) still leaves its row
    recordUsage(call);
  }
}

/**
 * 404 unknown_endpoint. An SDK's upload to an endpoint Switchboard lacks (Anthropic's POST /v1/files) reads the
 * 404 only once it has sent its body: read for a client with a token; one without is answered at once, its
 * connection closed. `query`: where a Gemini client's `?key=` may be.
 */
async function refuseUnknown(req: IncomingMessage, deps: ProxyDeps, query: URLSearchParams, fail: (e: ProxyError) => void, message: string): Promise<void> {
  const unknown = (headers: Record<string, string>): ProxyError => new ProxyError(404, 'not_found_error', message, headers, 'unknown_endpoint', 'unknown_endpoint');
  if (authenticate(req, deps, query) instanceof ProxyError) return fail(unknown({ connection: 'close' }));
  await drainBody(req, MAX_BODY_BYTES, DRAIN_TIMEOUT_MS);
  fail(unknown({}));
}

/**
 * An API path sent without its prefix (a base URL missing /v1): the 404 names the URL meant, in the shape of
 * the API that URL is, `prefix + path`.
 */
export function refuseUnprefixed(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, deps: ProxyDeps, prefix: string): Promise<void> {
  const meant = `${prefix}${ownerPrefix(path)}`;
  const { gemini, codec } = findRoute(req, meant, query);
  const fail = (e: ProxyError): void => sendProxyError(res, codec, e, idHeaders(newRequestId()));
  const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
  const message = `Unknown endpoint ${req.method} ${path}: did you mean ${origin}${meant}? The API's paths start with ${prefix}`
    + (prefix === '/v1' ? ` (an OpenAI client's base URL is ${origin}/v1)` : '');
  return refuseUnknown(req, deps, gemini ? query : NO_QUERY, fail, message);
}

/** The profile the request's token names; a 401 for a missing or unknown one. */
function authenticate(req: IncomingMessage, deps: ProxyDeps, query: URLSearchParams) {
  const raw = presentedToken(req) ?? presentedGoogleKey(req, query);
  const who = raw ? deps.catalog.resolveToken(raw) : null;
  const profile = who ? deps.catalog.profile(who.userId) : undefined;
  // an unauthenticated client keeps no connection open; and is told not to retry: Claude Code otherwise
  // retries a 401 some eight times, with backoff, for minutes before it prints a word
  if (!who || !profile) return new ProxyError(401, 'authentication_error', raw ? badTokenMessage(raw, deps) : 'Missing proxy token: send Authorization: Bearer sb-..., x-api-key: sb-... or (Gemini API) x-goog-api-key: sb-...', { connection: 'close', 'x-should-retry': 'false' });
  return { who, profile };
}

// a tool still set up with a revoked token (an old `$(cat .../default-token)`), or with the admin token, is told why, not just refused
function badTokenMessage(raw: string, deps: ProxyDeps): string {
  if (raw.startsWith('sba-')) {
    return "Invalid proxy token: this is Switchboard's admin token (sba-...), for the admin API and the UI; tools need a profile token (sb-...): "
      + "the default profile's is in DATA_DIR/default-token (~/.config/switchboard/default-token on Linux) and in the BYOK tab";
  }
  return deps.catalog.isRevokedToken?.(raw)
    ? "This proxy token was revoked: use another of the profile's tokens, or issue one in Switchboard's BYOK tab"
    : 'Invalid proxy token';
}

function isWebSocketUpgrade(req: IncomingMessage): boolean {
  const upgrade = req.headers.upgrade;
  return typeof upgrade === 'string' && upgrade.split(',').some((p) => p.trim().toLowerCase() === 'websocket');
}

function hasNoBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length === undefined || length === '0') && req.headers['transfer-encoding'] === undefined;
}

function pickHeaders(req: IncomingMessage, names: readonly string[] | undefined): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const name of names ?? []) {
    const raw = req.headers[name];
    const value = Array.isArray(raw) ? raw.join(',') : raw;
    if (value && value.trim() !== '') (out ??= {})[name] = value.trim();
  }
  return out;
}

/** The body parsed, with its bytes; `utf8`: they are valid UTF-8 (else decoding replaced some, and they must not be forwarded as is). */
async function parseBody(req: IncomingMessage): Promise<RawJsonBody & { utf8: boolean }> {
  let buf: Buffer;
  try {
    buf = await readBody(req, MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new ProxyError(413, 'request_too_large', err.message, { connection: 'close' });
    // a client that left halfway through its upload is not a bad request
    if (req.destroyed) throw new ClientClosed();
    throw new ProxyError(400, 'invalid_request_error', 'Could not read the request body');
  }
  assertFewContainers(buf);
  let body: unknown;
  try {
    body = JSON.parse(buf.toString('utf8'));
  } catch {
    throw new ProxyError(400, 'invalid_request_error', 'The request body is not valid JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ProxyError(400, 'invalid_request_error', 'The request body must be a JSON object');
  assertSafeRequestJson(body, buf);
  return { bytes: buf, parsed: body as Record<string, unknown>, utf8: isUtf8(buf) };
}

function toProxyError(err: unknown, call: ProxyCall): ProxyError {
  // cut at shutdown: whatever the cut made of the request (a 502 from a provider call it aborted), its client is told why
  if (cutAtShutdown(call.signal)) return shutdownError();
  if (err instanceof ProxyError) return err;
  if (err instanceof ClientClosed || call.signal.aborted) return new ProxyError(499, 'api_error', 'client closed the request', {}, 'client_closed');
  if (err instanceof RequestValidationError) return invalidRequestError(err);
  // another program's lock on the database refused a write the request makes (DELETE /v1/responses/{id}): it passes once that program lets go
  if (isLockError(err)) return lockedError(call, String((err as { code?: unknown }).code));
  return new ProxyError(500, 'api_error', 'Internal error in the Switchboard proxy', {}, 'internal');
}

/** How soon a client refused by another program's lock on the database may try again. */
const LOCKED_RETRY_S = 5;

function lockedError(call: ProxyCall, code: string): ProxyError {
  const file = call.deps.databaseFile ?? 'switchboard.db';
  return new ProxyError(503, 'api_error', `Switchboard could not save this: ${lockedMessage(file, code)}.`, retryAfterHeaders(LOCKED_RETRY_S), 'internal');
}
