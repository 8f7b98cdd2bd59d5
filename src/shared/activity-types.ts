// The activity log (GET /api/v1/llm/requests): one entry per proxied request, newest first.

/** One try against one model: failed ones carry their error kind, the one that served carries none. */
export interface RequestAttempt {
  model: string;
  /** null for the attempt that served the request */
  error_kind: string | null;
  /** the provider's HTTP status, when it answered */
  status: number | null;
  /** null when not measured */
  latency_ms: number | null;
  /** a failed try followed by a pause before the same model was tried again (retry back-off, retry-after): its length, not in any latency */
  wait_ms?: number;
  /** redacted; null for the attempt that served */
  message: string | null;
  /** a failed try the provider billed all the same (counted in the request's tokens and cost): what it billed */
  billed?: { input_tokens: number; output_tokens: number; cost_usd: number | null };
}

export interface ActivityEntry {
  request_id: string;
  /** ISO time the request arrived */
  started_at: string;
  /** the profile */
  user_id: string;
  /** the caller's User-Agent */
  client: string | null;
  inbound_api: string;
  endpoint: string;
  requested_model: string;
  /** the model that served (or was tried last); null when the request was refused before routing */
  model_id: string | null;
  /** the HTTP status the client got */
  status: number;
  /** null on success */
  error_kind: string | null;
  stream: boolean;
  attempts: RequestAttempt[];
  input_tokens: number;
  output_tokens: number;
  /** null when the model has no known price */
  cost_usd: number | null;
  /** the tokens or the cost are Switchboard's estimate (no usage reported, a background response still running, a lower bound) */
  estimated: boolean;
  /** why the cost is not every token class at its catalog price (README, Costs): `flex`, `priority_unpriced`, ... */
  price_basis: string[];
  ttfb_ms: number | null;
  latency_ms: number;
  /** request fields a format crossing could not carry */
  dropped: string[];
  /** request and response bodies were captured (body capture was on) */
  has_bodies: boolean;
}

export interface ActivityPage {
  requests: ActivityEntry[];
  /** pass as `before` for the next (older) page; null on the last page */
  next_before: string | null;
}

export interface ActivityQuery {
  /** 1-500, default 50 */
  limit?: number | string;
  /** a `next_before` cursor, or an ISO time: entries that started before it */
  before?: string;
  /** `success`, `error`, or an HTTP status such as `502` */
  status?: string;
  user_id?: string;
  /** the served model id or the name the client asked for */
  model?: string;
  /** part of the User-Agent */
  client?: string;
}

export interface RequestDetail extends ActivityEntry {
  /** redacted JSON text, when body capture was on; null otherwise */
  request_body: string | null;
  response_body: string | null;
}
