// One Switchboard per data dir. A second one on the same files would replay the first's usage journal
// (rows it had not committed yet) into SQLite a second time, truncate the journal under it when it
// stops, and keep its own token cache, so a token revoked through one is still accepted by the other.
// The lock is a file holding the owner's pid, created exclusively and never seen part-written; one whose
// process is gone is stale and taken over. A pid is reused (after a crash and a reboot the lock's pid may be a shell's), so the
// lock also records what names its process (process-identity.ts): a live pid that is not that process
// is stale too. A lock of an older version (the pid alone) is read as before.
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DataDirError } from './data-dir-error';
import { endedFromStat, looksLikeSwitchboard, systemProbe, type ProcessProbe } from './process-identity';

export const LOCK_FILE = 'switchboard.lock';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: it runs, as another user
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // a Switchboard killed (kill -9) whose parent has not reaped it yet still answers kill 0, for as long as
  // that parent waits: a zombie holds nothing
  return !hasEnded(pid);
}

function hasEnded(pid: number): boolean {
  try {
    return endedFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    // no /proc (macOS, Windows), or gone since
    return false;
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

/** How long an empty or unreadable lock is taken for one its writer is still writing (an older version wrote after creating it). */
const YOUNG_LOCK_MS = 5000;
/** How long a starter waits for another one's takeover of a stale lock to end before giving up. */
const TAKEOVER_WAIT_MS = 2000;

/** Takes the data dir's lock or throws DataDirError('in-use'). Returns the release, which removes the lock if it is still ours. */
export function lockDataDir(dir: string, options: LockOptions = {}): () => void {
  const file = join(dir, LOCK_FILE);
  const pid = options.pid ?? process.pid;
  const probe = options.probe ?? systemProbe;
  const text = lockText(pid, probe);
  const waitUntil = Date.now() + TAKEOVER_WAIT_MS;
  for (let tries = 0; ; tries++) {
    if (createWhole(file, text)) return releaseOf(file, pid);
    const seen = readLock(file);
    if (seen === null) {
      if (tries > 50) throw new Error(`could not create ${file}`);
      continue;
    }
    if (heldByAnother(seen, pid, probe) || beingWritten(seen, file)) {
      const named = seen.pid === null ? 'another Switchboard' : `another Switchboard (pid ${seen.pid})`;
      throw new DataDirError('in-use', dir, `${named} is using this data dir`,
        `Stop it first, or choose another with --data-dir. If no Switchboard runs, delete ${file}.`);
    }
    // stale: its process is gone or is another one now (or it is ours, from an app this process closed without releasing)
    options.beforeTakeover?.();
    if (takeOver(file, seen, text, pid, probe)) return releaseOf(file, pid);
    if (Date.now() > waitUntil) throw new Error(`could not take over the stale ${file}: another start is taking it over`);
    pause(5);
  }
}

function releaseOf(file: string, pid: number): () => void {
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

/**
 * Creates `file` holding `text`, whole, unless it exists. Created empty and written after, it would be seen
 * empty by another starter, which takes a lock naming no pid for stale: both would hold it. So the text is
 * written to a file of our own first and linked under the name, which fails when the name is taken.
 */
function createWhole(file: string, text: string): boolean {
  const temp = `${file}.new-${process.pid}-${randomBytes(6).toString('hex')}`;
  writeFileSync(temp, text, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(temp);
  }
}

/** An empty or unreadable lock, young: its writer (an older version, which created it empty) may be writing it now. */
function beingWritten(lock: LockRecord, file: string): boolean {
  if (lock.pid !== null) return false;
  try {
    return Date.now() - statSync(file).mtimeMs < YOUNG_LOCK_MS;
  } catch {
    return false;
  }
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
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
 * Replaces the stale lock `seen` with ours; false when another starter is taking it over now (try again).
 * Starters that read the same stale lock take it over one at a time: each holds `switchboard.lock.takeover`
 * (created whole, exclusively) while it reads the lock again and, if it is still the stale one, renames its
 * own over it in one step, so the name never holds less than a whole lock. One who finds the lock changed
 * goes round again, and sees the new one held. A guard is held for a few steps: one whose process is gone,
 * or older than GUARD_ABANDONED_MS, was left by a starter that died in them, and is removed.
 */
function takeOver(file: string, seen: LockRecord, text: string, pid: number, probe: ProcessProbe): boolean {
  const guard = `${file}.takeover`;
  if (!createWhole(guard, `${process.pid}\n`)) {
    if (abandoned(guard)) {
      try {
        unlinkSync(guard);
      } catch {
        // removed by another
      }
    }
    return false;
  }
  try {
    const now = readLock(file);
    // gone (released) or changed: the next round creates or reads it afresh
    if (now === null || !sameLock(now, seen) || heldByAnother(now, pid, probe)) return false;
    const temp = `${file}.new-${process.pid}-${randomBytes(6).toString('hex')}`;
    writeFileSync(temp, text, { mode: 0o600, flag: 'wx' });
    try {
      renameSync(temp, file);
    } catch (e) {
      unlinkSync(temp);
      throw e;
    }
    return true;
  } finally {
    unlinkSync(guard);
  }
}

const GUARD_ABANDONED_MS = 10_000;

function abandoned(guard: string): boolean {
  try {
    const holder = ownerOf(guard);
    return (holder !== null && !isRunning(holder)) || Date.now() - statSync(guard).mtimeMs > GUARD_ABANDONED_MS;
  } catch {
    return false;
  }
}

const sameLock = (a: LockRecord, b: LockRecord): boolean => a.pid === b.pid && a.boot === b.boot && a.start === b.start && a.exe === b.exe;
