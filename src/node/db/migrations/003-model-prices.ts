// Migration 3's data step: says where each existing model's prices came from, so that the bundled-price
// refresh on start knows which ones it may update; gives every model the user never priced its bundled entry
// (with the classes schema 3 added: cache writes, long context); and turns the $0 that discovery used to store for
// unknown cloud prices back into "unknown". Raw SQL against schema 3 on purpose (see 001-seed.ts).
import { loadBundledCatalog } from '../../catalog/bundled-catalog';
import { priceLookup, type PriceLookup } from '../../catalog/price-lookup';
import { isFreeProvider } from '../../catalog/provider-locality';
import type { ProviderType } from '../../../shared/types';
import type { Database, MigrationContext } from '../migration';
import { adoptBundledEntry, UNEDITED_ROW_COLUMNS, userPricedModels, type UneditedRow } from './unedited-prices';

interface Row extends UneditedRow {
  type: ProviderType;
  base_url: string;
  updated_at: string;
}

export function migrateModelPrices(db: Database, ctx: MigrationContext): void {
  const catalog = ctx.catalogPath === null ? null : loadBundledCatalog(ctx.catalogPath);
  const lookup: PriceLookup = catalog === null ? () => undefined : priceLookup(catalog);
  // A price the user set stays theirs: the audit log names every one (unedited-prices.ts).
  const edited = userPricedModels(db);
  const rows = db.prepare(
    `SELECT ${UNEDITED_ROW_COLUMNS}, p.type, p.base_url, m.updated_at FROM models m JOIN providers p ON p.id = m.provider_id`,
  ).all() as Row[];
  const setSource = db.prepare('UPDATE models SET price_source = ?, price_as_of = ? WHERE id = ?');
  const setUnknown = db.prepare(
    'UPDATE models SET input_cost_per_1m = NULL, output_cost_per_1m = NULL, price_source = NULL, price_as_of = NULL WHERE id = ?',
  );
  const audit = db.prepare("INSERT INTO audit_log (at, action, subject, detail) VALUES (?, 'model.price_unknown', ?, ?)");
  const at = ctx.now.toISOString();
  const adopt = adoptBundledEntry(db, at, 'not edited: follows the bundled table');

  for (const r of rows) {
    const entry = edited.has(r.id) ? undefined : lookup(r.type, r.model_name);
    if (entry) {
      // never edited: the table's prices, also where they changed since (or discovery stored $0 before the
      // table knew the model), and the classes this schema added
      adopt(r, entry, entry.as_of ?? catalog?.as_of ?? null);
    } else if (!edited.has(r.id) && r.input === 0 && r.output === 0 && !isFreeProvider(r.type, r.base_url) && !r.model_name.endsWith(':free')) {
      setUnknown.run(r.id);
      audit.run(at, r.id, JSON.stringify({ reason: 'a cloud model at $0 with no known price: the price is unknown, not zero' }));
    } else {
      setSource.run('user', r.updated_at.slice(0, 10), r.id);
    }
  }
}
