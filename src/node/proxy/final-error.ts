// The one error a client gets when its request was not served, with a status that tells it whether
// waiting could help: 429/503 with retry-after and `x-should-retry: true` only then; 400 when the
// request itself (or the model it named) is the problem; 502/504 when providers failed for good.
import type { UpstreamError } from '../../core/canonical';
import { isTransient, policyOf } from '../../core/error-policy';
import { MAX_COOLDOWN_MS, RouteError, noCandidateMessage, onlyNotRunning, relevantExclusions, type ExclusionKind, type PlanExclusion, type RoutePlan, type SetupState } from '../../core/routing';
import type { ContextOverflow } from '../../core/inbound/context-overflow';
import type { FailedAttempt } from '../../core/usage-record';
import { isErrorType, ProxyError } from './respond';

const FINAL = { 'x-should-retry': 'false' };

/**
 * A 503 that waiting will not mend (nothing set up, a local server that is not running) is typed
 * `api_error`, never `overloaded_error`: Claude Code retries every error whose body says
 * "overloaded_error" (about ten times over three minutes) before it reads x-should-retry, so the
 * message saying what to do would come only after that. `overloaded_error` stays with the 503s that
 * carry retry-after and x-should-retry: true.
 */
const NOT_RETRYABLE_503 = 'api_error';

/**
 * An answer worth waiting for: retry-after in whole seconds, at least 1 and at most MAX_COOLDOWN_MS, the longest a
 * model sits out (cooldown.ts): a client told a provider's day (or 2099) would stay away long after it is tried again.
 */
export function retryAfterHeaders(seconds: number): Record<string, string> {
  const capped = Math.min(seconds, MAX_COOLDOWN_MS / 1_000);
  return { 'x-should-retry': 'true', 'retry-after': String(Math.max(1, Math.ceil(capped))) };
}

/**
 * A failure caused by the request itself: no other candidate would do better. The provider's own code
 * and param go with it (present only when they name the client's own body, see UpstreamError).
 */
export function requestFault(err: UpstreamError): ProxyError {
  // a fault the client's SDK recovers from by its details (a message thread's): as the provider said it
  if (err.detailed) {
    const status = err.status ?? 400;
    const type = isErrorType(err.detailed.type) ? err.detailed.type : status === 404 ? 'not_found_error' : 'invalid_request_error';
    return new ProxyError(status, type, err.message, FINAL, err.kind, err.code, undefined, err.param, err.detailed.details);
  }
  if (err.kind === 'payload_too_large') return new ProxyError(413, 'request_too_large', err.message, FINAL, err.kind, err.code, undefined, err.param);
  const code = err.code ?? (err.kind === 'content_filter' ? 'content_filter' : undefined);
  return new ProxyError(400, 'invalid_request_error', `provider rejected the request: ${err.message}`, FINAL, err.kind, code, undefined, err.param);
}

/** Failures that say this model cannot take this request, however long one waits. */
const CANNOT_TAKE: ReadonlySet<UpstreamError['kind']> = new Set(['context_length', 'untranslatable']);

/** the answers exhaustedError made: every model tried failed at its provider */
const exhausted = new WeakSet<ProxyError>();

/** Whether `err` says every candidate tried failed at its provider (not that the request was at fault, nor that none was left). */
export function everyCandidateFailed(err: ProxyError): boolean {
  return exhausted.has(err);
}

/**
 * When the candidates may be tried again (epoch ms, read at `now`, after every failure was recorded): `triedBackAt`
 * one for each of the errors, in their order (the end of its cooldown; null when none holds it back);
 * `coolingUntil` the candidates left cooling down (passed over, or not tried again once cooling).
 */
export interface ComeBack {
  now: number;
  triedBackAt: readonly (number | null)[];
  coolingUntil: readonly number[];
}

/**
 * Every candidate tried failed (or the deadline passed). `errors`: each model's latest failure, in the order tried.
 * `back`: when the candidates may be tried again: a client told to wait is told the soonest.
 */
export function exhaustedError(failures: readonly FailedAttempt[], errors: readonly UpstreamError[], back?: ComeBack): ProxyError {
  const err = exhaustedAnswer(failures, errors, back);
  exhausted.add(err);
  return err;
}

