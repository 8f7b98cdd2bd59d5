// Opens (creating if needed) the app database, refuses one from a newer build, and migrates it.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database, Migration } from './migration';
import { MIGRATIONS } from './migrations/index';
import { latestVersion, migrate, schemaVersion } from './migrate';
import { DatabaseFromFutureError } from './errors';
import { closeToOwner } from '../data-dir/owner-only';

/**
 * How long a statement waits for another program's write lock (a database browser with the file open in a
 * write transaction) once the app runs: SQLite waits synchronously, on the event-loop thread that serves every
 * request, so only briefly; a write that can wait retries later instead (the usage recorder, the response store).
 */
export const BUSY_TIMEOUT_MS = 50;
/** At open, before anything is served, a migration may wait longer for such a lock. */
const OPEN_BUSY_TIMEOUT_MS = 5_000;

export interface OpenDatabaseOptions {
  /** the bundled catalog a fresh database is seeded from (resources/catalog.json); absent seeds none */
  catalogPath?: string | null;
  /** tests pass a prefix of the list to simulate an older build */
  migrations?: readonly Migration[];
  now?: Date;
  /** a better-sqlite3 binding built for another ABI (the Electron build of the desktop app) */
  nativeBinding?: string;
}

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database {
  const migrations = options.migrations ?? MIGRATIONS;
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true });
    closeOnlyToOwner(file);
  }
  const db = new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma(`busy_timeout = ${OPEN_BUSY_TIMEOUT_MS}`);
    // Checked before any pragma that writes (journal_mode rewrites the header): a newer file stays byte-identical.
    const known = latestVersion(migrations);
    const found = schemaVersion(db);
    if (found > known) throw new DatabaseFromFutureError(file, found, known);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // deleted rows (a stored response, captured bodies past their days, pruned usage) are overwritten, not
    // left in free pages for the file and its daily backups to carry on
    db.pragma('secure_delete = ON');
    migrate(db, migrations, { catalogPath: options.catalogPath ?? null, now: options.now ?? new Date() });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * The database holds prompts (captured bodies, stored responses) and usage: readable by its owner only,
 * whatever the umask or the data dir's own mode. SQLite gives its -wal and -shm files the database's mode,
 * so creating it 0600 (or taking group and other bits off an older one) closes all three.
 */
function closeOnlyToOwner(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  closeToOwner([file, `${file}-wal`, `${file}-shm`]);
}
