// Small builders for catalog snapshots: used by the router's tests and the synthetic benchmark
// snapshot. Defaults describe an enabled, keyed, chat-capable model on an enabled provider.
import { DEFAULT_ROUTING_RULES } from '../../src/shared/defaults';
import type { Capability, RoutingRules } from '../../src/shared/types';
import type { CatalogSnapshot, ModelEntry, ProfileEntry, ProviderEntry } from '../../src/core/catalog';
import { routingOrder } from '../../src/core/routing/routing-order';
import type { HealthView, RequestNeeds } from '../../src/core/routing/types';

export function makeProvider(over: Partial<ProviderEntry> & { id: string }): ProviderEntry {
  return {
    name: over.id, type: 'openai', format: 'openai', baseUrl: 'https://api.example.com/v1',
    enabled: true, priority: 10, hasKey: true, keyless: false, local: false, ...over,
  };
}

export function makeModel(over: Partial<Omit<ModelEntry, 'capabilities'>> & { providerId: string; modelName: string; capabilities?: Capability[] }): ModelEntry {
  const { capabilities, ...rest } = over;
  return {
    id: `${over.providerId}/${over.modelName}`,
    inputCostPer1m: 1, outputCostPer1m: 2, cachedInputCostPer1m: null,
    contextLength: 128_000, maxOutputTokens: 16_384, quality: 50, enabled: true, avgLatencyMs: null,
    ...rest,
    capabilities: new Set(capabilities ?? ['chat', 'tools', 'json']),
  };
}

export function makeProfile(over: Partial<ProfileEntry> = {}): ProfileEntry {
  return {
    id: 'default', name: 'default', powerLevel: 'balanced', monthlyCapUsd: null, creditBalanceUsd: null,
    preferredModels: [], privacyGuard: 'off', byokProviders: new Set(), createdAt: '2026-01-01T00:00:00.000Z', ...over,
  };
}

export function makeRules(over: Partial<RoutingRules> = {}): RoutingRules {
  return { ...DEFAULT_ROUTING_RULES, weights: { ...DEFAULT_ROUTING_RULES.weights }, fallbacks: {}, aliases: {}, ...over };
}

/** Derives the lookup maps from the lists, as the node layer's snapshot builder must. */
export function assembleSnapshot(providers: readonly ProviderEntry[], models: readonly ModelEntry[], rules: RoutingRules = makeRules(), version = 1): CatalogSnapshot {
  const modelsById = new Map<string, ModelEntry>();
  const byName = new Map<string, string[]>();
  for (const m of models) {
    modelsById.set(m.id, m);
    const ids = byName.get(m.modelName);
    if (ids === undefined) byName.set(m.modelName, [m.id]);
    else ids.push(m.id);
  }
  const providerMap = new Map(providers.map((p) => [p.id, p]));
  return {
    version,
    providers: providerMap,
    models,
    routingOrder: routingOrder(providerMap, models),
    modelsById,
    modelsByName: byName,
    rules,
  };
}

export const ALWAYS_HEALTHY: HealthView = { isCoolingDown: () => false };

export function chatNeedsOf(over: Partial<RequestNeeds> = {}): RequestNeeds {
  return { estimatedInputTokens: 1000, maxOutputTokens: undefined, capabilities: ['chat'], secretsFound: [], ...over };
}
