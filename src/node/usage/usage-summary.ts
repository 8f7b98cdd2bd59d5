// The Usage tab's numbers, read from the small usage_daily table (never from the raw log). SQLite does the
// grouping, so even a year of heavy traffic hands JavaScript only a few thousand grouped rows.
import type Database from 'better-sqlite3';
import type { UsageBreakdown, UsageSummary } from '../../shared/types';
import { logFromOf } from './log-coverage';
import { DAY_MS, dayRange } from './time-keys';

/** How the summary names traffic that reached no provider/model (refused before routing). */
export const NO_TARGET = '(none)';

const SUMS = 'SUM(requests), SUM(input_tokens), SUM(output_tokens), SUM(cost_usd), SUM(unpriced_requests), SUM(errors)';

type Sums = [requests: number, input: number, output: number, cost: number, unpriced: number, errors: number];
type DayProviderRow = [day: string, provider: string, ...Sums, latency: number];
type KeyRow = [key: string, ...Sums];

interface DayAcc extends Acc {
  latency: number;
  /** requests that reached a provider: the latency average is theirs (a refusal has none to speak of) */
  reached: number;
}

/** The `days` UTC days ending today. `days` must already be validated (see parseDays). */
export function usageSummary(db: Database.Database, days: number, now: Date): UsageSummary {
  return usageSummaryOfDays(db, dayRange(now.getTime(), days));
}

/** The UTC days from `first` to `last` (`YYYY-MM-DD`, inclusive); the caller bounds the span. */
export function usageSummaryBetween(db: Database.Database, first: string, last: string): UsageSummary {
  const end = Date.parse(`${last}T00:00:00Z`);
  return usageSummaryOfDays(db, dayRange(end, Math.round((end - Date.parse(`${first}T00:00:00Z`)) / DAY_MS) + 1));
}

function usageSummaryOfDays(db: Database.Database, range: string[]): UsageSummary {
  const days = range.length;
  const span = [range[0] ?? '', range[range.length - 1] ?? ''];
  const grouped = (by: string): unknown[] => db.prepare(
    `SELECT ${by}, ${SUMS}${by.includes(',') ? ', SUM(latency_ms_sum)' : ''}
     FROM usage_daily WHERE day >= ? AND day <= ? GROUP BY ${by}`,
  ).raw(true).all(...span);

  const total = emptyBreakdown();
  const byProvider = new Map<string, Acc>();
  const byDay = new Map<string, DayAcc>(range.map((d) => [d, { ...emptyBreakdown(), latency: 0, reached: 0 }]));
  const byDayProvider: (UsageBreakdown & { day: string; provider: string })[] = [];
  // One pass over (day, provider) yields the totals, by_day and by_provider as well.
  for (const [day, providerId, requests, input, output, cost, unpriced, errors, latency] of grouped('day, provider_id') as DayProviderRow[]) {
    const sums: Sums = [requests, input, output, cost, unpriced, errors];
    const provider = providerId || NO_TARGET;
    add(total, sums);
    add(entry(byProvider, provider), sums);
    const d = byDay.get(day);
    if (d) {
      add(d, sums);
      if (providerId) {
        d.latency += latency;
        d.reached += requests;
      }
    }
    byDayProvider.push({ day, provider, ...out(add(emptyBreakdown(), sums)) });
  }
  const keyed = (by: string): Map<string, Acc> => {
    const m = new Map<string, Acc>();
    for (const [key, ...sums] of grouped(by) as KeyRow[]) m.set(key || NO_TARGET, add(emptyBreakdown(), sums));
    return m;
  };

  return {
    days,
    from: span[0] ?? '',
    to: span[1] ?? '',
    log_from: logFromOf(db, Date.parse(`${span[0]}T00:00:00Z`), Date.parse(`${span[1]}T00:00:00Z`) + DAY_MS),
    ...out(total),
    total_errors: total.errors,
    total_requests: total.requests,
    total_input_tokens: total.input_tokens,
    total_output_tokens: total.output_tokens,
    total_cost_usd: out(total).cost_usd,
    by_provider: ranked(byProvider).map(([provider, b]) => ({ provider, ...out(b) })),
    by_model: ranked(keyed('model_id')).map(([model, b]) => ({ model, ...out(b) })),
    by_user: ranked(keyed('user_id')).map(([user_id, b]) => ({ user_id, ...out(b) })),
    refused: refusedReasons(db, span[0] ?? '', span[1] ?? ''),
    by_day: range.map((day) => {
      const a = byDay.get(day) ?? { ...emptyBreakdown(), latency: 0, reached: 0 };
      return {
        day,
        requests: a.requests,
        input_tokens: a.input_tokens,
        output_tokens: a.output_tokens,
        cost_usd: out(a).cost_usd,
        unpriced_requests: a.unpriced_requests,
        errors: a.errors,
        avg_latency_ms: a.reached > 0 ? a.latency / a.reached : null,
      };
    }),
    by_day_provider: byDayProvider.sort((a, b) =>
      (a.day === b.day ? a.provider.localeCompare(b.provider) : a.day < b.day ? -1 : 1)),
  };
}

/** A breakdown being summed: the cost of its priced requests. */
interface Acc extends Omit<UsageBreakdown, 'cost_usd'> {
  cost_usd: number;
}

/** As the API gives it: a group of unpriced requests alone has no known cost (null, never $0). */
function out(b: Acc): UsageBreakdown {
  return b.requests > 0 && b.unpriced_requests >= b.requests ? { ...b, cost_usd: null } : b;
}

function emptyBreakdown(): Acc {
  return { requests: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0, unpriced_requests: 0, errors: 0 };
}

/**
 * Why requests in the range reached no model (budget, unknown model, nothing set up...). Read from the raw
 * log, the only place that keeps the reason: past the retention setting the aggregates still count them.
 */
function refusedReasons(db: Database.Database, first: string, last: string): { reason: string; requests: number }[] {
  const from = Date.parse(`${first}T00:00:00Z`);
  const to = Date.parse(`${last}T00:00:00Z`) + DAY_MS;
  return db.prepare(
    `SELECT COALESCE(error_kind, 'unknown') AS reason, COUNT(*) AS requests FROM usage_log
     WHERE model_id IS NULL AND started_at >= ? AND started_at < ? GROUP BY reason ORDER BY requests DESC, reason`,
  ).all(from, to) as { reason: string; requests: number }[];
}

function entry(m: Map<string, Acc>, key: string): Acc {
  let b = m.get(key);
  if (!b) {
    b = emptyBreakdown();
    m.set(key, b);
  }
  return b;
}

function add(b: Acc, [requests, input, output, cost, unpriced, errors]: Sums): Acc {
  b.requests += requests;
  b.input_tokens += input;
  b.output_tokens += output;
  b.cost_usd += cost;
  b.unpriced_requests += unpriced;
  b.errors += errors;
  return b;
}

/** Costliest first (a group of unknown cost after the priced ones); ties by request count, then name, so the order is stable. */
function ranked(m: Map<string, Acc>): [string, Acc][] {
  return [...m.entries()].sort(([ka, a], [kb, b]) =>
    b.cost_usd - a.cost_usd || b.requests - a.requests || ka.localeCompare(kb));
}
