// Migration 3 (prices) on a database holding schema-2 data: models and usage_log rebuilt with nullable prices
// and costs, every row and index kept, each model's price source worked out, discovery's $0 for an unknown
// cloud price turned back into "unknown".
import { mkdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Database } from '../../src/node/db';
import { FIXTURE_CATALOG, testDir, writeFixtureCatalog } from './db-fixtures';

const AT = '2026-03-01T09:00:00.000Z';
const SONNET_TIER = {
  above_prompt_tokens: 200_000, input_cost_per_1m: 6, output_cost_per_1m: 22.5, cached_input_cost_per_1m: 0.6,
  cache_write_5m_cost_per_1m: 7.5, cache_write_1h_cost_per_1m: 12,
};
// the table now carries Sonnet's cache-write prices and long-context tier, which schema 2 had no room for
const CATALOG = {
  ...FIXTURE_CATALOG,
  models: FIXTURE_CATALOG.models.map((m) => (m.model_name === 'claude-sonnet-4-5'
    ? { ...m, cache_write_5m_cost_per_1m: 3.75, cache_write_1h_cost_per_1m: 6, long_context_tiers: [SONNET_TIER] }
    : m)),
};

const MODEL_COLS = ['id', 'display_name', 'capabilities', 'enabled', 'created_at'];
const LOG_COLS = ['id', 'request_id', 'input_tokens', 'cached_input_tokens', 'cache_creation_input_tokens', 'cost_usd', 'status'];
const DAILY_COLS = ['day', 'model_id', 'requests', 'cost_usd'];
const rowsOf = (d: Database, table: string, cols: string[]) =>
  d.prepare(`SELECT ${cols.join(', ')} FROM ${table} ORDER BY ${cols[0]}, ${cols[1]}`).all();

/** Makes a seeded schema-2 database what the previous build left: a few user changes, usage rows. Returns its rows. */
function asV2Left(v2: Database): { models: unknown[]; log: unknown[]; daily: unknown[] } {
  const model = v2.prepare(
    `INSERT INTO models (id, provider_id, model_name, display_name, input_cost_per_1m, output_cost_per_1m,
       cached_input_cost_per_1m, context_length, capabilities, enabled, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, NULL, 8192, '["chat"]', ?, ?, ?)`,
  );
  const audit = v2.prepare('INSERT INTO audit_log (at, action, subject, detail) VALUES (?, ?, ?, ?)');
  v2.prepare(`INSERT INTO providers (id, name, type, base_url, enabled, priority, created_at, updated_at)
    VALUES ('or', 'OpenRouter', 'openrouter', 'https://openrouter.ai/api/v1', 1, 0, ?, ?)`).run(AT, AT);
  // discovery used to store an unknown cloud price as $0
  model.run('openai/o9-preview', 'openai', 'o9-preview', 'o9-preview', 0, 0, 0, AT, AT);
  // a model the user created with their own prices, and a truly free OpenRouter model
  model.run('openai/ft-custom', 'openai', 'ft-custom', 'ft-custom', 1.5, 6, 1, AT, AT);
  model.run('or/some/model:free', 'or', 'some/model:free', 'free one', 0, 0, 1, AT, AT);
  // a seeded price the user edited (the audit log says so), and a seeded model only toggled
  v2.prepare("UPDATE models SET input_cost_per_1m = 0.35, updated_at = ? WHERE id = 'openai/gpt-4.1-mini'").run(AT);
  audit.run(AT, 'model.update', 'openai/gpt-4.1-mini', '{"input_cost_per_1m":0.35}');
  v2.prepare("UPDATE models SET enabled = 0 WHERE id = 'anthropic/claude-sonnet-4-5'").run();
  audit.run(AT, 'model.update', 'anthropic/claude-sonnet-4-5', '{"enabled":false}');

  const usage = v2.prepare(
    `INSERT INTO usage_log (request_id, started_at, day, user_id, token_id, inbound_api, endpoint, requested_model,
       model_id, provider_id, stream, failed_attempts, input_tokens, cached_input_tokens, cache_creation_input_tokens,
       output_tokens, reasoning_tokens, cost_usd, estimated, ttfb_ms, latency_ms, status, error_kind)
     VALUES (?, ?, '2026-02-28', 'default', NULL, 'anthropic', 'messages', 'auto', ?, ?, 1, NULL, ?, ?, ?, ?, 0, ?, 0, 50, 400, ?, ?)`,
  );
  const t = Date.parse('2026-02-28T12:00:00Z');
  usage.run('r1', t, 'anthropic/claude-sonnet-4-5', 'anthropic', 162_003, 150_000, 12_000, 850, 0.102759, 200, null);
  usage.run('r2', t + 1, 'openai/gpt-4.1-mini', 'openai', 1_000, 0, 0, 100, 0.00056, 200, null);
  usage.run('r3', t + 2, null, null, 0, 0, 0, 0, 0, 402, 'budget');
  v2.prepare(
    `INSERT INTO usage_daily (day, user_id, provider_id, model_id, requests, errors, input_tokens, cached_input_tokens,
       output_tokens, cost_usd, latency_ms_sum)
     VALUES ('2026-02-28', 'default', 'anthropic', 'anthropic/claude-sonnet-4-5', 1, 0, 162003, 150000, 850, 0.102759, 400),
            ('2026-02-28', 'default', 'openai', 'openai/gpt-4.1-mini', 1, 0, 1000, 0, 100, 0.00056, 400),
            ('2026-02-28', 'default', '', '', 1, 1, 0, 0, 0, 0, 400)`,
  ).run();
  return { models: rowsOf(v2, 'models', MODEL_COLS), log: rowsOf(v2, 'usage_log', LOG_COLS), daily: rowsOf(v2, 'usage_daily', DAILY_COLS) };
}

