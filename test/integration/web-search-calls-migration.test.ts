// Migration 018 (web-search-calls): upgrades a schema-17 database in place; its usage rows read 0 searches, and
// what-if says the fee of one whose price basis says web_search was left out on another model.
import { afterEach, expect, it } from 'vitest';
import { MIGRATIONS, schemaVersion } from '../../src/node/db';
import { whatIf } from '../../src/node/usage/what-if';
import { model, snapshotOf, upgradedTempDb, type TempDb } from './usage-fixtures';

let t: TempDb;
afterEach(() => t?.cleanup());

it('upgrades a schema-17 database, keeping its usage rows, with no searches counted', async () => {
  t = upgradedTempDb(17, (v17) => v17.prepare(`INSERT INTO usage_log (request_id, started_at, day, user_id, inbound_api, endpoint, requested_model, model_id, stream,
    input_tokens, cached_input_tokens, cache_creation_input_tokens, output_tokens, reasoning_tokens, cost_usd, price_basis,
    estimated, latency_ms, status) VALUES ('old', 1000, '1970-01-01', 'default', 'messages', 'messages', 'auto', 'an/claude', 0,
    100, 0, 0, 700, 0, 0.0608, 'web_search', 0, 40, 200)`).run());
  expect(schemaVersion(t.db)).toBe(MIGRATIONS.length);
  expect(t.db.prepare("SELECT web_search_calls, cost_usd FROM usage_log WHERE request_id = 'old'").get()).toEqual({ web_search_calls: 0, cost_usd: 0.0608 });
  const snapshot = snapshotOf([model('an/claude', { inputCostPer1m: 3, outputCostPer1m: 15 }), model('x/other')]);
  const now = new Date(2000);
  // on its own model: what it cost; on another: its tokens, the searches' fee named as left out
  expect(await whatIf(t.db, snapshot, { days: 1, model: 'an/claude' }, now)).toMatchObject({ hypothetical_cost_usd: 0.0608, web_search_left_out_requests: 0 });
  const other = await whatIf(t.db, snapshot, { days: 1, model: 'x/other' }, now);
  expect(other).toMatchObject({ web_search_left_out_requests: 1 });
  expect(other.hypothetical_cost_usd).toBeCloseTo((100 + 700 * 2) / 1e6, 12);
});
