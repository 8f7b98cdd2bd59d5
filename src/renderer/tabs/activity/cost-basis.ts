// How a request's cost was reached, in plain words (README, Costs): an estimate reads "≈ $x", a lower bound
// (standard prices for a tier or mode whose price the catalog lacks) "at least $x", and each price_basis has a line.
import type { ActivityEntry } from '../../../shared/activity-types';
import { formatUsd } from '../../lib/format';

const BASIS_WORDS: Record<string, string> = {
  provider_reported: "The provider's own figure: it reported what it billed",
  long_context: "Long-context prices: the prompt passed the model's long-context threshold",
  cache_read_at_input_rate: 'Cache reads at the input price: the model has no cache-read price',
  cache_write_at_input_rate: 'Cache writes at the input price: the model has no cache-write price',
  cache_write_ttl_assumed_5m: 'Cache writes counted as 5-minute writes: the provider did not say how long they last',
  web_search: "Web searches on top of the tokens: $10 per 1,000; Gemini's Google Search at its paid rate (free allowance not known)",
  file_search: 'File searches on top of the tokens: $2.50 per 1,000',
  flex: 'Flex: half price',
  priority_unpriced: 'Priority: standard price shown, a lower bound',
  fast: "Fast mode: the model's fast-mode multiple on every token class",
  fast_unpriced: 'Fast mode on a model with no known multiple: standard price shown, a lower bound',
  us_inference: 'US-only inference ×1.1',
  us_inference_unpriced: 'US-only inference on a model Switchboard cannot date: standard price shown, a lower bound',
  audio_input: "Audio input at the model's audio price",
  audio_output: "Audio output at the model's audio price",
  audio_unpriced: 'Audio on a model with no known audio price: text price shown, a lower bound',
  image_output: "Image output at the model's image price",
  image_unpriced: 'Image output on a model with no known image price: text price shown, a lower bound',
};

type CostFields = Pick<ActivityEntry, 'cost_usd' | 'estimated' | 'price_basis'>;

const isLowerBound = (r: CostFields) => r.price_basis.some((b) => b.endsWith('_unpriced'));

/** The cost as the table shows it: exact, "≈" an estimate, or "at least" a lower bound. */
export function costText(r: CostFields): string {
  const usd = formatUsd(r.cost_usd);
  if (r.cost_usd === null) return usd;
  if (isLowerBound(r)) return `at least ${usd}`;
  return r.estimated ? `≈ ${usd}` : usd;
}

/** One line per reason the cost is not every token class at its catalog price; none for an exact standard cost. */
export function costBasisLines(r: CostFields): string[] {
  const lines = r.price_basis.map((b) => BASIS_WORDS[b] ?? b);
  // a lower bound is estimated because of its basis, already said; otherwise the tokens were Switchboard's count
  if (r.estimated && !isLowerBound(r)) {
    lines.push('Estimated: the provider reported no usage (or not all of it: a stream cut short, a background response still running), so Switchboard counted the tokens');
  }
  return lines;
}
