// One table decides what a failed attempt means, from its kind alone. Every phase before the first
// byte reaches the client reads it; after that nothing is retried (the client owns the stream).
import type { UpstreamError, UpstreamErrorKind } from './canonical';

export interface ErrorPolicy {
  /** another candidate may serve the request (the request itself is not at fault) */
  failover: boolean;
  /** trying the same model again after a short wait may succeed */
  retrySame: boolean;
  /** counts against the model's circuit breaker (the provider is unwell, not the request or us) */
  cooldown: boolean;
  /** counts against every model of the provider (it cannot be reached at all) */
  providerWide: boolean;
}

const p = (failover: boolean, retrySame: boolean, cooldown: boolean, providerWide = false): ErrorPolicy =>
  ({ failover, retrySame, cooldown, providerWide });

export const ERROR_POLICY: Readonly<Record<UpstreamErrorKind, ErrorPolicy>> = {
  connect: p(true, true, true, true),
  timeout: p(true, true, true, true),
  rate_limit: p(true, true, true),
  overloaded: p(true, true, true),
  server: p(true, true, true),
  conflict: p(true, true, true),
  // a broken or malformed stream before any content: the provider's fault
  stream: p(true, true, true),
  // our key or this model is the problem, not the request: another candidate may serve it
  auth: p(true, false, false),
  not_found: p(true, false, false),
  context_length: p(true, false, false),
  unknown: p(true, false, true),
  // the model's answer could not be used (Gemini's MALFORMED_FUNCTION_CALL): the same model may do better on
  // another try, another model may serve, and the provider is well (no cooldown for every client of it)
  invalid_output: p(true, true, false),
  // the request itself is at fault: no other candidate will do better
  bad_request: p(false, false, false),
  content_filter: p(false, false, false),
  payload_too_large: p(false, false, false),
  // the proxy's own failures never cool a provider down
  internal: p(true, false, false),
  key_unavailable: p(true, false, false),
  refused_url: p(true, false, false),
  untranslatable: p(true, false, false),
  pool_busy: p(true, false, false),
};

export function policyOf(kind: UpstreamErrorKind): ErrorPolicy {
  return ERROR_POLICY[kind];
}

/** The same model is worth another try after this failure: its kind's policy says so and the failure would not repeat. */
export function retriesSameModel(e: Pick<UpstreamError, 'kind' | 'repeats'>): boolean {
  return e.repeats !== true && ERROR_POLICY[e.kind].retrySame;
}

/**
 * A provider that answered it will not serve: our key refused or out of credit (the whole provider), or
 * this model refused or unknown to it (403, 404: that model only). Waiting will not mend it, so no
 * cooldown; the router tries it last for a while (routing/cooldown.ts), so every request does not
 * spend a round trip on it before its fallback serves. null: not such a refusal.
 */
export function refusalOf(e: Pick<UpstreamError, 'kind' | 'status'>): { scope: 'provider' | 'model'; reason: string } | null {
  if (e.status === undefined) return null;
  if (e.kind === 'not_found') return { scope: 'model', reason: `model unknown to the provider, HTTP ${e.status}` };
  if (e.kind !== 'auth') return null;
  if (e.status === 403) return { scope: 'model', reason: 'model refused to our key, HTTP 403' };
  return { scope: 'provider', reason: `key or account refused, HTTP ${e.status}` };
}

/** Kinds after which waiting can help: the client is told so (429/503 with retry-after). */
export function isTransient(kind: UpstreamErrorKind): boolean {
  return kind === 'rate_limit' || kind === 'overloaded' || kind === 'pool_busy';
}

/**
 * A failure after the stream began, as the client's API types it (the type names are the same in the
 * OpenAI, Anthropic and the proxy's own vocabulary): a rate limit or an overload is worth waiting for
 * (Codex and the SDKs pick their retry by it), anything else is the provider's.
 */
export function midStreamError(kind: UpstreamErrorKind): { status: number; type: 'rate_limit_error' | 'overloaded_error' | 'timeout_error' | 'api_error' } {
  if (kind === 'rate_limit') return { status: 429, type: 'rate_limit_error' };
  if (kind === 'overloaded') return { status: 503, type: 'overloaded_error' };
  if (kind === 'timeout') return { status: 504, type: 'timeout_error' };
  return { status: 502, type: 'api_error' };
}
