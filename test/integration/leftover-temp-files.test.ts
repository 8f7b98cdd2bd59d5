// The tokens, the thinking key and secrets.enc are written to `<name>.<hex>.tmp` and renamed into place
// (node/data-dir/replace-file.ts). A crash between the two leaves the temporary file, holding a token or key in
// plain text, which README says only the three files themselves do: a start removes them, and nothing else.
// The daily backup is written the same way (node/db/backup.ts): a crash mid-copy leaves a copy as big as the
// database, and its journal, in backups/; a start removes those too.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/node/app';

const ROOT = join(__dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'sb-leftover-'));
const backupsDataDir = mkdtempSync(join(tmpdir(), 'sb-leftover-backups-'));
afterAll(() => {
  for (const d of [dataDir, backupsDataDir]) rmSync(d, { recursive: true, force: true });
});

describe('a start after a crash mid-write', () => {
  it('removes the temporary files of the secret files and says so', async () => {
    const left = ['admin-token.0123456789ab.tmp', 'default-token.a1b2c3d4e5f6.tmp', 'thinking-key.ffffffffffff.tmp', 'secrets.enc.00aa11bb22cc.tmp'];
    const others = ['notes.0123456789ab.tmp', 'default-token.bak'];
    for (const f of [...left, ...others]) writeFileSync(join(dataDir, f), 'sb-left-behind\n', { mode: 0o600 });
    const logs: string[] = [];
    const app = await createApp({
      dataDir, port: 0, env: { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
      log: (l) => logs.push(l), catalogPath: join(ROOT, 'resources/catalog.json'),
    });
    try {
      // before: all four stayed, next to the files they were meant to replace
      const names = readdirSync(dataDir);
      for (const f of left) expect(names).not.toContain(f);
      for (const f of others) expect(names).toContain(f);
      expect(names.filter((f) => f.endsWith('.tmp'))).toEqual(['notes.0123456789ab.tmp']);
      expect(logs.join('\n')).toMatch(/^data dir: removed .*default-token\.a1b2c3d4e5f6\.tmp.*, left by a write a crash cut short$/m);
      // the files themselves are the start's own, not the leftovers
      expect(readFileSync(join(dataDir, 'default-token'), 'utf8')).not.toContain('left-behind');
    } finally {
      await app.close();
    }
  });

  it('removes the temporary copy and journal of a backup cut short in backups/, whatever their pid, and says so', async () => {
    const backups = join(backupsDataDir, 'backups');
    mkdirSync(backups, { mode: 0o700 });
    const left = ['switchboard-2026-01-01.db.999999.tmp', 'switchboard-2026-01-01.db.999999.tmp-journal', `switchboard-2026-01-02.db.${process.pid}.tmp`];
    const kept = ['switchboard-2026-01-01.db', 'notes.tmp'];
    for (const f of [...left, ...kept]) writeFileSync(join(backups, f), 'left behind\n', { mode: 0o600 });
    const logs: string[] = [];
    const app = await createApp({
      dataDir: backupsDataDir, port: 0, env: { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
      log: (l) => logs.push(l), catalogPath: join(ROOT, 'resources/catalog.json'),
    });
    try {
      // before: they stayed, each copy as big as the database, next to the next day's backup
      expect(readdirSync(backups).sort()).toEqual(kept.sort());
      expect(logs.join('\n')).toMatch(/^backups: removed .*switchboard-2026-01-01\.db\.999999\.tmp-journal.*, left by a backup a crash cut short$/m);
    } finally {
      await app.close();
    }
  });
});
