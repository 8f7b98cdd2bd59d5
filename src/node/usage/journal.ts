// The usage journal: every row the proxy records is appended here with one synchronous write
// before record() returns, so a row is on disk (the OS's page cache survives kill -9) the moment
// the request counts as done. SQLite gets the rows in batches as before; once a batch has
// committed and nothing is queued, the journal is emptied. At start, rows still in the journal
// (the process died between the two) are replayed into SQLite. One line per row, JSON.
// It also watches its disk: a failed append, or less than MIN_FREE_BYTES free, is a `problem`
// (the proxy refuses requests it could not record) until the disk takes writes again.
import { closeSync, fstatSync, ftruncateSync, openSync, readFileSync, readSync, statfsSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import type { UsageRecord } from '../../core/usage-record';
import { safeStartedAt } from './usage-row';
import { storageProblem, storageProblemMessage } from '../data-dir/storage-errors';
import { MIN_FREE_BYTES } from '../data-dir/check-data-dir';
/** free space is looked at no more often than this */
const SPACE_CHECK_MS = 1_000;

export class UsageJournal {
  private fd: number;
  private lastSpaceCheck = 0;
  /** why rows cannot be made durable now (disk full, read-only...), or null */
  problem: string | null = null;
  /** the last error behind `problem`, for the recorder's report */
  lastError: unknown = null;

  /** Opens (creating, 0600) the journal for appending. Throws when the file cannot be opened. */
  constructor(readonly file: string) {
    this.fd = openSync(file, 'a+', 0o600);
    this.endTornLine();
  }

  get dir(): string {
    return dirname(this.file);
  }

  /** true when the row is on disk; false (and `problem` set) when the write failed. */
  append(r: UsageRecord): boolean {
    try {
      this.writeLine(`${JSON.stringify(r)}\n`);
      return true;
    } catch (e) {
      this.fail(e);
      return false;
    }
  }

  /**
   * Looks at the disk (at most once a second unless there is a problem): too little free space
   * is a problem; with enough, a probe write must succeed before a problem is lifted.
   */
  check(now = Date.now()): void {
    if (this.problem === null && now - this.lastSpaceCheck < SPACE_CHECK_MS) return;
    this.lastSpaceCheck = now;
    try {
      const fs = statfsSync(this.dir);
      const free = fs.bavail * fs.bsize;
      if (free < MIN_FREE_BYTES) {
        this.problem = storageProblemMessage('full', this.dir, `${Math.floor(free / 1024)} KB free`);
        return;
      }
      if (this.problem !== null) {
        this.writeLine('{}\n'); // a line replay ignores
        this.problem = null;
        this.lastError = null;
      }
    } catch (e) {
      this.fail(e);
    }
  }

  /** Drops every row: call only when all of them are committed to SQLite. */
  clear(): void {
    try {
      ftruncateSync(this.fd, 0);
    } catch {
      // the rows are committed: at worst the next start finds them already written and skips them
    }
  }

  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }

  private fail(e: unknown): void {
    const code = (e as NodeJS.ErrnoException)?.code ?? 'EIO';
    this.problem = storageProblemMessage(storageProblem(code) ?? 'failing', this.dir, code);
    this.lastError = e;
  }

  /**
   * A crash mid-write leaves a last line without its newline: end it, or the next row would be glued
   * to it and be lost with it at replay.
   */
  private endTornLine(): void {
    const size = fstatSync(this.fd).size;
    if (size === 0) return;
    const last = Buffer.alloc(1);
    readSync(this.fd, last, 0, 1, size - 1);
    if (last[0] !== 0x0a) this.writeLine('\n');
  }

  private writeLine(line: string): void {
    const buf = Buffer.from(line, 'utf8');
    let off = 0;
    // a short write on a nearly full disk leaves a torn line, which replay skips
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
  }
}

/** The rows a journal holds; torn or foreign lines are skipped. A missing file holds none. */
export function readJournal(file: string): UsageRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const rows: UsageRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.length < 2) continue;
    try {
      const r = JSON.parse(line) as UsageRecord;
      if (typeof r?.requestId === 'string' && typeof r.userId === 'string') rows.push(r);
    } catch {
      // torn by a crash mid-write
    }
  }
  return rows;
}

/**
 * The journal's rows SQLite does not hold yet (a crash left them there), each request's last copy: a row
 * amended while queued was appended again, its last line holding its final figures.
 */
export function unwrittenRows(file: string, db: Database.Database): UsageRecord[] {
  const left = readJournal(file);
  if (left.length === 0) return left;
  // a loop, not Math.min(...): a long journal would overflow the argument list
  let minStart = Infinity;
  for (const r of left) minStart = Math.min(minStart, safeStartedAt(r.startedAt));
  const known = new Set(db.prepare('SELECT request_id FROM usage_log WHERE started_at >= ?').pluck().all(minStart) as string[]);
  const latest = new Map<string, UsageRecord>();
  for (const r of left) latest.set(r.requestId, r);
  return [...latest.values()].filter((r) => !known.has(r.requestId));
}