function exhaustedAnswer(failures: readonly FailedAttempt[], errors: readonly UpstreamError[], back: ComeBack | undefined): ProxyError {
  const summary = failures
    .map((f) => `${f.model}: ${f.kind}${f.status ? ` (${f.status})` : ''} ${f.message}`)
    .join('; ')
    .slice(0, 2000);
  const message = `All ${failures.length} attempt(s) failed. ${summary}`.trim();
  // models that cannot take this request (too long for them, a format that cannot carry it) do not
  // decide whether waiting helps: a model that was only busy can serve it once it is free
  const couldServe = errors.filter((e) => !CANNOT_TAKE.has(e.kind));
  // a candidate left cooling down (a fallback passed over, a model not tried again once cooling) serves once it is
  // back, one only busy in a moment: the client is told when, as a request finding every model cooling is
  // (noModelLeft); that is decided by the candidates alone, whatever else failed beside them (no candidate that
  // waiting can bring back: the providers' failures are final, as below). Without the cooldowns read, only a chain
  // of busy models is waited for, as long as the providers named.
  const soonest = couldServe.length === 0 ? null : back ? soonestBack(errors, back) : couldServe.every((e) => isTransient(e.kind)) ? namedWait(couldServe) : null;
  if (soonest !== null) {
    const seconds = soonest / 1000;
    return couldServe.every((e) => e.kind === 'rate_limit')
      ? new ProxyError(429, 'rate_limit_error', message, retryAfterHeaders(seconds), 'rate_limit')
      : new ProxyError(503, 'overloaded_error', message, retryAfterHeaders(seconds), couldServe[couldServe.length - 1]!.kind);
  }
  // every provider found the prompt too long for its model (or, for some, its format could not carry
  // it): the request must shrink (clients compact or trim on this code), whoever is asked next
  // The sizes the providers named go to the client in its own API's words, as Switchboard's own check
  // words them (a client lowers max_tokens on Anthropic's "a + b > c", where it gives up on another's text).
  if (errors.length > 0 && couldServe.length === 0 && errors.some((e) => e.kind === 'context_length')) {
    return new ProxyError(400, 'invalid_request_error', message, FINAL, 'context_length', 'context_length_exceeded', largestOverflow(errors));
  }
  // no candidate's format could carry the request (a document by URL to Chat Completions): the named
  // model cannot serve it, whoever is asked again
  if (errors.length > 0 && errors.every((e) => e.kind === 'untranslatable')) {
    return new ProxyError(400, 'invalid_request_error', message, FINAL, 'untranslatable', 'model_not_supported');
  }
  const last = errors[errors.length - 1];
  if (last?.kind === 'timeout') return new ProxyError(504, 'timeout_error', message, FINAL, 'timeout');
  return new ProxyError(502, 'api_error', message, FINAL, last?.kind ?? 'upstream');
}

/**
 * The soonest one of the candidates may be tried again with a chance of serving, in ms from `back.now` (null: none
 * can): what their cooldowns say once this request's failures are recorded (the retry-afters the providers named are
 * in them), not those retry-afters alone. A model left cooling down is back when its cooldown ends; one that was only
 * busy (a transient kind) and is not cooling, in a moment; one that failed otherwise and is not cooling (a 500 short
 * of cooldown_failures) is not waited for, nor one whose failure waiting never mends (a refused key, an unknown
 * model, a key that could not be read, a refused URL, Switchboard's own error; too long for it, or untranslatable).
 */
function soonestBack(errors: readonly UpstreamError[], back: ComeBack): number | null {
  const at = [...back.coolingUntil];
  // tried models whose failure waiting does not mend by itself (a 500 that opened the model's cooldown, tried again
  // and failing): when it ends is told only beside a candidate that waiting brings back, never the reason to wait
  const alsoBack: number[] = [];
  errors.forEach((e, i) => {
    if (!waitingMends(e.kind)) return;
    const until = back.triedBackAt[i] ?? null;
    if (isTransient(e.kind)) at.push(until ?? back.now + 1_000);
    else if (until !== null) alsoBack.push(until);
  });
  return at.length > 0 ? Math.min(...at, ...alsoBack) - back.now : null;
}

/** Kinds a wait can mend: those that cool the model down (the provider unwell, or a key at its limit) and the transient ones. */
function waitingMends(kind: UpstreamError['kind']): boolean {
  return policyOf(kind).cooldown || isTransient(kind);
}

/** The shortest wait the providers named (ms), 1 s when none did. */
function namedWait(couldServe: readonly UpstreamError[]): number {
  const waits = couldServe.map((e) => e.retryAfterMs).filter((n): n is number => n !== undefined);
  return waits.length > 0 ? Math.min(...waits) : 1_000;
}

/** The sizes named by the provider of the largest context among those the request was too long for. */
function largestOverflow(errors: readonly UpstreamError[]): ContextOverflow | undefined {
  let largest: ContextOverflow | undefined;
  for (const e of errors) if (e.overflow && (largest === undefined || e.overflow.has > largest.has)) largest = e.overflow;
  return largest;
}

