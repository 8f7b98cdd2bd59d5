// Turns the usage summary into chart series: a continuous run of days, stacks, a nice axis.
import type { UsageSummary } from '../../../shared/types';
import { formatCompact, formatSpend, unpricedNote } from '../../lib/format';

export interface Series {
  name: string;
  values: number[];
  /** money series: the requests behind each day's value, and those of them whose cost is unknown (not in the value) */
  requests?: number[];
  unpriced?: number[];
}

/** One day of one or more series, summed: its value and, for money, the requests behind it and how many are unpriced. */
export interface DayFigure {
  value: number;
  requests: number;
  unpriced: number;
}

/** How a tooltip line reads a day's figure; the note goes under it. */
export interface TooltipText {
  value: string;
  note?: string;
}

export function dayFigure(series: readonly Series[], i: number): DayFigure {
  const sum = (pick: (s: Series) => number[] | undefined) => series.reduce((n, s) => n + (pick(s)?.[i] ?? 0), 0);
  return { value: sum((s) => s.values), requests: sum((s) => s.requests), unpriced: sum((s) => s.unpriced) };
}

/** A day's spend: "unknown" when every request of it is unpriced (never $0.00), and how many are left out. */
export function spendText(f: DayFigure): TooltipText {
  return { value: formatSpend(f.value, f.requests, f.unpriced), note: unpricedNote(f.unpriced) };
}

const DAY_MS = 86_400_000;

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The `count` UTC days ending at `lastDay` (inclusive), oldest first. */
export function dayRange(lastDay: string, count: number): string[] {
  const end = Date.parse(`${lastDay}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => isoDay(end - (count - 1 - i) * DAY_MS));
}

/** The days the charts cover: the summary's own range (today or yesterday, N days, or a custom span). */
export function chartDays(summary: Pick<UsageSummary, 'days' | 'to'>): string[] {
  return dayRange(summary.to, Math.max(1, summary.days));
}

/** One value per day from sparse rows; days without a row are 0 (or null for averages). */
export function perDay<R extends { day: string }>(days: string[], rows: readonly R[], pick: (r: R) => number | null): (number | null)[] {
  const byDay = new Map(rows.map((r) => [r.day, pick(r)]));
  return days.map((d) => byDay.get(d) ?? null);
}

export const zeroFill = (values: (number | null)[]): number[] => values.map((v) => v ?? 0);

/**
 * Cost per day, one series per provider, biggest spender first, the tail folded into "other". A request of
 * unknown cost adds nothing to a value (the bars stack what is known) but is counted apart in `unpriced`.
 */
export function costByProvider(days: string[], rows: UsageSummary['by_day_provider'], maxSeries = 6): Series[] {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.provider, (totals.get(r.provider) ?? 0) + (r.cost_usd ?? 0));
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([p]) => p);
  const kept = ranked.length > maxSeries ? ranked.slice(0, maxSeries - 1) : ranked;
  const index = new Map(days.map((d, i) => [d, i]));
  const empty = (name: string) => ({ name, values: days.map(() => 0), requests: days.map(() => 0), unpriced: days.map(() => 0) });
  const series = new Map(kept.map((p) => [p, empty(p)]));
  const other = empty('other');
  let hasOther = false;
  for (const r of rows) {
    const i = index.get(r.day);
    if (i === undefined) continue;
    let target = series.get(r.provider);
    if (!target) {
      target = other;
      hasOther = true;
    }
    target.values[i]! += r.cost_usd ?? 0;
    target.requests[i]! += r.requests;
    target.unpriced[i]! += r.unpriced_requests;
  }
  const out = kept.map((p) => series.get(p)!);
  return hasOther ? [...out, other] : out;
}

export interface Axis {
  max: number;
  step: number;
}

const round = (n: number) => Number(n.toPrecision(12));

/**
 * A y axis from 0 with round steps (1, 2, 2.5 or 5 times a power of ten) and at most 5 of them.
 * Counts get whole-number steps so an axis never reads "0.25 requests".
 */
export function niceAxis(maxValue: number, integer = false): Axis {
  if (!(maxValue > 0)) return { max: 1, step: integer ? 1 : 0.25 };
  const mantissas = integer ? [1, 2, 5] : [1, 2, 2.5, 5];
  let power = 10 ** Math.floor(Math.log10(maxValue / 5));
  if (integer) power = Math.max(1, power);
  for (;;) {
    for (const m of mantissas) {
      const step = round(m * power);
      const count = Math.max(1, Math.ceil(maxValue / step - 1e-9));
      if (count <= 5) return { max: round(step * count), step };
    }
    power *= 10;
  }
}

/** The largest stacked total across days. */
export function stackedMax(series: readonly Series[]): number {
  const len = series[0]?.values.length ?? 0;
  let max = 0;
  for (let i = 0; i < len; i++) max = Math.max(max, series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  return max;
}

/**
 * Axis money: the decimals the axis step needs (a $0.025 step labels $0.025, $0.050, $0.075, never
 * $0.03, $0.05, $0.08), at least cents; $0 at the origin and compact from $1,000.
 */
export function axisUsd(n: number, step?: number): string {
  if (n === 0) return '$0';
  if (n >= 1000) return `$${formatCompact(n)}`;
  const ref = step !== undefined && step > 0 ? step : n;
  return `$${n.toFixed(Math.min(12, Math.max(2, decimalsOf(ref))))}`;
}

/** The decimals that write `x` exactly, to 12 significant digits: 0.025 -> 3, 0.5 -> 1, 2 -> 0. */
function decimalsOf(x: number): number {
  const text = Number(x.toPrecision(12)).toString();
  const exp = /e-(\d+)$/.exec(text);
  if (exp) return Number(exp[1]) + (text.split('e')[0]!.split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}
