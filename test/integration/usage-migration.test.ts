// Migration 002 (usage): upgrades a schema-1 database in place, and its indexes serve the analytics queries.
import { afterEach, expect, it } from 'vitest';
import { schemaVersion } from '../../src/node/db';
import { tempDb, upgradedTempDb, type TempDb } from './usage-fixtures';

let t: TempDb;
afterEach(() => t?.cleanup());

const plan = (sql: string): string =>
  (t.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');

it('upgrades a schema-1 database, keeping its data', () => {
  t = upgradedTempDb(1, (v1) => {
    expect(schemaVersion(v1)).toBe(1);
    v1.prepare("UPDATE users SET credit_balance_usd = 3 WHERE id = 'default'").run();
  });
  expect(schemaVersion(t.db)).toBeGreaterThanOrEqual(2);
  const tables = t.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'usage%' ORDER BY name")
    .pluck().all();
  expect(tables).toEqual(['usage_daily', 'usage_log']);
  expect(t.db.prepare("SELECT credit_balance_usd FROM users WHERE id = 'default'").pluck().get()).toBe(3);
});

it('has indexes that serve the analytics queries', () => {
  t = tempDb();
  expect(plan("SELECT * FROM usage_daily WHERE day >= '2026-01-01' AND day <= '2026-02-01'"))
    .toContain('USING PRIMARY KEY');
  // the what-if scan (what-if.ts)
  expect(plan(`SELECT endpoint, input_tokens, price_unknown, COUNT(*), SUM(MIN(cached_input_tokens, input_tokens)),
    SUM(cache_creation_input_tokens), SUM(cache_write_1h_input_tokens), SUM(output_tokens), SUM(cost_usd)
    FROM usage_log WHERE started_at >= 0 AND endpoint <> 'count_tokens' GROUP BY endpoint, input_tokens, price_unknown`))
    .toContain('USING COVERING INDEX usage_log_started');
  expect(plan('SELECT * FROM usage_log WHERE started_at >= 0 ORDER BY started_at, id')).toContain('INDEX usage_log_started');
  expect(plan("SELECT * FROM usage_log WHERE user_id = 'x' AND started_at >= 0")).toContain('usage_log_user_started');
});

it('refuses rows of the wrong type (STRICT), so bad data fails loudly rather than silently', () => {
  t = tempDb();
  expect(() => t.db.prepare(`INSERT INTO usage_daily (day, user_id, provider_id, model_id, requests, errors, input_tokens,
    cached_input_tokens, output_tokens, cost_usd, latency_ms_sum) VALUES ('d', 'u', 'p', 'm', 'many', 0, 0, 0, 0, 0, 0)`).run())
    .toThrow(/cannot store TEXT value in INTEGER column/);
});
