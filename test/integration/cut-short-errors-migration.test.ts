// Migration 022 (cut-short-not-errors): upgrades a schema-21 database whose usage_daily counted requests cut short
// (client_closed, shutdown) as errors. Each such row still in usage_log comes off its group's count; a day the
// retention setting pruned keeps what it had (nothing left to tell its cut requests apart).
import { afterEach, expect, it } from 'vitest';
import { MIGRATIONS, schemaVersion } from '../../src/node/db';
import { usageSummaryBetween } from '../../src/node/usage/usage-summary';
import { upgradedTempDb, type TempDb } from './usage-fixtures';

let t: TempDb;
afterEach(() => t?.cleanup());

it('takes the cut-short requests still in the log off usage_daily.errors, and leaves pruned days as they were', () => {
  t = upgradedTempDb(21, (v21) => {
    const log = v21.prepare(`INSERT INTO usage_log (request_id, started_at, day, user_id, inbound_api, endpoint, requested_model,
      model_id, provider_id, stream, input_tokens, cached_input_tokens, cache_creation_input_tokens, output_tokens, reasoning_tokens,
      cost_usd, estimated, latency_ms, status, error_kind) VALUES (?, ?, ?, 'default', 'chat', 'chat', 'auto', ?, ?, 1, 10, 0, 0, 5, 0, 0, 0, 40, ?, ?)`);
    const daily = v21.prepare(`INSERT INTO usage_daily (day, user_id, provider_id, model_id, requests, errors, input_tokens,
      cached_input_tokens, output_tokens, cost_usd, unpriced_requests, latency_ms_sum) VALUES (?, 'default', ?, ?, ?, ?, 0, 0, 0, 0, 0, 0)`);
    // whole in the log, as the writer counted it before: 1 served, 1 server error, 2 clients that left, 1 shutdown
    const may14 = Date.UTC(2026, 4, 14, 12);
    let n = 0;
    for (const [status, kind] of [[200, null], [502, 'server'], [200, 'client_closed'], [499, 'client_closed'], [503, 'shutdown']] as const) {
      log.run(`a${n++}`, may14, '2026-05-14', 'oa/m', 'oa', status, kind);
    }
    daily.run('2026-05-14', 'oa', 'oa/m', 5, 4);
    // refused before routing (paused): an error in its own group ('' for no provider/model), untouched
    log.run('r', may14, '2026-05-14', null, null, 503, 'paused');
    daily.run('2026-05-14', '', '', 1, 1);
    // part pruned: 6 requests, 4 errors counted; the log keeps one cut request and one server error
    const may10 = Date.UTC(2026, 4, 10, 12);
    log.run('c1', may10, '2026-05-10', 'oa/m', 'oa', 200, 'client_closed');
    log.run('c2', may10, '2026-05-10', 'oa/m', 'oa', 502, 'server');
    daily.run('2026-05-10', 'oa', 'oa/m', 6, 4);
    // wholly pruned: nothing to tell its cut requests apart
    daily.run('2026-04-01', 'oa', 'oa/m', 10, 3);
  });
  expect(schemaVersion(t.db)).toBe(MIGRATIONS.length);
  expect(t.db.prepare('SELECT day, provider_id, requests, errors FROM usage_daily ORDER BY day, provider_id').all()).toEqual([
    { day: '2026-04-01', provider_id: 'oa', requests: 10, errors: 3 },
    { day: '2026-05-10', provider_id: 'oa', requests: 6, errors: 3 },
    { day: '2026-05-14', provider_id: '', requests: 1, errors: 1 },
    { day: '2026-05-14', provider_id: 'oa', requests: 5, errors: 1 },
  ]);
  // the Usage tab reads them
  const s = usageSummaryBetween(t.db, '2026-05-14', '2026-05-14');
  expect([s.total_requests, s.total_errors]).toEqual([6, 2]);
});
