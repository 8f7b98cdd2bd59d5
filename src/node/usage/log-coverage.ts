// How far back the request log still holds every request. Retention prunes usage_log (the rows older than a
// moment) but never usage_daily, so a window reaching past the pruned rows would describe fewer requests
// than its days had; the daily totals tell which days the log no longer holds whole.
import type Database from 'better-sqlite3';
import { DAY_MS, utcDay, utcDayStartMs } from './time-keys';

/**
 * The first UTC day start from `sinceMs` (itself a UTC day start) on whose days usage_log holds every request:
 * `sinceMs`, or the day after the last day of the window whose requests it lacks (past today when it lacks
 * some of today's). Pruning removes the rows before a moment, so the log is whole from its oldest row's day on,
 * unless that day lost its earlier rows too. A few index lookups and a count of that one day's rows.
 */
export function wholeLogSince(db: Database.Database, sinceMs: number): number {
  const oldest = db.prepare('SELECT MIN(started_at) FROM usage_log').pluck().get() as number | null;
  const oldestDay = oldest === null ? null : utcDayStartMs(oldest);
  if (oldestDay !== null && oldestDay < sinceMs) return sinceMs;
  // the window's last day, before the oldest row's, with requests counted: the log lost its rows
  const lost = db.prepare('SELECT MAX(day) FROM usage_daily WHERE day >= ? AND day < ? AND requests > 0').pluck()
    .get(utcDay(sinceMs), oldestDay === null ? '9999-12-31' : utcDay(oldestDay)) as string | null;
  const afterLost = lost === null ? sinceMs : Date.parse(`${lost}T00:00:00Z`) + DAY_MS;
  if (oldestDay === null) return afterLost;
  // the oldest row's own day: whole unless the daily totals count more requests than the log holds
  const missing = db.prepare(`SELECT COALESCE((SELECT SUM(requests) FROM usage_daily WHERE day = ?), 0)
    - (SELECT COUNT(*) FROM usage_log WHERE started_at >= ? AND started_at < ?)`).pluck()
    .get(utcDay(oldestDay), oldestDay, oldestDay + DAY_MS) as number;
  return missing > 0 ? oldestDay + DAY_MS : afterLost;
}

/**
 * What the window of UTC days from the day start `fromMs` to (before) `toMs` tells of its log: the first UTC day
 * (`YYYY-MM-DD`) the log holds whole, when some day of the window before it had requests the log lost; null when
 * the log holds every request of the window (a window with no requests before that day included).
 */
export function logFromOf(db: Database.Database, fromMs: number, toMs = Number.MAX_SAFE_INTEGER): string | null {
  if (!Number.isFinite(fromMs)) return null;
  const since = wholeLogSince(db, fromMs);
  if (since <= fromMs) return null;
  const lost = db.prepare('SELECT 1 FROM usage_daily WHERE day >= ? AND day < ? AND requests > 0 LIMIT 1').pluck()
    .get(utcDay(fromMs), utcDay(Math.min(since, toMs)));
  return lost === undefined ? null : utcDay(since);
}

/** The UTC days from the day starting at `startMs` through today (0 when it starts after today). */
export function daysThrough(startMs: number, nowMs: number): number {
  return Math.max(0, Math.round((utcDayStartMs(nowMs) - startMs) / DAY_MS) + 1);
}
