import { beforeEach, describe, expect, it } from 'vitest';
import { AdminError, type Bridge } from '../../../shared/contract';
import type { UsageSummary } from '../../../shared/types';
import { setBridge } from '../../bridge/bridge';
import { useUsageStore } from './usage-store';

/** A usage endpoint that answers the last N days and can be made to fail. */
function fakeServer() {
  const state = { fail: false };
  const api: Partial<Bridge> = {
    getUsage: async (q) => {
      if (state.fail) throw new AdminError(500, 'database is locked', undefined);
      return { total_requests: 'days' in q ? q.days : 99 } as UsageSummary;
    },
  };
  return { bridge: api as Bridge, state };
}

describe('Usage store: the summary belongs to the range it shows', () => {
  let server: ReturnType<typeof fakeServer>;
  const store = () => useUsageStore.getState();

  beforeEach(async () => {
    server = fakeServer();
    setBridge(server.bridge);
    useUsageStore.setState({ range: { kind: 'days', days: 7 }, summary: { data: null, loading: false, error: null }, summaryRange: null });
    await store().load();
    expect(store().summary.data?.total_requests).toBe(7);
  });

  it('shows no other range\'s figures under the error of the range that failed', async () => {
    server.state.fail = true;
    await store().setRange({ kind: 'custom', from: '2026-01-01', to: '2026-01-31' });
    expect(store().summary).toEqual({ data: null, loading: false, error: 'database is locked' });
  });

  it('keeps the range\'s own figures when a refresh of it fails', async () => {
    server.state.fail = true;
    await store().load();
    expect(store().summary).toMatchObject({ data: { total_requests: 7 }, error: 'database is locked' });
  });
});
