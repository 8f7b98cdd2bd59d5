// Prices stay current: the first start of a build whose bundled table carries a newer prices_version
// re-prices every model whose prices came from that table (price_source 'bundled') or are still unknown,
// each change in the audit log. Prices the user edited, or that a provider's own listing gave, are kept.
import type { Database } from '../db/migration';
import type { BundledCatalog } from './bundled-catalog';
import { pricesOfRow, priceColumns, samePrices } from './model-prices';
import { bundledPrices, priceLookup } from './price-lookup';
import { repositoriesFor } from './repos/index';

export const PRICES_VERSION_KEY = 'bundled_prices_version';

/** Returns the ids of the models whose prices changed. */
export function refreshBundledPrices(db: Database, catalog: BundledCatalog, now: Date): string[] {
  const repos = repositoriesFor(db);
  const seen = repos.meta.get(PRICES_VERSION_KEY);
  // >=: an older build opening a newer database leaves the newer prices alone
  if (seen !== undefined && Number(seen) >= catalog.prices_version) return [];
  const lookup = priceLookup(catalog);
  const types = new Map(repos.providers.list().map((p) => [p.id, p.type]));
  const at = now.toISOString();
  const changed: string[] = [];
  db.transaction(() => {
    for (const row of repos.models.list()) {
      if (row.price_source !== 'bundled' && row.price_source !== null) continue;
      const type = types.get(row.provider_id);
      const entry = type === undefined ? undefined : lookup(type, row.model_name);
      if (!entry) continue;
      const before = pricesOfRow(row);
      const after = bundledPrices(entry);
      const asOf = entry.as_of ?? catalog.as_of;
      const same = samePrices(before, after);
      if (same && row.price_source === 'bundled' && row.price_as_of === asOf) continue;
      repos.models.update({
        ...row, ...priceColumns(after), price_source: 'bundled', price_as_of: asOf, updated_at: same ? row.updated_at : at,
      });
      if (same) continue;
      changed.push(row.id);
      repos.audit.insert(at, 'model.price_update', row.id, JSON.stringify({
        prices_version: catalog.prices_version, as_of: asOf, from: before, to: after,
      }));
    }
    repos.meta.set(PRICES_VERSION_KEY, String(catalog.prices_version));
  })();
  return changed;
}
