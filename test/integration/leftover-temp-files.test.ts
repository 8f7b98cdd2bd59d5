// The tokens, the thinking key and secrets.enc are written to `<name>.<hex>.tmp` and renamed into place
// (node/data-dir/replace-file.ts). A crash between the two leaves the temporary file, holding a token or key in
// plain text, which README says only the three files themselves do: a start removes them, and nothing else.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/node/app';

const ROOT = join(__dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'sb-leftover-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

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
});
