// A daily copy of the database with SQLite's online backup API (consistent while the app writes),
// in DATA_DIR/backups/switchboard-YYYY-MM-DD.db; the newest seven are kept. Written under a temporary
// name and renamed, so a copy cut short by a crash is never taken for a backup.
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './migration';

export const BACKUPS_KEPT = 7;
const NAME = /^switchboard-\d{4}-\d{2}-\d{2}\.db$/;

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

/** Today's backup (UTC date), unless it exists already; then prunes to the newest `keep`. Returns the file written, or null. */
export async function dailyBackup(db: Database, dataDir: string, now: Date = new Date(), keep = BACKUPS_KEPT): Promise<string | null> {
  const dir = backupDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `switchboard-${now.toISOString().slice(0, 10)}.db`);
  let written: string | null = null;
  if (!existsSync(file)) {
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      await db.backup(tmp);
      chmodSync(tmp, 0o600);
      renameSync(tmp, file);
      written = file;
    } finally {
      rmSync(tmp, { force: true });
    }
  }
  const all = listBackups(dataDir);
  for (const old of all.slice(0, Math.max(0, all.length - keep))) rmSync(old, { force: true });
  return written;
}
