// Turns a UsageRecord from the proxy into the column values of usage_log, defensively:
// a malformed number or an oversized message must never make a batch fail.
import { droppedListed } from '../../core/inbound/dropped-names';
import { PRICE_BASES } from '../../core/pricing';
import { redactSecrets } from '../../core/redact';
import type { AttemptBill, FailedAttempt, UsageRecord } from '../../core/usage-record';
import { DAY_MS, utcDay, utcDayStartMs } from './time-keys';

export interface UsageRow {
  request_id: string;
  started_at: number;
  day: string;
  user_id: string;
  token_id: string | null;
  client: string | null;
  inbound_api: string;
  endpoint: string;
  requested_model: string;
  model_id: string | null;
  provider_id: string | null;
  stream: number;
  failed_attempts: string | null;
  input_tokens: number;
  cached_input_tokens: number;
  cache_creation_input_tokens: number;
  cache_write_1h_input_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  /** null exactly when price_unknown is 1 */
  cost_usd: number | null;
  price_unknown: number;
  /** comma list of PriceBasis values; null when none */
  price_basis: string | null;
  provider_cost_usd: number | null;
  cost_drift_usd: number | null;
  /** paid web searches the serving answer ran (their fee is in cost_usd) */
  web_search_calls: number;
  estimated: number;
  ttfb_ms: number | null;
  latency_ms: number;
  status: number;
  error_kind: string | null;
  /** JSON array of field names; null when nothing was dropped */
  dropped: string | null;
  /** what the router checked models against (core/routing/needs-code.ts); null: unknown (not routed, or logged before migration 21) */
  route_needs: number | null;
  /** the max_tokens the request asked, which the router's context check used; null: none asked, or route_needs unknown */
  route_max_output: number | null;
}

const MAX_TEXT = 256;
const MAX_MESSAGE = 500;
const MAX_ATTEMPTS = 20;
const MAX_EPOCH_MS = 8.64e15;

/** A finite, non-negative cost; null (unknown) for anything else: a cost nobody knows is never $0. */
export function safeCost(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
}

/** Whether the request counts as an error in the aggregates. */
export function isErrorRecord(r: Pick<UsageRecord, 'status' | 'errorKind'>): boolean {
  return r.errorKind != null || r.status >= 400;
}

/** Epoch ms a Date can represent; anything else means "now". */
export function safeStartedAt(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_EPOCH_MS ? Math.round(v) : Date.now();
}

/** Never throws: every field is coerced to what its column accepts. */
export function toUsageRow(r: UsageRecord): UsageRow {
  const startedAt = safeStartedAt(r.startedAt);
  const cost = safeCost(r.costUsd);
  return {
    request_id: text(r.requestId) ?? '',
    started_at: startedAt,
    day: dayOf(startedAt),
    user_id: text(r.userId) ?? '',
    token_id: text(r.tokenId),
    client: text(r.client),
    inbound_api: text(r.inboundApi) ?? '',
    endpoint: text(r.endpoint) ?? '',
    requested_model: text(r.requestedModel) ?? '',
    model_id: text(r.modelId),
    provider_id: text(r.providerId),
    stream: r.stream ? 1 : 0,
    failed_attempts: attemptsJson(r.failedAttempts),
    input_tokens: count(r.inputTokens),
    cached_input_tokens: count(r.cachedInputTokens),
    cache_creation_input_tokens: count(r.cacheCreationInputTokens),
    cache_write_1h_input_tokens: Math.min(count(r.cacheWrite1hInputTokens), count(r.cacheCreationInputTokens)),
    output_tokens: count(r.outputTokens),
    reasoning_tokens: count(r.reasoningTokens),
    cost_usd: cost,
    price_unknown: cost === null ? 1 : 0,
    price_basis: basisText(r.priceBasis),
    provider_cost_usd: safeCost(r.providerCostUsd),
    cost_drift_usd: typeof r.costDriftUsd === 'number' && Number.isFinite(r.costDriftUsd) ? r.costDriftUsd : null,
    web_search_calls: count(r.webSearchCalls),
    estimated: r.estimated ? 1 : 0,
    ttfb_ms: r.ttfbMs == null ? null : count(r.ttfbMs),
    latency_ms: count(r.latencyMs),
    status: count(r.status),
    error_kind: isErrorRecord(r) ? (text(r.errorKind) ?? `http_${count(r.status)}`) : null,
    dropped: droppedJson(r.dropped),
    route_needs: typeof r.routeNeeds === 'number' && Number.isInteger(r.routeNeeds) && r.routeNeeds >= 0 ? r.routeNeeds : null,
    route_max_output: count(r.routeMaxOutput) || null,
  };
}

/** What a usage row says a request used and cost: what amending a row (recorder.ts amend) replaces. */
export type UsageFigures = Pick<
  UsageRecord,
  'inputTokens' | 'cachedInputTokens' | 'cacheCreationInputTokens' | 'cacheWrite1hInputTokens' | 'outputTokens' | 'reasoningTokens'
  | 'costUsd' | 'priceUnknown' | 'priceBasis' | 'providerCostUsd' | 'costDriftUsd' | 'webSearchCalls' | 'estimated'
  // how the request ended, when that is only known now (a background response that failed); absent: as recorded
> & { errorKind?: string | null };

