// Retention of raw usage rows. Daily aggregates are kept forever (they are small), so totals and charts
// for old months survive pruning.
import type Database from 'better-sqlite3';
import { DAY_MS } from './time-keys';

const CHUNK = 10_000;

/**
 * The time retention measures age from: `nowMs`, but never more than a day past the newest usage row (every
 * request writes one). A clock far ahead (the machine started before NTP set it, say) would otherwise delete every
 * row, body and stored conversation for good; with the clock right, rows go as they age (while no request is made,
 * once the next one is).
 */
export function retentionNow(db: Database.Database, nowMs: number): number {
  const newest = db.prepare('SELECT MAX(started_at) FROM usage_log').pluck().get() as number | null;
  return newest === null ? nowMs : Math.min(nowMs, newest + DAY_MS);
}

/** Deletes usage_log rows that started more than `retentionDays` days before `nowMs`. Returns rows deleted. */
export function pruneUsageLog(db: Database.Database, retentionDays: number, nowMs: number): number {
  if (!Number.isFinite(retentionDays) || retentionDays < 1) {
    throw new RangeError('retentionDays must be at least 1');
  }
  const cutoff = nowMs - Math.floor(retentionDays) * DAY_MS;
  // Chunks keep each write transaction (and the WAL) short, so the recorder is never held up for long.
  const del = db.prepare(
    'DELETE FROM usage_log WHERE id IN (SELECT id FROM usage_log WHERE started_at < ? LIMIT ?)',
  );
  let total = 0;
  for (;;) {
    const n = del.run(cutoff, CHUNK).changes;
    total += n;
    if (n < CHUNK) return total;
  }
}
