// What a failed write means: the row's own fault (skip it), a passing lock (retry), or storage
// that takes no writes (full, read-only, failing), which stops the proxy from serving blind.

export function errorCode(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') return e.code;
  return e instanceof Error ? e.name : 'Error';
}

/** Errors caused by a row's own values rather than by the disk or a lock (rows are sanitised, so rare). */
export function isRowError(e: unknown): boolean {
  const code = errorCode(e);
  return code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH' || code === 'SQLITE_TOOBIG';
}

/** Another connection (another program with the file open, say) holds the lock this write needs: it passes once that one lets go. */
export function isLockError(e: unknown): boolean {
  const code = errorCode(e);
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

/** A sentence naming the database, the cause and the way out, for the admin API's 503 and the status. */
export function lockedMessage(file: string, code = 'SQLITE_BUSY'): string {
  return `the database ${file} is locked by another program (${code}): close it there (a database browser with the file open for editing, say) and try again`;
}

const FULL = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);
const READ_ONLY = new Set(['EROFS', 'EACCES', 'EPERM']);

export type StorageProblem = 'full' | 'read-only' | 'failing';

/** The storage problem behind an error (SQLite's code or an errno), or null for locks and row errors. */
export function storageProblem(code: string): StorageProblem | null {
  if (FULL.has(code) || code.startsWith('SQLITE_FULL')) return 'full';
  if (READ_ONLY.has(code) || code.startsWith('SQLITE_READONLY')) return 'read-only';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'EIO' || code === 'EBADF') return 'failing';
  return null;
}

/** A sentence naming the place and the way out, for the 503 the proxy answers and the status. */
export function storageProblemMessage(problem: StorageProblem, where: string, code: string): string {
  switch (problem) {
    case 'full':
      return `the disk holding ${where} is full (${code}): free some space there`;
    case 'read-only':
      return `${where} cannot be written (${code}): make it writable again (is the disk mounted read-only?)`;
    case 'failing':
      return `writing to ${where} fails (${code}): check the disk`;
  }
}
