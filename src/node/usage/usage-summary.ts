// The Usage tab's numbers, read from the small usage_daily table (never from the raw log). SQLite does the
// grouping, so even a year of heavy traffic hands JavaScript only a few thousand grouped rows.
import type Database from 'better-sqlite3';
import type { UsageBreakdown, UsageSummary } from '../../shared/types';
import { dayRange } from './time-keys';

/** How the summary names traffic that reached no provider/model (refused before routing). */
export const NO_TARGET = '(none)';

const SUMS = 'SUM(requests), SUM(input_tokens), SUM(output_tokens), SUM(cost_usd), SUM(unpriced_requests)';

type Sums = [requests: number, input: number, output: number, cost: number, unpriced: number];
type DayProviderRow = [day: string, provider: string, ...Sums, errors: number, latency: number];
type KeyRow = [key: string, ...Sums];

interface DayAcc extends UsageBreakdown {
  errors: number;
  latency: number;
}

/** `days` must already be validated (see parseDays). */
export function usageSummary(db: Database.Database, days: number, now: Date): UsageSummary {
  const range = dayRange(now.getTime(), days);
  const span = [range[0] ?? '', range[range.length - 1] ?? ''];
  const grouped = (by: string): unknown[] => db.prepare(
    `SELECT ${by}, ${SUMS}${by.includes(',') ? ', SUM(errors), SUM(latency_ms_sum)' : ''}
     FROM usage_daily WHERE day >= ? AND day <= ? GROUP BY ${by}`,
  ).raw(true).all(...span);

  const total = emptyBreakdown();
  const byProvider = new Map<string, UsageBreakdown>();
  const byDay = new Map<string, DayAcc>(range.map((d) => [d, { ...emptyBreakdown(), errors: 0, latency: 0 }]));
  const byDayProvider: (UsageBreakdown & { day: string; provider: string })[] = [];
  // One pass over (day, provider) yields the totals, by_day and by_provider as well.
  for (const [day, providerId, requests, input, output, cost, unpriced, errors, latency] of grouped('day, provider_id') as DayProviderRow[]) {
    const sums: Sums = [requests, input, output, cost, unpriced];
    const provider = providerId || NO_TARGET;
    add(total, sums);
    add(entry(byProvider, provider), sums);
    const d = byDay.get(day);
    if (d) {
      add(d, sums);
      d.errors += errors;
      d.latency += latency;
    }
    byDayProvider.push({ day, provider, ...add(emptyBreakdown(), sums) });
  }
  const keyed = (by: string): Map<string, UsageBreakdown> => {
    const m = new Map<string, UsageBreakdown>();
    for (const [key, ...sums] of grouped(by) as KeyRow[]) m.set(key || NO_TARGET, add(emptyBreakdown(), sums));
    return m;
  };

  return {
    days,
    ...total,
    total_requests: total.requests,
    total_input_tokens: total.input_tokens,
    total_output_tokens: total.output_tokens,
    total_cost_usd: total.cost_usd,
    by_provider: ranked(byProvider).map(([provider, b]) => ({ provider, ...b })),
    by_model: ranked(keyed('model_id')).map(([model, b]) => ({ model, ...b })),
    by_user: ranked(keyed('user_id')).map(([user_id, b]) => ({ user_id, ...b })),
    by_day: range.map((day) => {
      const a = byDay.get(day) ?? { ...emptyBreakdown(), errors: 0, latency: 0 };
      return {
        day,
        requests: a.requests,
        input_tokens: a.input_tokens,
        output_tokens: a.output_tokens,
        cost_usd: a.cost_usd,
        unpriced_requests: a.unpriced_requests,
        errors: a.errors,
        avg_latency_ms: a.requests > 0 ? a.latency / a.requests : null,
      };
    }),
    by_day_provider: byDayProvider.sort((a, b) =>
      (a.day === b.day ? a.provider.localeCompare(b.provider) : a.day < b.day ? -1 : 1)),
  };
}

function emptyBreakdown(): UsageBreakdown {
  return { requests: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0, unpriced_requests: 0 };
}

function entry(m: Map<string, UsageBreakdown>, key: string): UsageBreakdown {
  let b = m.get(key);
  if (!b) {
    b = emptyBreakdown();
    m.set(key, b);
  }
  return b;
}

function add(b: UsageBreakdown, [requests, input, output, cost, unpriced]: Sums): UsageBreakdown {
  b.requests += requests;
  b.input_tokens += input;
  b.output_tokens += output;
  b.cost_usd += cost;
  b.unpriced_requests += unpriced;
  return b;
}

/** Costliest first; ties by request count, then name, so the order is stable. */
function ranked(m: Map<string, UsageBreakdown>): [string, UsageBreakdown][] {
  return [...m.entries()].sort(([ka, a], [kb, b]) =>
    b.cost_usd - a.cost_usd || b.requests - a.requests || ka.localeCompare(kb));
}
