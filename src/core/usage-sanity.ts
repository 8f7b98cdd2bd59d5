// Token counts an upstream reports are untrusted input: a hostile or broken provider can send
// 1e300, -5 or 0.5. Billing, spend caps and the client's own usage must never carry such numbers;
// the proxy's own estimate stands in for them, and the row says it was estimated.
import type { Usage } from './canonical';

/** No real request comes near this (the largest context windows are ~2M tokens). */
export const MAX_TOKENS_PER_REQUEST = 10_000_000;

export type UsageCheck = { ok: true } | { ok: false; problem: string };

const FIELDS = ['inputTokens', 'outputTokens', 'cachedInputTokens', 'cacheCreationInputTokens', 'reasoningTokens'] as const;

function isCount(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < MAX_TOKENS_PER_REQUEST;
}

/** Every count a finite, non-negative integer below MAX_TOKENS_PER_REQUEST (the optional ones when present). */
export function checkReportedUsage(u: Usage): UsageCheck {
  for (const field of FIELDS) {
    const v: unknown = u[field];
    if (v === undefined && field !== 'inputTokens' && field !== 'outputTokens') continue;
    if (!isCount(v)) {
      const shown = typeof v === 'number' ? String(v) : typeof v;
      return { ok: false, problem: `${field} = ${shown.slice(0, 40)} (not a whole number of tokens from 0 to ${MAX_TOKENS_PER_REQUEST})` };
    }
  }
  return { ok: true };
}

export function isSaneUsage(u: Usage): boolean {
  return checkReportedUsage(u).ok;
}
