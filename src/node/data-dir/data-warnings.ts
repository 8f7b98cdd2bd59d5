// What the user must be told about the data dir, gathered for the status (UI, tray) and the log
// (`serve`'s output): a database that was replaced at start, a disk that stopped taking usage rows,
// a daily backup that failed, a database another program holds locked.
import { join } from 'node:path';
import type { DataWarning } from '../../shared/types';
import { backupDir, listBackups, type ReplacedDatabase } from '../db';

/**
 * How long a lock the probe found is taken as still held: every status read (the header's poll, the tray, each
 * window) does not try the lock again, nor a client polling status in a loop.
 */
export const LOCK_RECHECK_MS = 3_000;

export class DataWarnings {
  private readonly fixed: DataWarning[] = [];
  private backup: DataWarning | null = null;
  /** the lock last found held, and when */
  private lockSeen: { message: string; at: number } | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly log: (line: string) => void,
    /** why usage cannot be recorded now (the recorder's refusal), or null */
    private readonly refusal: () => string | null,
    /** why nothing can be written to the database now (another program's lock), or null */
    private readonly locked: () => string | null = () => null,
  ) {}

  list(): DataWarning[] {
    const out = [...this.fixed];
    if (this.backup) out.push(this.backup);
    const refused = this.refusal();
    if (refused) {
      out.push({ kind: 'usage_not_recorded', path: this.dataDir, message: `${refused}; until then the proxy answers 503.`, at: new Date().toISOString() });
    }
    const locked = this.lockedNow();
    if (locked) {
      const message = `${locked.charAt(0).toUpperCase()}${locked.slice(1)}. Until then admin changes are refused (503); requests are still served, and their usage and stored responses are written once it is closed.`;
      out.push({ kind: 'database_locked', path: join(this.dataDir, 'switchboard.db'), message, at: new Date().toISOString() });
    }
    return out;
  }

  private lockedNow(): string | null {
    const now = Date.now();
    if (this.lockSeen && now - this.lockSeen.at < LOCK_RECHECK_MS) return this.lockSeen.message;
    const message = this.locked();
    this.lockSeen = message === null ? null : { message, at: now };
    return message;
  }

  databaseReplaced(file: string, r: ReplacedDatabase): void {
    const latest = listBackups(this.dataDir).at(-1) ?? null;
    const message = [
      `The database ${file} was damaged (${r.reason}) and has been moved to ${r.movedTo}; Switchboard started with a fresh one.`,
      r.salvageFile ? `What could be read from it (providers, models, profiles, routing rules) is saved in ${r.salvageFile} to import.` : 'Nothing could be read back from it.',
      latest ? `The newest daily backup is ${latest}.` : '',
    ].filter(Boolean).join(' ');
    this.add({ kind: 'database_replaced', path: file, message, moved_to: r.movedTo, salvage_file: r.salvageFile, latest_backup: latest, at: new Date().toISOString() });
  }

  backupFailed(err: unknown): void {
    const code = (err as { code?: string })?.code;
    const message = `The daily backup into ${backupDir(this.dataDir)} failed (${code ?? (err as Error)?.message ?? String(err)}); it is tried again every hour.`;
    if (this.backup?.message !== message) this.log(`WARNING: ${message}`);
    this.backup = { kind: 'backup_failed', path: backupDir(this.dataDir), message, at: new Date().toISOString() };
  }

  backupDone(): void {
    this.backup = null;
  }

  private add(w: DataWarning): void {
    this.fixed.push(w);
    this.log(`WARNING: ${w.message}`);
  }
}
