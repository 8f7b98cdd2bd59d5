// Profile ids: spend, cap progress, Activity and analytics are kept by profile id and outlive the profile, so
// an id with usage stays its deleted owner's. A new profile never takes one over (user-methods.ts, config import).
import type { Database } from '../db/migration';

/** `base` if free, else `base-2`, `base-3`, ... (cut so the id stays within a slug's 64 characters). */
export function freeId(base: string, taken: (id: string) => boolean): string {
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base.slice(0, 64 - `-${n}`.length).replace(/-+$/, '')}-${n}`;
  return id;
}

/** Whether usage is recorded under a profile id: in the log or only in the daily totals (which outlive the log's retention). */
export function profileUsageCheck(db: Database): (id: string) => boolean {
  const inLog = db.prepare<[string]>('SELECT 1 FROM usage_log WHERE user_id = ? LIMIT 1').pluck();
  // usage_daily's key leads with the day: seek the id within each day (a few hundred index seeks a year)
  // rather than scan the table
  const inDaily = db.prepare<[string]>(
    `WITH RECURSIVE days(d) AS (
       SELECT MIN(day) FROM usage_daily
       UNION ALL SELECT (SELECT MIN(day) FROM usage_daily WHERE day > d) FROM days WHERE d IS NOT NULL)
     SELECT 1 FROM days WHERE d IS NOT NULL AND EXISTS (SELECT 1 FROM usage_daily WHERE day = d AND user_id = ?) LIMIT 1`,
  ).pluck();
  return (id) => inLog.get(id) !== undefined || inDaily.get(id) !== undefined;
}

/** The message of the 409 for a given id that a deleted profile's usage is kept under. */
export const usedIdMessage = (id: string): string =>
  `the id ${id} belonged to a deleted profile whose spend and usage are kept under it; pick another id (or leave it out to derive one)`;
