// Migration 004 (activity): upgrades a schema-2 database in place (rows written before it read back with no
// client and nothing dropped), and the activity queries are served by indexes.
import { afterEach, expect, it } from 'vitest';
import { MIGRATIONS, schemaVersion } from '../../src/node/db';
import { ActivityLog } from '../../src/node/usage/activity';
import { tempDb, upgradedTempDb, type TempDb } from './usage-fixtures';

let t: TempDb;
afterEach(() => t?.cleanup());

const plan = (sql: string): string =>
  (t.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');

it('upgrades a schema-2 database, keeping its usage rows', () => {
  t = upgradedTempDb(2, (v2) => v2.prepare(`INSERT INTO usage_log (request_id, started_at, day, user_id, inbound_api, endpoint, requested_model, model_id, stream,
    failed_attempts, input_tokens, cached_input_tokens, cache_creation_input_tokens, output_tokens, reasoning_tokens, cost_usd,
    estimated, latency_ms, status) VALUES ('old', 1000, '1970-01-01', 'default', 'openai', 'chat', 'auto', 'p/m', 0,
    '[{"model":"q/n","kind":"server","status":500,"message":"boom"}]', 1, 0, 0, 1, 0, 0.5, 0, 40, 200)`).run());
  expect(schemaVersion(t.db)).toBe(MIGRATIONS.length);
  const [entry] = new ActivityLog(t.db).list({ limit: 5, before: null, status: null, userId: null, model: null, client: null }).requests;
  expect(entry).toMatchObject({
    request_id: 'old', client: null, dropped: [], has_bodies: false,
    attempts: [{ model: 'q/n', error_kind: 'server', status: 500, latency_ms: null }, { model: 'p/m', error_kind: null, latency_ms: null }],
  });
});

it('serves newest-first pages, profiles and refusal reasons from indexes', () => {
  t = tempDb();
  expect(plan('SELECT * FROM usage_log WHERE (started_at < 5 OR (started_at = 5 AND id < 9)) ORDER BY started_at DESC, id DESC LIMIT 51'))
    .toContain('USING INDEX usage_log_started');
  expect(plan("SELECT * FROM usage_log WHERE user_id = 'a' ORDER BY started_at DESC, id DESC LIMIT 51")).toContain('usage_log_user_started');
  expect(plan('SELECT error_kind, COUNT(*) FROM usage_log WHERE model_id IS NULL AND started_at >= 0 AND started_at < 9 GROUP BY error_kind'))
    .toContain('USING INDEX usage_log_refused');
});
