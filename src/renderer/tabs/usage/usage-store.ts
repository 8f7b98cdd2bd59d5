// Usage tab state: the summary for the chosen range, balances, alerts and the what-if result.
import { create } from 'zustand';
import type { Alert, ProviderBalance, UsageSummary, WhatIfRequest, WhatIfResult } from '../../../shared/types';
import { bridge } from '../../bridge/bridge';
import { attempt, type Outcome } from '../../lib/errors';

export const RANGES = [1, 7, 30, 90] as const;

interface Side<T> {
  data: T | null;
  loading: boolean;
  error: string | null;
}

const idle = <T,>(): Side<T> => ({ data: null, loading: false, error: null });

interface UsageState {
  days: number;
  summary: Side<UsageSummary>;
  balances: Side<ProviderBalance[]>;
  alerts: Side<Alert[]>;
  /** model ids for the what-if picker */
  modelIds: string[];
  whatIf: { pending: boolean; result: WhatIfResult | null; error: string | null };
  setDays(days: number): Promise<void>;
  load(): Promise<void>;
  loadSide(): Promise<void>;
  runWhatIf(input: WhatIfRequest): Promise<void>;
  exportCsv(): Promise<Outcome<string>>;
}

export const useUsageStore = create<UsageState>()((set, get) => ({
  days: 7,
  summary: idle(),
  balances: idle(),
  alerts: idle(),
  modelIds: [],
  whatIf: { pending: false, result: null, error: null },
  setDays: async (days) => {
    set({ days });
    await get().load();
  },
  load: async () => {
    const days = get().days;
    set({ summary: { ...get().summary, loading: true } });
    const r = await attempt(() => bridge().getUsage({ days }));
    // a slower answer for an older range must not overwrite the current one
    if (get().days !== days) return;
    set({ summary: r.ok ? { data: r.value, loading: false, error: null } : { ...get().summary, loading: false, error: r.error.message } });
  },
  loadSide: async () => {
    set({ balances: { ...get().balances, loading: true }, alerts: { ...get().alerts, loading: true } });
    const [balances, alerts, models] = await Promise.all([
      attempt(() => bridge().getProviderBalances(undefined)),
      attempt(() => bridge().getAlerts(undefined)),
      attempt(() => bridge().listModels({})),
    ]);
    set({
      modelIds: models.ok ? models.value.map((m) => m.id).sort() : get().modelIds,
      balances: balances.ok ? { data: balances.value, loading: false, error: null } : { data: null, loading: false, error: balances.error.message },
      alerts: alerts.ok ? { data: alerts.value, loading: false, error: null } : { data: null, loading: false, error: alerts.error.message },
    });
  },
  runWhatIf: async (input) => {
    set({ whatIf: { ...get().whatIf, pending: true } });
    const r = await attempt(() => bridge().whatIf(input));
    set({ whatIf: r.ok ? { pending: false, result: r.value, error: null } : { pending: false, result: null, error: r.error.message } });
  },
  exportCsv: () => attempt(() => bridge().exportUsageCsv({ days: get().days })),
}));
