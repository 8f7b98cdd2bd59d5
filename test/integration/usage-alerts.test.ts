// The error-rate alert: more than 5% of the last hour's requests failed. A client hanging up is no failure.
import { afterEach, describe, expect, it } from 'vitest';
import type { CatalogSnapshot } from '../../src/core/catalog';
import { ActivityLog } from '../../src/node/usage/activity';
import { alerts } from '../../src/node/usage/alerts';
import { UsageRecorder } from '../../src/node/usage/recorder';
import { usageSummary } from '../../src/node/usage/usage-summary';
import { tempDb, usageRecord, type TempDb } from './usage-fixtures';

let t: TempDb;
afterEach(() => t?.cleanup());

const snapshot = { providers: new Map() } as unknown as CatalogSnapshot;
const spend = { todaySpentUsd: () => 0, monthSpentUsd: () => 0, liveCreditBalanceUsd: () => null };

function errorRateAfter(failures: Partial<Parameters<typeof usageRecord>[0]>[]): string | undefined {
  t = tempDb();
  const r = new UsageRecorder(t.db);
  for (let i = 0; i < 18; i++) r.record(usageRecord({ status: 200 }));
  for (const f of failures) r.record(usageRecord(f));
  r.close();
  return alerts(t.db, spend, snapshot, [], new Date()).find((a) => a.kind === 'error_rate')?.message;
}

describe('the error-rate alert', () => {
  it('counts failed requests', () => {
    expect(errorRateAfter([{ status: 502, errorKind: 'server' }, { status: 502, errorKind: 'server' }])).toMatch(/^2 of the last hour's 20 requests failed/);
  });

  it('does not count clients that hung up', () => {
    expect(errorRateAfter([{ status: 499, errorKind: 'client_closed' }, { status: 200, errorKind: 'client_closed' }])).toBeUndefined();
  });

  it('does not count requests refused while the proxy was paused, as failures or at all', () => {
    const paused = Array.from({ length: 30 }, () => ({ status: 503, errorKind: 'paused' }));
    expect(errorRateAfter(paused)).toBeUndefined();
    // 2 failures of the 20 served are 10%, over the threshold only if the paused ones do not dilute them
    expect(errorRateAfter([...paused, { status: 502, errorKind: 'server' }, { status: 502, errorKind: 'server' }])).toMatch(/^2 of the last hour's 20 requests failed/);
  });

  it('does not count the proxy\'s own budget refusals, as failures or at all (the cap has its own alerts)', () => {
    // a profile at its cap, or refused for what its requests in flight may spend: a client retries every 2 s
    const inFlight = Array.from({ length: 12 }, () => ({ status: 429, errorKind: 'budget_in_flight' }));
    const exhausted = Array.from({ length: 12 }, () => ({ status: 402, errorKind: 'budget_exhausted' }));
    expect(errorRateAfter(inFlight)).toBeUndefined();
    expect(errorRateAfter(exhausted)).toBeUndefined();
    // 2 failures of the 20 served are 10%, over the threshold only if the refusals do not dilute them
    expect(errorRateAfter([...inFlight, ...exhausted, { status: 502, errorKind: 'server' }, { status: 502, errorKind: 'server' }]))
      .toMatch(/^2 of the last hour's 20 requests failed/);
  });

  it('still counts a 400: a provider\'s may be the request as Switchboard translated it', () => {
    expect(errorRateAfter([{ status: 400, errorKind: 'bad_request' }, { status: 400, errorKind: 'bad_request' }])).toMatch(/^2 of the last hour's 20 requests failed/);
  });

  it('does not count requests Switchboard cut when it shut down', () => {
    expect(errorRateAfter([{ status: 503, errorKind: 'shutdown' }, { status: 200, errorKind: 'shutdown' }])).toBeUndefined();
  });

  it('counts as the Usage tab\'s errors and the Activity tab\'s Failed filter do (one rule: shared/counts-as-error.ts)', () => {
    const cut = [{ status: 200, errorKind: 'client_closed' }, { status: 499, errorKind: 'client_closed' }, { status: 503, errorKind: 'shutdown' }];
    const failed = [{ status: 502, errorKind: 'server' }, { status: 429, errorKind: 'rate_limit' }];
    // 18 served, 3 cut short, 2 failed: 2 of 23
    expect(errorRateAfter([...cut, ...failed])).toMatch(/^2 of the last hour's 23 requests failed/);
    const summary = usageSummary(t.db, 1, new Date());
    expect([summary.total_requests, summary.total_errors]).toEqual([23, 2]);
    const listed = new ActivityLog(t.db).list({ limit: 50, before: null, status: 'error', userId: null, model: null, client: null });
    expect(listed.requests.map((r) => r.error_kind).sort()).toEqual(['rate_limit', 'server']);
  });
});