const columns = (d: Database, table: string) =>
  Object.fromEntries((d.prepare(`PRAGMA table_info(${table})`).all() as { name: string; notnull: number }[]).map((c) => [c.name, c.notnull]));

it('rebuilds models with nullable prices and says where each existing price came from', () => {
  const tmp = testDir();
  const file = tmp.path('switchboard.db');
  const before = tmp.atSchema(file, 2, asV2Left, CATALOG);

  const db = tmp.upgrade(file, { catalogPath: writeFixtureCatalog(tmp.dir, CATALOG), now: new Date('2026-03-02T00:00:00Z') });
  expect(columns(db, 'models')).toMatchObject({
    input_cost_per_1m: 0, output_cost_per_1m: 0, cache_write_5m_cost_per_1m: 0, cache_write_1h_cost_per_1m: 0,
    long_context_tiers: 0, price_source: 0, price_as_of: 0, context_length: 1,
  });
  const prices = Object.fromEntries((db.prepare(
    'SELECT id, input_cost_per_1m AS input, output_cost_per_1m AS output, price_source AS source, price_as_of AS asOf FROM models',
  ).all() as { id: string }[]).map((r) => [r.id, r]));
  // seeded and never re-priced (a toggle is not a price edit): follows the bundled table from now on
  expect(prices['anthropic/claude-sonnet-4-5']).toMatchObject({ input: 3, output: 15, source: 'bundled', asOf: '2026-01-15' });
  expect(prices['ollama/llama3.2']).toMatchObject({ input: 0, output: 0, source: 'bundled' });
  // and takes the classes schema 3 added from the same table
  expect(db.prepare(
    "SELECT cache_write_5m_cost_per_1m AS w5, cache_write_1h_cost_per_1m AS w1, long_context_tiers AS tiers FROM models WHERE id = 'anthropic/claude-sonnet-4-5'",
  ).get()).toEqual({ w5: 3.75, w1: 6, tiers: JSON.stringify([SONNET_TIER]) });
  // the user's own prices stay theirs
  expect(prices['openai/gpt-4.1-mini']).toMatchObject({ input: 0.35, source: 'user', asOf: '2026-03-01' });
  expect(prices['openai/ft-custom']).toMatchObject({ input: 1.5, output: 6, source: 'user' });
  expect(prices['or/some/model:free']).toMatchObject({ input: 0, output: 0, source: 'user' });
  // $0 on a cloud provider with nothing to say it is free: unknown, and the audit log says why
  expect(prices['openai/o9-preview']).toMatchObject({ input: null, output: null, source: null, asOf: null });
  expect(db.prepare("SELECT subject FROM audit_log WHERE action = 'model.price_unknown'").pluck().all()).toEqual(['openai/o9-preview']);
  // nothing else of a model changed
  expect(rowsOf(db, 'models', MODEL_COLS)).toEqual(before.models);
  const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'models'").pluck().all();
  expect(indexes).toEqual(expect.arrayContaining(['models_enabled', 'models_provider']));
  // the provider foreign key survived the rebuild
  db.prepare("DELETE FROM providers WHERE id = 'or'").run();
  expect(db.prepare("SELECT COUNT(*) FROM models WHERE provider_id = 'or'").pluck().get()).toBe(0);
});

