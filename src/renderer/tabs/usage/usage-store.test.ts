import { beforeEach, describe, expect, it } from 'vitest';
import { AdminError, type Bridge } from '../../../shared/contract';
import type { PowerLevel, UsageSummary, WhatIfResult } from '../../../shared/types';
import { setBridge } from '../../bridge/bridge';
import { csvCapNote, useUsageStore } from './usage-store';
import { USAGE_CSV_MAX_ROWS } from '../../../shared/usage-types';

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

describe('Usage store: the retention days the coverage note names', () => {
  it('the summary never waits for the settings, and the side load reads the retention days', async () => {
    let answer: (v: unknown) => void = () => {};
    const settings = new Promise((resolve) => { answer = resolve; });
    setBridge({
      getUsage: async () => ({ total_requests: 3 }) as UsageSummary,
      getSettings: () => settings,
      getProviderBalances: async () => [], getAlerts: async () => [], listModels: async () => [], listUsers: async () => [],
    } as unknown as Bridge);
    useUsageStore.setState({ range: { kind: 'days', days: 7 }, summary: { data: null, loading: false, error: null }, summaryRange: null, retentionDays: null });
    await useUsageStore.getState().load();
    expect(useUsageStore.getState().summary).toEqual({ data: { total_requests: 3 }, loading: false, error: null });
    await useUsageStore.getState().loadSide();
    expect(useUsageStore.getState().retentionDays).toBeNull();
    answer({ usage_retention_days: 7 });
    await settings;
    await Promise.resolve();
    expect(useUsageStore.getState().retentionDays).toBe(7);
  });
});

describe('Usage store: the CSV export', () => {
  it('asks for at most the one-file cap and says when the file came back full', async () => {
    const asked: unknown[] = [];
    const rows = (n: number) => `h\n${'r\n'.repeat(n)}`;
    let answer = rows(3);
    setBridge({ exportUsageCsv: async (q: unknown) => (asked.push(q), answer) } as unknown as Bridge);
    useUsageStore.setState({ range: { kind: 'custom', from: '2026-01-01', to: '2026-01-31' } });
    const small = await useUsageStore.getState().exportCsv();
    expect(asked[0]).toEqual({ from: '2026-01-01', to: '2026-01-31', max_rows: USAGE_CSV_MAX_ROWS });
    expect(small).toEqual({ ok: true, value: { csv: rows(3), note: null } });
    answer = rows(USAGE_CSV_MAX_ROWS);
    const full = await useUsageStore.getState().exportCsv();
    expect(full.ok && full.value.note).toContain('newest 250,000 requests');
    expect(csvCapNote(rows(4), 5)).toBeNull();
    expect(csvCapNote(rows(5), 5)).toContain('/api/v1/llm/usage/export');
    // line breaks inside a quoted field (a client's model name) are no rows
    expect(csvCapNote('id,model\n1,"x\ny\nz"\n2,"a ""q""\nb"\n3,m\n', 5)).toBeNull();
  });
});

describe('Usage store: the What-if result', () => {
  const store = () => useUsageStore.getState();
  const answer = (scenario: string) => ({ scenario, days: 30, requests: 1, actual_cost_usd: 1, hypothetical_cost_usd: 2 }) as WhatIfResult;

  it('is forgotten on reset (the form that asked it is gone), and one still coming stays out', async () => {
    let release = (): void => {};
    const held = new Promise<void>((r) => { release = r; });
    const whatIf = async (q: { power_level?: string }) => {
      if (q.power_level === 'slow') await held;
      return answer(q.power_level ?? '');
    };
    setBridge({ whatIf } as unknown as Bridge);
    await store().runWhatIf({ days: 30, power_level: 'eco' });
    expect(store().whatIf.result?.scenario).toBe('eco');
    store().resetWhatIf();
    expect(store().whatIf).toEqual({ pending: false, result: null, error: null });

    const late = store().runWhatIf({ days: 30, power_level: 'slow' as PowerLevel });
    expect(store().whatIf.pending).toBe(true);
    store().resetWhatIf();
    release();
    await late;
    expect(store().whatIf).toEqual({ pending: false, result: null, error: null });
  });
});
