// Small tmpfs mounts for full-disk and read-only data dir tests (the tests run as root in CI). Where
// mounting is impossible (no root, a container without the capability) the tests that need one are
// skipped with the reason.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function tryMount(): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'sb-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim() || 'mount failed';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** null when tmpfs can be mounted here; else why not (the reason the tests are skipped). */
export const cannotMount: string | null = tryMount();

export interface Tmpfs {
  dir: string;
  remount(options: string): void;
  unmount(): void;
}

export function mountTmpfs(size: string): Tmpfs {
  const dir = mkdtempSync(join(tmpdir(), 'sb-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  return {
    dir,
    remount: (options) => void execFileSync('mount', ['-o', `remount,${options}`, dir], { stdio: 'pipe' }),
    unmount() {
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Writes zeros into `file` until the disk refuses (ENOSPC). */
export function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, block);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
  // the last partial block too
  const fd2 = openSync(file, 'a');
  try {
    for (;;) writeSync(fd2, Buffer.alloc(512));
  } catch {
    // full
  } finally {
    closeSync(fd2);
  }
}