it('copies every usage row and keeps the indexes and daily aggregates consistent', () => {
  const tmp = testDir();
  const file = tmp.path('switchboard.db');
  const before = tmp.atSchema(file, 2, asV2Left);

  const db = tmp.upgrade(file);
  expect(rowsOf(db, 'usage_log', LOG_COLS)).toEqual(before.log);
  expect(db.prepare('SELECT price_unknown, price_basis, cache_write_1h_input_tokens, provider_cost_usd FROM usage_log').all())
    .toEqual(Array(3).fill({ price_unknown: 0, price_basis: null, cache_write_1h_input_tokens: 0, provider_cost_usd: null }));
  expect(columns(db, 'usage_log').cost_usd).toBe(0);
  expect(rowsOf(db, 'usage_daily', DAILY_COLS)).toEqual(before.daily);
  expect(db.prepare('SELECT SUM(unpriced_requests) FROM usage_daily').pluck().get()).toBe(0);
  const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'usage_log'").pluck().all();
  expect(indexes).toEqual(expect.arrayContaining(['usage_log_started', 'usage_log_user_started']));

  // cost unknown is stored as unknown, and only together with the flag that says so
  const insert = (cost: number | null, unknown: number) => db.prepare(
    `INSERT INTO usage_log (request_id, started_at, day, user_id, inbound_api, endpoint, requested_model, stream,
       input_tokens, cached_input_tokens, cache_creation_input_tokens, output_tokens, reasoning_tokens, cost_usd,
       price_unknown, estimated, latency_ms, status)
     VALUES ('x', 0, 'd', 'u', 'openai', 'chat', 'm', 0, 0, 0, 0, 0, 0, ?, ?, 0, 0, 200)`,
  ).run(cost, unknown);
  expect(() => insert(null, 1)).not.toThrow();
  expect(() => insert(null, 0)).toThrow(/CHECK constraint/);
  expect(() => insert(0, 1)).toThrow(/CHECK constraint/);
});

it('an unedited model takes its bundled entry where its price differs: discovered at $0 before the table knew it, or priced by an older table', () => {
  const tmp = testDir();
  const file = tmp.path('switchboard.db');
  tmp.atSchema(file, 2, (v2) => {
    const audit = v2.prepare('INSERT INTO audit_log (at, action, subject, detail) VALUES (?, ?, ?, ?)');
    const model = v2.prepare(
      `INSERT INTO models (id, provider_id, model_name, display_name, input_cost_per_1m, output_cost_per_1m,
         cached_input_cost_per_1m, context_length, capabilities, enabled, created_at, updated_at)
       VALUES (?, 'openai', ?, ?, ?, ?, NULL, 8192, '["chat"]', 1, ?, ?)`,
    );
    // discovery stored $0 for a model the table did not know yet
    model.run('openai/o3-pro', 'o3-pro', 'o3-pro', 0, 0, AT, AT);
    audit.run(AT, 'model.create', 'openai/o3-pro', JSON.stringify({
      provider_id: 'openai', model_name: 'o3-pro', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 8192, capabilities: ['chat'], enabled: false,
    }));
    // one the user added by hand at their own price, which the table now also knows
    model.run('openai/o3-mini', 'o3-mini', 'My o3 mini', 0.5, 2, AT, AT);
    audit.run(AT, 'model.create', 'openai/o3-mini', JSON.stringify({
      provider_id: 'openai', model_name: 'o3-mini', display_name: 'My o3 mini', input_cost_per_1m: 0.5, output_cost_per_1m: 2, context_length: 8192, enabled: true,
    }));
    // seeded at an older table's price, never edited
    v2.prepare("UPDATE models SET input_cost_per_1m = 2.5, output_cost_per_1m = 12.5 WHERE id = 'anthropic/claude-sonnet-4-5'").run();
  });

  const newer = {
    ...CATALOG,
    models: [
      ...CATALOG.models,
      {
        provider_type: 'openai', model_name: 'o3-pro', display_name: 'o3-pro', input_cost_per_1m: 20, output_cost_per_1m: 80,
        cached_input_cost_per_1m: null, context_length: 200000, max_output_tokens: 100000, capabilities: ['chat', 'tools', 'reasoning'], quality: 92,
      },
      {
        provider_type: 'openai', model_name: 'o3-mini', display_name: 'o3-mini', input_cost_per_1m: 1.1, output_cost_per_1m: 4.4,
        cached_input_cost_per_1m: 0.55, context_length: 200000, max_output_tokens: 100000, capabilities: ['chat', 'tools'], quality: 75,
      },
    ],
  };
  mkdirSync(tmp.path('newer'));
  const db = tmp.upgrade(file, { catalogPath: writeFixtureCatalog(tmp.path('newer'), newer), now: new Date('2026-03-02T00:00:00Z') });
  const row = (id: string) => db.prepare(
    `SELECT input_cost_per_1m AS input, output_cost_per_1m AS output, price_source AS source, context_length AS context,
       capabilities, quality, enabled FROM models WHERE id = ?`,
  ).get(id);
  expect(row('openai/o3-pro')).toEqual({
    input: 20, output: 80, source: 'bundled', context: 200000, capabilities: '["chat","tools","reasoning"]', quality: 92, enabled: 1,
  });
  expect(row('anthropic/claude-sonnet-4-5')).toMatchObject({ input: 3, output: 15, source: 'bundled', context: 200000 });
  expect(row('openai/o3-mini')).toMatchObject({ input: 0.5, output: 2, source: 'user', context: 8192 });
  // each price that moved is in the audit log
  expect(db.prepare("SELECT subject FROM audit_log WHERE action = 'model.price_update' ORDER BY subject").pluck().all())
    .toEqual(['anthropic/claude-sonnet-4-5', 'openai/o3-pro']);
});
