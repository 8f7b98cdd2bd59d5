// Cost truth: a price per token class (cache writes by lifetime, long-context tiers), unknown prices as NULL
// rather than $0, where each model's prices came from; usage rows that can say "cost unknown" and how a cost
// was reached. Both STRICT tables with a NOT NULL price or cost column are rebuilt (SQLite cannot drop a
// NOT NULL in place): rows copied, ids and indexes kept.
import type { Database, MigrationContext } from '../migration';
import { migrateModelPrices } from './003-model-prices';

const MODELS_SQL = `
CREATE TABLE models_new (
  id TEXT PRIMARY KEY,
  provider_id TEXT NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
  model_name TEXT NOT NULL,
  display_name TEXT NOT NULL,
  -- USD per 1M tokens; NULL: unknown, never counted as $0
  input_cost_per_1m REAL,
  output_cost_per_1m REAL,
  -- cache reads and writes; NULL: none published (billed at the input rate, and the usage row says so)
  cached_input_cost_per_1m REAL,
  cache_write_5m_cost_per_1m REAL,
  cache_write_1h_cost_per_1m REAL,
  -- JSON array of {above_prompt_tokens, <the five prices>}, lowest threshold first; NULL: none
  long_context_tiers TEXT,
  -- bundled: follows the bundled table on upgrades; provider: from its model listing; user: edited, kept
  price_source TEXT CHECK (price_source IN ('bundled', 'provider', 'user')),
  price_as_of TEXT,
  context_length INTEGER NOT NULL,
  max_output_tokens INTEGER,
  capabilities TEXT NOT NULL DEFAULT '["chat"]',
  quality REAL,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  avg_latency_ms REAL,
  latency_samples INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
INSERT INTO models_new (id, provider_id, model_name, display_name, input_cost_per_1m, output_cost_per_1m,
  cached_input_cost_per_1m, context_length, max_output_tokens, capabilities, quality, enabled, avg_latency_ms,
  latency_samples, created_at, updated_at)
SELECT id, provider_id, model_name, display_name, input_cost_per_1m, output_cost_per_1m, cached_input_cost_per_1m,
  context_length, max_output_tokens, capabilities, quality, enabled, avg_latency_ms, latency_samples, created_at, updated_at
FROM models;
DROP TABLE models;
ALTER TABLE models_new RENAME TO models;
CREATE INDEX models_enabled ON models (enabled);
CREATE INDEX models_provider ON models (provider_id);
`;

const USAGE_SQL = `
CREATE TABLE usage_log_new (
  id INTEGER PRIMARY KEY,
  request_id TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  day TEXT NOT NULL,
  user_id TEXT NOT NULL,
  token_id TEXT,
  inbound_api TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  requested_model TEXT NOT NULL,
  model_id TEXT,
  provider_id TEXT,
  stream INTEGER NOT NULL,
  failed_attempts TEXT,
  input_tokens INTEGER NOT NULL,
  cached_input_tokens INTEGER NOT NULL,
  cache_creation_input_tokens INTEGER NOT NULL,
  -- of cache_creation_input_tokens, those written to the 1-hour cache (the rest: 5 minutes)
  cache_write_1h_input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL,
  reasoning_tokens INTEGER NOT NULL,
  -- NULL exactly when price_unknown: a request whose cost is unknown is never a $0 request
  cost_usd REAL,
  price_unknown INTEGER NOT NULL DEFAULT 0 CHECK ((cost_usd IS NULL) = (price_unknown = 1)),
  -- comma list of core/pricing.ts PriceBasis values; NULL: every class at its catalog price
  price_basis TEXT,
  -- what the provider billed (OpenRouter usage.cost), and that minus the catalog estimate
  provider_cost_usd REAL,
  cost_drift_usd REAL,
  estimated INTEGER NOT NULL,
  ttfb_ms INTEGER,
  latency_ms INTEGER NOT NULL,
  status INTEGER NOT NULL,
  error_kind TEXT
) STRICT;
INSERT INTO usage_log_new (id, request_id, started_at, day, user_id, token_id, inbound_api, endpoint, requested_model,
  model_id, provider_id, stream, failed_attempts, input_tokens, cached_input_tokens, cache_creation_input_tokens,
  output_tokens, reasoning_tokens, cost_usd, estimated, ttfb_ms, latency_ms, status, error_kind)
SELECT id, request_id, started_at, day, user_id, token_id, inbound_api, endpoint, requested_model, model_id,
  provider_id, stream, failed_attempts, input_tokens, cached_input_tokens, cache_creation_input_tokens,
  output_tokens, reasoning_tokens, cost_usd, estimated, ttfb_ms, latency_ms, status, error_kind
FROM usage_log;
DROP TABLE usage_log;
ALTER TABLE usage_log_new RENAME TO usage_log;
-- Covers the what-if scan (re-pricing needs only these columns) and serves the export's range and retention deletes.
CREATE INDEX usage_log_started ON usage_log (started_at, endpoint, input_tokens, cached_input_tokens,
  cache_creation_input_tokens, cache_write_1h_input_tokens, output_tokens, price_unknown, cost_usd);
CREATE INDEX usage_log_user_started ON usage_log (user_id, started_at);

-- cost_usd stays the sum of the priced requests; the others are counted, not added as $0. Rows before this
-- migration were all priced, so 0 keeps the aggregates consistent with the log.
ALTER TABLE usage_daily ADD COLUMN unpriced_requests INTEGER NOT NULL DEFAULT 0;
`;

export const pricesMigration = {
  version: 3,
  name: 'prices',
  up(db: Database, ctx: MigrationContext): void {
    db.exec(MODELS_SQL);
    migrateModelPrices(db, ctx);
    db.exec(USAGE_SQL);
  },
};
