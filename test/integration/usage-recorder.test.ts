// UsageRecorder against a real SQLite file: batching, the one-second guarantee, close, failing disks,
// poison rows, month spend and credit draw-down, retention.
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageRecorder, type RecorderError } from '../../src/node/usage/recorder';
import { addUser, tempDb, usageRecord, waitFor, type TempDb } from './usage-fixtures';

const DAY = 86_400_000;
let t: TempDb;
let recorders: UsageRecorder[] = [];

function open(opts: ConstructorParameters<typeof UsageRecorder>[1] = {}, setup?: () => void): UsageRecorder {
  t = tempDb();
  setup?.();
  const r = new UsageRecorder(t.db, opts);
  recorders.push(r);
  return r;
}

/** Rows as another connection sees them: proves they are committed, not just in our transaction. */
function committedRows(file: string): number {
  const other = new BetterSqlite3(file, { readonly: true });
  try {
    return (other.prepare('SELECT COUNT(*) AS n FROM usage_log').get() as { n: number }).n;
  } finally {
    other.close();
  }
}

function count(sql: string, ...args: unknown[]): number {
  return (t.db.prepare(sql).get(...args) as { n: number }).n;
}

afterEach(() => {
  vi.useRealTimers();
  for (const r of recorders) r.close();
  recorders = [];
  t?.cleanup();
});

// The one-second guarantee is a promise about the recorder's timer, so these cases run it on a fake clock:
// a second of the recorder's time is a second however busy the machine is (the speed of a write is the
// benchmark's to measure).
describe('UsageRecorder batching', () => {
  it('queues without touching the disk, then commits within a second', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const r = open();
    for (let i = 0; i < 10; i++) r.record(usageRecord());
    expect(committedRows(t.file)).toBe(0);
    expect(r.health().queued).toBe(10);
    vi.advanceTimersByTime(1_000);
    expect(committedRows(t.file)).toBe(10);
    expect(r.health()).toMatchObject({ queued: 0, written: 10, dropped: 0, lastError: null });
  });

  it('keeps every row under 1 s from record to disk during sustained traffic', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const r = open();
    const probe = t.db.prepare('SELECT COUNT(*) AS n FROM usage_log WHERE request_id = ?');
    const waits: number[] = [];
    let rows = 0;
    for (let round = 0; round < 8; round++) {
      const id = `probe-${round}`;
      r.record(usageRecord({ requestId: id }));
      rows++;
      // traffic never pauses: a row every 20 ms while the probe waits (2 s at most, to end a failing run)
      let waited = 0;
      while ((probe.get(id) as { n: number }).n === 0 && waited < 2_000) {
        r.record(usageRecord());
        rows++;
        vi.advanceTimersByTime(20);
        waited += 20;
      }
      waits.push(waited);
    }
    expect(Math.max(...waits)).toBeLessThanOrEqual(1_000);
    vi.advanceTimersByTime(1_000);
    expect(r.health().queued).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM usage_log')).toBe(rows);
  });

  it('flushes at once past the row threshold, not after the interval', async () => {
    const r = open({ flushIntervalMs: 60_000, flushAtRows: 500 });
    for (let i = 0; i < 499; i++) r.record(usageRecord());
    await new Promise((res) => setImmediate(res));
    expect(committedRows(t.file)).toBe(0);
    r.record(usageRecord());
    // on the next turn of the event loop: any wait far short of the 60 s interval tells the two apart
    await waitFor(() => committedRows(t.file) === 500, 10_000);
  });

  it('writes usage_daily in the same transaction as the rows', () => {
    const r = open();
    const now = Date.now();
    r.record(usageRecord({ startedAt: now, inputTokens: 10, outputTokens: 5, costUsd: 0.5, latencyMs: 100 }));
    r.record(usageRecord({ startedAt: now, inputTokens: 20, outputTokens: 7, costUsd: 0.25, latencyMs: 300,
      status: 502, errorKind: 'server' }));
    r.record(usageRecord({ startedAt: now, modelId: null, providerId: null, costUsd: 0, status: 402, errorKind: 'budget' }));
    r.flush();
    const daily = t.db.prepare('SELECT * FROM usage_daily ORDER BY model_id').all();
    expect(daily).toEqual([
      expect.objectContaining({ provider_id: '', model_id: '', requests: 1, errors: 1, cost_usd: 0 }),
      expect.objectContaining({ provider_id: 'openai', model_id: 'openai/gpt-4o-mini', requests: 2, errors: 1,
        input_tokens: 30, output_tokens: 12, cost_usd: 0.75, latency_ms_sum: 400 }),
    ]);
  });

  it('stores no prompt text and redacts keys in failed attempts', () => {
    const r = open();
    r.record(usageRecord({
      failedAttempts: [{ model: 'a/b', kind: 'server', status: 500, message: 'bad key sk-proj-abcdefghijklmnopqrstuvwx', latencyMs: 5 }],
    }));
    r.flush();
    const row = t.db.prepare('SELECT failed_attempts FROM usage_log').get() as { failed_attempts: string };
    expect(row.failed_attempts).not.toContain('abcdefghijklmnop');
    expect(JSON.parse(row.failed_attempts)).toEqual([{ model: 'a/b', kind: 'server', status: 500, message: 'bad key [REDACTED]', latency_ms: 5 }]);
  });
});

