// Plain words for the error kinds the API records (a usage row's `error_kind`, an attempt's): the codes stay
// for whoever needs them (a badge's title, the API, the CSV). An unknown kind reads as its words.

const LABELS: Record<string, string> = {
  // refused before routing
  no_candidate: 'no model available', budget_exhausted: 'budget used up', unknown_model: 'unknown model',
  privacy_blocked: 'privacy guard', invalid_request_error: 'bad request', unsupported_media_type: 'not JSON',
  request_too_large: 'too large', authentication_error: 'bad token', paused: 'proxy paused',
  model_not_supported: "model can't serve it", not_in_catalog: 'not in catalog', profile_gone: 'profile deleted',
  unknown_endpoint: 'unknown endpoint',
  // a provider's failure, or the proxy's own on the way
  connect: 'could not connect', timeout: 'timed out', rate_limit: 'rate limited', overloaded: 'provider overloaded',
  server: 'provider error', conflict: 'provider busy', auth: 'key refused',
  // a provider's 404 (a model, or a wrong URL) and a previous_response_id that does not exist: the kind does not tell which
  not_found: 'not found',
  bad_request: 'bad request', context_length: 'prompt too long', content_filter: 'content filtered',
  payload_too_large: 'too large', stream: 'stream broke', unknown: 'unexpected answer', invalid_output: 'unusable answer',
  internal: 'internal error', key_unavailable: 'key unreadable', refused_url: 'URL refused', untranslatable: 'request not supported',
  pool_busy: 'no connection free', cooling_down: 'cooling down', upstream: 'provider failed',
  // cut short
  client_closed: 'client hung up', shutdown: 'Switchboard shut down',
};

export function errorKindLabel(kind: string): string {
  if (Object.hasOwn(LABELS, kind)) return LABELS[kind]!;
  // a failure recorded without a kind is recorded by its status (usage-row.ts)
  const http = /^http_(\d{3})$/.exec(kind);
  return http ? `HTTP ${http[1]}` : kind.replaceAll('_', ' ');
}

/**
 * A refusal reason in the Usage tab: a kind's words, but 'unknown' is the summary's name for a refusal recorded
 * without a kind (COALESCE(error_kind, 'unknown')), not a provider's unexpected answer.
 */
export function refusalReasonLabel(reason: string): string {
  return reason === 'unknown' ? 'unknown' : errorKindLabel(reason);
}