/** A plan with no candidate at all (the router found none). */
export function noCandidateError(plan: Pick<RoutePlan, 'excluded'>): ProxyError {
  const why = plan.excluded.slice(0, 10).map((x) => `${x.model}: ${x.reason}`).join('; ');
  return new ProxyError(503, NOT_RETRYABLE_503, `No model can serve this request. ${why}`, FINAL, 'no_candidate');
}

const ROUTE_STATUS = {
  unknown_model: [404, 'not_found_error', 'model_not_found'],
  budget_exhausted: [402, 'budget_exceeded', 'budget_exceeded'],
  privacy_blocked: [400, 'invalid_request_error', 'privacy_guard'],
  no_candidate: [503, NOT_RETRYABLE_503, 'no_candidate'],
} as const;

/** `setup`: whether anything else in the catalog is ready, and the name asked for, for the setup hint. */
export function routeErrorToProxy(err: RouteError, now = Date.now(), setup?: SetupState): ProxyError {
  // a power level chose among every model: none set up is a fresh install, whatever else is in the catalog
  if (err.kind === 'no_candidate') return noModelLeft(err, now, err.named ? setup : undefined);
  const [status, type, code] = ROUTE_STATUS[err.kind];
  return new ProxyError(status, type, err.message, FINAL, err.kind, code);
}

/** Kinds that say nothing about the request itself: the model cannot be called at all. */
const UNREACHABLE: ReadonlySet<ExclusionKind> = new Set(['setup', 'not_in_catalog']);

/**
 * The prompt is too long for every model that could otherwise be called (those not set up could not
 * serve it anyway): the sizes of the largest of them, undefined when anything else kept one out.
 */
function contextOverflow(relevant: readonly PlanExclusion[]): ContextOverflow | undefined {
  let largest: ContextOverflow | undefined;
  for (const e of relevant) {
    if (UNREACHABLE.has(e.kind)) continue;
    if (e.kind !== 'context' || e.tokens === undefined) return undefined;
    if (largest === undefined || e.tokens.has > largest.has) largest = e.tokens;
  }
  return largest;
}

/** The models the prompt is too long for first, then the others, as the router's message lists them. */
function contextFirstMessage(excluded: readonly PlanExclusion[]): string {
  const ordered = [...excluded.filter((e) => e.kind === 'context'), ...excluded.filter((e) => e.kind !== 'context')];
  const shown = ordered.slice(0, 5).map((e) => `${e.model}: ${e.reason}`).join('; ');
  const more = ordered.length > 5 ? `; and ${ordered.length - 5} more` : '';
  return `no model can serve this request (${shown}${more})`;
}

/**
 * Every model was passed over. Waiting helps only when some were cooling down (503 with the earliest
 * retry-after). Otherwise the answer says whose fault it is: the request (400: its size, what it holds,
 * the privacy guard, a named model that cannot serve it) or a setup with nothing ready (503 saying
 * what to do, not to be retried). Decided from the exclusions' kinds, never their words.
 */
function noModelLeft(err: RouteError, now: number, setup: SetupState | undefined): ProxyError {
  const cooling = err.excluded.filter((e) => e.kind === 'cooling');
  if (cooling.length > 0) {
    const soonest = Math.min(...cooling.map((e) => e.retryAt ?? now + 1_000));
    return new ProxyError(503, 'overloaded_error', err.message, retryAfterHeaders((soonest - now) / 1_000), 'cooling_down', 'cooling_down');
  }
  const relevant = relevantExclusions(err);
  const bad = (code: string, message = err.message) => new ProxyError(400, 'invalid_request_error', message, FINAL, err.kind, code);
  if (relevant.some((e) => e.kind === 'privacy')) return bad('privacy_guard');
  const overflow = contextOverflow(relevant);
  if (overflow) {
    return new ProxyError(400, 'invalid_request_error', contextFirstMessage(err.excluded), FINAL, err.kind, 'context_length_exceeded', overflow);
  }
  if (relevant.length > 0 && relevant.some((e) => e.kind !== 'setup' && e.kind !== 'not_in_catalog')) return bad('model_not_supported');
  // a named model that is not set up (no key, disabled, not installed): retrying will not mend it; one whose own
  // server does not answer is answered as a fresh install is (503, start it), the request itself being fine
  if (err.named && relevant.length > 0 && !onlyNotRunning(relevant)) return bad('model_not_supported', noCandidateMessage(err.message, err.excluded, setup));
  return new ProxyError(503, NOT_RETRYABLE_503, noCandidateMessage(err.message, err.excluded, setup), FINAL, err.kind, 'no_candidate');
}
