// Cost of one request from catalog prices (USD per 1M tokens) and the usage the provider reported.
import type { Usage } from './canonical';
import type { ModelEntry } from './catalog';

export type PricedModel = Pick<ModelEntry, 'inputCostPer1m' | 'outputCostPer1m' | 'cachedInputCostPer1m'>;

/**
 * Cached prompt tokens are billed at the cached-input price where the catalog has one;
 * everything else in `inputTokens` at the input price. Reasoning tokens are part of output.
 */
export function computeCostUsd(model: PricedModel, usage: Usage): number {
  const cachedPrice = model.cachedInputCostPer1m;
  const cached = cachedPrice === null ? 0 : Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens);
  return (
    (usage.inputTokens - cached) * model.inputCostPer1m +
    cached * (cachedPrice ?? 0) +
    usage.outputTokens * model.outputCostPer1m
  ) / 1_000_000;
}
