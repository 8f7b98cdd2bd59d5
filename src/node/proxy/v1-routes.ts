// The /v1 surface: authentication, body parsing and dispatch to the endpoint handlers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { RequestValidationError, type InboundCodec } from '../../core/canonical';
import { openaiInbound } from '../../core/inbound/openai';
import { anthropicInbound, countTokensRequestToCanonical } from '../../core/inbound/anthropic';
import { estimateRequestTokens } from '../tokens';
import { redactSecrets } from '../../core/redact';
import type { UsageRecord } from '../../core/usage-record';
import type { ProxyDeps } from './deps';
import { BodyTooLargeError, checkJsonContentType, presentedToken, readBody } from './guards';
import { assertSafeRequestJson } from './body-guard';
import { ProxyError, idHeaders, sendJson, sendProxyError } from './respond';
import { handleChat } from './chat-handler';
import { handleEmbeddings } from './embeddings-handler';
import { listModelNames } from './models-list';
import { newUsageRecord, type ProxyCall } from './proxy-call';

export const MAX_BODY_BYTES = 32 * 1024 * 1024;
const MAX_MESSAGES = 10_000;

type Endpoint = { codec: InboundCodec; endpoint: UsageRecord['endpoint']; method: 'GET' | 'POST' };

const ENDPOINTS: Record<string, Endpoint> = {
  '/v1/chat/completions': { codec: openaiInbound, endpoint: 'chat', method: 'POST' },
  '/v1/messages': { codec: anthropicInbound, endpoint: 'messages', method: 'POST' },
  '/v1/messages/count_tokens': { codec: anthropicInbound, endpoint: 'count_tokens', method: 'POST' },
  '/v1/embeddings': { codec: openaiInbound, endpoint: 'embeddings', method: 'POST' },
  '/v1/models': { codec: openaiInbound, endpoint: 'chat', method: 'GET' },
};

export async function handleV1(req: IncomingMessage, res: ServerResponse, path: string, deps: ProxyDeps): Promise<void> {
  const requestId = `sbr_${randomUUID().replace(/-/g, '')}`;
  const startedAt = Date.now();
  const route = ENDPOINTS[path] ?? ENDPOINTS[path.replace(/\/+$/, '')];
  const codec = route?.codec ?? (path.startsWith('/v1/messages') ? anthropicInbound : openaiInbound);
  const base = idHeaders(requestId);
  const fail = (e: ProxyError): void => sendProxyError(res, codec, e, base);

  if (!route) return fail(new ProxyError(404, 'not_found_error', `Unknown endpoint ${req.method} ${path}`));
  if (req.method !== route.method) return fail(new ProxyError(405, 'invalid_request_error', `Use ${route.method} for ${path}`, { allow: route.method }));

  const raw = presentedToken(req);
  const who = raw ? deps.catalog.resolveToken(raw) : null;
  if (!who) return fail(new ProxyError(401, 'authentication_error', raw ? 'Invalid proxy token' : 'Missing proxy token: send Authorization: Bearer sb-... or x-api-key: sb-...'));
  const profile = deps.catalog.profile(who.userId);
  if (!profile) return fail(new ProxyError(401, 'authentication_error', 'Invalid proxy token'));
  if (deps.isPaused()) return fail(new ProxyError(503, 'overloaded_error', 'The Switchboard proxy is paused', { 'retry-after': '5' }));

  if (route.method === 'GET') return sendJson(res, 200, listModelNames(deps.catalog.snapshot()), base);

  const ctFail = checkJsonContentType(req);
  if (ctFail) return fail(new ProxyError(415, 'unsupported_media_type', ctFail.message));

  const abort = new AbortController();
  res.on('close', () => { if (!res.writableFinished) abort.abort(); });
  const call: ProxyCall = {
    req, res, deps, requestId, startedAt, userId: who.userId, tokenId: who.tokenId, profile,
    signal: abort.signal, usage: newUsageRecord({ requestId, startedAt, userId: who.userId, tokenId: who.tokenId }, codec.api, route.endpoint),
  };
  try {
    const body = await parseBody(req);
    assertSafeRequestJson(body);
    if (route.endpoint === 'count_tokens') {
      return sendJson(res, 200, { input_tokens: estimateRequestTokens(countTokensRequestToCanonical(body)) }, base);
    }
    if (route.endpoint === 'embeddings') return await handleEmbeddings(call, body);
    const canonical = codec.parseRequest(body);
    if (canonical.messages.length > MAX_MESSAGES) throw new RequestValidationError(`Too many messages (${canonical.messages.length}, at most ${MAX_MESSAGES})`, 'messages');
    const passHeaders = passThroughHeaders(req, codec);
    if (passHeaders) canonical.passHeaders = passHeaders;
    await handleChat(call, codec, canonical, body as Record<string, unknown>);
  } catch (err) {
    const e = toProxyError(err);
    if (e.status === 500) deps.log(`proxy: internal error: ${redactSecrets(String((err as Error)?.stack ?? err))}`);
    call.usage.status = e.status;
    call.usage.errorKind = e.kind;
    if (!res.headersSent) fail(e);
    else if (!res.writableEnded) res.end();
  } finally {
    if (route.endpoint !== 'count_tokens') {
      call.usage.latencyMs = Date.now() - startedAt;
      if (call.signal.aborted && !call.usage.errorKind) call.usage.errorKind = 'client_disconnect';
      deps.usage.record(call.usage);
    }
  }
}

// Only headers that change what the upstream does with the request (Claude Code's beta features);
// anything else a client sends (its own key, cookies, tracing) stays here.
const PASS_THROUGH: Record<InboundCodec['api'], readonly string[]> = { anthropic: ['anthropic-beta'], openai: [] };

function passThroughHeaders(req: IncomingMessage, codec: InboundCodec): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const name of PASS_THROUGH[codec.api]) {
    const raw = req.headers[name];
    const value = Array.isArray(raw) ? raw.join(',') : raw;
    if (value && value.trim() !== '') (out ??= {})[name] = value.trim();
  }
  return out;
}

async function parseBody(req: IncomingMessage): Promise<unknown> {
  let buf: Buffer;
  try {
    buf = await readBody(req, MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new ProxyError(413, 'request_too_large', err.message, { connection: 'close' });
    throw new ProxyError(400, 'invalid_request_error', 'Could not read the request body');
  }
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    throw new ProxyError(400, 'invalid_request_error', 'The request body is not valid JSON');
  }
}

function toProxyError(err: unknown): ProxyError {
  if (err instanceof ProxyError) return err;
  if (err instanceof RequestValidationError) {
    return new ProxyError(400, 'invalid_request_error', err.param ? `${err.message} (param: ${err.param})` : err.message);
  }
  return new ProxyError(500, 'api_error', 'Internal error in the Switchboard proxy');
}
