// The catalog: providers, models, profiles and their tokens, BYOK entries, routing rules,
// health, audit and settings. A fresh database is seeded here, inside the same transaction.
import type { Database, MigrationContext } from '../migration';
import { seedFreshDatabase } from './001-seed';

const SQL = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

CREATE TABLE providers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  base_url TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  priority INTEGER NOT NULL DEFAULT 0,
  -- mask of the key held in the secret store (never the key); NULL when none is stored
  key_mask TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX providers_enabled ON providers (enabled);

CREATE TABLE models (
  id TEXT PRIMARY KEY,
  provider_id TEXT NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
  model_name TEXT NOT NULL,
  display_name TEXT NOT NULL,
  input_cost_per_1m REAL NOT NULL,
  output_cost_per_1m REAL NOT NULL,
  cached_input_cost_per_1m REAL,
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
CREATE INDEX models_enabled ON models (enabled);
CREATE INDEX models_provider ON models (provider_id);

CREATE TABLE routing_rules (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  rules TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  power_level TEXT NOT NULL,
  monthly_cap_usd REAL,
  credit_balance_usd REAL,
  preferred_models TEXT NOT NULL DEFAULT '[]',
  privacy_guard TEXT NOT NULL DEFAULT 'off',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE user_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
) STRICT;
CREATE INDEX user_tokens_user ON user_tokens (user_id);

CREATE TABLE byok (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  provider_id TEXT NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
  secret_ref TEXT NOT NULL,
  key_mask TEXT NOT NULL,
  preferred_models TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (user_id, provider_id)
) STRICT;
CREATE INDEX byok_provider ON byok (provider_id);

CREATE TABLE provider_health (
  provider_id TEXT PRIMARY KEY REFERENCES providers (id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  last_checked_at TEXT,
  last_latency_ms INTEGER,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  message TEXT
) STRICT;

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT
) STRICT;

CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
`;

export const catalogMigration = {
  version: 1,
  name: 'catalog',
  up(db: Database, ctx: MigrationContext): void {
    db.exec(SQL);
    seedFreshDatabase(db, ctx);
  },
};
