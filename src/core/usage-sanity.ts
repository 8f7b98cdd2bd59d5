// Token counts an upstream reports are untrusted input: a hostile or broken provider can send
// 1e300, -5 or 0.5. Billing, spend caps and the client's own usage must never carry such numbers;
// the proxy's own estimate stands in for them, and the row says it was estimated.
import type { Usage } from './canonical';

/** No real request comes near this (the largest context windows are ~2M tokens). */
export const MAX_TOKENS_PER_REQUEST = 10_000_000;
/** A provider-reported cost above this for one request is not believed (the dearest models cost ~$60 for 100k output tokens). */
export const MAX_REPORTED_COST_USD = 1_000;

export type UsageCheck = { ok: true } | { ok: false; problem: string };

const FIELDS = [
  'inputTokens', 'outputTokens', 'cachedInputTokens', 'cacheCreationInputTokens', 'cacheWrite5mInputTokens', 'cacheWrite1hInputTokens',
  'reasoningTokens', 'webSearchCalls', 'fileSearchCalls', 'audioInputTokens', 'cachedAudioInputTokens', 'audioOutputTokens', 'imageOutputTokens',
] as const;

function isCount(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_TOKENS_PER_REQUEST;
}

/** A cost a provider can have billed for one request: $0 to MAX_REPORTED_COST_USD. */
export function isCost(v: unknown): v is number {
  return typeof v === 'number' && v >= 0 && v <= MAX_REPORTED_COST_USD;
}

/**
 * Every count a whole number from 0 to MAX_TOKENS_PER_REQUEST (the optional ones when
 * present), and a reported cost (OpenRouter's `usage.cost`) from $0 to MAX_REPORTED_COST_USD.
 */
export function checkReportedUsage(u: Usage): UsageCheck {
  for (const field of FIELDS) {
    const v: unknown = u[field];
    if (v === undefined && field !== 'inputTokens' && field !== 'outputTokens') continue;
    if (!isCount(v)) {
      const shown = typeof v === 'number' ? String(v) : typeof v;
      return { ok: false, problem: `${field} = ${shown.slice(0, 40)} (not a whole number of tokens from 0 to ${MAX_TOKENS_PER_REQUEST})` };
    }
  }
  const compactions: unknown = u.compactions;
  if (compactions !== undefined) {
    if (!Array.isArray(compactions)) return { ok: false, problem: 'compactions is not a list' };
    for (const c of compactions as Usage[]) {
      const check = checkReportedUsage(c);
      if (!check.ok) return { ok: false, problem: `a compaction's ${check.problem}` };
    }
  }
  const cost: unknown = u.providerCostUsd;
  if (cost !== undefined && !isCost(cost)) {
    return { ok: false, problem: `providerCostUsd = ${String(cost).slice(0, 40)} (not a cost from $0 to $${MAX_REPORTED_COST_USD})` };
  }
  return { ok: true };
}

export function isSaneUsage(u: Usage): boolean {
  return checkReportedUsage(u).ok;
}

const USAGE_KEY = /^(?:usage|usageMetadata)$/;
/** OpenRouter's `cost`, `cost_details.upstream_inference_cost`: dollars, a fraction as often as not. */
const COST_KEY = /cost/i;

/** Counts no request can have become 0; under a cost key, a cost from $0 to MAX_REPORTED_COST_USD is kept. */
function scrubCounts(value: unknown, cost = false): unknown {
  if (typeof value === 'number') return (cost ? isCost(value) : isCount(value)) ? value : 0;
  if (Array.isArray(value)) return value.map((v) => scrubCounts(v, cost));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubCounts(v, cost || COST_KEY.test(k))]));
  }
  return value;
}

function scrubUsageObjects(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubUsageObjects);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, USAGE_KEY.test(k) ? scrubCounts(v) : scrubUsageObjects(v)]));
}

/**
 * A forwarded body or stream event (JSON text) whose usage objects (`usage`, Gemini's
 * `usageMetadata`) carry counts no request can have: those counts become 0, the rest is kept.
 * Text that is not JSON is returned as it was.
 */
export function scrubUsageJson(text: string): string {
  try {
    return JSON.stringify(scrubUsageObjects(JSON.parse(text)));
  } catch {
    return text;
  }
}
