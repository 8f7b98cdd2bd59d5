// What if... says which days it covers: retention prunes the request log (usage_log) but not the daily totals,
// so a 30-day what-if over a log kept 7 days prices the last 7 days' requests only, and says covered_days 7
// (before: the 948 requests of those days were shown as "over 30 days" beside Usage cards counting 3,148).
// A prune while it runs (retention runs a minute after start, then every six hours) makes it start again.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { UsageMethods } from '../../src/node/service/usage-methods';
import type { UsageRecorder } from '../../src/node/usage/recorder';
import { DAY, model, NOW, usageApi, usageRecord, type TempDb } from './usage-fixtures';

const HOUR = 3_600_000;
let t: TempDb, recorder: UsageRecorder, api: UsageMethods;
beforeEach(() => {
  ({ t, recorder, api } = usageApi([model('cheap/small', { inputCostPer1m: 0.1, outputCostPer1m: 0.2 })]));
});
afterEach(() => {
  recorder.close();
  t.cleanup();
});

/** Two requests a day ($1 each, at 11:00 and 11:30 UTC) on the days `from`..`to` days ago. */
function traffic(from: number, to: number): void {
  for (let d = from; d >= to; d--) {
    for (const at of [NOW - d * DAY - HOUR, NOW - d * DAY - HOUR / 2]) recorder.record(usageRecord({ startedAt: at, costUsd: 1 }));
  }
  recorder.flush();
}

it('covers only the days the log still holds whole, as the Usage cards of as many days count them', async () => {
  traffic(39, 0);
  // kept 7 days, pruned at 11:15: the day 7 days ago keeps its 11:30 request only
  recorder.prune(7, NOW - HOUR * 0.75);
  const res = await api.whatIf({ days: 30, model: 'cheap/small' });
  expect(res).toMatchObject({ days: 30, covered_days: 7, requests: 14 });
  expect(res.actual_cost_usd).toBeCloseTo(14, 12);
  // the daily totals kept 30 days' requests; their last 7 days are what the what-if priced
  expect((await api.getUsage({ days: 30 })).total_requests).toBe(60);
  const week = await api.getUsage({ days: 7 });
  expect([week.total_requests, week.total_cost_usd]).toEqual([res.requests, res.actual_cost_usd]);
  // within what the log keeps: every day asked
  expect(await api.whatIf({ days: 5, power_level: 'eco' })).toMatchObject({ days: 5, covered_days: 5, requests: 10 });
});

it('a pruned log with no requests since covers the days since the last request it lost', async () => {
  traffic(39, 20);
  // retention ages rows from a day past the newest (a clock far ahead deletes nothing): kept 7 days from there,
  // the day 26 days ago keeps its 11:30 request only, and the 6 days after it are whole
  recorder.prune(7, NOW);
  expect(await api.whatIf({ days: 30, model: 'cheap/small' })).toMatchObject({ covered_days: 26, requests: 12, actual_cost_usd: 12 });
});

it('a log that holds every request of the window covers all of it, days with no traffic included', async () => {
  traffic(12, 3);
  recorder.prune(365, NOW);
  expect(await api.whatIf({ days: 30, model: 'cheap/small' })).toMatchObject({ covered_days: 30, requests: 20 });
  expect(await api.whatIf({ days: 366, model: 'cheap/small' })).toMatchObject({ covered_days: 366, requests: 20 });
});

it('a prune between two slices starts the run again from the day the log holds whole now (before: the rows it read before the prune and those left after it, as 30 days covered: 975 requests)', async () => {
  // 100 requests a day ($1 each, 11:00 to 12:00 UTC) on the last 10 days: five slices
  for (let d = 9; d >= 0; d--) {
    for (let i = 0; i < 100; i++) recorder.record(usageRecord({ startedAt: NOW - d * DAY - HOUR + i * 36_000, costUsd: 1 }));
  }
  recorder.flush();
  const run = api.whatIf({ days: 30, model: 'cheap/small' });
  // after the second slice (days 9 to 6), before the third (days 5 and 4): kept 5 days, pruned at 11:15, so
  // day 5 loses 25 rows it has not read yet
  await new Promise(setImmediate);
  expect(recorder.prune(5, NOW - HOUR * 0.75)).toBe(425);
  const res = await run;
  expect(res).toMatchObject({ days: 30, covered_days: 5, requests: 500 });
  expect(res.actual_cost_usd).toBeCloseTo(500, 9);
  expect(await api.whatIf({ days: 30, model: 'cheap/small' })).toEqual(res);
});
