// What `npm run serve` says about its data dir: a damaged database is reported in its output and in
// GET /api/v1/llm/status (data_warnings), naming the paths; a data dir it refuses ends it with exit
// code 1 and one line naming the path, the cause and the fix.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { httpRequest } from './helpers/hardening-kit';

const ROOT = resolve(__dirname, '../..');
const ADMIN = `sba-test-${randomBytes(8).toString('hex')}`;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sb-serve-dir-'));
  dirs.push(d);
  return d;
}

/** Runs serve until it prints its URL (then SIGTERM) or exits; returns its output and exit code. */
function serve(dataDir: string, onListening?: (url: string) => Promise<void>, extraArgs: string[] = []): Promise<{ output: string; code: number | null }> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts/serve.mjs'), '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    cwd: ROOT,
    env: { ...process.env, SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64'), SWITCHBOARD_ADMIN_TOKEN: ADMIN, SWITCHBOARD_UI_DIR: join(dataDir, 'no-ui') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let started = false;
  const onData = (d: Buffer): void => {
    output += d.toString();
    const m = /listening on (http:\/\/\S+)/.exec(output);
    if (m && !started) {
      started = true;
      void (onListening?.(m[1]!) ?? Promise.resolve()).finally(() => child.kill('SIGTERM'));
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return new Promise((r) => child.on('exit', (code) => r({ output, code })));
}

it('reports a damaged database in its output and its status, and serves with a fresh one', async () => {
  const dir = tempDir();
  const file = join(dir, 'switchboard.db');
  writeFileSync(file, 'garbage, not SQLite '.repeat(100));
  let warnings: { kind: string; path: string; moved_to: string }[] = [];
  const { output, code } = await serve(dir, async (url) => {
    const status = await httpRequest(url, '/api/v1/llm/status', { headers: { authorization: `Bearer ${ADMIN}` } });
    warnings = status.json.data_warnings;
  });
  expect(code).toBe(0);
  expect(output).toMatch(new RegExp(`WARNING: The database ${file} was damaged \\(file is not a database.*moved to ${file}\\.corrupt-`));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatchObject({ kind: 'database_replaced', path: file });
  expect(warnings[0]!.moved_to).toContain(`${file}.corrupt-`);
}, 30_000);

it('refuses a data dir other users can write: exit 1, naming the path and the fix', async () => {
  const dir = tempDir();
  chmodSync(dir, 0o777);
  const { output, code } = await serve(dir);
  expect(code).toBe(1);
  expect(output).toContain(`switchboard: the data dir can be written by other users (mode 777): ${dir}. Close it to others: chmod 700 '${dir}'.`);
}, 30_000);

it('says so when bound beyond loopback: other machines can connect, over plain HTTP', async () => {
  const { output, code } = await serve(tempDir(), async () => { await new Promise((r) => setTimeout(r, 200)); }, ['--host', '0.0.0.0']);
  expect(code).toBe(0);
  expect(output).toMatch(/warning: bound to 0\.0\.0\.0, not loopback: other machines can connect, over plain HTTP/);
  const local = await serve(tempDir(), async () => { await new Promise((r) => setTimeout(r, 200)); });
  expect(local.output).not.toMatch(/not loopback/);
}, 60_000);
