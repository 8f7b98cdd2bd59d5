// The Usage tab's range: today, yesterday, the last N days, or any from/to (UTC days, as the server counts).
import { MAX_USAGE_DAYS } from '../../../shared/usage-types';
import { isoDay } from './chart-data';

export type UsageRange =
  | { kind: 'days'; days: number }
  | { kind: 'yesterday' }
  | { kind: 'custom'; from: string; to: string };

export const PRESETS: readonly { label: string; range: UsageRange }[] = [
  { label: 'Today', range: { kind: 'days', days: 1 } },
  { label: 'Yesterday', range: { kind: 'yesterday' } },
  { label: '7 days', range: { kind: 'days', days: 7 } },
  { label: '30 days', range: { kind: 'days', days: 30 } },
  { label: '90 days', range: { kind: 'days', days: 90 } },
];

/** The query the usage endpoints take for a range. */
export function rangeQuery(r: UsageRange, now: number = Date.now()): { days: number } | { from: string; to: string } {
  if (r.kind === 'days') return { days: r.days };
  if (r.kind === 'yesterday') {
    const day = isoDay(now - 86_400_000);
    return { from: day, to: day };
  }
  return { from: r.from, to: r.to };
}

/** Why a custom from/to cannot be shown (the server's limits, said before asking it), or null. */
export function customRangeProblem(from: string, to: string): string | null {
  if (!from || !to) return 'Choose both days';
  if (from > to) return 'The first day comes before the last';
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > MAX_USAGE_DAYS) return `A range spans at most ${MAX_USAGE_DAYS} days`;
  return null;
}

export const sameRange = (a: UsageRange, b: UsageRange): boolean => JSON.stringify(a) === JSON.stringify(b);

/** A phrase for empty states and file names: "today", "yesterday", "the last 7 days", "2026-03-01 to 2026-03-07". */
export function describeRange(r: UsageRange): string {
  if (r.kind === 'yesterday') return 'yesterday';
  if (r.kind === 'custom') return r.from === r.to ? r.from : `${r.from} to ${r.to}`;
  return r.days === 1 ? 'today' : `the last ${r.days} days`;
}

export function rangeFileTag(r: UsageRange, now: number = Date.now()): string {
  const q = rangeQuery(r, now);
  return 'days' in q ? `${q.days}d` : q.from === q.to ? q.from : `${q.from}_${q.to}`;
}