describe('UsageRecorder shutdown', () => {
  it('close() flushes and stops the timer; later records count as dropped', () => {
    const r = open({ flushIntervalMs: 60_000 });
    for (let i = 0; i < 42; i++) r.record(usageRecord());
    r.close();
    expect(committedRows(t.file)).toBe(42);
    r.record(usageRecord());
    expect(r.health()).toMatchObject({ queued: 0, dropped: 1, written: 42 });
  });
});

describe('UsageRecorder on a failing disk', () => {
  function fillDisk(): void {
    t.db.pragma(`max_page_count = ${t.db.pragma('page_count', { simple: true }) as number}`);
  }
  const bulky = (): ReturnType<typeof usageRecord> =>
    usageRecord({ failedAttempts: [{ model: 'x/y', kind: 'server', status: 500, message: 'e'.repeat(400), latencyMs: 5 }] });

  it('keeps rows queued on SQLITE_FULL, reports, and writes them once the disk recovers', async () => {
    const errors: RecorderError[] = [];
    const r = open({ onError: (e) => errors.push(e) });
    fillDisk();
    for (let i = 0; i < 2_000; i++) r.record(bulky());
    r.flush();
    expect(r.health().queued).toBe(2_000);
    expect(r.health().lastError?.code).toBe('SQLITE_FULL');
    expect(errors.length).toBeGreaterThan(0);
    expect(count('SELECT COUNT(*) AS n FROM usage_log')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM usage_daily')).toBe(0);
    expect(r.monthSpentUsd('default')).toBeCloseTo(2, 9);
    // a full disk is a reason to stop serving, named as such
    expect(r.refusal()).toMatch(/full \(SQLITE_FULL\)/);

    t.db.pragma('max_page_count = 1073741823');
    await waitFor(() => r.health().queued === 0, 5_000);
    expect(r.refusal()).toBeNull();
    expect(r.health()).toMatchObject({ written: 2_000, dropped: 0, lastError: null });
    expect(count('SELECT COUNT(*) AS n FROM usage_log')).toBe(2_000);
    expect(count('SELECT SUM(requests) AS n FROM usage_daily')).toBe(2_000);
  });

  it('bounds the queue, dropping the oldest and counting them', () => {
    const r = open({ maxQueued: 100 });
    fillDisk();
    for (let i = 0; i < 150; i++) r.record(bulky());
    r.flush();
    expect(r.health()).toMatchObject({ queued: 100, dropped: 50 });
    t.db.pragma('max_page_count = 1073741823');
    r.flush();
    expect(r.health()).toMatchObject({ queued: 0, dropped: 50, written: 100 });
    expect(count('SELECT COUNT(*) AS n FROM usage_log')).toBe(100);
  });

  it('keeps rows when the database is locked by another process', () => {
    const r = open();
    t.db.pragma('busy_timeout = 0');
    const other = new BetterSqlite3(t.file);
    other.exec('BEGIN IMMEDIATE');
    try {
      r.record(usageRecord());
      r.flush();
      expect(r.health()).toMatchObject({ queued: 1, written: 0 });
      expect(r.health().lastError?.code).toMatch(/^SQLITE_BUSY/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    r.flush();
    expect(r.health()).toMatchObject({ queued: 0, written: 1, lastError: null });
  });

  it('keeps rows (and does not throw) when the connection is gone', () => {
    const r = open();
    t.db.close();
    r.record(usageRecord());
    expect(() => r.flush()).not.toThrow();
    expect(r.health().queued).toBe(1);
    expect(r.health().lastError).not.toBeNull();
  });

  it('isolates a row the database refuses, so it cannot hold the queue hostage', () => {
    const r = open();
    t.db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON usage_log WHEN NEW.request_id = 'poison'
               BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    r.record(usageRecord());
    r.record(usageRecord({ requestId: 'poison' }));
    r.record(usageRecord());
    r.flush();
    expect(r.health()).toMatchObject({ queued: 0, written: 2, dropped: 1 });
    expect(count("SELECT COUNT(*) AS n FROM usage_log WHERE request_id = 'poison'")).toBe(0);
    // the refused row's cost left the in-memory spend again: it is in no total the database has
    const spent = (t.db.prepare('SELECT SUM(cost_usd) AS c FROM usage_log').get() as { c: number }).c;
    expect(r.monthSpentUsd('default')).toBeCloseTo(spent, 12);
  });

  it('survives garbage numbers from a buggy caller (a cost nobody knows is unknown, not $0)', () => {
    const r = open();
    r.record(usageRecord({ costUsd: Number.NaN, inputTokens: -5, outputTokens: 1e300, latencyMs: Infinity, startedAt: Number.NaN }));
    r.flush();
    expect(r.health()).toMatchObject({ written: 1, dropped: 0 });
    expect(t.db.prepare('SELECT cost_usd, price_unknown, input_tokens, output_tokens, latency_ms FROM usage_log').get())
      .toEqual({ cost_usd: null, price_unknown: 1, input_tokens: 0, output_tokens: 0, latency_ms: 0 });
  });
});

describe('UsageRecorder spend and credits', () => {
  it('tracks month and today spend in memory, queued rows included, and reseeds from the database', () => {
    const now = Date.UTC(2026, 4, 15, 12);
    const r = open({ now: () => now, flushIntervalMs: 60_000 });
    addUser(t.db, 'alice');
    r.record(usageRecord({ startedAt: now, costUsd: 0.25 }));
    r.record(usageRecord({ startedAt: now - DAY, costUsd: 0.5 }));
    r.record(usageRecord({ startedAt: Date.UTC(2026, 3, 30, 23), costUsd: 7 }));
    r.record(usageRecord({ startedAt: now, userId: 'alice', costUsd: 1 }));
    expect(r.monthSpentUsd('default')).toBeCloseTo(0.75, 12);
    expect(r.monthSpentUsd('alice')).toBeCloseTo(1, 12);
    expect(r.monthSpentUsd('default', Date.UTC(2026, 3, 2))).toBeCloseTo(7, 12);
    expect(r.todaySpentUsd()).toBeCloseTo(1.25, 12);
    expect(r.monthTotalUsd()).toBeCloseTo(1.75, 12);
    expect(r.monthSpentUsd('default', Date.UTC(2026, 5, 1))).toBe(0);
    r.close();

    const again = new UsageRecorder(t.db, { now: () => now });
    recorders.push(again);
    expect(again.monthSpentUsd('default')).toBeCloseTo(0.75, 12);
    expect(again.monthSpentUsd('alice')).toBeCloseTo(1, 12);
    expect(again.todaySpentUsd()).toBeCloseTo(1.25, 12);
  });

  it('draws down credit balances in memory at once and on disk at flush', () => {
    const r = open({ flushIntervalMs: 60_000 }, () => {
      addUser(t.db, 'payg', { balance: 1 });
      addUser(t.db, 'capped', { cap: 5 });
    });
    r.record(usageRecord({ userId: 'payg', costUsd: 0.25 }));
    r.record(usageRecord({ userId: 'payg', costUsd: 0.125 }));
    r.record(usageRecord({ userId: 'capped', costUsd: 1 }));
    expect(r.creditBalanceUsd('payg')).toBeCloseTo(0.625, 12);
    expect(r.creditBalanceUsd('capped')).toBeNull();
    expect(r.creditBalanceUsd('nobody')).toBeUndefined();
    expect(r.liveCreditBalanceUsd({ id: 'nobody', creditBalanceUsd: 3 })).toBe(3);
    const balance = t.db.prepare('SELECT credit_balance_usd AS b FROM users WHERE id = ?');
    expect(balance.get('payg')).toEqual({ b: 1 });
    r.flush();
    expect((balance.get('payg') as { b: number }).b).toBeCloseTo(0.625, 12);
    expect(balance.get('capped')).toEqual({ b: null });
    expect(r.creditBalanceUsd('payg')).toBeCloseTo(0.625, 12);
  });

  it('stays consistent when the admin sets a balance while draws are queued', () => {
    const r = open({ flushIntervalMs: 60_000 });
    t.db.prepare("UPDATE users SET credit_balance_usd = 2 WHERE id = 'default'").run();
    r.noteCreditBalanceSet('default', 2);
    r.record(usageRecord({ costUsd: 0.5 }));
    t.db.prepare("UPDATE users SET credit_balance_usd = 10 WHERE id = 'default'").run();
    r.noteCreditBalanceSet('default', 10);
    expect(r.creditBalanceUsd('default')).toBeCloseTo(9.5, 12);
    r.flush();
    expect(t.db.prepare("SELECT credit_balance_usd AS b FROM users WHERE id = 'default'").get()).toEqual({ b: 9.5 });
    expect(r.creditBalanceUsd('default')).toBeCloseTo(9.5, 12);
  });

  it('picks up a balance changed behind its back at the next flush', () => {
    const r = open({ flushIntervalMs: 60_000 });
    t.db.prepare("UPDATE users SET credit_balance_usd = 4 WHERE id = 'default'").run();
    expect(r.creditBalanceUsd('default')).toBeNull();
    r.record(usageRecord({ costUsd: 1 }));
    r.flush();
    expect(r.creditBalanceUsd('default')).toBeCloseTo(3, 12);
  });
});

describe('UsageRecorder and catalog changes', () => {
  it('re-reads credit balances when the catalog changes, so a top-up counts before the next flush', () => {
    const listeners = new Set<() => void>();
    const catalog = { onChange(fn: () => void) { listeners.add(fn); return () => void listeners.delete(fn); } };
    const r = open({ flushIntervalMs: 60_000, catalog });
    t.db.prepare("UPDATE users SET credit_balance_usd = 0 WHERE id = 'default'").run();
    for (const fn of listeners) fn();
    expect(r.creditBalanceUsd('default')).toBe(0);
    r.record(usageRecord({ costUsd: 0.5 }));
    t.db.prepare("UPDATE users SET credit_balance_usd = 10 WHERE id = 'default'").run();
    for (const fn of listeners) fn();
    expect(r.creditBalanceUsd('default')).toBeCloseTo(9.5, 12);
    r.close();
    expect(listeners.size).toBe(0);
    expect(t.db.prepare("SELECT credit_balance_usd AS b FROM users WHERE id = 'default'").get()).toEqual({ b: 9.5 });
  });
});

describe('UsageRecorder retention', () => {
  it('prunes raw rows past retention and keeps the daily aggregates', () => {
    const now = Date.now();
    const r = open({ now: () => now });
    for (const age of [0, 1, 29, 31, 100]) r.record(usageRecord({ startedAt: now - age * DAY - 1_000, costUsd: 1 }));
    r.flush();
    expect(r.prune(30)).toBe(2);
    expect(count('SELECT COUNT(*) AS n FROM usage_log')).toBe(3);
    expect(count('SELECT SUM(requests) AS n FROM usage_daily')).toBe(5);
    expect(() => r.prune(0)).toThrow(RangeError);
  });

  it('deletes nothing the rows do not say is old when the clock is far ahead of them, and prunes by the newest row', () => {
    let now = Date.parse('2026-12-05T12:00:00Z');
    const r = open({ now: () => now });
    r.bodies.setUntil(now + 60_000);
    r.captureBodies('new', { messages: [] }, { ok: true });
    for (const age of [0, 29, 31]) r.record(usageRecord({ startedAt: now - age * DAY - 1_000, costUsd: 1 }));
    r.flush();
    r.bodies.flush();
    // started 400 days ahead (before NTP set the clock): only what is past retention by the newest row goes
    now += 400 * DAY;
    expect(r.prune(30)).toBe(1);
    expect(count('SELECT COUNT(*) AS n FROM usage_log')).toBe(2);
    expect(count('SELECT COUNT(*) AS n FROM request_bodies')).toBe(1);
    // the time stored responses are aged by too (app.ts)
    expect(r.retentionNow()).toBe(Date.parse('2026-12-06T12:00:00Z') - 1_000);
  });
});
