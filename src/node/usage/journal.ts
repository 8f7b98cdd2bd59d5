// The usage journal: every row the proxy records is appended here with one synchronous write
// before record() returns, so a row is on disk (the OS's page cache survives kill -9) the moment
// the request counts as done. SQLite gets the rows in batches as before; once a batch has
// committed and nothing is queued, the journal is emptied. At start, rows still in the journal
// (the process died between the two) are replayed into SQLite. One line per row, JSON.
import { closeSync, fstatSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { UsageRecord } from '../../core/usage-record';

export class UsageJournal {
  private fd: number;

  /** Opens (creating, 0600) the journal for appending. Throws when the file cannot be opened. */
  constructor(readonly file: string) {
    this.fd = openSync(file, 'a', 0o600);
  }

  /** Throws (ENOSPC, EROFS, EIO...) when the row could not be written. */
  append(r: UsageRecord): void {
    this.writeLine(`${JSON.stringify(r)}\n`);
  }

  /** A line replay ignores: proves the file takes writes again. */
  probe(): void {
    this.writeLine('{}\n');
  }

  /** Drops every row: call only when all of them are committed to SQLite. */
  clear(): void {
    ftruncateSync(this.fd, 0);
  }

  get bytes(): number {
    return fstatSync(this.fd).size;
  }

  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
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
