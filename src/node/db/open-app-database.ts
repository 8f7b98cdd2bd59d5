// The app's way into its database: a damaged file is moved aside (and reported, never replaced
// silently), a fresh one is created in its place keeping the old install id (keychain entries are
// filed under it), and any other failure names the file and the cause.
import type { Database } from './migration';
import { openDatabase, type OpenDatabaseOptions } from './open-database';
import { damageOf, fileVersion, moveAside, salvage, type ReplacedDatabase } from './damaged-database';
import { DatabaseFromFutureError, DatabaseOpenError } from './errors';
import { latestVersion } from './migrate';
import { MIGRATIONS } from './migrations/index';

export interface AppDatabase {
  db: Database;
  /** set when the file on disk was damaged and has been moved aside */
  replaced: ReplacedDatabase | null;
}

function withPath(file: string, e: unknown): unknown {
  return e instanceof Error && e.message.includes(file) ? e : new DatabaseOpenError(file, e);
}

export function openAppDatabase(file: string, options: OpenDatabaseOptions = {}): AppDatabase {
  let replaced: ReplacedDatabase | null = null;
  try {
    // a newer build's file is refused before anything opens it read-write, so it and its -wal stay as they are
    const version = fileVersion(file, options.nativeBinding);
    const known = latestVersion(options.migrations ?? MIGRATIONS);
    if (version !== null && version > known) throw new DatabaseFromFutureError(file, version, known);
    const damage = damageOf(file, options.nativeBinding);
    if (damage) {
      const movedTo = moveAside(file, options.now ?? new Date());
      const saved = salvage(movedTo, options.nativeBinding);
      replaced = { movedTo, reason: damage, salvageFile: saved.file, installId: saved.installId, keyOrigins: saved.keyOrigins };
    }
    const db = openDatabase(file, options);
    if (replaced?.installId) db.prepare("UPDATE meta SET value = ? WHERE key = 'install_id'").run(replaced.installId);
    // which origins the keys still in the secret store were stored for: importing the salvage file gives a
    // provider its key back only at that origin (a document alone, which anyone can write, proves nothing)
    if (replaced && Object.keys(replaced.keyOrigins).length > 0) {
      db.prepare("INSERT INTO meta (key, value) VALUES ('salvaged_key_origins', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .run(JSON.stringify(replaced.keyOrigins));
    }
    return { db, replaced };
  } catch (e) {
    throw withPath(file, e);
  }
}
