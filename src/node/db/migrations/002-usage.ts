// Usage log (one row per proxied request) and its daily aggregates.
// No prompt or completion text is stored anywhere: token counts, cost, timing and redacted error messages only.
import type { Database, Migration } from '../migration';

const SQL = `
CREATE TABLE usage_log (
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
  output_tokens INTEGER NOT NULL,
  reasoning_tokens INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  estimated INTEGER NOT NULL,
  ttfb_ms INTEGER,
  latency_ms INTEGER NOT NULL,
  status INTEGER NOT NULL,
  error_kind TEXT
) STRICT;

-- Covers the what-if scan (re-pricing needs only these columns) and serves the export's range and retention deletes.
CREATE INDEX usage_log_started ON usage_log (started_at, endpoint, input_tokens, cached_input_tokens, output_tokens, cost_usd);
CREATE INDEX usage_log_user_started ON usage_log (user_id, started_at);

-- '' stands for "no provider/model" (requests refused before any upstream was tried): NULLs would defeat the upsert key.
CREATE TABLE usage_daily (
  day TEXT NOT NULL,
  user_id TEXT NOT NULL,
  provider_id TEXT NOT NULL,
  model_id TEXT NOT NULL,
  requests INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  cached_input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  latency_ms_sum INTEGER NOT NULL,
  PRIMARY KEY (day, user_id, provider_id, model_id)
) STRICT, WITHOUT ROWID;
`;

export const usageMigration: Migration = {
  version: 2,
  name: 'usage',
  up(db: Database): void {
    db.exec(SQL);
  },
};
