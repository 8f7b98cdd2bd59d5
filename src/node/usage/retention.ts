// Retention of raw usage rows. Daily aggregates are kept forever (they are small), so totals and charts
// for old months survive pruning.
import type Database from 'better-sqlite3';
import { DAY_MS } from './time-keys';

const CHUNK = 10_000;

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
