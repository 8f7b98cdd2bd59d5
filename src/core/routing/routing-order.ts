// What the router reads for every model on every request, derived once per catalog snapshot (the
// snapshot builders call routingOrder) so that a route neither sorts by name nor walks capability sets.
import type { CatalogSnapshot, ModelEntry, ProviderEntry, RoutingEntry } from '../catalog';
import { capabilityMask } from './capability-mask';

const RUNS = /\d+|\D+/g;

/**
 * Model ids in tie-break order: as text, except that where they first differ in a number the higher
 * comes first, so of two models a level cannot tell apart (the catalog's quality tops out at 100, so
 * claude-opus-4-7 and claude-opus-4-6 tie) the newer version or date goes first.
 */
export function compareModelIds(a: string, b: string): number {
  if (a === b) return 0;
  const x = a.match(RUNS) ?? [];
  const y = b.match(RUNS) ?? [];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i] as string;
    const q = y[i] as string;
    if (p === q) continue;
    const digits = (t: string): boolean => t.charCodeAt(0) >= 48 && t.charCodeAt(0) <= 57;
    if (digits(p) && digits(q)) {
      const byValue = Number(q) - Number(p);
      if (byValue !== 0) return byValue;
    }
    return p < q ? -1 : 1;
  }
  return a < b ? -1 : 1;
}

/**
 * Every model with its provider and capability mask, in tie-break order: provider priority
 * ascending (a lower number is preferred; a missing provider last), then model id (compareModelIds:
 * newer versions first).
 */
export function routingOrder(providers: CatalogSnapshot['providers'], models: readonly ModelEntry[]): RoutingEntry[] {
  const priority = (p: ProviderEntry | undefined): number =>
    p === undefined || !Number.isFinite(p.priority) ? Number.MAX_SAFE_INTEGER : p.priority;
  return models
    .map((model) => {
      const provider = providers.get(model.providerId);
      return { model, provider, capMask: capabilityMask(model.capabilities), priority: priority(provider) };
    })
    .sort((a, b) => a.priority - b.priority || compareModelIds(a.model.id, b.model.id))
    .map(({ model, provider, capMask }) => ({ model, provider, capMask }));
}
