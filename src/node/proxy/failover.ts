// Turning the failures of every candidate into the one error the client sees.
import type { UpstreamError } from '../../core/canonical';
import type { FailedAttempt } from '../../core/usage-record';
import { ProxyError } from './respond';

const NO_RETRY = { 'x-should-retry': 'false' };

/** A non-retryable upstream error: the request itself is at fault, tell the client as the provider did. */
export function requestFault(err: UpstreamError): ProxyError {
  if (err.kind === 'payload_too_large') return new ProxyError(413, 'request_too_large', err.message, NO_RETRY, err.kind);
  return new ProxyError(400, 'invalid_request_error', `provider rejected the request: ${err.message}`, NO_RETRY, err.kind);
}

/** Every candidate failed (or none could be tried). */
export function exhausted(failures: FailedAttempt[], errors: UpstreamError[]): ProxyError {
  const summary = failures
    .map((f) => `${f.model}: ${f.kind}${f.status ? ` (${f.status})` : ''} ${f.message}`)
    .join('; ')
    .slice(0, 2000);
  const message = `All ${failures.length} candidate model(s) failed. ${summary}`;
  const kinds = new Set(errors.map((e) => e.kind));
  if (errors.length > 0 && [...kinds].every((k) => k === 'rate_limit')) {
    const waits = errors.map((e) => e.retryAfterMs).filter((n): n is number => n !== undefined);
    const seconds = Math.max(1, Math.ceil((waits.length ? Math.min(...waits) : 1000) / 1000));
    return new ProxyError(429, 'rate_limit_error', message, { ...NO_RETRY, 'retry-after': String(seconds) }, 'rate_limit');
  }
  const last = errors[errors.length - 1];
  if (last?.kind === 'timeout') return new ProxyError(504, 'timeout_error', message, NO_RETRY, 'timeout');
  if (last?.kind === 'overloaded') return new ProxyError(503, 'overloaded_error', message, NO_RETRY, 'overloaded');
  return new ProxyError(502, 'api_error', message, NO_RETRY, last?.kind ?? 'upstream');
}
