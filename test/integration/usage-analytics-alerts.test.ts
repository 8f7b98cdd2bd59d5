// Usage analytics' alerts (a spend spike, providers failing, profiles near their cap or low on credit) and credits.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUsageMethods, type UsageMethods } from '../../src/node/service/usage-methods';
import { UsageRecorder } from '../../src/node/usage/recorder';
import {
  addUser, ANALYTICS_MODELS as MODELS, DAY, dayKey, NOW, rejection, snapshotOf, usageApi, usageRecord, type TempDb,
} from './usage-fixtures';

let t: TempDb, recorder: UsageRecorder, api: UsageMethods;
beforeEach(() => { ({ t, recorder, api } = usageApi(MODELS, ['gone'])); });
afterEach(() => { recorder.close(); t.cleanup(); });

describe('getAlerts', () => {
  function provider(id: string, enabled: boolean, failures: number): void {
    const at = new Date(NOW).toISOString();
    t.db.prepare(`INSERT INTO providers (id, name, type, base_url, enabled, priority, created_at, updated_at)
                  VALUES (?, ?, 'openai-compatible', 'http://127.0.0.1:1/v1', ?, 0, ?, ?)`).run(id, id, enabled ? 1 : 0, at, at);
    t.db.prepare(`INSERT INTO provider_health (provider_id, status, consecutive_failures, message)
                  VALUES (?, 'unhealthy', ?, 'connect ECONNREFUSED')`).run(id, failures);
  }

  it('reports a spend spike against the 7-day average, but not normal spend', async () => {
    for (let d = 1; d <= 7; d++) recorder.record(usageRecord({ startedAt: NOW - d * DAY, costUsd: 0.1 }));
    recorder.record(usageRecord({ startedAt: NOW, costUsd: 0.15 }));
    expect(await api.getAlerts()).toEqual([]);
    recorder.record(usageRecord({ startedAt: NOW, costUsd: 0.1 }));
    const [spike, ...rest] = await api.getAlerts();
    expect(rest).toEqual([]);
    expect(spike).toMatchObject({ kind: 'spend_spike', severity: 'warning', subject: 'spend', id: `spend_spike:${dayKey(0)}` });
    expect(spike?.message).toContain('$0.25');
  });

  it('averages only over the days since the first usage, and needs 3 of them', async () => {
    // a fresh install: today is its first day of use, nothing to compare with
    recorder.record(usageRecord({ startedAt: NOW, costUsd: 5 }));
    expect(await api.getAlerts()).toEqual([]);
    // two days of history are still too few
    recorder.record(usageRecord({ startedAt: NOW - 2 * DAY, costUsd: 1 }));
    expect(await api.getAlerts()).toEqual([]);
    // three days at $1 a day (the days before the first use are no $0 days): $5 today is 5x, not 5 / (3/7)
    recorder.record(usageRecord({ startedAt: NOW - 3 * DAY, costUsd: 1 }));
    recorder.record(usageRecord({ startedAt: NOW - 2 * DAY, costUsd: 1 }));
    const [spike] = await api.getAlerts();
    expect(spike?.message).toBe('Spend today is $5.00, 5.0x the daily average of $1.00 over the last 3 days');
  });

  it('gives no spike when the history cost nothing', async () => {
    for (let d = 1; d <= 7; d++) recorder.record(usageRecord({ startedAt: NOW - d * DAY, costUsd: 0 }));
    recorder.record(usageRecord({ startedAt: NOW, costUsd: 3 }));
    expect(await api.getAlerts()).toEqual([]);
  });

  it('ignores tiny spend', async () => {
    recorder.record(usageRecord({ startedAt: NOW, costUsd: 0.009 }));
    expect(await api.getAlerts()).toEqual([]);
  });

  it('reports enabled providers failing 3+ times in a row', async () => {
    provider('cheap', true, 3);
    provider('mid', true, 2);
    provider('gone', true, 9);
    const list = await api.getAlerts();
    expect(list.map((a) => [a.kind, a.subject])).toEqual([['provider_failing', 'cheap']]);
    expect(list[0]?.message).toContain('3 times');
  });

  it('reports profiles at 80% and 100% of their monthly cap', async () => {
    addUser(t.db, 'near', { cap: 10 });
    addUser(t.db, 'over', { cap: 10 });
    addUser(t.db, 'fine', { cap: 10 });
    // a $0 cap refuses every request: it is reached, not "no cap"
    addUser(t.db, 'zero', { cap: 0 });
    const again = new UsageRecorder(t.db, { now: () => NOW });
    const a = createUsageMethods({ db: t.db, catalog: { snapshot: () => snapshotOf(MODELS) }, now: () => new Date(NOW) },
      again);
    // spread over the month so today's spend is not a spike
    for (const [user, cost] of [['near', 8.5], ['over', 10], ['fine', 7.9]] as const) {
      again.record(usageRecord({ userId: user, startedAt: NOW - 14 * DAY, costUsd: cost }));
    }
    const list = await a.getAlerts();
    again.close();
    expect(list.map((x) => [x.kind, x.subject, x.severity])).toEqual([
      ['cap_80', 'near', 'warning'], ['cap_100', 'over', 'critical'], ['cap_100', 'zero', 'critical'],
    ]);
    expect(list.at(-1)?.message).toBe('ZERO has a $0 monthly cap: its requests are refused until the cap is raised');
  });

  it("reports profiles out of credit (critical) and under $1 of it (warning), after their requests' draws", async () => {
    for (const [id, balance] of [['empty', 0], ['overdrawn', 0.3], ['low', 1.2], ['fine', 5], ['unset', null]] as const) {
      addUser(t.db, id, { balance });
    }
    const again = new UsageRecorder(t.db, { now: () => NOW });
    const a = createUsageMethods({ db: t.db, catalog: { snapshot: () => snapshotOf(MODELS) }, now: () => new Date(NOW) },
      again);
    // a request that cost more than the balance left: the balance goes below $0
    for (const [user, cost] of [['overdrawn', 0.5], ['low', 0.4], ['fine', 3.9], ['unset', 9]] as const) {
      again.record(usageRecord({ userId: user, startedAt: NOW - 14 * DAY, costUsd: cost }));
    }
    const list = await a.getAlerts();
    again.close();
    expect(list.map((x) => [x.id, x.kind, x.severity])).toEqual([
      ['credit_exhausted:empty', 'credit_exhausted', 'critical'],
      ['credit_low:low', 'credit_low', 'warning'],
      ['credit_exhausted:overdrawn', 'credit_exhausted', 'critical'],
    ]);
    expect(list.map((x) => x.message)).toEqual([
      'EMPTY is out of credit: its requests are refused until credit is added',
      'LOW has $0.80 of credit left (under $1.00): its requests are refused once it is spent',
      'OVERDRAWN is out of credit: its requests are refused until credit is added',
    ]);
  });
});

