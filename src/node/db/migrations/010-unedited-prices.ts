// Migration 3 used to mark as the user's every model whose price differed from the bundled table, edited or
// not: a model discovered at $0 before the table knew it (o3-pro) stayed $0 for good, and unedited models never
// followed a newer table. A model marked so that the audit log shows no one pricing takes its bundled entry
// (unedited-prices.ts), each change audited. Raw SQL against schema 10 on purpose (see 001-seed.ts).
import { loadBundledCatalog } from '../../catalog/bundled-catalog';
import { priceLookup } from '../../catalog/price-lookup';
import type { Migration } from '../migration';
import { adoptBundledEntry, UNEDITED_ROW_COLUMNS, userPricedModels, type UneditedRow } from './unedited-prices';

export const uneditedPricesMigration: Migration = {
  version: 10,
  name: 'unedited-prices',
  up(db, ctx): void {
    if (ctx.catalogPath === null) return;
    const catalog = loadBundledCatalog(ctx.catalogPath);
    const lookup = priceLookup(catalog);
    const edited = userPricedModels(db);
    const rows = db.prepare(
      `SELECT ${UNEDITED_ROW_COLUMNS}, p.type FROM models m JOIN providers p ON p.id = m.provider_id WHERE m.price_source = 'user'`,
    ).all() as (UneditedRow & { type: string })[];
    const adopt = adoptBundledEntry(db, ctx.now.toISOString(), 'marked as edited by migration 3 but never edited: follows the bundled table');
    for (const r of rows) {
      const entry = edited.has(r.id) ? undefined : lookup(r.type, r.model_name);
      if (entry) adopt(r, entry, entry.as_of ?? catalog.as_of);
    }
  },
};
