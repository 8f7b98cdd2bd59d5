// Migration 3's data step: says where each existing model's prices came from, so that the bundled-price
// refresh on start knows which ones it may update; fills the classes schema 3 added (cache writes, long
// context) of the models that follow the bundled table; and turns the $0 that discovery used to store for
// unknown cloud prices back into "unknown". Raw SQL against schema 3 on purpose (see 001-seed.ts).
import { loadBundledCatalog } from '../../catalog/bundled-catalog';
import { priceColumns } from '../../catalog/model-prices';
import { bundledPrices, priceLookup, type PriceLookup } from '../../catalog/price-lookup';
import { isFreeProvider } from '../../catalog/provider-locality';
import type { ProviderType } from '../../../shared/types';
import type { Database, MigrationContext } from '../migration';

interface Row {
  id: string;
  model_name: string;
  type: ProviderType;
  base_url: string;
  input: number;
  output: number;
  cached: number | null;
  updated_at: string;
}

export function migrateModelPrices(db: Database, ctx: MigrationContext): void {
  const catalog = ctx.catalogPath === null ? null : loadBundledCatalog(ctx.catalogPath);
  const lookup: PriceLookup = catalog === null ? () => undefined : priceLookup(catalog);
  // A price the user changed by hand stays theirs: the audit log names every such update.
  const edited = new Set(db.prepare(
    "SELECT DISTINCT subject FROM audit_log WHERE action = 'model.update' AND detail LIKE '%_cost_per_1m%'",
  ).pluck().all() as string[]);
  const rows = db.prepare(
    `SELECT m.id, m.model_name, p.type, p.base_url, m.input_cost_per_1m AS input, m.output_cost_per_1m AS output,
       m.cached_input_cost_per_1m AS cached, m.updated_at
     FROM models m JOIN providers p ON p.id = m.provider_id`,
  ).all() as Row[];
  const setSource = db.prepare('UPDATE models SET price_source = ?, price_as_of = ? WHERE id = ?');
  const setBundled = db.prepare(
    `UPDATE models SET cache_write_5m_cost_per_1m = ?, cache_write_1h_cost_per_1m = ?, long_context_tiers = ?,
       price_source = 'bundled', price_as_of = ? WHERE id = ?`,
  );
  const setUnknown = db.prepare(
    'UPDATE models SET input_cost_per_1m = NULL, output_cost_per_1m = NULL, price_source = NULL, price_as_of = NULL WHERE id = ?',
  );
  const audit = db.prepare("INSERT INTO audit_log (at, action, subject, detail) VALUES (?, 'model.price_unknown', ?, ?)");
  const at = ctx.now.toISOString();

  for (const r of rows) {
    const entry = edited.has(r.id) ? undefined : lookup(r.type, r.model_name);
    if (entry && entry.input_cost_per_1m === r.input && entry.output_cost_per_1m === r.output && entry.cached_input_cost_per_1m === r.cached) {
      // the classes this schema added, from the same table; a newer table's other changes are the refresh's (audited)
      const p = priceColumns(bundledPrices(entry));
      setBundled.run(p.cache_write_5m_cost_per_1m, p.cache_write_1h_cost_per_1m, p.long_context_tiers, entry.as_of ?? catalog?.as_of ?? null, r.id);
    } else if (!entry && !edited.has(r.id) && r.input === 0 && r.output === 0 && !isFreeProvider(r.type, r.base_url) && !r.model_name.endsWith(':free')) {
      setUnknown.run(r.id);
      audit.run(at, r.id, JSON.stringify({ reason: 'a cloud model at $0 with no known price: the price is unknown, not zero' }));
    } else {
      setSource.run('user', r.updated_at.slice(0, 10), r.id);
    }
  }
}
