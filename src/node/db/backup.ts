// A daily copy of the database with SQLite's online backup API (consistent while the app writes),
// in DATA_DIR/backups/switchboard-YYYY-MM-DD.db; the newest seven are kept. Its mtime tells whether it was written
// on the day it is named for (a copy written while the clock was ahead is not, once found). Written under a temporary
// name (`<name>.<pid>.tmp`, with SQLite's `-journal` beside it while it is written) and renamed, so a copy
// cut short by a crash is never taken for a backup; the next start removes what such a crash left.
import { closeSync, constants, existsSync, fchmodSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { basename, join } from 'node:path';
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

const utcDay = (t: Date): string => t.toISOString().slice(0, 10);
const fileFor = (dataDir: string, now: Date): string => join(backupDir(dataDir), `switchboard-${utcDay(now)}.db`);

/**
 * Whether the copy's mtime is earlier than the UTC day it is named for: written while the clock was ahead. Its mtime
 * then shows the clock's time, so dailyBackup sets it back to now on finding the copy dated after today (mark).
 */
function writtenBeforeItsDay(file: string): boolean {
  try {
    return utcDay(statSync(file).mtime) < basename(file).slice('switchboard-'.length, -'.db'.length);
  } catch {
    return false;
  }
}

/** The backups dated up to today (UTC), oldest first; one dated after today was written while the clock was ahead. */
function backupsUpTo(dataDir: string, now: Date): string[] {
  const today = fileFor(dataDir, now);
  return listBackups(dataDir).filter((f) => f <= today);
}

/** The newest backup dated up to today and not written before its day (its data would be older than its name), or null. */
export function newestBackup(dataDir: string, now: Date = new Date()): string | null {
  return backupsUpTo(dataDir, now).reverse().find((f) => !writtenBeforeItsDay(f)) ?? null;
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
 * Today's backup (UTC date), unless it exists already and was written today; then prunes to the newest `keep` dated up
 * to today. A backup dated after today (written while the clock was ahead) is neither counted nor pruned: taken for the
 * newest, it would push a real one out every day for as long as the clock is behind its date. Its mtime is set to now,
 * so that on its day it is found written before it and replaced, not kept as that day's copy of older data.
 * Returns the file written, or null.
 */
export async function dailyBackup(db: Database, dataDir: string, now: Date = new Date(), keep = BACKUPS_KEPT): Promise<string | null> {
  const dir = backupDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = fileFor(dataDir, now);
  for (const ahead of listBackups(dataDir).filter((f) => f > file && !writtenBeforeItsDay(f))) utimesSync(ahead, now, now);
  let written: string | null = null;
  if (!existsSync(file) || writtenBeforeItsDay(file)) {
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
      // dated by the same clock as its name (an injected one in tests), which the next run's check reads
      utimesSync(tmp, now, now);
      renameSync(tmp, file);
      written = file;
    } finally {
      removeTemps();
    }
  }
  const all = backupsUpTo(dataDir, now);
  for (const old of all.slice(0, Math.max(0, all.length - keep))) rmSync(old, { force: true });
  return written;
}
