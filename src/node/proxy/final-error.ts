// The one error a client gets when its request was not served, with a status that tells it whether
// waiting could help: 429/503 with retry-after and `x-should-retry: true` only then; 400 when the
// request itself (or the model it named) is the problem; 502/504 when providers failed for good.
import type { UpstreamError } from '../../core/canonical';
import { isTransient } from '../../core/error-policy';
import { REASON, RouteError, contextTooSmall, noCandidateMessage, type PlanExclusion, type RoutePlan } from '../../core/routing';
import { MISSING_CAPABILITY } from '../../core/routing/eligibility';
import type { FailedAttempt } from '../../core/usage-record';
import { ProxyError } from './respond';

const FINAL = { 'x-should-retry': 'false' };

function retryable(seconds: number): Record<string, string> {
  return { 'x-should-retry': 'true', 'retry-after': String(Math.max(1, Math.ceil(seconds))) };
}

/** A failure caused by the request itself: no other candidate would do better. */
export function requestFault(err: UpstreamError): ProxyError {
  if (err.kind === 'payload_too_large') return new ProxyError(413, 'request_too_large', err.message, FINAL, err.kind);
  const code = err.kind === 'content_filter' ? 'content_filter' : undefined;
  return new ProxyError(400, 'invalid_request_error', `provider rejected the request: ${err.message}`, FINAL, err.kind, code);
}

/** Every candidate tried failed (or the deadline passed). */
export function exhaustedError(failures: readonly FailedAttempt[], errors: readonly UpstreamError[]): ProxyError {
  const summary = failures
    .map((f) => `${f.model}: ${f.kind}${f.status ? ` (${f.status})` : ''} ${f.message}`)
    .join('; ')
    .slice(0, 2000);
  const message = `All ${failures.length} attempt(s) failed. ${summary}`.trim();
  if (errors.length > 0 && errors.every((e) => isTransient(e.kind))) {
    const waits = errors.map((e) => e.retryAfterMs).filter((n): n is number => n !== undefined);
    const seconds = (waits.length > 0 ? Math.min(...waits) : 1000) / 1000;
    return errors.every((e) => e.kind === 'rate_limit')
      ? new ProxyError(429, 'rate_limit_error', message, retryable(seconds), 'rate_limit')
      : new ProxyError(503, 'overloaded_error', message, retryable(seconds), errors[errors.length - 1]!.kind);
  }
  const last = errors[errors.length - 1];
  if (last?.kind === 'timeout') return new ProxyError(504, 'timeout_error', message, FINAL, 'timeout');
  return new ProxyError(502, 'api_error', message, FINAL, last?.kind ?? 'upstream');
}

/** A plan with no candidate at all (the router found none). */
export function noCandidateError(plan: Pick<RoutePlan, 'excluded'>): ProxyError {
  const why = plan.excluded.slice(0, 10).map((x) => `${x.model}: ${x.reason}`).join('; ');
  return new ProxyError(503, 'overloaded_error', `No model can serve this request. ${why}`, FINAL, 'no_candidate');
}

const ROUTE_STATUS = {
  unknown_model: [404, 'not_found_error', 'model_not_found'],
  budget_exhausted: [402, 'budget_exceeded', 'budget_exceeded'],
  privacy_blocked: [400, 'invalid_request_error', 'privacy_guard'],
  no_candidate: [503, 'overloaded_error', 'no_candidate'],
} as const;

export function routeErrorToProxy(err: RouteError): ProxyError {
  if (err.kind === 'no_candidate') {
    const code = requestMismatch(err.excluded);
    if (code) return new ProxyError(400, 'invalid_request_error', err.message, FINAL, err.kind, code);
    // a fresh install: say what to do, not only that nothing fits
    return new ProxyError(503, 'overloaded_error', noCandidateMessage(err.message, err.excluded), FINAL, err.kind, 'no_candidate');
  }
  const [status, type, code] = ROUTE_STATUS[err.kind];
  return new ProxyError(status, type, err.message, FINAL, err.kind, code);
}

const CAPABILITY_REASONS: ReadonlySet<string> = new Set(Object.values(MISSING_CAPABILITY));
/** the fixed start of the router's context reason, whatever the figures */
const CONTEXT_REASON = contextTooSmall(0, 0).split(' (')[0]!;

/**
 * The models were passed over for what the request holds (a PDF, audio, a server-tool history, its
 * size), not for anything waiting would change: the request is the problem, so 400, not 503 (which
 * clients such as Claude Code retry). The reasons are the router's own constants.
 */
function requestMismatch(excluded: readonly PlanExclusion[]): 'context_length_exceeded' | 'model_not_supported' | undefined {
  let context = 0;
  let other = 0;
  for (const { reason } of excluded) {
    if (reason === REASON.coolingDown) return undefined;
    if (reason.startsWith(CONTEXT_REASON)) context++;
    else if (reason === REASON.otherFormat || CAPABILITY_REASONS.has(reason)) other++;
  }
  if (context + other === 0) return undefined;
  return other === 0 ? 'context_length_exceeded' : 'model_not_supported';
}
