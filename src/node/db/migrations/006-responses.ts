// The OpenAI Responses API: which API a model is called on (models.api), and the responses the
// proxy keeps so a conversation can continue by `previous_response_id` whichever provider answered.
// Raw SQL on purpose, as in 001-seed: the repositories follow the newest schema.
import { loadBundledCatalog } from '../../catalog/bundled-catalog';
import type { Database, Migration, MigrationContext } from '../migration';

const SQL = `
ALTER TABLE models ADD COLUMN api TEXT NOT NULL DEFAULT 'chat' CHECK (api IN ('chat', 'responses'));

-- One row per stored response (kept 30 days): the input items of the conversation up to it (earlier
-- turns included, so it stands alone), and the response object as the client received it.
CREATE TABLE stored_responses (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  model_id TEXT NOT NULL,
  -- 1: served by a Responses upstream, whose output items go back to one as they are
  native INTEGER NOT NULL,
  input_items TEXT NOT NULL,
  response TEXT NOT NULL
) STRICT;
CREATE INDEX stored_responses_created ON stored_responses (created_at);
`;

/** The bundled catalog's Responses-only models: marked where present, added to their provider where missing. */
function seedResponsesModels(db: Database, ctx: MigrationContext): void {
  if (ctx.catalogPath === null) return;
  const at = ctx.now.toISOString();
  const exists = db.prepare<[string], { id: string }>('SELECT id FROM models WHERE id = ?');
  const provider = db.prepare<[string, string], { id: string }>('SELECT id FROM providers WHERE id = ? AND type = ?');
  const mark = db.prepare<[string]>("UPDATE models SET api = 'responses' WHERE id = ?");
  const insert = db.prepare(
    `INSERT INTO models (id, provider_id, model_name, display_name, input_cost_per_1m, output_cost_per_1m,
       cached_input_cost_per_1m, cache_write_5m_cost_per_1m, cache_write_1h_cost_per_1m, long_context_tiers, price_source,
       price_as_of, context_length, max_output_tokens, capabilities, quality, enabled, api, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bundled', ?, ?, ?, ?, ?, 1, 'responses', ?, ?)`,
  );
  const catalog = loadBundledCatalog(ctx.catalogPath);
  for (const m of catalog.models) {
    if (m.api !== 'responses') continue;
    const id = `${m.provider_type}/${m.model_name}`;
    if (exists.get(id)) mark.run(id);
    else if (provider.get(m.provider_type, m.provider_type)) {
      insert.run(
        id, m.provider_type, m.model_name, m.display_name, m.input_cost_per_1m, m.output_cost_per_1m, m.cached_input_cost_per_1m,
        m.cache_write_5m_cost_per_1m, m.cache_write_1h_cost_per_1m,
        m.long_context_tiers.length > 0 ? JSON.stringify(m.long_context_tiers) : null, m.as_of ?? catalog.as_of,
        m.context_length, m.max_output_tokens, JSON.stringify(m.capabilities), m.quality, at, at,
      );
    }
  }
}

export const responsesMigration: Migration = {
  version: 6,
  name: 'responses',
  up(db: Database, ctx: MigrationContext): void {
    db.exec(SQL);
    seedResponsesModels(db, ctx);
  },
};
