// A daily copy of the database with SQLite's online backup API (consistent while the app writes),
// in DATA_DIR/backups/switchboard-YYYY-MM-DD.db; the newest seven are kept. Written under a temporary
// name (`<name>.<pid>.tmp`, with SQLite's `-journal` beside it while it is written) and renamed, so a copy
// cut short by a crash is never taken for a backup; the next start removes what such a crash left.
import { closeSync, constants, existsSync, fchmodSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { removeFilesIn } from '../data-dir/replace-file';
import type { Database } from './migration';

export const BACKUPS_KEPT = 7;
const NAME = /^switchboard-\d{4}-\d{2}-\d{2}\.db$/;
const TEMP = /^switchboard-\d{4}-\d{2}-\d{2}\.db\.\d+\.tmp(-journal)?$/;

export function backupDir(dataDir: string): string {
  return join(dataDir, 'backups');
}

/** The backup files, oldest first (their names sort by date); none when the folder is missing. */
export function listBackups(dataDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(backupDir(dataDir));
  } catch {
    return [];
  }
  return names.filter((n) => NAME.test(n)).sort().map((n) => join(backupDir(dataDir), n));
}

/**
 * Removes the temporary copies (and their journals) a backup cut short by a crash left in DATA_DIR/backups: each as
 * big as the database. Call it only while holding the data dir's lock, before the first backup: then no backup is in
 * flight (this instance has not begun one, and no other runs on the data dir), so every one is a leftover, whatever
 * its pid, which may since belong to another process.
 */
export function removeLeftoverBackupTemps(dataDir: string): string[] {
  return removeFilesIn(backupDir(dataDir), (entry) => TEMP.test(entry));
}

/**
 * Today's backup (UTC date), unless it exists already; then prunes to the newest `keep` dated up to today. A backup
 * dated after today (written while the clock was ahead) is neither counted nor pruned: taken for the newest, it would
 * push a real one out every day for as long as the clock is behind its date. Returns the file written, or null.
 */
export async function dailyBackup(db: Database, dataDir: string, now: Date = new Date(), keep = BACKUPS_KEPT): Promise<string | null> {
  const dir = backupDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `switchboard-${now.toISOString().slice(0, 10)}.db`);
  let written: string | null = null;
  if (!existsSync(file)) {
    const tmp = `${file}.${process.pid}.tmp`;
    // a copy and journal a crash left under this name (the pid since reused: in a container it is often the
    // same at every start) would be opened as the new copy's file, and each backup would fail on them
    const removeTemps = (): void => {
      rmSync(tmp, { force: true });
      rmSync(`${tmp}-journal`, { force: true });
    };
    removeTemps();
    try {
      // created 0600 before SQLite opens it: the copy is never readable by others, nor is its journal
      // (SQLite gives a journal its database's mode)
      const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      try {
        fchmodSync(fd, 0o600);
      } finally {
        closeSync(fd);
      }
      await db.backup(tmp);
      renameSync(tmp, file);
      written = file;
    } finally {
      removeTemps();
    }
  }
  const all = listBackups(dataDir).filter((f) => f <= file);
  for (const old of all.slice(0, Math.max(0, all.length - keep))) rmSync(old, { force: true });
  return written;
}
