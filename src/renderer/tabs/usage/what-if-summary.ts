// The sentence under a What-if result: which requests it priced, over which days, and what it could not carry.
import type { WhatIfResult } from '../../../shared/types';
import { formatInt } from '../../lib/format';

export function whatIfSummary(r: WhatIfResult): string {
  const parts = [coverage(r)];
  if (r.unpriced_requests > 0) parts.push(`${formatInt(r.unpriced_requests)} could not be priced in this scenario (kept at their actual cost)`);
  if (r.actual_unpriced_requests > 0) parts.push(`${formatInt(r.actual_unpriced_requests)} of unknown actual cost left out of both totals`);
  if (r.web_search_left_out_requests > 0) {
    parts.push(`${formatInt(r.web_search_left_out_requests)} ran paid web searches whose fee is left out (not charged by this model's provider, or logged before searches were counted)`);
  }
  if (r.tier_left_out_requests > 0) {
    parts.push(`${formatInt(r.tier_left_out_requests)} ran on a tier (flex, priority, fast mode, US-only) this model's provider lacks: priced at its standard prices`);
  }
  if (r.needs_unknown_requests > 0) {
    parts.push(`${formatInt(r.needs_unknown_requests)} were logged before their needs (tools, images, JSON...) were recorded: priced only on a model with every capability, of the API they came in on`);
  }
  return `${parts.join('; ')}.`;
}

/** The request log keeps single requests for the retention setting's days only (the daily totals stay): say so. */
function coverage(r: WhatIfResult): string {
  const requests = `${formatInt(r.requests)} requests`;
  if (r.covered_days >= r.days) return `${requests} over ${r.days} days`;
  const days = r.covered_days === 1 ? 'day' : `${r.covered_days} days`;
  return `${requests} over the last ${days} only, not ${r.days}: older requests are no longer kept (Settings, "Keep request details for")`;
}
