// Runs the daily backup shortly after start and then checks every hour (a new UTC day gets a new copy).
import { dailyBackup, type Database } from '../db';
import type { DataWarnings } from './data-warnings';

const CHECK_EVERY_MS = 3600_000;

/** Returns a stop function. */
export function scheduleBackups(db: Database, dataDir: string, warnings: DataWarnings, firstDelayMs: number): () => void {
  let running = false;
  const run = (): void => {
    if (running || !db.open) return;
    running = true;
    dailyBackup(db, dataDir)
      .then(() => warnings.backupDone(), (e: unknown) => warnings.backupFailed(e))
      .finally(() => { running = false; });
  };
  const first = setTimeout(run, firstDelayMs);
  const every = setInterval(run, CHECK_EVERY_MS);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
