// What the router reads for every model on every request, derived once per catalog snapshot (the
// snapshot builders call routingOrder) so that a route neither sorts by name nor walks capability sets.
import type { CatalogSnapshot, ModelEntry, ProviderEntry, RoutingEntry } from '../catalog';
import { capabilityMask } from './capability-mask';

/**
 * Every model with its provider and capability mask, in tie-break order: provider priority
 * ascending (a lower number is preferred; a missing provider last), then model id ascending.
 */
export function routingOrder(providers: CatalogSnapshot['providers'], models: readonly ModelEntry[]): RoutingEntry[] {
  const priority = (p: ProviderEntry | undefined): number =>
    p === undefined || !Number.isFinite(p.priority) ? Number.MAX_SAFE_INTEGER : p.priority;
  return models
    .map((model) => {
      const provider = providers.get(model.providerId);
      return { model, provider, capMask: capabilityMask(model.capabilities), priority: priority(provider) };
    })
    .sort((a, b) => a.priority - b.priority || (a.model.id < b.model.id ? -1 : a.model.id > b.model.id ? 1 : 0))
    .map(({ model, provider, capMask }) => ({ model, provider, capMask }));
}
