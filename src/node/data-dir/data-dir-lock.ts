// One Switchboard per data dir. A second one on the same files would replay the first's usage journal
// (rows it had not committed yet) into SQLite a second time, truncate the journal under it when it
// stops, and keep its own token cache, so a token revoked through one is still accepted by the other.
// The lock is a file holding the owner's pid, created exclusively; one whose process is gone is stale
// and taken over. A pid is reused (after a crash and a reboot the lock's pid may be a shell's), so the
// lock also records what names its process (process-identity.ts): a live pid that is not that process
// is stale too. A lock of an older version (the pid alone) is read as before.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DataDirError } from './data-dir-error';
import { looksLikeSwitchboard, systemProbe, type ProcessProbe } from './process-identity';

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

/** What a lock file says: its pid on the first line (all an older version wrote), then `key=value` lines. */
interface LockRecord {
  pid: number | null;
  boot: string | null;
  start: string | null;
  exe: string | null;
}

function parseLock(text: string): LockRecord {
  const [first = '', ...rest] = text.split('\n');
  const pid = Number.parseInt(first.trim(), 10);
  const field = (key: string): string | null => rest.find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1).trim() || null;
  return { pid: Number.isInteger(pid) && pid > 0 ? pid : null, boot: field('boot'), start: field('start'), exe: field('exe') };
}

/** The lock's record; null when the file is gone or unreadable. */
function readLockFile(file: string): LockRecord | null {
  try {
    return parseLock(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const ownerOf = (file: string): number | null => readLockFile(file)?.pid ?? null;

function lockText(pid: number, probe: ProcessProbe): string {
  const boot = probe.bootId();
  const start = probe.startTime(pid);
  const exe = pid === process.pid ? basename(process.execPath) : null;
  return [String(pid), boot && `boot=${boot}`, start && `start=${start}`, exe && `exe=${exe}`].filter(Boolean).join('\n') + '\n';
}

/** For tests: the pid to lock for, a step run between reading a stale lock and taking it over (a race to inject), how processes are looked at. */
export interface LockOptions {
  pid?: number;
  beforeTakeover?: () => void;
  probe?: ProcessProbe;
}

/** Takes the data dir's lock or throws DataDirError('in-use'). Returns the release, which removes the lock if it is still ours. */
export function lockDataDir(dir: string, options: LockOptions = {}): () => void {
  const file = join(dir, LOCK_FILE);
  const pid = options.pid ?? process.pid;
  const probe = options.probe ?? systemProbe;
  for (let tries = 0; ; tries++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 4) throw e;
      const seen = readLock(file);
      if (seen === null) continue;
      if (heldByAnother(seen, pid, probe)) {
        throw new DataDirError('in-use', dir, `another Switchboard (pid ${seen.pid}) is using this data dir`,
          `Stop it first, or choose another with --data-dir. If no Switchboard runs, delete ${file}.`);
      }
      // stale: its process is gone or is another one now (or it is ours, from an app this process closed without releasing)
      options.beforeTakeover?.();
      takeOver(file, pid, probe);
      continue;
    }
    try {
      writeSync(fd, lockText(pid, probe));
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

/** The lock's record (pid null when unreadable); null when the file is gone. */
function readLock(file: string): LockRecord | null {
  if (!existsSync(file)) return null;
  return readLockFile(file) ?? { pid: null, boot: null, start: null, exe: null };
}

/** Whether the live process `pid` is the one that wrote the lock, as far as the OS can tell; when it cannot, it is. */
function isLockOwner(lock: LockRecord, pid: number, probe: ProcessProbe): boolean {
  const boot = probe.bootId();
  if (lock.boot && boot && lock.boot !== boot) return false;
  const start = probe.startTime(pid);
  if (lock.start && start) return lock.start === start;
  const name = probe.commandName(pid);
  return name === null || looksLikeSwitchboard(name, lock.exe);
}

/** A lock held by a process that runs, is the one that wrote it, and is not `pid`. */
const heldByAnother = (lock: LockRecord | null, pid: number, probe: ProcessProbe): boolean =>
  lock?.pid != null && lock.pid !== pid && isRunning(lock.pid) && isLockOwner(lock, lock.pid, probe);

/**
 * Removes a stale lock, and only a stale one. Unlinking by name could remove a fresh lock another starter
 * took over since we read the stale one; a rename moves whatever the name holds aside in one step, so we can
 * look at what we moved (by its pid: an inode number is reused at once): a stale lock is deleted, a live
 * one put back (link fails if the name was taken meanwhile, and the one who took it holds the lock). The
 * caller then creates its own exclusively.
 */
function takeOver(file: string, pid: number, probe: ProcessProbe): void {
  const aside = `${file}.stale-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  try {
    if (heldByAnother(readLockFile(aside), pid, probe)) {
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
