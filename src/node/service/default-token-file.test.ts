import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeDefaultToken } from '../app-files';
import { generateToken } from '../catalog/profile-token';
import type { TokenRow } from '../catalog/repos/index';
import { settleDefaultTokenFile } from './default-token-file';

const writes = vi.hoisted(() => ({ count: 0 }));
vi.mock('../app-files', async (importOriginal) => {
  const real = await importOriginal<typeof import('../app-files')>();
  return {
    ...real,
    writeDefaultToken: (dataDir: string, token: string) => {
      writes.count++;
      real.writeDefaultToken(dataDir, token);
    },
  };
});

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-deftoken-'));
  file = join(dir, 'default-token');
  writes.count = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function row(revoked = false): { raw: string; row: TokenRow } {
  const t = generateToken();
  return {
    raw: t.raw,
    row: {
      id: `tok_${t.prefix}`, user_id: 'default', name: 't', token_hash: t.hash, prefix: t.prefix,
      created_at: '2026-01-01T00:00:00Z', last_used_at: null, revoked_at: revoked ? '2026-01-02T00:00:00Z' : null,
    },
  };
}
const neverIssue = async (): Promise<string> => {
  throw new Error('no token should be issued');
};

describe('settleDefaultTokenFile at start', () => {
  it('keeps a file holding a live Default token', async () => {
    const a = row();
    writeFileSync(file, `${a.raw}\n`);
    expect(await settleDefaultTokenFile(dir, [a.row], neverIssue)).toEqual({ state: 'live' });
    expect(readFileSync(file, 'utf8').trim()).toBe(a.raw);
  });

  it('tells a missing file from a revoked token and from one the database does not know, and removes a dead file', async () => {
    const live = row();
    const revoked = row(true);
    // before: all three read "was revoked"
    expect(await settleDefaultTokenFile(dir, [live.row, revoked.row], neverIssue)).toEqual({ state: 'missing', liveTokens: 1 });
    writeFileSync(file, `${revoked.raw}\n`);
    expect(await settleDefaultTokenFile(dir, [live.row, revoked.row], neverIssue)).toEqual({ state: 'revoked', liveTokens: 1 });
    expect(existsSync(file)).toBe(false);
    // a database restored from backups/ knows neither the token issued since nor its revocation
    writeFileSync(file, `${row().raw}\n`);
    expect(await settleDefaultTokenFile(dir, [live.row, row().row], neverIssue)).toEqual({ state: 'unknown', liveTokens: 2 });
    expect(existsSync(file)).toBe(false);
  });

  it('writes the token issued for a profile with none live once: the issue writes it', async () => {
    const revoked = row(true);
    writeFileSync(file, `${revoked.raw}\n`);
    const fresh = row();
    // as the service's issueToken does (user-methods.ts, syncFile)
    const issue = async () => {
      writeDefaultToken(dir, fresh.raw);
      return fresh.raw;
    };
    expect(await settleDefaultTokenFile(dir, [revoked.row], issue)).toEqual({ state: 'live' });
    expect(readFileSync(file, 'utf8').trim()).toBe(fresh.raw);
    // before (app.ts): written by the issue, then again
    expect(writes.count).toBe(1);
  });

  it('writes it itself when the issue could not, so that a start that cannot write it says so', async () => {
    const fresh = row();
    expect(await settleDefaultTokenFile(dir, [], async () => fresh.raw)).toEqual({ state: 'live' });
    expect(readFileSync(file, 'utf8').trim()).toBe(fresh.raw);
    expect(writes.count).toBe(1);
  });
});
