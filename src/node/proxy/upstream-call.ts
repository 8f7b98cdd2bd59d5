// One attempt against one candidate: send, classify failures, read a whole (non-streamed) body.
import type { Readable } from 'node:stream';
import {
  UpstreamFailure,
  type UpstreamAdapter,
  type UpstreamError,
  type UpstreamHttpRequest,
} from '../../core/canonical';
import { redactSecrets } from '../../core/redact';
import type { ProxyDeps } from './deps';
import { toUpstreamFailure, type UpstreamResponse } from '../http/upstream-client';
import { readErrorBody } from '../http/error-body';
import type { CallSignal } from '../http/call-signal';
import { ANSWER_BREADTH, jsonTooBroad } from './body-guard';

/**
 * The try's time ran out after the provider's headers, before its answer: retried and failed over like a
 * header timeout, but the provider answered (it is reachable), so only this model cools down.
 */
export function firstByteTimeout(timeoutMs: number, what: string): UpstreamFailure {
  return new UpstreamFailure({
    kind: 'timeout', reachable: true,
    message: `upstream timed out: its headers came, but ${what} within timeout_ms (${timeoutMs} ms)`,
  });
}

/**
 * Read at most `limit` bytes of a body as text. A larger body is dropped (its socket too) as an answer too
 * large to carry: another model may serve, the same one is not tried again, nothing cools down. JSON
 * holding more values, containers or distinct keys than any answer is given (ANSWER_BREADTH) is an error too,
 * unless `anyBreadth` (an embeddings answer: millions of numbers are no fault): parsing it, or looking in
 * it for an echoed key, would hold the event loop for seconds, so it fails over as a body that is not JSON
 * does, though not to the same model (it would answer the same way).
 * Read with 'data' events: an async iterator over the stream costs a few microseconds more a request,
 * most answers being one chunk. With `deadline` (the try's timeout_ms, from when it was sent): a body
 * not whole by then is a `timeout` (a provider that flushes its headers, or whitespace, and then stalls).
 */
export function readBodyText(body: Readable, limit: number, deadline?: { at: number; timeoutMs: number }, anyBreadth = false): Promise<string> {
  // one already over would never emit 'end' or 'close' again
  if (body.destroyed || body.readableEnded) return Promise.reject(toUpstreamFailure(new Error('the upstream body was already consumed')));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const awaitingBody = (): void => {
      if (settled || timer !== undefined || deadline === undefined) return;
      timer = setTimeout(() => {
        fail(firstByteTimeout(deadline.timeoutMs, 'not its whole answer'));
        body.destroy();
      }, Math.max(1, deadline.at - Date.now()));
    };
    // most answers are whole in the read that brought the headers (buffered, their end queued): the
    // deadline's timer is armed only for a body still to be waited for, after those have been read
    if (deadline !== undefined) {
      if (body.readableLength === 0) awaitingBody();
      else setImmediate(awaitingBody);
    }
    // a body cut off or stalled midway (socket reset, idle timeout) is the provider's failure, not ours
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(toUpstreamFailure(err, undefined, body));
    };
    body.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        // not a provider unwell (an image, say): as a stream event past the limit (relay-failure.ts)
        fail(new UpstreamFailure({ kind: 'invalid_output', repeats: true, reachable: true, message: `upstream response larger than ${limit} bytes` }));
        body.destroy();
        return;
      }
      chunks.push(chunk);
    });
    body.once('end', () => {
      if (settled) return;
      const whole = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      const over = anyBreadth ? undefined : jsonTooBroad(whole, ANSWER_BREADTH);
      if (over !== undefined) {
        fail(new UpstreamFailure({ kind: 'server', repeats: true, message: `upstream response holds ${over}` }));
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve(whole.toString('utf8'));
    });
    body.once('error', fail);
    // closed with neither its end nor an error (destroyed): as cut off. Every body closes, after its
    // end too: the Error (a stack trace, tens of microseconds) is made only when it is one
    body.once('close', () => {
      if (!settled) fail(new Error('the upstream body closed before its end'));
    });
  });
}

/**
 * Send and return the response when it is a success; a failure status is read, classified
 * by the adapter and thrown as UpstreamFailure.
 */
export async function sendUpstream(
  deps: ProxyDeps,
  adapter: UpstreamAdapter,
  httpReq: UpstreamHttpRequest,
  signal: CallSignal,
  headersTimeoutMs: number,
  /** the keys sent: redacted from the error body before an adapter cuts it to an excerpt */
  sentKeys: readonly (string | undefined)[] = [],
  /** whose answer it is: its rate-limit headers feed the near-limit alert */
  providerId?: string,
  /** the profile whose own (BYOK) key was sent; absent for the provider's shared key */
  keyOwner?: { id: string; name: string },
  /** the request is being written to the provider (past the pool's queue and the connect) */
  onSent?: () => void,
  /** the longest silence in its body (upstreamIdleMs) */
  idleMs: number = deps.idleTimeoutMs,
): Promise<UpstreamResponse> {
  const res = await deps.upstream.send(httpReq, {
    signal,
    headersTimeoutMs,
    bodyTimeoutMs: idleMs,
    ...(onSent ? { onSent } : {}),
  });
  if (providerId !== undefined) deps.health.observeRateLimits(providerId, res.headers, Date.now(), keyOwner);
  if (res.statusCode >= 300 && res.statusCode < 400) {
    // never followed (it could point anywhere, a metadata address included); a provider problem, not the request's
    await res.body.dump().catch(() => undefined);
    throw new UpstreamFailure({
      kind: 'server', status: res.statusCode,
      message: `provider answered with a redirect (HTTP ${res.statusCode}); redirects are not followed: check its base_url`,
    });
  }
  if (res.statusCode >= 300 || res.statusCode < 200) {
    const text = await readErrorBody(res.body, res.headers);
    throw new UpstreamFailure(adapter.classifyError(res.statusCode, redactSecrets(text, sentKeys), res.headers));
  }
  return res;
}

/**
 * The classified error of a failed attempt. `secrets` are the keys sent with it: a provider may
 * echo a wrong key back in its message, and one without a recognisable prefix escapes the patterns.
 */
export function asUpstreamError(err: unknown, secrets: readonly (string | undefined)[] = []): UpstreamError {
  if (err instanceof UpstreamFailure) return { ...err.error, message: redactSecrets(err.error.message, secrets) };
  // an answer our adapter could not make sense of: this provider's fault (or ours), never the client's
  return { kind: 'server', message: 'could not read the provider\'s answer' };
}

/**
 * A translated request's failure: the provider's code and param name the body Switchboard wrote, not the
 * client's (its `input[0].content[0].text` is no part of a chat client's request); its message still says
 * what was wrong. `keepCode`: the same format, the body rebuilt (a continued turn's, holding the turns
 * before): the code still says what the fault is, the param points into a body the client never sent.
 */
export function inTranslatedTerms(err: unknown, keepCode = false): unknown {
  if (!(err instanceof UpstreamFailure) || ((keepCode || err.error.code === undefined) && err.error.param === undefined)) return err;
  const { code, param: _param, ...rest } = err.error;
  return new UpstreamFailure(keepCode && code !== undefined ? { ...rest, code } : rest);
}

/** A success body must be JSON; anything else is the provider's fault and worth the next candidate. */
export function parseUpstreamJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UpstreamFailure({ kind: 'server', message: 'provider returned a body that is not JSON' });
  }
}
