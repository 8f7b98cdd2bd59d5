// Whether another program holds the database's write lock now (a database browser with the file open in a
// write transaction): asked by the status, so the data warnings say so while it lasts.
import { isLockError, lockedMessage } from '../data-dir/storage-errors';
import type { Database } from './migration';

/**
 * Why nothing can be written to the database now (another program's lock), or null. Takes the write lock and
 * lets it go at once, which costs nothing when it is free and at most the busy timeout when it is held.
 */
export function databaseLockProblem(db: Database, file: string): string | null {
  if (!db.open || db.inTransaction) return null;
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return null;
  } catch (e) {
    return isLockError(e) ? lockedMessage(file, (e as { code: string }).code) : null;
  }
}
