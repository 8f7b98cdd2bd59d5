// Issue 15 item 4: numbers a user can trust. A date range (yesterday, any from/to), error counts on every
// breakdown, why requests reached no model, and the header's month total over all profiles.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UsageMethods } from '../../src/node/service/usage-methods';
import { createStatusMethods } from '../../src/node/service/status-methods';
import type { UsageRecorder } from '../../src/node/usage/recorder';
import { AdminError } from '../../src/shared/contract';
import { DAY, dayKey, NOW, usageApi, usageRecord, type TempDb } from './usage-fixtures';

let t: TempDb, recorder: UsageRecorder, api: UsageMethods;

beforeEach(() => {
  ({ t, recorder, api } = usageApi([], []));
  for (const r of [
    usageRecord({ startedAt: NOW - 1_000, userId: 'default', modelId: 'openai/a', providerId: 'openai', costUsd: 0.5 }),
    usageRecord({ startedAt: NOW - DAY, userId: 'alice', modelId: 'openai/a', providerId: 'openai', costUsd: 2 }),
    usageRecord({ startedAt: NOW - DAY + 1, userId: 'alice', modelId: 'openai/a', providerId: 'openai', costUsd: 0, status: 502, errorKind: 'server' }),
    usageRecord({ startedAt: NOW - DAY + 2, userId: 'alice', modelId: null, providerId: null, costUsd: 0, status: 402, errorKind: 'budget_exhausted', inputTokens: 0, outputTokens: 0 }),
    usageRecord({ startedAt: NOW - DAY + 3, userId: 'default', modelId: null, providerId: null, costUsd: 0, status: 503, errorKind: 'no_candidate', inputTokens: 0, outputTokens: 0 }),
    usageRecord({ startedAt: NOW - DAY + 4, userId: 'default', modelId: null, providerId: null, costUsd: 0, status: 503, errorKind: 'no_candidate', inputTokens: 0, outputTokens: 0 }),
    usageRecord({ startedAt: NOW - 3 * DAY, userId: 'bob', modelId: 'anthropic/c', providerId: 'anthropic', costUsd: 4 }),
  ]) recorder.record(r);
});
afterEach(() => {
  recorder.close();
  t.cleanup();
});

describe('usage over a date range', () => {
  it('yesterday alone: totals, errors per breakdown, and why requests reached no model', async () => {
    const s = await api.getUsage({ from: dayKey(1), to: dayKey(1) });
    expect(s).toMatchObject({ days: 1, from: dayKey(1), to: dayKey(1), total_requests: 5, total_errors: 4, total_cost_usd: 2 });
    expect(s.by_model.find((m) => m.model === 'openai/a')).toMatchObject({ requests: 2, errors: 1, cost_usd: 2 });
    expect(s.by_model.find((m) => m.model === '(none)')).toMatchObject({ requests: 3, errors: 3 });
    expect(s.by_user.find((u) => u.user_id === 'alice')).toMatchObject({ requests: 3, errors: 2 });
    expect(s.refused).toEqual([{ reason: 'no_candidate', requests: 2 }, { reason: 'budget_exhausted', requests: 1 }]);
    expect(s.by_day).toEqual([expect.objectContaining({ day: dayKey(1), requests: 5, errors: 4, cost_usd: 2 })]);
  });

  it('a custom range sums exactly the days in it, and the totals agree with by_day', async () => {
    const s = await api.getUsage({ from: dayKey(3), to: dayKey(1) });
    expect(s.by_day.map((d) => d.day)).toEqual([dayKey(3), dayKey(2), dayKey(1)]);
    expect(s.total_cost_usd).toBe(6);
    expect(s.by_day.reduce((a, d) => a + d.requests, 0)).toBe(s.total_requests);
    expect(s.by_day.reduce((a, d) => a + d.errors, 0)).toBe(s.total_errors);
    const today = await api.getUsage({ days: 1 });
    expect(today).toMatchObject({ from: dayKey(0), to: dayKey(0), total_requests: 1, refused: [] });
  });

  it('exports the same range as CSV', async () => {
    const csv = await api.exportUsageCsv({ from: dayKey(1), to: dayKey(1) });
    expect(csv.trim().split('\n')).toHaveLength(1 + 5);
  });

  it('refuses a bad range with 400', async () => {
    const e = await api.getUsage({ from: dayKey(0), to: dayKey(2) }).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(AdminError);
    expect(e).toMatchObject({ status: 400, field: 'from' });
  });
});

describe('the header totals', () => {
  it('counts every profile, today and this month', async () => {
    const status = createStatusMethods({
      version: 't', dataDir: t.dir, proxyUrl: () => 'http://127.0.0.1:1', isPaused: () => false, setPaused: () => {},
      secrets: { kind: 'encrypted-file', status: async () => ({ available: true, message: null }) } as never,
      todaySpentUsd: () => recorder.todaySpentUsd(), monthSpentUsd: () => recorder.monthTotalUsd(),
      todayUnpricedRequests: () => 0, monthUnpricedRequests: () => 0, dataWarnings: () => [],
    }, { db: t.db });
    const s = await status.getStatus(undefined);
    expect(s.today_spend_usd).toBe(0.5);
    expect(s.month_spend_usd).toBe(6.5);
    expect(s.month_spend_usd).toBeGreaterThanOrEqual(s.today_spend_usd);
  });
});
