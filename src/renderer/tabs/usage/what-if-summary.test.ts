import { describe, expect, it } from 'vitest';
import type { WhatIfResult } from '../../../shared/types';
import { whatIfSummary } from './what-if-summary';

const result = (over: Partial<WhatIfResult> = {}): WhatIfResult => ({
  days: 30, covered_days: 30, actual_cost_usd: 4.89, hypothetical_cost_usd: 2, requests: 948, unpriced_requests: 0, actual_unpriced_requests: 0,
  web_search_left_out_requests: 0, tier_left_out_requests: 0, needs_unknown_requests: 0, scenario: 'model oa/gpt-a', ...over,
});

describe('whatIfSummary', () => {
  it('names the days asked when the log holds them all', () => {
    expect(whatIfSummary(result())).toBe('948 requests over 30 days.');
  });

  it('names the days it covers when retention pruned the older requests (before: "948 requests over 30 days")', () => {
    expect(whatIfSummary(result({ covered_days: 7 }))).toBe(
      '948 requests over the last 7 days only, not 30: older requests are no longer kept (Settings, "Keep request details for").');
    expect(whatIfSummary(result({ covered_days: 1, requests: 3 }))).toMatch(/^3 requests over the last day only, not 30: /);
  });

  it('adds what it could not price or carry', () => {
    expect(whatIfSummary(result({ requests: 1_200, unpriced_requests: 2, web_search_left_out_requests: 1 }))).toBe(
      '1,200 requests over 30 days; 2 could not be priced in this scenario (kept at their actual cost); 1 ran paid web searches whose fee is left out '
      + "(not charged by this model's provider, or logged before searches were counted).");
  });
});
