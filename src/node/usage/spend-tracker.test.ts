// SpendTracker with the clock moved under it: a month or day it was not started in is read from usage_daily,
// never answered 0, and the month it was started in holds that month's spend only.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/index';
import { SpendTracker } from './spend-tracker';

const at = (day: string): number => Date.parse(`${day}T12:00:00Z`);
let db: Database;
beforeEach(() => {
  db = openDatabase(':memory:');
});
afterEach(() => db.close());

function spent(day: string, userId: string, usd: number, unpriced = 0): void {
  db.prepare(
    `INSERT INTO usage_daily (day, user_id, provider_id, model_id, requests, errors, input_tokens, cached_input_tokens,
       output_tokens, cost_usd, latency_ms_sum, unpriced_requests) VALUES (?, ?, 'p', 'm', 1, 0, 0, 0, 0, ?, 0, ?)`,
  ).run(day, userId, usd, unpriced);
}

it('started with the clock in an earlier month, counts that month only, and reads the real month once the clock is right', () => {
  spent('2026-11-20', 'carol', 0.25);
  spent('2026-12-03', 'carol', 0.5, 2);
  spent('2026-12-05', 'carol', 0.125);
  spent('2026-12-05', 'dave', 1);
  const t = SpendTracker.fromDatabase(db, at('2026-11-25'));
  expect(t.monthSpentUsd('carol', at('2026-11-25'))).toBe(0.25);
  expect(t.todaySpentUsd(at('2026-11-25'))).toBe(0);

  // the clock is corrected: December's spend is in usage_daily, not 0
  const now = at('2026-12-05');
  expect(t.monthSpentUsd('carol', now)).toBe(0.625);
  expect(t.monthUnpriced('carol', now)).toBe(2);
  expect(t.monthTotal(now).usd).toBe(1.625);
  expect(t.todaySpentUsd(now)).toBe(1.125);
  t.add('carol', 0.25, now);
  expect(t.monthSpentUsd('carol', now)).toBe(0.875);
  expect(t.todaySpentUsd(now)).toBe(1.375);
  expect(t.monthSpentUsd('carol', at('2026-11-25'))).toBe(0.25);
});

it('counts a row once whether its month is loaded before it is written or after', () => {
  const t = SpendTracker.fromDatabase(db, at('2026-12-05'));
  // queued (not in the database yet) in a month not loaded: the month loads, then the row counts
  t.add('carol', 0.5, at('2026-10-02'));
  expect(t.monthSpentUsd('carol', at('2026-10-02'))).toBe(0.5);
  // written in a month not loaded: the load reads it from the database, and it is not counted again
  spent('2026-09-02', 'carol', 0.25);
  t.addWritten('carol', 0.25, at('2026-09-02'));
  expect(t.monthSpentUsd('carol', at('2026-09-02'))).toBe(0.25);
  expect(t.todaySpentUsd(at('2026-09-02'))).toBe(0.25);
  // taken back in a month not loaded: the database never had it, nothing to take
  t.remove('carol', 0.5, at('2026-08-02'));
  expect(t.monthSpentUsd('carol', at('2026-08-02'))).toBe(0);
});

it('keeps a few months: an old one dropped is read again from the database when asked for', () => {
  const t = SpendTracker.fromDatabase(db, at('2026-12-05'));
  expect(t.monthSpentUsd('carol', at('2026-07-05'))).toBe(0);
  spent('2026-07-05', 'carol', 0.5);
  expect(t.monthSpentUsd('carol', at('2026-07-05'))).toBe(0);
  for (const m of ['08', '09', '10']) t.monthSpentUsd('carol', at(`2026-${m}-05`));
  expect(t.monthSpentUsd('carol', at('2026-07-05'))).toBe(0.5);
});
