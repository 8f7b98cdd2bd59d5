// Replacing a file of the data dir whole: the tokens and thinking key (app-files.ts) and the encrypted secrets
// (secrets/encrypted-file-store.ts). A reader (`$(cat .../default-token)` while the token is replaced) sees the old
// contents or the new, never an empty or half-written file, and after a crash the file holds one of them.
import { closeSync, constants, fchmodSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';

/** `<file>.<12 hex>.tmp`: what replaceFileSync writes before the rename (and what a crash may leave). */
export function tempFileOf(file: string): string {
  return `${file}.${randomBytes(6).toString('hex')}.tmp`;
}

/**
 * Writes `data` to a new file beside `file` (created exclusively, never through a symlink, mode 0600 whatever the
 * umask), fsyncs it, renames it over `file` and fsyncs the directory, so the rename itself survives a power cut.
 * A symlink or file at `file` is replaced, never followed. On failure the temporary file is removed and the error
 * thrown; `file` is left as it was.
 */
export function replaceFileSync(file: string, data: string | Uint8Array): void {
  const temp = tempFileOf(file);
  // O_NOFOLLOW is undefined on Windows (no symlinks to fear there): `| undefined` adds no flag
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    try {
      fchmodSync(fd, 0o600);
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    throw e;
  }
  syncDirectory(dirname(file));
}

/** The rename is durable only once the directory entry is on disk; Windows cannot open a directory to fsync it. */
function syncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, constants.O_RDONLY);
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // EISDIR/EPERM where a directory cannot be synced; the rename is still atomic
  } finally {
    closeSync(fd);
  }
}

/** Removes the temporary files a crash left beside `names` in `dir` (`<name>.<12 hex>.tmp`); returns those removed. */
export function removeLeftoverTempFiles(dir: string, names: readonly string[]): string[] {
  return removeFilesIn(dir, (entry) => {
    const m = /^(.+)\.[0-9a-f]{12}\.tmp$/.exec(entry);
    return m !== null && names.includes(m[1]!);
  });
}

/** Removes the files of `dir` whose names `isLeftover` accepts; returns those removed. */
export function removeFilesIn(dir: string, isLeftover: (entry: string) => boolean): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    if (!isLeftover(entry)) continue;
    try {
      unlinkSync(join(dir, entry));
      removed.push(entry);
    } catch {
      // gone meanwhile, or not ours to remove: nothing a start should fail on
    }
  }
  return removed;
}
