// The `#token=` login URL `npm run serve` prints works for any admin token, also a base64 one with + / = or a
// % in it (SWITCHBOARD_ADMIN_TOKEN=$(openssl rand -base64 24)): the token is printed percent-encoded and the
// UI's reader gives back exactly the token, which the admin API accepts.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { tokenFromHash } from '../../src/renderer/bridge/token-store';
import { httpRequest } from './helpers/hardening-kit';

const ROOT = resolve(__dirname, '../..');
const ADMIN = `k+${randomBytes(12).toString('base64')}/x%2B==`;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs serve until it prints its login URL, calls `use` with it, then SIGTERM. */
function serveLoginUrl(use: (loginUrl: string) => Promise<void>): Promise<number | null> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-serve-url-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, [join(ROOT, 'scripts/serve.mjs'), '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64'), SWITCHBOARD_ADMIN_TOKEN: ADMIN, SWITCHBOARD_UI_DIR: join(dataDir, 'no-ui') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let seen = false;
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
    const m = /Open the UI: (\S+)/.exec(output);
    if (m && !seen) {
      seen = true;
      void use(m[1]!).finally(() => child.kill('SIGTERM'));
    }
  });
  child.stderr.resume();
  return new Promise((r) => child.on('exit', (code) => r(code)));
}

it('prints a login URL whose token the UI reads back exactly, and the admin API takes', async () => {
  let read: string | null = null;
  let status = 0;
  const code = await serveLoginUrl(async (loginUrl) => {
    const url = new URL(loginUrl);
    // what the browser hands the UI: location.hash of the printed URL
    read = tokenFromHash(url.hash);
    status = (await httpRequest(url.origin, '/api/v1/llm/status', { headers: { authorization: `Bearer ${read}` } })).status;
  });
  expect(code).toBe(0);
  expect(read).toBe(ADMIN);
  expect(status).toBe(200);
}, 60_000);
