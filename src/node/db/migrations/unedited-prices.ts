// Which models' prices are the user's own, as the audit log tells it, and how one whose prices are not takes
// its bundled entry. Shared by migration 3 (schema-2 data) and migration 10 (repairs what 3 used to mark).
// Raw SQL against the columns schema 3 has (see 001-seed.ts).
import type { BundledModel } from '../../catalog/bundled-catalog';
import { priceColumns } from '../../catalog/model-prices';
import { bundledPrices } from '../../catalog/price-lookup';
import type { Database } from '../migration';

const PRICE_FIELD = "(LIKE('%cost_per_1m%', {x}) OR LIKE('%long_context_tiers%', {x}))";
const namesPrice = (x: string) => PRICE_FIELD.replaceAll('{x}', x);

/**
 * The models whose prices the user set: edited (model.update), created by hand (a model.create that does not
 * say where discovery took its prices from; before schema 3 discovery stored $0 and $0 for a price it did not
 * know, which is no one's price), or written by a config import (per id, or, for imports from before the audit
 * said which ids, every model the import was the last to write).
 */
export function userPricedModels(db: Database): Set<string> {
  return new Set(db.prepare(`
    SELECT subject FROM audit_log WHERE action = 'model.update' AND ${namesPrice('detail')}
    UNION
    SELECT subject FROM audit_log WHERE action = 'model.create' AND json_valid(detail)
      AND json_extract(detail, '$.price_source') IS NULL
      AND NOT (COALESCE(json_extract(detail, '$.input_cost_per_1m'), 0) = 0 AND COALESCE(json_extract(detail, '$.output_cost_per_1m'), 0) = 0)
    UNION
    SELECT m.id FROM models m JOIN audit_log a ON a.action = 'config.import' AND json_valid(a.detail)
    WHERE (json_type(a.detail, '$.changed') IS NULL AND a.at = m.updated_at)
      OR EXISTS (SELECT 1 FROM json_each(a.detail, '$.created.models') c WHERE c.value = m.id)
      OR EXISTS (SELECT 1 FROM json_each(a.detail, '$.changed.models') c WHERE c.key = m.id AND ${namesPrice('c.value')})`,
  ).pluck().all() as string[]);
}

export interface UneditedRow {
  id: string;
  model_name: string;
  display_name: string;
  context_length: number;
  max_output_tokens: number | null;
  capabilities: string;
  quality: number | null;
  input: number | null;
  output: number | null;
  cached: number | null;
  cache_5m: number | null;
  cache_1h: number | null;
  tiers: string | null;
}

export const UNEDITED_ROW_COLUMNS = `m.id, m.model_name, m.display_name, m.context_length, m.max_output_tokens, m.capabilities,
  m.quality, m.input_cost_per_1m AS input, m.output_cost_per_1m AS output, m.cached_input_cost_per_1m AS cached,
  m.cache_write_5m_cost_per_1m AS cache_5m, m.cache_write_1h_cost_per_1m AS cache_1h, m.long_context_tiers AS tiers`;

/** What discovery stored for a model it knew nothing of: 8,192 tokens, chat (or embeddings) only. */
const discoveryDefaults = (r: UneditedRow) =>
  r.context_length === 8192 && r.max_output_tokens === null && (r.capabilities === '["chat"]' || r.capabilities === '["embeddings"]');

/**
 * Returns a function giving an unedited model its bundled entry: prices (price_source 'bundled'), and where the
 * row still holds discovery's defaults and the user changed none of them, context, capabilities and names too.
 * A price that changes is audited as the start-up refresh audits one.
 */
export function adoptBundledEntry(db: Database, at: string, reason: string): (r: UneditedRow, entry: BundledModel, asOf: string | null) => void {
  const metaEdited = new Set(db.prepare(
    `SELECT subject FROM audit_log WHERE action = 'model.update'
       AND (detail LIKE '%"context_length"%' OR detail LIKE '%"capabilities"%' OR detail LIKE '%"max_output_tokens"%')`,
  ).pluck().all() as string[]);
  const setPrices = db.prepare(
    `UPDATE models SET input_cost_per_1m = ?, output_cost_per_1m = ?, cached_input_cost_per_1m = ?, cache_write_5m_cost_per_1m = ?,
       cache_write_1h_cost_per_1m = ?, long_context_tiers = ?, price_source = 'bundled', price_as_of = ? WHERE id = ?`,
  );
  const setChanged = db.prepare('UPDATE models SET updated_at = ? WHERE id = ?');
  const setMeta = db.prepare(
    'UPDATE models SET display_name = ?, context_length = ?, max_output_tokens = ?, capabilities = ?, quality = ? WHERE id = ?',
  );
  const audit = db.prepare("INSERT INTO audit_log (at, action, subject, detail) VALUES (?, 'model.price_update', ?, ?)");
  return (r, entry, asOf) => {
    const p = priceColumns(bundledPrices(entry));
    setPrices.run(p.input_cost_per_1m, p.output_cost_per_1m, p.cached_input_cost_per_1m, p.cache_write_5m_cost_per_1m,
      p.cache_write_1h_cost_per_1m, p.long_context_tiers, asOf, r.id);
    const from = { input_cost_per_1m: r.input, output_cost_per_1m: r.output, cached_input_cost_per_1m: r.cached };
    const to = { input_cost_per_1m: p.input_cost_per_1m, output_cost_per_1m: p.output_cost_per_1m, cached_input_cost_per_1m: p.cached_input_cost_per_1m };
    // only the classes an older schema had say whether the price moved; the others were not there to keep
    if (JSON.stringify(from) !== JSON.stringify(to)) {
      setChanged.run(at, r.id);
      audit.run(at, r.id, JSON.stringify({ reason, as_of: asOf, from, to }));
    }
    if (discoveryDefaults(r) && !metaEdited.has(r.id)) {
      setMeta.run(r.display_name === r.model_name ? entry.display_name : r.display_name, entry.context_length,
        entry.max_output_tokens, JSON.stringify(entry.capabilities), r.quality ?? entry.quality, r.id);
    }
  };
}
