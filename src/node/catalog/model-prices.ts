// A model's prices between their three shapes: the API's (ModelPrices), the row's (long-context tiers as
// JSON) and the router's (core PricedModel, camelCase).
import type { LongContextTier as CoreTier, PricedModel } from '../../core/pricing';
import type { LongContextTier, ModelPrices } from '../../shared/types';
import { parseJson, type ModelRow } from './repos/index';

export type PriceColumns = Pick<
  ModelRow,
  'input_cost_per_1m' | 'output_cost_per_1m' | 'cached_input_cost_per_1m' | 'cache_write_5m_cost_per_1m'
  | 'cache_write_1h_cost_per_1m' | 'long_context_tiers'
>;

export function pricesOfRow(row: PriceColumns): ModelPrices {
  return {
    input_cost_per_1m: row.input_cost_per_1m,
    output_cost_per_1m: row.output_cost_per_1m,
    cached_input_cost_per_1m: row.cached_input_cost_per_1m,
    cache_write_5m_cost_per_1m: row.cache_write_5m_cost_per_1m,
    cache_write_1h_cost_per_1m: row.cache_write_1h_cost_per_1m,
    long_context_tiers: parseJson<LongContextTier[]>(row.long_context_tiers, []),
  };
}

export function priceColumns(p: ModelPrices): PriceColumns {
  return {
    input_cost_per_1m: p.input_cost_per_1m,
    output_cost_per_1m: p.output_cost_per_1m,
    cached_input_cost_per_1m: p.cached_input_cost_per_1m,
    cache_write_5m_cost_per_1m: p.cache_write_5m_cost_per_1m,
    cache_write_1h_cost_per_1m: p.cache_write_1h_cost_per_1m,
    long_context_tiers: p.long_context_tiers.length === 0 ? null : JSON.stringify(p.long_context_tiers),
  };
}

export function samePrices(a: ModelPrices, b: ModelPrices): boolean {
  return JSON.stringify(priceColumns(a)) === JSON.stringify(priceColumns(b));
}

const coreTier = (t: LongContextTier): CoreTier => ({
  abovePromptTokens: t.above_prompt_tokens,
  inputCostPer1m: t.input_cost_per_1m,
  outputCostPer1m: t.output_cost_per_1m,
  cachedInputCostPer1m: t.cached_input_cost_per_1m,
  cacheWrite5mCostPer1m: t.cache_write_5m_cost_per_1m,
  cacheWrite1hCostPer1m: t.cache_write_1h_cost_per_1m,
});

export function pricedModel(p: ModelPrices): Required<PricedModel> {
  return {
    inputCostPer1m: p.input_cost_per_1m,
    outputCostPer1m: p.output_cost_per_1m,
    cachedInputCostPer1m: p.cached_input_cost_per_1m,
    cacheWrite5mCostPer1m: p.cache_write_5m_cost_per_1m,
    cacheWrite1hCostPer1m: p.cache_write_1h_cost_per_1m,
    longContext: p.long_context_tiers.map(coreTier),
  };
}

/** A price date: the day part of an ISO time. */
export const priceDate = (at: Date | string): string => (typeof at === 'string' ? at : at.toISOString()).slice(0, 10);
