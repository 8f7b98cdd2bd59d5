import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { removeLeftoverTempFiles, replaceFileSync } from './replace-file';

// a log of the calls that make a replacement durable, in order (the real functions still run)
const calls: string[] = [];
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const opened = new Map<number, string>();
  return {
    ...real,
    openSync: (path: string, flags: number, mode?: number) => {
      const fd = real.openSync(path, flags, mode);
      opened.set(fd, String(path));
      return fd;
    },
    fsyncSync: (fd: number) => {
      calls.push(`fsync ${opened.get(fd)}`);
      real.fsyncSync(fd);
    },
    renameSync: (from: string, to: string) => {
      calls.push(`rename ${to}`);
      real.renameSync(from, to);
    },
  };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-replace-'));
  calls.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('replaceFileSync', () => {
  it('writes the file whole at 0600 whatever the umask, syncs it, renames it, then syncs the directory', () => {
    const file = join(dir, 'default-token');
    writeFileSync(file, 'old\n', { mode: 0o644 });
    const umask = process.umask(0);
    try {
      replaceFileSync(file, 'sb-new\n');
    } finally {
      process.umask(umask);
    }
    expect(readFileSync(file, 'utf8')).toBe('sb-new\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['default-token']);
    // before (app-files.ts' own copy): no directory fsync, so a power cut could undo the rename
    expect(calls).toEqual([expect.stringMatching(/^fsync .*default-token\.[0-9a-f]{12}\.tmp$/), `rename ${file}`, `fsync ${dir}`]);
  });

  it('replaces a symlink at the target instead of writing through it', () => {
    const elsewhere = join(dir, 'elsewhere');
    writeFileSync(elsewhere, 'not yours');
    const file = join(dir, 'admin-token');
    symlinkSync(elsewhere, file);
    replaceFileSync(file, 'sba-x\n');
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('sba-x\n');
    expect(readFileSync(elsewhere, 'utf8')).toBe('not yours');
  });

  it('leaves no temporary file when the rename fails, and throws', () => {
    const file = join(dir, 'thinking-key');
    mkdirSync(file);
    writeFileSync(join(file, 'x'), '');
    expect(() => replaceFileSync(file, 'k')).toThrow();
    expect(readdirSync(dir)).toEqual(['thinking-key']);
  });
});

describe('removeLeftoverTempFiles', () => {
  it('removes the temporary files of the names given, and nothing else', () => {
    const left = ['admin-token.0123456789ab.tmp', 'default-token.a1b2c3d4e5f6.tmp', 'thinking-key.ffffffffffff.tmp'];
    const kept = ['default-token', 'notes.0123456789ab.tmp', 'default-token.0123.tmp', 'default-token.0123456789ab.tmp.bak', 'switchboard.db'];
    for (const f of [...left, ...kept]) writeFileSync(join(dir, f), 'x');
    expect(removeLeftoverTempFiles(dir, ['admin-token', 'default-token', 'thinking-key']).sort()).toEqual(left);
    expect(readdirSync(dir).sort()).toEqual([...kept].sort());
    expect(removeLeftoverTempFiles(join(dir, 'missing'), ['admin-token'])).toEqual([]);
  });
});
