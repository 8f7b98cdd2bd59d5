// Token counts an upstream reports are untrusted input: a hostile or broken provider can send
// 1e300, -5 or 0.5. Billing, spend caps and the client's own usage must never carry such numbers;
// the proxy's own estimate stands in for them, and the row says it was estimated.
import type { Usage } from './canonical';

/** No real request comes near this (the largest context windows are ~2M tokens). */
export const MAX_TOKENS_PER_REQUEST = 10_000_000;
/**
 * The most web searches one answer is billed for when the request set no `max_uses` (Anthropic's web_search tool):
 * Claude Code's WebSearch allows 8, a grounded Gemini answer runs a handful, a deep-research model tens. A count
 * above it (or any count when the request offered no search tool) is not believed: the row is billed the bound, estimated.
 */
export const MAX_WEB_SEARCHES_PER_ANSWER = 100;
/** A provider-reported cost above this for one request is not believed (the dearest models cost ~$60 for 100k output tokens). */
export const MAX_REPORTED_COST_USD = 1_000;

export type UsageCheck = { ok: true } | { ok: false; problem: string };

const FIELDS = [
  'inputTokens', 'outputTokens', 'cachedInputTokens', 'cacheCreationInputTokens', 'cacheWrite5mInputTokens', 'cacheWrite1hInputTokens',
  'reasoningTokens', 'fileSearchCalls', 'audioInputTokens', 'cachedAudioInputTokens', 'audioOutputTokens', 'imageOutputTokens',
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
  // a web search count is bounded by what the request allowed (boundWebSearches), not by the token bound
  const searches: unknown = u.webSearchCalls;
  if (searches !== undefined && !(typeof searches === 'number' && Number.isInteger(searches) && searches >= 0)) {
    return { ok: false, problem: `webSearchCalls = ${String(searches).slice(0, 40)} (not a whole number of searches)` };
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

/**
 * A count a provider's usage lacks, or gives as a non-number: left undefined in the number-typed field, which
 * checkReportedUsage takes for no count, so the row is Switchboard's estimate, marked so (never billed 0).
 */
export function missingCount(): number {
  return undefined as unknown as number;
}

/**
 * A usage's web searches held to what the request allowed (`allowed`: 0 when it offered no search tool, else the
 * tool's max_uses or MAX_WEB_SEARCHES_PER_ANSWER): a count above it is billed as the bound, and `over` says so (the
 * row is then estimated). A usage within it is returned as it was.
 */
export function boundWebSearches(u: Usage, allowed: number): { usage: Usage; over: boolean } {
  const searches = u.webSearchCalls;
  if (searches === undefined || searches <= allowed) return { usage: u, over: false };
  const usage: Usage = { ...u };
  if (allowed > 0) usage.webSearchCalls = allowed;
  else delete usage.webSearchCalls;
  return { usage, over: true };
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
