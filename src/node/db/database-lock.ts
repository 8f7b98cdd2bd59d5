// Whether another program holds the database's write lock now (a database browser with the file open in a
// write transaction): asked by the status, so the data warnings say so while it lasts.
import { isLockError, lockedMessage } from '../data-dir/storage-errors';
import type { Database } from './migration';

/**
 * Why nothing can be written to the database now (another program's lock), or null. Takes the write lock and
 * lets it go at once, without waiting for it (busy_timeout 0 meanwhile): nothing when it is free, nothing
 * either when it is held (the thread serving requests is not blocked for the busy timeout at each status).
 */
export function databaseLockProblem(db: Database, file: string): string | null {
  if (!db.open || db.inTransaction) return null;
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return null;
  } catch (e) {
    return isLockError(e) ? lockedMessage(file, (e as { code: string }).code) : null;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}
