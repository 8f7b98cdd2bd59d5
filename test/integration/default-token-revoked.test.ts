// The real headless server (`node scripts/serve.mjs`) after the Default profile's file token is revoked:
// DATA_DIR/default-token, which README's recipes read, is gone or holds a live token, and what serve prints at
// start never points tools at a revoked one.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { servedAdmin } from './helpers/served-admin';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Served {
  url: string;
  adminToken: string;
  /** what serve printed up to and including its set-up lines */
  printed: string;
  stop(): Promise<void>;
}

const ENCRYPTION_KEY = randomBytes(32).toString('base64');
let dataDir: string;
let uiDir: string;
const running = new Set<ChildProcess>();

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'sb-deftoken-'));
  uiDir = mkdtempSync(join(tmpdir(), 'sb-deftoken-ui-'));
});
afterEach(async () => {
  for (const p of running) p.kill('SIGKILL');
  running.clear();
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(uiDir, { recursive: true, force: true });
});

async function serve(dir = dataDir): Promise<Served> {
  const env: NodeJS.ProcessEnv = { ...process.env, SWITCHBOARD_ENCRYPTION_KEY: ENCRYPTION_KEY, SWITCHBOARD_UI_DIR: uiDir };
  for (const k of ['SWITCHBOARD_ADMIN_TOKEN', 'SWITCHBOARD_PORT', 'SWITCHBOARD_HOST', 'SWITCHBOARD_DATA_DIR', 'OPENAI_API_KEY']) delete env[k];
  const proc = spawn(process.execPath, [join(ROOT, 'scripts/serve.mjs'), '--port', '0', '--data-dir', dir], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  let out = '';
  const exited = new Promise<void>((resolve) => proc.once('exit', () => { running.delete(proc); resolve(); }));
  // the line naming the token (or saying it was revoked) is the last serve prints at start
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its set-up lines:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/Point your tools at[^\n]*\n/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    void exited.then(() => { clearTimeout(timer); reject(new Error(`serve exited:\n${out}`)); });
  });
  const url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
  return {
    url,
    adminToken: readFileSync(join(dir, 'admin-token'), 'utf8').trim(),
    printed: out,
    stop: async () => {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

/** The token row of `raw` among the Default profile's (rows show the first 7 characters). */
async function tokenId(s: Served, raw: string): Promise<string> {
  const users = await servedAdmin(s, 'GET', '/users');
  const def = users.find((u: { id: string }) => u.id === 'default');
  return def.tokens.find((t: { prefix: string }) => t.prefix === `${raw.slice(0, 7)}…`).id;
}

const models = (s: Served, token: string) => fetch(`${s.url}/v1/models`, { headers: { authorization: `Bearer ${token}` } });
const fileToken = (): string | null => (existsSync(join(dataDir, 'default-token')) ? readFileSync(join(dataDir, 'default-token'), 'utf8').trim() : null);
const namesFile = (printed: string) => printed.includes(`with the token in ${join(dataDir, 'default-token')}`);

describe('the Default profile\'s token file after its token is revoked', () => {
  it('is removed, serve says so instead of naming it, the proxy says the token was revoked, and the next token issued takes its place', async () => {
    const first = await serve();
    expect(namesFile(first.printed)).toBe(true);
    const revoked = fileToken()!;
    const laptop = (await servedAdmin(first, 'POST', '/users/default/tokens', { name: 'laptop' })).token as string;
    expect(fileToken()).toBe(revoked);
    await servedAdmin(first, 'DELETE', `/users/default/tokens/${await tokenId(first, revoked)}`);
    // before: the file kept the revoked token
    expect(fileToken()).toBeNull();
    const refused = await models(first, revoked);
    expect(refused.status).toBe(401);
    // before: "Invalid proxy token", with no hint
    expect((await refused.json()).error.message).toMatch(/^This proxy token was revoked/);
    expect((await (await models(first, 'sb-never-issued')).json()).error.message).toBe('Invalid proxy token');
    expect((await models(first, laptop)).status).toBe(200);
    await first.stop();

    // as a build before this one left it: the revoked token still in the file
    writeFileSync(join(dataDir, 'default-token'), `${revoked}\n`, { mode: 0o600 });
    const second = await serve();
    // before: "... with the token in DATA_DIR/default-token", that file holding the revoked token
    expect(namesFile(second.printed)).toBe(false);
    expect(second.printed).toContain(`The Default profile's token in ${join(dataDir, 'default-token')} was revoked, so the file was removed: issue a new one`);
    expect(fileToken()).toBeNull();
    const issued = (await servedAdmin(second, 'POST', '/users/default/tokens', { name: 'new' })).token as string;
    expect(fileToken()).toBe(issued);
    expect((await models(second, issued)).status).toBe(200);
    // every Default token revoked: the next start issues one into the file, as at first start
    for (const raw of [laptop, issued]) await servedAdmin(second, 'DELETE', `/users/default/tokens/${await tokenId(second, raw)}`);
    expect(fileToken()).toBeNull();
    await second.stop();

    const third = await serve();
    expect(namesFile(third.printed)).toBe(true);
    const fresh = fileToken()!;
    expect([revoked, laptop, issued]).not.toContain(fresh);
    expect((await models(third, fresh)).status).toBe(200);
    await third.stop();
  }, 120_000);

  it('says the file is missing, or held a token this database does not know, rather than that it was revoked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-deftoken-lost-'));
    const file = join(dir, 'default-token');
    const inFile = () => (existsSync(file) ? readFileSync(file, 'utf8').trim() : null);
    const backup = mkdtempSync(join(tmpdir(), 'sb-deftoken-backup-'));
    try {
      const first = await serve(dir);
      const lost = inFile()!;
      await first.stop();
      // a copy of the database as it stands (its WAL with it, should the close have left one)
      for (const f of ['switchboard.db', 'switchboard.db-wal']) if (existsSync(join(dir, f))) copyFileSync(join(dir, f), join(backup, f));

      // deleted by hand, or lost in a crash between the token's row and the file at first start
      rmSync(file);
      const second = await serve(dir);
      // before: "... token in DATA_DIR/default-token was revoked", of a token that still works
      expect(second.printed).not.toContain('was revoked');
      expect(second.printed).toContain(`${file} is missing (deleted, or lost in a crash before it was written): issue a new one`);
      expect(second.printed).toContain("the profile's live token keeps working, but a token is shown only once: revoke in the BYOK tab any that no one holds");
      expect(inFile()).toBeNull();
      expect((await models(second, lost)).status).toBe(200);
      const issued = (await servedAdmin(second, 'POST', '/users/default/tokens', { name: 'again' })).token as string;
      expect(inFile()).toBe(issued);
      await second.stop();

      // the database restored from a copy taken before that token was issued
      for (const f of ['switchboard.db-wal', 'switchboard.db-shm']) rmSync(join(dir, f), { force: true });
      for (const f of readdirSync(backup)) copyFileSync(join(backup, f), join(dir, f));
      const third = await serve(dir);
      expect(third.printed).not.toContain('was revoked');
      expect(third.printed).toContain(`The token in ${file} is not one of the Default profile's in this database (restored from a backup or replaced, or the file copied from elsewhere), so the file was removed: issue a new one`);
      expect(inFile()).toBeNull();
      expect((await models(third, issued)).status).toBe(401);
      await third.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(backup, { recursive: true, force: true });
    }
  }, 120_000);
});
