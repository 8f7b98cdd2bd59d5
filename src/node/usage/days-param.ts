// The `days` window every usage endpoint takes: an integer 1..366, as a number or a decimal string.
import { AdminError } from '../../shared/contract';
import { MAX_USAGE_DAYS } from '../../shared/usage-types';

export { MAX_USAGE_DAYS };

export function parseDays(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*\d{1,4}\s*$/.test(value)) n = Number(value);
  else throw daysError();
  if (!Number.isInteger(n) || n < 1 || n > MAX_USAGE_DAYS) throw daysError();
  return n;
}

function daysError(): AdminError {
  return new AdminError(400, `days must be an integer from 1 to ${MAX_USAGE_DAYS}`, 'days');
}

/** A usage window: the last `days` UTC days, or the UTC days `from`..`to` inclusive (`YYYY-MM-DD`). */
export type UsageRange = { days: number; from?: undefined; to?: undefined } | { days: number; from: string; to: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(value: unknown, field: 'from' | 'to'): number {
  const t = typeof value === 'string' && DAY.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  // Date.parse rolls 2026-02-30 over to March: a day that does not round-trip does not exist
  if (!Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== value) {
    throw new AdminError(400, `${field} must be a date as YYYY-MM-DD`, field);
  }
  return t;
}

/**
 * `days`, or `from` and `to` (at most MAX_USAGE_DAYS apart): `from` alone runs through today (UTC day of `now`),
 * as "since", and a `from` after today is that one day, empty as `from` = `to` of that day is (a client east of
 * UTC asking since its own today); `to` alone means that one day.
 */
export function parseRange(input: { days?: unknown; from?: unknown; to?: unknown } | undefined, fallbackDays: number, now: Date): UsageRange {
  const from = input?.from === '' ? undefined : input?.from;
  const to = input?.to === '' ? undefined : input?.to;
  if (from === undefined && to === undefined) return { days: parseDays(input?.days, fallbackDays) };
  if (input?.days !== undefined && input.days !== '') throw new AdminError(400, 'send days or from/to, not both', 'days');
  const given = from === undefined ? undefined : parseDay(from, 'from');
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  const end = to !== undefined ? parseDay(to, 'to') : Math.max(today, given ?? today);
  const start = given ?? end;
  if (start > end) throw new AdminError(400, 'from must not be after to', 'from');
  const days = Math.round((end - start) / 86_400_000) + 1;
  if (days > MAX_USAGE_DAYS) {
    throw new AdminError(400, to === undefined ? `from alone runs through today: at most ${MAX_USAGE_DAYS} days back` : `a range spans at most ${MAX_USAGE_DAYS} days`, 'from');
  }
  return { days, from: new Date(start).toISOString().slice(0, 10), to: new Date(end).toISOString().slice(0, 10) };
}