describe('getCredits', () => {
  it('reports balance, cap, month spend and what remains, defaulting to the default profile', async () => {
    t.db.prepare("UPDATE users SET monthly_cap_usd = 10, credit_balance_usd = 5 WHERE id = 'default'").run();
    recorder.noteCreditBalanceSet('default', 5);
    recorder.record(usageRecord({ startedAt: NOW, costUsd: 1.5 }));
    recorder.record(usageRecord({ startedAt: NOW - 20 * DAY, costUsd: 2 }));
    expect(await api.getCredits({})).toEqual({
      user_id: 'default', credit_balance_usd: 1.5, monthly_cap_usd: 10, spent_this_month_usd: 1.5, unpriced_requests_this_month: 0,
      remaining_usd: 1.5, power_level: 'balanced',
    });
    t.db.prepare("UPDATE users SET credit_balance_usd = 100 WHERE id = 'default'").run();
    recorder.noteCreditBalanceSet('default', 100);
    expect((await api.getCredits({ user_id: 'default' })).remaining_usd).toBeCloseTo(8.5, 12);
  });

  it('returns null remaining when neither cap nor balance is set, and 404 for an unknown user', async () => {
    addUser(t.db, 'free');
    expect(await api.getCredits({ user_id: 'free' })).toMatchObject({ remaining_usd: null, credit_balance_usd: null });
    const e = await rejection(api.getCredits({ user_id: 'ghost' }));
    expect(e.status).toBe(404);
  });
});
