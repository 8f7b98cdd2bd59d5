// One Switchboard per data dir. A second one on the same files would replay the first's usage journal
// (rows it had not committed yet) into SQLite a second time, truncate the journal under it when it
// stops, and keep its own token cache, so a token revoked through one is still accepted by the other.
// The lock is a file holding the owner's pid, created exclusively; one whose process is gone is stale
// and taken over.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
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

/** Takes the data dir's lock or throws DataDirError('in-use'). Returns the release, which removes the lock if it is still ours. */
export function lockDataDir(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  for (let tries = 0; ; tries++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 0) throw e;
      const owner = ownerOf(file);
      if (owner !== null && owner !== process.pid && isRunning(owner)) {
        throw new DataDirError('in-use', dir, `another Switchboard (pid ${owner}) is using this data dir`,
          `Stop it first, or choose another with --data-dir. If no Switchboard runs, delete ${file}.`);
      }
      // stale: its process is gone (or it is ours, from an app this process closed without releasing)
      unlinkSync(file);
      continue;
    }
    try {
      writeSync(fd, `${process.pid}\n`);
    } finally {
      closeSync(fd);
    }
    return () => {
      if (ownerOf(file) === process.pid) {
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      }
    };
  }
}
