// Google's error envelope -> UpstreamError. Google names the failure in `error.status`
// (a google.rpc.Code name) more precisely than the HTTP status does: an invalid key is
// 400 INVALID_ARGUMENT with reason API_KEY_INVALID, which is our key's fault, not the request's.
import type { UpstreamError, UpstreamErrorKind } from '../../canonical';
import { upstreamError } from '../errors';
import type { GeminiErrorBody } from './wire-types';
import { isJsonObject, ownValue } from '../../json-object';

type Headers = Record<string, string | string[] | undefined>;

const KIND_BY_RPC_STATUS: Record<string, UpstreamErrorKind> = {
  RESOURCE_EXHAUSTED: 'rate_limit',
  PERMISSION_DENIED: 'auth',
  UNAUTHENTICATED: 'auth',
  // "User location is not supported", "enable billing": this key cannot serve, another provider may
  FAILED_PRECONDITION: 'auth',
  NOT_FOUND: 'not_found',
  DEADLINE_EXCEEDED: 'timeout',
  ABORTED: 'conflict',
  INTERNAL: 'server',
};

const HTTP_STATUS_BY_RPC_STATUS: Record<string, number> = {
  INVALID_ARGUMENT: 400, FAILED_PRECONDITION: 400, OUT_OF_RANGE: 400, UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403, NOT_FOUND: 404, ABORTED: 409, RESOURCE_EXHAUSTED: 429, CANCELLED: 499,
  INTERNAL: 500, UNKNOWN: 500, UNAVAILABLE: 503, DEADLINE_EXCEEDED: 504,
};

const BAD_KEY = /API[_ ]KEY[_ ](?:INVALID|EXPIRED|NOT[_ ]FOUND)|API key (?:not valid|not found|expired)/i;

/** The `error` object of a body, also inside the one-element array Google sometimes wraps it in. */
export function geminiErrorOf(body: unknown): GeminiErrorBody | undefined {
  const candidate = Array.isArray(body) ? body[0] : body;
  if (!isJsonObject(candidate) || !isJsonObject(candidate.error)) return undefined;
  return candidate.error as GeminiErrorBody;
}

function detailReasons(err: GeminiErrorBody): string {
  return (err.details ?? []).map((d) => (typeof d.reason === 'string' ? d.reason : '')).join(' ');
}

/** google.rpc.RetryInfo `retryDelay` ("37s", "0.5s") in ms. */
function retryDelayMs(err: GeminiErrorBody): number | undefined {
  for (const d of err.details ?? []) {
    const m = typeof d.retryDelay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(d.retryDelay) : null;
    if (m) return Math.round(Number(m[1]) * 1000);
  }
  return undefined;
}

/** Classify a Google error object; `httpStatus` 0 when it came inside a 200 or a stream. */
export function geminiUpstreamError(httpStatus: number, err: GeminiErrorBody, headers: Headers = {}): UpstreamError {
  const rpc = typeof err.status === 'string' ? err.status : '';
  const status = httpStatus || (typeof err.code === 'number' && err.code >= 400 ? err.code : ownValue(HTTP_STATUS_BY_RPC_STATUS, rpc) ?? 500);
  const text = typeof err.message === 'string' ? err.message : '';
  const base = upstreamError(status, rpc && text ? `${rpc}: ${text}` : text || rpc, headers, rpc);
  let kind = ownValue(KIND_BY_RPC_STATUS, rpc) ?? base.kind;
  if (BAD_KEY.test(`${text} ${detailReasons(err)}`)) kind = 'auth';
  // the context-length and overload hints upstreamError found outrank the generic RPC code
  if (base.kind === 'context_length' || base.kind === 'overloaded') kind = base.kind;
  const out: UpstreamError = { ...base, kind };
  const delay = retryDelayMs(err);
  if (out.retryAfterMs === undefined && delay !== undefined) out.retryAfterMs = delay;
  return out;
}

export function classifyGeminiError(status: number, bodyText: string, headers: Headers): UpstreamError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    parsed = undefined;
  }
  const err = geminiErrorOf(parsed);
  if (err) return geminiUpstreamError(status, err, headers);
  return upstreamError(status, bodyText.trim().slice(0, 500), headers);
}
