// Usage tab state: the summary for the chosen range, spend against each profile's cap, balances,
// alerts and the what-if result.
import { create } from 'zustand';
import type { Alert, Credits, ProviderBalance, UsageSummary, User, WhatIfRequest, WhatIfResult } from '../../../shared/types';
import { USAGE_CSV_MAX_ROWS } from '../../../shared/usage-types';
import { bridge } from '../../bridge/bridge';
import { attempt, type Outcome } from '../../lib/errors';
import { rangeQuery, sameRange, type UsageRange } from './usage-range';

interface Side<T> {
  data: T | null;
  loading: boolean;
  error: string | null;
}

const idle = <T,>(): Side<T> => ({ data: null, loading: false, error: null });

export interface ProfileSpend {
  user: User;
  credits: Credits | null;
}

interface UsageState {
  range: UsageRange;
  summary: Side<UsageSummary>;
  /** the range summary.data is for */
  summaryRange: UsageRange | null;
  /** the usage_retention_days setting, for the note when the range reaches past what the request log keeps */
  retentionDays: number | null;
  caps: Side<ProfileSpend[]>;
  balances: Side<ProviderBalance[]>;
  alerts: Side<Alert[]>;
  /** model ids for the what-if picker */
  modelIds: string[];
  whatIf: { pending: boolean; result: WhatIfResult | null; error: string | null };
  setRange(range: UsageRange): Promise<void>;
  load(): Promise<void>;
  loadSide(): Promise<void>;
  runWhatIf(input: WhatIfRequest): Promise<void>;
  /** forgets the result (and one still coming): the form that asked it is gone */
  resetWhatIf(): void;
  /** the range's CSV, at most USAGE_CSV_MAX_ROWS rows (the newest), and a note when it may hold fewer than the range */
  exportCsv(): Promise<Outcome<{ csv: string; note: string | null }>>;
}

const NO_WHAT_IF = { pending: false, result: null, error: null };

export const useUsageStore = create<UsageState>()((set, get) => ({
  range: { kind: 'days', days: 7 },
  summary: idle(),
  summaryRange: null,
  retentionDays: null,
  caps: idle(),
  balances: idle(),
  alerts: idle(),
  modelIds: [],
  whatIf: NO_WHAT_IF,
  setRange: async (range) => {
    set({ range });
    await get().load();
  },
  load: async () => {
    const range = get().range;
    set({ summary: { ...get().summary, loading: true } });
    const r = await attempt(() => bridge().getUsage(rangeQuery(range)));
    // a slower answer for an older range must not overwrite the current one
    if (!sameRange(get().range, range)) return;
    if (r.ok) return set({ summary: { data: r.value, loading: false, error: null }, summaryRange: range });
    // a failed refresh keeps the range's figures; another range's must not stand under this one's error
    const { summary, summaryRange } = get();
    const data = summaryRange !== null && sameRange(summaryRange, range) ? summary.data : null;
    set({ summary: { data, loading: false, error: r.error.message } });
  },
  loadSide: async () => {
    set({ balances: { ...get().balances, loading: true }, alerts: { ...get().alerts, loading: true }, caps: { ...get().caps, loading: true } });
    // the retention days the log-coverage note names: on its own, so neither it nor the summary waits for the other
    void attempt(() => bridge().getSettings(undefined)).then((settings) => {
      if (settings.ok) set({ retentionDays: settings.value.usage_retention_days });
    });
    const [balances, alerts, models, users] = await Promise.all([
      attempt(() => bridge().getProviderBalances(undefined)),
      attempt(() => bridge().getAlerts(undefined)),
      attempt(() => bridge().listModels({})),
      attempt(() => bridge().listUsers(undefined)),
    ]);
    let caps: Side<ProfileSpend[]> = { data: null, loading: false, error: users.ok ? null : users.error.message };
    if (users.ok) {
      const credits = await Promise.all(users.value.map((u) => attempt(() => bridge().getCredits({ user_id: u.id }))));
      caps = { data: users.value.map((user, i) => ({ user, credits: credits[i]?.ok ? credits[i].value : null })), loading: false, error: null };
    }
    set({
      modelIds: models.ok ? models.value.map((m) => m.id).sort() : get().modelIds,
      balances: balances.ok ? { data: balances.value, loading: false, error: null } : { data: null, loading: false, error: balances.error.message },
      alerts: alerts.ok ? { data: alerts.value, loading: false, error: null } : { data: null, loading: false, error: alerts.error.message },
      caps,
    });
  },
  runWhatIf: async (input) => {
    const asked = { ...get().whatIf, pending: true };
    set({ whatIf: asked });
    const r = await attempt(() => bridge().whatIf(input));
    if (get().whatIf !== asked) return; // reset meanwhile, or asked again
    set({ whatIf: r.ok ? { pending: false, result: r.value, error: null } : { pending: false, result: null, error: r.error.message } });
  },
  resetWhatIf: () => set({ whatIf: NO_WHAT_IF }),
  exportCsv: () => attempt(async () => {
    const csv = await bridge().exportUsageCsv({ ...rangeQuery(get().range), max_rows: USAGE_CSV_MAX_ROWS });
    return { csv, note: csvCapNote(csv) };
  }),
}));

/**
 * One download is one string, so the app's export stops at the newest USAGE_CSV_MAX_ROWS requests;
 * when it came back that full, say so and where every row can be had.
 */
export function csvCapNote(csv: string, maxRows: number = USAGE_CSV_MAX_ROWS): string | null {
  let lines = 0;
  for (let i = csv.indexOf('\n'); i !== -1; i = csv.indexOf('\n', i + 1)) lines++;
  // line breaks inside quoted fields (a client's model name may hold some) end no row: counted only when it matters
  if (lines - 1 < maxRows || csvRows(csv) < maxRows) return null;
  return `The file holds the newest ${maxRows.toLocaleString('en-US')} requests of this range; older ones are left out. ` +
    'GET /api/v1/llm/usage/export (admin API) streams every one.';
}

/** The rows of a CSV file after its header: line breaks outside quoted fields ("" inside one is a quote). */
function csvRows(csv: string): number {
  let rows = 0;
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (c === 0x0a && !quoted) rows++;
  }
  return rows - 1;
}