export type UsageFigureColumns = Pick<
  UsageRow,
  'input_tokens' | 'cached_input_tokens' | 'cache_creation_input_tokens' | 'cache_write_1h_input_tokens' | 'output_tokens'
  | 'reasoning_tokens' | 'cost_usd' | 'price_unknown' | 'price_basis' | 'provider_cost_usd' | 'cost_drift_usd' | 'web_search_calls' | 'estimated'
> & { error_kind?: string | null };

/** The columns of those figures, coerced as toUsageRow does. */
export function toFigureColumns(f: UsageFigures): UsageFigureColumns {
  const row = toUsageRow({ ...PLACEHOLDER, ...f });
  return {
    input_tokens: row.input_tokens, cached_input_tokens: row.cached_input_tokens, cache_creation_input_tokens: row.cache_creation_input_tokens,
    cache_write_1h_input_tokens: row.cache_write_1h_input_tokens, output_tokens: row.output_tokens, reasoning_tokens: row.reasoning_tokens,
    cost_usd: row.cost_usd, price_unknown: row.price_unknown, price_basis: row.price_basis, provider_cost_usd: row.provider_cost_usd,
    cost_drift_usd: row.cost_drift_usd, web_search_calls: row.web_search_calls, estimated: row.estimated,
    ...(f.errorKind === undefined ? {} : { error_kind: row.error_kind }),
  };
}

const PLACEHOLDER: UsageRecord = {
  requestId: '', startedAt: 0, userId: '', tokenId: null, inboundApi: 'responses', client: null, endpoint: 'responses', requestedModel: '',
  modelId: null, providerId: null, stream: false, failedAttempts: [], inputTokens: 0, cachedInputTokens: 0, cacheCreationInputTokens: 0,
  outputTokens: 0, reasoningTokens: 0, costUsd: 0, estimated: false, ttfbMs: null, latencyMs: 0, status: 200, errorKind: null, dropped: [],
};

// Rows arrive in time order, so the day key rarely changes: cache it rather than format a Date per row.
let cachedDayStart = -1;
let cachedDay = '';
function dayOf(ms: number): string {
  if (ms < cachedDayStart || ms >= cachedDayStart + DAY_MS) {
    cachedDayStart = utcDayStartMs(ms);
    cachedDay = utcDay(ms);
  }
  return cachedDay;
}

function basisText(basis: UsageRecord['priceBasis']): string | null {
  if (!Array.isArray(basis)) return null;
  const known = [...new Set(basis.filter((b) => (PRICE_BASES as readonly unknown[]).includes(b)))];
  return known.length === 0 ? null : known.join(',');
}

// Past 2^53 a count is garbage, and past 2^63 SQLite's INTEGER column would refuse the whole row.
function count(v: unknown): number {
  return typeof v === 'number' && v > 0 && v <= Number.MAX_SAFE_INTEGER ? Math.round(v) : 0;
}

function text(v: unknown): string | null {
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return null;
  const s = String(v);
  return s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s;
}

// Messages are redacted by the proxy already; redacting again here is cheap (failures are rare) and keeps
// a key out of the database even if a caller forgot.
function attemptsJson(attempts: UsageRecord['failedAttempts'] | undefined): string | null {
  if (!Array.isArray(attempts) || attempts.length === 0) return null;
  return JSON.stringify(attempts.slice(0, MAX_ATTEMPTS).map((a: Partial<FailedAttempt> | null) => ({
    model: text(a?.model) ?? '',
    kind: text(a?.kind) ?? '',
    status: typeof a?.status === 'number' && Number.isFinite(a.status) ? a.status : null,
    // redact before cutting: a cut through a key could leave a fragment no pattern matches
    message: redactSecrets(typeof a?.message === 'string' ? a.message : '').slice(0, MAX_MESSAGE),
    // absent rather than null when unmeasured: rows written before the pipeline measured it read the same
    ...(typeof a?.latencyMs === 'number' && Number.isFinite(a.latencyMs) ? { latency_ms: count(a.latencyMs) } : {}),
    ...(typeof a?.waitMs === 'number' && Number.isFinite(a.waitMs) ? { wait_ms: count(a.waitMs) } : {}),
    ...(a?.billed ? { billed: billJson(a.billed) } : {}),
  })));
}

/**
 * a failed try's bill: the tokens in and out and the cost, as the activity log shows it, with the cache classes
 * among those in, so that what-if can tell the serving try's figures in the row from the bills'
 */
function billJson(b: AttemptBill): {
  input_tokens: number; cached_input_tokens: number; cache_creation_input_tokens: number; cache_write_1h_input_tokens: number;
  output_tokens: number; cost_usd: number | null;
} {
  const cost = typeof b.costUsd === 'number' && Number.isFinite(b.costUsd) && b.costUsd >= 0 ? b.costUsd : null;
  return {
    input_tokens: count(b.inputTokens), cached_input_tokens: count(b.cachedInputTokens), cache_creation_input_tokens: count(b.cacheCreationInputTokens),
    cache_write_1h_input_tokens: count(b.cacheWrite1hInputTokens), output_tokens: count(b.outputTokens), cost_usd: cost,
  };
}

function droppedJson(fields: UsageRecord['dropped'] | undefined): string | null {
  if (!Array.isArray(fields) || fields.length === 0) return null;
  return JSON.stringify(droppedListed(fields.map((f) => text(f) ?? '')));
}
