// GET /v1/responses/{id}?stream=true (`starting_after`): OpenAI's way to resume a stream, which the SDKs'
// retrieve(id, {stream: true}) and responses.stream({response_id}) use. A response a Responses provider
// served is streamed again by that provider (its events numbered as the client first saw them, a
// background one to its end, kept as it ended); one made here from another format's answer is replayed
// from what is kept, numbered in that replay.
import { StringDecoder } from 'node:string_decoder';
import { jsonContainsSecret } from '../../core/redact';
import { StreamKeyWatch } from '../../core/stream-key-watch';
import { createSseParser, formatSse, SseLimitError } from '../../core/sse';
import { responsesInbound } from '../../core/inbound/responses';
import { restorePreviousId } from '../../core/inbound/responses/previous-id';
import { replayResponseEvents } from '../../core/inbound/responses/stream-replay';
import type { StoredResponse } from '../responses/response-store';
import { KEY_ECHO_ERROR } from '../http/key-echo';
import { bodyTimeoutFailure, isBodyTimeout, type UpstreamResponse } from '../http/upstream-client';
import type { ProxyCall } from './proxy-call';
import { ProxyError, idHeaders } from './respond';
import { isPending, keepLatest, providerRefused } from './responses-background';
import { streamFromProvider } from './responses-at-provider';
import { readBodyText } from './upstream-call';
import { cutAtShutdown, SHUTDOWN_MESSAGE } from './shutdown';
import { drained } from './client-drain';
import { midStreamError } from '../../core/error-policy';
import { UpstreamFailure } from '../../core/canonical';
import { IdleWatch } from './idle-watch';
import { isJsonObject } from '../../core/json-object';

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' };
const FINISHED = /^\{\s*"type"\s*:\s*"response\.(?:completed|incomplete|failed)"/;
const CREATED = /^\{\s*"type"\s*:\s*"response\.created"/;

/** `starting_after`: a sequence_number (a whole number), or absent. */
function startingAfterOf(query: URLSearchParams): number | undefined {
  const raw = query.get('starting_after');
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new ProxyError(400, 'invalid_request_error', `Invalid 'starting_after': expected a non-negative integer, got '${raw.slice(0, 40)}'.`, {}, 'bad_request', 'invalid_value', undefined, 'starting_after');
  }
  return n;
}

export async function resumeStream(call: ProxyCall, stored: StoredResponse, query: URLSearchParams): Promise<void> {
  const startingAfter = startingAfterOf(query);
  if (stored.native) {
    const at = await streamFromProvider(call, stored, startingAfter);
    if (at) return relayFromProvider(call, stored, at);
  }
  // its provider gone from the catalog: what was last known, if it had ended
  if (isPending(stored.response)) {
    throw new ProxyError(400, 'invalid_request_error', `Response '${stored.id}' is still ${String(stored.response.status)} and its provider can no longer be asked; it cannot be streamed.`, {}, 'bad_request', undefined, undefined, 'stream');
  }
  call.res.writeHead(200, { ...SSE_HEADERS, ...idHeaders(call.requestId, stored.modelId) });
  call.res.end(replayResponseEvents(stored.response, startingAfter));
}

async function relayFromProvider(call: ProxyCall, stored: StoredResponse, at: { res: UpstreamResponse; key: string | undefined }): Promise<void> {
  const { res, key } = at;
  const type = String(res.headers['content-type'] ?? '');
  if (res.statusCode !== 200 || !type.startsWith('text/event-stream')) {
    const text = await readBodyText(res.body, call.deps.maxUpstreamBodyBytes).catch(() => '');
    if (jsonContainsSecret(text, [key])) throw new ProxyError(502, 'api_error', KEY_ECHO_ERROR.message, {}, 'upstream');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    throw providerRefused(stored, 'stream', { status: res.statusCode, json: isJsonObject(json) ? json : undefined, headers: res.headers });
  }
  call.res.writeHead(200, { ...SSE_HEADERS, ...idHeaders(call.requestId, stored.modelId) });
  await passEvents(call, stored, res, key);
  if (!call.res.writableEnded) call.res.end();
}

/**
 * The provider's events as it sent them (nothing to translate, no usage to count: that row is the
 * request's that made it), at the client's pace; the one that ends the response keeps it. An event
 * carrying the key, an oversized one, a stream broken off or one silent for the idle timeout ends it
 * with an error event.
 */
async function passEvents(call: ProxyCall, stored: StoredResponse, res: UpstreamResponse, key: string | undefined): Promise<void> {
  const parser = createSseParser({ maxEventChars: call.deps.maxSseEventBytes, maxStreamChars: call.deps.maxStreamBytes });
  const utf8 = new StringDecoder('utf8');
  let first: string | undefined;
  let last: string | undefined;
  // a turn continued here reached the provider without the id it continued: its events show it, as the first stream's did
  const prior = stored.response.previous_response_id;
  const rewrite = typeof prior === 'string' ? restorePreviousId(prior).event : undefined;
  const fail = (message: string, status = 502, type = 'api_error'): void => {
    // resumed after its response.created (starting_after): the response that failed is the one kept here
    const created = first !== undefined && CREATED.test(first) ? first : JSON.stringify({ type: 'response.created', response: stored.response });
    call.res.write(responsesInbound.formatStreamError(status, type, message, last ? { first: created, last } : undefined));
  };
  // no timeout_ms here once the headers came: from them on an event must come every idle timeout, as in a
  // live stream once its answer began (keep-alive comments are no event; undici's own timeout counts bytes)
  const idle = new IdleWatch(call.deps.idleTimeoutMs, res.body);
  idle.begin();
  const keyWatch = new StreamKeyWatch([key]);
  try {
    for await (const chunk of res.body) {
      let text = '';
      const events = parser.push(utf8.write(chunk as Buffer));
      if (events.length > 0) idle.heard();
      for (const e of events) {
        if (keyWatch.echoes(e.data)) {
          call.res.write(text);
          res.body.destroy();
          return fail(KEY_ECHO_ERROR.message);
        }
        first ??= e.data;
        last = e.data;
        if (FINISHED.test(e.data)) keepFinished(call, stored, e.data);
        text += formatSse(rewrite ? rewrite(e.data) : e.data, e.event);
      }
      if (text !== '' && !call.res.write(text)) await idle.holding(drained(call.res, call.deps.idleTimeoutMs));
    }
  } catch (err) {
    if (call.res.destroyed) return;
    // cut by Switchboard's shutdown, not by the client: a client still reading is told why it ends, as a live stream's is
    if (cutAtShutdown(call.signal)) {
      const { status, type } = midStreamError('overloaded');
      return fail(SHUTDOWN_MESSAGE, status, type);
    }
    if (call.signal.aborted) return;
    // silent for the idle timeout: no event (the idle watch), or no byte at all (undici's bodyTimeout)
    if (err instanceof UpstreamFailure || isBodyTimeout(err)) {
      const { message, kind } = err instanceof UpstreamFailure ? err.error : bodyTimeoutFailure(call.deps.idleTimeoutMs).error;
      const { status, type } = midStreamError(kind);
      return fail(message, status, type);
    }
    fail(err instanceof SseLimitError ? `upstream sent a ${err.message}` : 'upstream stream broke off');
  } finally {
    idle.stop();
  }
}

function keepFinished(call: ProxyCall, stored: StoredResponse, data: string): void {
  try {
    const event: unknown = JSON.parse(data);
    if (isJsonObject(event) && isJsonObject(event.response) && event.response.id === stored.id) keepLatest(call, stored, event.response);
  } catch {
    // not JSON: passed on as the provider sent it, and nothing kept
  }
}
