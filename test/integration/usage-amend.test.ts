// Amending a usage row (a background response's real usage, known only when it ends at the provider):
// one row per request whatever state the row is in (still queued, in the journal, written to SQLite),
// its day's aggregate, the profile's credit balance and the in-memory spend moved by the difference.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageRecorder } from '../../src/node/usage/recorder';
import { openDatabase } from '../../src/node/db';
import type { UsageFigures } from '../../src/node/usage/usage-row';
import { tempDb, usageRecord, type TempDb } from './usage-fixtures';

let t: TempDb;
const open: UsageRecorder[] = [];
afterEach(() => {
  for (const r of open.splice(0)) r.close();
  t?.cleanup();
});

function recorder(db = t.db): UsageRecorder {
  const r = new UsageRecorder(db, { journalFile: join(t.dir, 'usage-journal.jsonl'), flushIntervalMs: 60_000, flushAtRows: 1e9 });
  open.push(r);
  return r;
}

// the POST's row: the prompt estimated, no output yet
const ESTIMATE = { inputTokens: 40, outputTokens: 0, costUsd: 0.00008, estimated: true };
const REAL: UsageFigures = {
  inputTokens: 12_000, cachedInputTokens: 2_000, cacheCreationInputTokens: 0, cacheWrite1hInputTokens: 0, outputTokens: 3_000,
  reasoningTokens: 500, costUsd: 0.045, priceUnknown: false, priceBasis: [], providerCostUsd: null, costDriftUsd: null, estimated: false,
};

function logRows(db = t.db): Record<string, unknown>[] {
  return db.prepare('SELECT request_id, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, cost_usd, estimated FROM usage_log').all() as Record<string, unknown>[];
}
function daily(db = t.db): Record<string, unknown> {
  return db.prepare('SELECT SUM(requests) AS requests, SUM(input_tokens) AS input, SUM(cached_input_tokens) AS cached, SUM(output_tokens) AS output, SUM(cost_usd) AS cost, SUM(unpriced_requests) AS unpriced FROM usage_daily').get() as Record<string, unknown>;
}
const balance = (db = t.db): number => (db.prepare("SELECT credit_balance_usd AS b FROM users WHERE id = 'default'").get() as { b: number }).b;

function expectAmended(r: UsageRecorder, requestId: string, db = t.db): void {
  expect(logRows(db)).toEqual([{ request_id: requestId, input_tokens: 12_000, cached_input_tokens: 2_000, output_tokens: 3_000, reasoning_tokens: 500, cost_usd: 0.045, estimated: 0 }]);
  expect(daily(db)).toMatchObject({ requests: 1, input: 12_000, cached: 2_000, output: 3_000, unpriced: 0 });
  expect(daily(db).cost as number).toBeCloseTo(0.045, 12);
  expect(balance(db)).toBeCloseTo(1 - 0.045, 12);
  expect(r.monthSpentUsd('default')).toBeCloseTo(0.045, 12);
  expect(r.creditBalanceUsd('default')).toBeCloseTo(1 - 0.045, 12);
}

describe('UsageRecorder.amend', () => {
  it('a row already written: the row, its day, the credit balance and the spend move by the difference; twice changes nothing more', () => {
    t = tempDb();
    t.db.prepare("UPDATE users SET credit_balance_usd = 1 WHERE id = 'default'").run();
    const r = recorder();
    const row = usageRecord({ requestId: 'bg-1', ...ESTIMATE });
    r.record(row);
    r.flush();
    expect(balance()).toBeCloseTo(1 - 0.00008, 12);
    const key = { requestId: 'bg-1', userId: 'default', startedAt: row.startedAt };
    expect(r.amend(key, REAL)).toBe('written');
    expectAmended(r, 'bg-1');
    expect(r.amend(key, REAL)).toBe('written');
    expectAmended(r, 'bg-1');
  });

  it('a row still queued: amended before it is written, its live credit draw moved, never two rows', () => {
    t = tempDb();
    t.db.prepare("UPDATE users SET credit_balance_usd = 1 WHERE id = 'default'").run();
    const r = recorder();
    r.noteCreditBalanceSet('default', 1);
    const row = usageRecord({ requestId: 'bg-2', ...ESTIMATE });
    r.record(row);
    expect(r.amend({ requestId: 'bg-2', userId: 'default', startedAt: row.startedAt }, REAL)).toBe('queued');
    expect(r.monthSpentUsd('default')).toBeCloseTo(0.045, 12);
    expect(r.creditBalanceUsd('default')).toBeCloseTo(1 - 0.045, 12);
    r.flush();
    expectAmended(r, 'bg-2');
  });

  it('a row amended while queued and never written (the process died): the journal replays its amended figures', () => {
    t = tempDb();
    t.db.prepare("UPDATE users SET credit_balance_usd = 1 WHERE id = 'default'").run();
    const dead = recorder();
    const row = usageRecord({ requestId: 'bg-3', ...ESTIMATE });
    dead.record(row);
    dead.amend({ requestId: 'bg-3', userId: 'default', startedAt: row.startedAt }, REAL);
    open.splice(0); // dies: no flush, no close

    const db = openDatabase(t.file);
    try {
      const again = new UsageRecorder(db, { journalFile: join(t.dir, 'usage-journal.jsonl') });
      expect(again.replayed).toBe(1);
      expectAmended(again, 'bg-3', db);
      again.close();
    } finally {
      db.close();
    }
  });

  it('how the request ended, when given, moves with the figures (written or queued); not given, it stays', () => {
    t = tempDb();
    const r = recorder();
    const errors = () => (t.db.prepare('SELECT SUM(errors) AS e FROM usage_daily').get() as { e: number }).e;
    const kinds = () => (t.db.prepare('SELECT error_kind FROM usage_log ORDER BY request_id').all() as { error_kind: string | null }[]).map((x) => x.error_kind);
    const written = usageRecord({ requestId: 'bg-5', ...ESTIMATE });
    r.record(written);
    r.flush();
    expect(r.amend({ requestId: 'bg-5', userId: 'default', startedAt: written.startedAt }, { ...REAL, errorKind: 'server' })).toBe('written');
    expect(kinds()).toEqual(['server']);
    expect(errors()).toBe(1);
    // amended again without saying how it ended: the kind stays, counted once
    expect(r.amend({ requestId: 'bg-5', userId: 'default', startedAt: written.startedAt }, REAL)).toBe('written');
    expect(kinds()).toEqual(['server']);
    expect(errors()).toBe(1);
    const queued = usageRecord({ requestId: 'bg-6', ...ESTIMATE });
    r.record(queued);
    expect(r.amend({ requestId: 'bg-6', userId: 'default', startedAt: queued.startedAt }, { ...REAL, errorKind: 'rate_limit' })).toBe('queued');
    r.flush();
    expect(kinds()).toEqual(['server', 'rate_limit']);
    expect(errors()).toBe(2);
  });

  it('a row nowhere (dropped or pruned) is missing, and nothing is written', () => {
    t = tempDb();
    const r = recorder();
    expect(r.amend({ requestId: 'gone', userId: 'default', startedAt: Date.now() }, REAL)).toBe('missing');
    expect(logRows()).toEqual([]);
    expect(r.monthSpentUsd('default')).toBe(0);
  });
});
