import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDataDirFiles, closeToOwner } from './owner-only';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-owner-only-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const modeOf = (f: string) => (statSync(f).mode & 0o777).toString(8);
const refused = (code: string) => (file: string): void => {
  throw Object.assign(new Error(`${code}: operation not permitted, chmod '${file}'`), { code });
};

describe('closeToOwner', () => {
  it('takes group and other bits off, and leaves files already closed alone', () => {
    const open = join(dir, 'admin-token');
    const closed = join(dir, 'default-token');
    writeFileSync(open, 'x', { mode: 0o644 });
    writeFileSync(closed, 'x', { mode: 0o600 });
    chmodSync(open, 0o644);
    const warnings: string[] = [];
    closeDataDirFiles(dir, { warn: (l) => warnings.push(l) });
    expect(modeOf(open)).toBe('600');
    expect(modeOf(closed)).toBe('600');
    expect(warnings).toEqual([]);
  });

  it('a file this user may not change (another user\'s, restored with sudo) is warned about, named with the fix, and the start goes on', () => {
    const token = join(dir, 'admin-token');
    const secrets = join(dir, 'secrets.enc');
    for (const f of [token, secrets]) {
      writeFileSync(f, 'x');
      chmodSync(f, 0o666);
    }
    const warnings: string[] = [];
    let chmods = 0;
    const chmod = (f: string, mode: number) => {
      chmods++;
      if (f === token) refused('EPERM')(f);
      else chmodSync(f, mode);
    };
    // before: EPERM: operation not permitted, chmod '.../admin-token' stopped serve at start
    expect(() => closeDataDirFiles(dir, { warn: (l) => warnings.push(l), chmod })).not.toThrow();
    expect(chmods).toBe(2);
    expect(modeOf(secrets)).toBe('600'); // the next file is still closed
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(token);
    expect(warnings[0]).toMatch(/mode 0666/);
    expect(warnings[0]).toMatch(/EPERM/);
    expect(warnings[0]).toMatch(/chown .*admin-token/);
    expect(warnings[0]).toMatch(/chmod 600 .*admin-token/);
    // EACCES alike; anything else is not ours to hide
    expect(() => closeToOwner([token], { warn: () => {}, chmod: refused('EACCES') })).not.toThrow();
    expect(() => closeToOwner([token], { warn: () => {}, chmod: refused('EIO') })).toThrow(/EIO/);
  });
});
