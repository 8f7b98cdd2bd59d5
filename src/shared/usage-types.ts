// Usage figures of the admin API (SPEC.md §3, usage and alerts): breakdowns, the summary, what-if, alerts.
import type { PowerLevel } from './types';

/** The longest usage window, in UTC days: `days` and a from/to range alike. */
export const MAX_USAGE_DAYS = 366;

/**
 * The most rows a usage export holds where it is one string (IPC to the desktop window, the UI's
 * download): about 75 MB, far below V8's string limit. GET /api/v1/llm/usage/export without
 * `max_rows` streams every row.
 */
export const USAGE_CSV_MAX_ROWS = 250_000;

export interface UsageBreakdown {
  requests: number;
  input_tokens: number;
  output_tokens: number;
  /** priced requests only; null when every request of the group is unpriced (unknown, never $0) */
  cost_usd: number | null;
  /** requests whose cost is unknown (no price for a class they used): not in cost_usd, never counted as $0 */
  unpriced_requests: number;
  /** requests that ended in an error (any status of 400 or more, or a stream cut short) */
  errors: number;
}

export interface UsageSummary extends UsageBreakdown {
  days: number;
  /** the first and last UTC day of the range, `YYYY-MM-DD` */
  from: string;
  to: string;
  /**
   * the first UTC day (`YYYY-MM-DD`) on which the request log holds every request, when the range starts before
   * it: usage_retention_days pruned the older requests, which these totals still count but the CSV export (one
   * line per logged request) and `refused` no longer hold. null when the log holds every request of the range
   */
  log_from: string | null;
  total_errors: number;
  /** requests that reached no model, by why (the `(none)` rows of by_provider / by_model) */
  refused: { reason: string; requests: number }[];
  total_requests: number;
  total_input_tokens: number;
  total_output_tokens: number;
  /** null when every request is unpriced */
  total_cost_usd: number | null;
  by_provider: (UsageBreakdown & { provider: string })[];
  by_model: (UsageBreakdown & { model: string })[];
  by_user: (UsageBreakdown & { user_id: string })[];
  /** day is `YYYY-MM-DD` (UTC); by_day_provider lets the UI stack cost per provider */
  by_day: (UsageBreakdown & { day: string; avg_latency_ms: number | null })[];
  by_day_provider: (UsageBreakdown & { day: string; provider: string })[];
}

export interface WhatIfRequest {
  days: number;
  power_level?: PowerLevel;
  model?: string;
}

export interface WhatIfResult {
  days: number;
  /**
   * the last days (UTC, today included) the figures cover: `days`, or fewer where the request log no longer
   * holds every request of the older days (pruned by usage_retention_days; the daily totals keep them)
   */
  covered_days: number;
  actual_cost_usd: number;
  hypothetical_cost_usd: number;
  requests: number;
  /** requests the scenario could not serve or price (model lacks context/capability/a price): kept at their actual cost */
  unpriced_requests: number;
  /** requests whose actual cost is unknown: left out of both totals */
  actual_unpriced_requests: number;
  /**
   * requests re-priced on another model whose paid web searches it could not carry (its provider charges no such
   * tool, or the request was logged before its searches were counted): their search fees are left out of the hypothetical total
   */
  web_search_left_out_requests: number;
  /**
   * requests re-priced on another model whose served tier (flex, priority, fast mode, US-only inference) that
   * model's provider has none of: re-priced at its standard prices
   */
  tier_left_out_requests: number;
  /**
   * at a power level: requests logged before their needs were recorded (what the router checked: tools, vision,
   * JSON, documents, the API they were held to), routed as needing every capability, to a model of the API they
   * came in on (one that searches the web if they ran a search); those no such model serves are among
   * unpriced_requests. 0 for a model scenario
   */
  needs_unknown_requests: number;
  scenario: string;
}

export interface Alert {
  id: string;
  kind: 'spend_spike' | 'provider_failing' | 'cap_80' | 'cap_100' | 'credit_low' | 'credit_exhausted' | 'error_rate' | 'rate_limit_near';
  severity: 'warning' | 'critical';
  message: string;
  subject: string;
  created_at: string;
}
