// One Switchboard per data dir. A second one on the same files would replay the first's usage journal
// (rows it had not committed yet) into SQLite a second time, truncate the journal under it when it
// stops, and keep its own token cache, so a token revoked through one is still accepted by the other.
// The lock is a file holding the owner's pid, created exclusively; one whose process is gone is stale
// and taken over.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirError } from './data-dir-error';

export const LOCK_FILE = 'switchboard.lock';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownerOf(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** For tests: the pid to lock for, and a step run between reading a stale lock and taking it over (a race to inject). */
export interface LockOptions {
  pid?: number;
  beforeTakeover?: () => void;
}

/** Takes the data dir's lock or throws DataDirError('in-use'). Returns the release, which removes the lock if it is still ours. */
export function lockDataDir(dir: string, options: LockOptions = {}): () => void {
  const file = join(dir, LOCK_FILE);
  const pid = options.pid ?? process.pid;
  for (let tries = 0; ; tries++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 4) throw e;
      const seen = readLock(file);
      if (seen === null) continue;
      if (heldByAnother(seen.pid, pid)) {
        throw new DataDirError('in-use', dir, `another Switchboard (pid ${seen.pid}) is using this data dir`,
          `Stop it first, or choose another with --data-dir. If no Switchboard runs, delete ${file}.`);
      }
      // stale: its process is gone (or it is ours, from an app this process closed without releasing)
      options.beforeTakeover?.();
      takeOver(file, pid);
      continue;
    }
    try {
      writeSync(fd, `${pid}\n`);
    } finally {
      closeSync(fd);
    }
    return () => {
      if (ownerOf(file) === pid) {
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      }
    };
  }
}

/** The lock's pid (null when unreadable); null when the file is gone. */
function readLock(file: string): { pid: number | null } | null {
  if (!existsSync(file)) return null;
  return { pid: ownerOf(file) };
}

/** A lock held by a process that runs and is not `pid`. */
const heldByAnother = (owner: number | null, pid: number): boolean => owner !== null && owner !== pid && isRunning(owner);

/**
 * Removes a stale lock, and only a stale one. Unlinking by name could remove a fresh lock another starter
 * took over since we read the stale one; a rename moves whatever the name holds aside in one step, so we can
 * look at what we moved (by its pid: an inode number is reused at once): a stale lock is deleted, a live
 * one put back (link fails if the name was taken meanwhile, and the one who took it holds the lock). The
 * caller then creates its own exclusively.
 */
function takeOver(file: string, pid: number): void {
  const aside = `${file}.stale-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  try {
    if (heldByAnother(ownerOf(aside), pid)) {
      try {
        linkSync(aside, file);
      } catch {
        // taken again meanwhile: that one holds it
      }
    }
  } finally {
    unlinkSync(aside);
  }
}
