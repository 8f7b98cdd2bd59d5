// Refuse to run blind: before anything is opened, the data dir must be ours, closed to other users,
// writable, with room on its disk, and the files we write must be real files, not symlinks that
// would send a token or the database somewhere else. Every refusal names the path and the fix.
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readlinkSync, realpathSync, statfsSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { DataDirError } from './data-dir-error';

/** Below this much free space the app would start only to fail its first writes (and a running one stops serving). */
export const MIN_FREE_BYTES = 1024 * 1024;

/** What Switchboard writes in the data dir; each must be a regular file when it exists. */
export const DATA_FILES = ['switchboard.db', 'switchboard.db-wal', 'switchboard.db-shm', 'admin-token', 'default-token', 'thinking-key', 'secrets.enc', 'usage-journal.jsonl'];

export interface DataDirCheckOptions {
  /** the current user id; absent on Windows, where ownership and mode bits are not checked */
  uid?: number;
  minFreeBytes?: number;
}

function errnoOf(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? 'error';
}

function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new DataDirError('cannot-create', dir, `the data dir cannot be created (${errnoOf(e)})`, 'Create it yourself, or choose another with --data-dir or SWITCHBOARD_DATA_DIR.');
  }
}

function checkOwnerAndMode(dir: string, st: Stats, uid: number): void {
  if (st.uid !== uid) {
    throw new DataDirError('foreign-owner', dir, `the data dir belongs to another user (uid ${st.uid}, you are ${uid})`,
      `Use a data dir of your own (--data-dir), or take it over: chown -R ${uid} '${dir}'.`);
  }
  if ((st.mode & 0o022) !== 0) {
    throw new DataDirError('open-permissions', dir, `the data dir can be written by other users (mode ${(st.mode & 0o777).toString(8)})`,
      `Close it to others: chmod 700 '${dir}'.`);
  }
}

function checkFiles(dir: string): void {
  for (const name of DATA_FILES) {
    const file = join(dir, name);
    let st: Stats;
    try {
      st = lstatSync(file);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) {
      let target = '?';
      try {
        target = readlinkSync(file);
      } catch {
        // unreadable link: still a link
      }
      throw new DataDirError('symlink', file, `this is a symbolic link (to ${target}), and Switchboard writes only its own regular files there`,
        'Remove the link (move the real file into the data dir if you meant to keep it).');
    }
    if (!st.isFile()) throw new DataDirError('not-a-directory', file, 'this should be a regular file', 'Move it out of the data dir.');
    try {
      closeSync(openSync(file, 'r+'));
    } catch (e) {
      throw new DataDirError('not-writable', file, `this file cannot be written (${errnoOf(e)})`,
        `Make it writable (chmod u+w, chattr -i) or restore the data dir from a copy that is.`);
    }
  }
}

/** Writes, syncs and removes a probe file: the one test a read-only mount, chattr +i or a full disk cannot pass. */
function probeWrite(dir: string): void {
  const probe = join(dir, `.write-test-${process.pid}`);
  try {
    const fd = openSync(probe, 'w', 0o600);
    try {
      writeSync(fd, Buffer.alloc(4096));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
      unlinkSync(probe);
    }
  } catch (e) {
    const code = errnoOf(e);
    try {
      unlinkSync(probe);
    } catch {
      // never created
    }
    if (code === 'ENOSPC' || code === 'EDQUOT') throw diskFull(dir, 0);
    throw new DataDirError('not-writable', dir, `the data dir cannot be written (${code}${code === 'EROFS' ? ': read-only file system' : ''})`,
      'Make it writable (remount read-write, chmod u+w, chattr -i), or choose another with --data-dir.');
  }
}

function diskFull(dir: string, free: number): DataDirError {
  return new DataDirError('disk-full', dir, `the disk holding the data dir is full (${Math.floor(free / 1024)} KB free)`,
    'Free some space on it (usage history is pruned by the usage_retention_days setting), or choose another data dir.');
}

export function checkDataDir(dir: string, opts: DataDirCheckOptions = {}): void {
  ensureDir(dir);
  let real: string;
  let st: Stats;
  try {
    real = realpathSync(dir);
    st = lstatSync(real);
  } catch (e) {
    throw new DataDirError('cannot-create', dir, `the data dir cannot be read (${errnoOf(e)})`, 'Check its permissions, or choose another with --data-dir.');
  }
  if (!st.isDirectory()) throw new DataDirError('not-a-directory', dir, 'the data dir is not a directory', 'Choose another with --data-dir.');
  if (opts.uid !== undefined) checkOwnerAndMode(dir, st, opts.uid);
  probeWrite(real);
  checkFiles(real);
  const fs = statfsSync(real);
  const free = fs.bavail * fs.bsize;
  if (free < (opts.minFreeBytes ?? MIN_FREE_BYTES)) throw diskFull(dir, free);
}
