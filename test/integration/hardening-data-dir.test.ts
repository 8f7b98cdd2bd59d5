// The data dir, damaged or hostile: a database that fails its integrity check is moved aside (with
// its WAL and SHM), reported in the status and the log, and what can be read from it saved for
// import; a daily backup is kept; a data dir that is read-only, full, someone else's, open to other
// users or holding a symlinked token file is refused at start, naming the path and the fix; a disk
// that fills while running turns the proxy into 503 (admin writes 507) until space is back.
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppConfig, type SwitchboardApp } from '../../src/node/app';
import { dailyBackup, openAppDatabase, openDatabase } from '../../src/node/db';
import type { ConfigDocument } from '../../src/shared/config-types';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';
import { authJson, httpRequest, sleep, waitFor } from './helpers/hardening-kit';
import { cannotMount, fillDisk, mountTmpfs, type Tmpfs } from './helpers/tmpfs';

const ROOT = join(__dirname, '../..');
const CATALOG = join(ROOT, 'resources/catalog.json');
const KEY = 'sk-datadir-CANARY-0123456789abcdef';
const dirs: string[] = [];
const apps: SwitchboardApp[] = [];
let fake: FakeProvider;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: KEY });
});
afterAll(async () => {
  for (const a of apps) await a.close();
  await fake?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sb-datadir-'));
  dirs.push(d);
  return d;
}

const ENC = randomBytes(32).toString('base64');
async function start(dataDir: string, config: Partial<AppConfig> = {}): Promise<{ app: SwitchboardApp; logs: string[] }> {
  const logs: string[] = [];
  const app = await createApp({ dataDir, port: 0, env: { SWITCHBOARD_ENCRYPTION_KEY: ENC }, log: (l) => logs.push(l), catalogPath: CATALOG, ...config });
  apps.push(app);
  return { app, logs };
}
async function stop(app: SwitchboardApp): Promise<void> {
  await app.close();
  apps.splice(apps.indexOf(app), 1);
}

const installIdOf = (file: string): string => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return (db.prepare("SELECT value FROM meta WHERE key = 'install_id'").pluck().get() as string);
  } finally {
    db.close();
  }
};

/** A data dir with a provider of ours and enough usage history that the schema sits far from the file's end. */
async function populated(): Promise<{ dir: string; file: string; installId: string }> {
  const dir = tempDir();
  const { app } = await start(dir);
  await app.service.createProvider({ id: 'kept', name: 'Kept Provider', type: 'openai-compatible', base_url: fake.url, api_key: KEY });
  await stop(app);
  const file = join(dir, 'switchboard.db');
  const db = openDatabase(file);
  const insert = db.prepare(`INSERT INTO usage_log (request_id, started_at, day, user_id, inbound_api, endpoint, requested_model, stream,
    input_tokens, cached_input_tokens, cache_creation_input_tokens, output_tokens, reasoning_tokens, cost_usd, estimated, latency_ms, status)
    VALUES (?, ?, '2026-01-01', 'default', 'openai', 'chat', 'auto', 0, 1, 0, 0, 1, 0, 0, 0, 1, 200)`);
  db.transaction(() => { for (let i = 0; i < 4000; i++) insert.run(`old-${i}`, i); })();
  await dailyBackup(db, dir);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { dir, file, installId: installIdOf(file) };
}

describe('a damaged database', () => {
  it('truncated: moved aside with its WAL and SHM, reported by path, its readable rows saved; a fresh one serves', async () => {
    const { dir, file, installId } = await populated();
    truncateSync(file, Math.floor(statSync(file).size * 0.6));
    writeFileSync(`${file}-wal`, '');
    writeFileSync(`${file}-shm`, '');

    const { app, logs } = await start(dir);
    const status = await app.service.getStatus();
    expect(status.data_warnings).toHaveLength(1);
    const w = status.data_warnings[0]!;
    expect(w).toMatchObject({ kind: 'database_replaced', path: file });
    expect(w.moved_to).toMatch(/switchboard\.db\.corrupt-\d{4}-\d\d-\d\dT/);
    expect(w.message).toContain(file);
    expect(w.message).toContain(w.moved_to!);
    expect(logs.some((l) => l.startsWith('WARNING: The database') && l.includes(file))).toBe(true);
    for (const suffix of ['', '-wal', '-shm']) expect(existsSync(w.moved_to! + suffix), suffix).toBe(true);
    // what could be read is there to import: our provider among it
    expect(w.salvage_file).toBe(`${w.moved_to}.salvage.json`);
    const saved = JSON.parse(readFileSync(w.salvage_file!, 'utf8')) as ConfigDocument;
    expect(saved).toMatchObject({ format: 'switchboard-config', salvaged_from: w.moved_to });
    expect(saved.providers.find((p) => p.id === 'kept')?.name).toBe('Kept Provider');
    expect(statSync(w.salvage_file!).mode & 0o777).toBe(0o600);
    // and the newest daily backup is named, a whole copy to go back to
    expect(w.latest_backup).toMatch(/backups\/switchboard-\d{4}-\d\d-\d\d\.db$/);
    expect(w.message).toContain(`The newest daily backup is ${w.latest_backup}`);
    // the fresh database keeps the install id (keychain entries are filed under it) and a working default token
    expect((await app.service.listProviders()).some((p) => p.id === 'kept')).toBe(false);
    expect(installIdOf(file)).toBe(installId);
    const token = readFileSync(join(dir, 'default-token'), 'utf8').trim();
    expect((await httpRequest(app.url, '/v1/models', { headers: authJson(token) })).status).toBe(200);
    // the salvage file imports as it is, and the provider's key, still in the secret store under the
    // kept install id, is used again
    // a copy whose provider points elsewhere gets no key: the document alone proves nothing about where
    // the key was stored for (anyone can write salvaged_from)
    const elsewhere = { ...saved, providers: saved.providers.map((p) => (p.id === 'kept' ? { ...p, base_url: 'https://elsewhere.example/v1' } : p)) };
    const tampered = await app.service.importConfig(elsewhere);
    expect(tampered.notes.join(' ')).not.toContain('used again');
    expect((await app.service.listProviders()).find((p) => p.id === 'kept')).toMatchObject({ has_key: false });
    const imported = await app.service.importConfig(saved);
    expect(imported.notes.join(' ')).toContain('keys found in the secret store and used again: kept');
    expect((await app.service.listProviders()).find((p) => p.id === 'kept')).toMatchObject({ name: 'Kept Provider', has_key: true });
    expect((await app.service.testProvider({ provider_id: 'kept' })).ok).toBe(true);
    // said once: the next start, on a whole database, has nothing to report
    await stop(app);
    const again = await start(dir);
    expect((await again.app.service.getStatus()).data_warnings).toEqual([]);
    await stop(again.app);
  });

  it('one bad page of the models table: the models on its other pages are saved, with the rules and profiles naming them', async () => {
    const dir = tempDir();
    const { app } = await start(dir);
    await app.service.createProvider({ id: 'kept', name: 'Kept Provider', type: 'openai-compatible', base_url: fake.url, api_key: KEY });
    for (const name of ['small', 'big']) await app.service.createModel({ provider_id: 'kept', model_name: name, input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 8000 });
    await app.service.updateRoutingRules({ aliases: { fast: ['kept/small', 'kept/big'] }, fallbacks: { 'kept/small': ['kept/big'] } });
    await app.service.createUser({ id: 'carol', name: 'Carol', preferred_models: ['fast', 'kept/big'] });
    await stop(app);
    // the first leaf of the models b-tree (the seeded catalog, the lowest rowids) overwritten with garbage
    const file = join(dir, 'switchboard.db');
    const db = new BetterSqlite3(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const leaves = db.prepare("SELECT pageno, ncell FROM dbstat WHERE name = 'models' AND pagetype = 'leaf' ORDER BY path").all() as { pageno: number; ncell: number }[];
    const all = db.prepare('SELECT id FROM models ORDER BY rowid').pluck().all() as string[];
    db.close();
    expect(leaves.length).toBeGreaterThan(1);
    const lost = all.slice(0, leaves[0]!.ncell);
    expect(lost).not.toContain('kept/small');
    const bytes = readFileSync(file);
    bytes.fill(0xff, (leaves[0]!.pageno - 1) * pageSize, leaves[0]!.pageno * pageSize);
    bytes[(leaves[0]!.pageno - 1) * pageSize] = 0x0d;
    writeFileSync(file, bytes);

    const again = await start(dir);
    const [w] = (await again.app.service.getStatus()).data_warnings;
    const saved = JSON.parse(readFileSync(w!.salvage_file!, 'utf8')) as ConfigDocument;
    // before: the whole table was one failed query, so no model was saved and the rules lost every one they named
    expect(saved.models.map((m) => `${m.provider_id}/${m.model_name}`).sort()).toEqual(all.filter((id) => !lost.includes(id)).sort());
    expect(saved.routing_rules).toMatchObject({ aliases: { fast: ['kept/small', 'kept/big'] }, fallbacks: { 'kept/small': ['kept/big'] } });
    expect(saved.profiles.find((p) => p.id === 'carol')?.preferred_models).toEqual(['fast', 'kept/big']);
    // each model of the bad page is named
    for (const id of lost) expect(saved.salvage_notes).toContain(`model ${id} left out: could not be read (database disk image is malformed)`);
    await again.app.service.importConfig(saved);
    expect((await again.app.service.getRoutingRules()).aliases.fast).toEqual(['kept/small', 'kept/big']);
    await stop(again.app);
  });

  it('a file that is not a database, or an empty one, is moved aside and reported too', async () => {
    for (const content of ['this is not sqlite '.repeat(200), '']) {
      const dir = tempDir();
      writeFileSync(join(dir, 'switchboard.db'), content);
      const { app } = await start(dir);
      const [w] = (await app.service.getStatus()).data_warnings;
      expect(w).toMatchObject({ kind: 'database_replaced', salvage_file: null });
      expect(w!.message).toMatch(content ? /not a database/ : /empty/);
      expect(w!.message).toMatch(/Nothing could be read back/);
      expect(readFileSync(w!.moved_to!, 'utf8')).toBe(content);
      await stop(app);
    }
  });

  it('a start-up failure opening it names the file and the cause', () => {
    const dir = tempDir();
    const file = join(dir, 'switchboard.db');
    mkdirSync(file);
    writeFileSync(join(file, 'x'), 'x');
    expect(() => openAppDatabase(file)).toThrow(new RegExp(`cannot open the database ${file}: .+`));
  });
});

describe('daily backups', () => {
  it('copies the database once a day with the backup API and keeps the newest seven', async () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'switchboard.db'), { catalogPath: CATALOG });
    try {
      for (let day = 1; day <= 9; day++) {
        const at = new Date(Date.UTC(2026, 2, day, 12));
        expect(await dailyBackup(db, dir, at)).toBe(join(dir, 'backups', `switchboard-2026-03-0${day}.db`));
        expect(await dailyBackup(db, dir, at)).toBeNull();
      }
    } finally {
      db.close();
    }
    const kept = readdirSync(join(dir, 'backups')).sort();
    expect(kept).toEqual([3, 4, 5, 6, 7, 8, 9].map((d) => `switchboard-2026-03-0${d}.db`));
    const copy = new BetterSqlite3(join(dir, 'backups', kept.at(-1)!), { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.prepare('SELECT COUNT(*) FROM providers').pluck().get()).toBeGreaterThan(3);
    } finally {
      copy.close();
    }
    expect(statSync(join(dir, 'backups', kept[0]!)).mode & 0o777).toBe(0o600);
  });

  it('the running app makes one shortly after start', async () => {
    const dir = tempDir();
    const { app } = await start(dir, { limits: { firstBackupDelayMs: 20 } });
    const today = `switchboard-${new Date().toISOString().slice(0, 10)}.db`;
    await waitFor(() => existsSync(join(dir, 'backups', today)), 5_000, 'the first backup');
    await stop(app);
  });
});

describe('the database is its owner\'s alone', () => {
  it('created 0600 (with its WAL and SHM) under a permissive umask and a 0755 data dir; an older 0644 one is closed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-perm-'));
    dirs.push(dir);
    chmodSync(dir, 0o755);
    const before = process.umask(0o022);
    try {
      const file = join(dir, 'switchboard.db');
      const db = openDatabase(file, { catalogPath: CATALOG });
      db.prepare("INSERT INTO audit_log (at, action, subject, detail) VALUES ('x', 'a', 's', 'prompt text')").run();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect((statSync(f).mode & 0o777).toString(8), f).toBe('600');
      db.close();
      // one a build before this one left readable by everyone
      chmodSync(file, 0o644);
      openDatabase(file, { catalogPath: CATALOG }).close();
      expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    } finally {
      process.umask(before);
    }
  });
});

describe('the token files, secrets and journal are their owner\'s alone', () => {
  it('are closed to 0600 at start when found 0644 (restored from a backup, written by the user) in a 0755 data dir', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const first = await start(dir);
    await first.app.service.createProvider({ id: 'fk', name: 'Fake', type: 'openai-compatible', base_url: fake.url, api_key: KEY });
    await stop(first.app);
    const files = ['admin-token', 'default-token', 'secrets.enc', 'usage-journal.jsonl'].map((f) => join(dir, f));
    for (const f of files) chmodSync(f, 0o644);
    const again = await start(dir);
    // before: left 0644, the admin token readable by every local user
    for (const f of files) expect((statSync(f).mode & 0o777).toString(8), f).toBe('600');
    await stop(again.app);
  });
});

describe('data dirs refused at start, naming the path and the fix', () => {
  it.skipIf(process.getuid?.() !== 0)('one owned by another user', async () => {
    const dir = tempDir();
    chownSync(dir, 12345, 12345);
    await expect(start(dir)).rejects.toThrow(new RegExp(`belongs to another user \\(uid 12345.*${dir}.*chown`));
  });

  it.each(['777', '770', '702'])('one other users can write (mode %s)', async (mode) => {
    const dir = tempDir();
    chmodSync(dir, parseInt(mode, 8));
    await expect(start(dir)).rejects.toThrow(new RegExp(`can be written by other users.*${dir}.*chmod 700`));
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each(['default-token', 'admin-token', 'switchboard.db'])('a symlinked %s (even to a missing target), which is not followed', async (name) => {
    const dir = tempDir();
    const target = join(tempDir(), 'elsewhere');
    symlinkSync(target, join(dir, name));
    await expect(start(dir)).rejects.toThrow(new RegExp(`symbolic link \\(to ${target}\\).*${join(dir, name)}.*Remove the link`));
    expect(existsSync(target)).toBe(false);
  });
});

describe.skipIf(cannotMount !== null)(`read-only and full disks (tmpfs; ${cannotMount ?? 'mountable'})`, () => {
  let mounts: Tmpfs[] = [];
  afterAll(() => {
    for (const m of mounts) m.unmount();
    mounts = [];
  });
  const mount = (size: string): Tmpfs => {
    const m = mountTmpfs(size);
    mounts.push(m);
    return m;
  };

  it('a read-only data dir holding a database is refused (binds root too)', async () => {
    const m = mount('8m');
    await stop((await start(m.dir)).app);
    m.remount('ro');
    await expect(start(m.dir)).rejects.toThrow(new RegExp(`cannot be written \\(EROFS: read-only file system\\).*${m.dir}.*remount read-write`));
  });

  it('a full disk is refused', async () => {
    const m = mount('2m');
    fillDisk(join(m.dir, 'filler'));
    await expect(start(m.dir)).rejects.toThrow(new RegExp(`the disk holding the data dir is full.*${m.dir}.*Free some space`));
  });

  it('a disk that fills while running: the proxy answers 503 with the reason, admin writes 507; both recover when space is back', async () => {
    const m = mount('16m');
    const { app } = await start(m.dir);
    await app.service.createProvider({ id: 'fk', name: 'fk', type: 'openai-compatible', base_url: fake.url, api_key: KEY });
    await app.service.createModel({ provider_id: 'fk', model_name: 'm', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 100_000 });
    const token = readFileSync(join(m.dir, 'default-token'), 'utf8').trim();
    const chat = () => httpRequest(app.url, '/v1/chat/completions', { method: 'POST', headers: authJson(token), body: JSON.stringify({ model: 'fk/m', messages: [{ role: 'user', content: 'hi' }] }) });
    const served: string[] = [];
    const ok = await chat();
    expect(ok.status).toBe(200);
    served.push(String(ok.headers['x-switchboard-request-id']));
    await sleep(400); // flushed: the journal is empty again

    // the WAL emptied too, so the next write needs new blocks; then the disk fills up
    const side = new BetterSqlite3(join(m.dir, 'switchboard.db'));
    side.pragma('wal_checkpoint(TRUNCATE)');
    side.close();
    fillDisk(join(m.dir, 'filler'));

    let refused: Awaited<ReturnType<typeof chat>> | undefined;
    for (let i = 0; i < 20 && !refused; i++) {
      const res = await chat();
      if (res.status === 503) refused = res;
      else if (res.status === 200) served.push(String(res.headers['x-switchboard-request-id']));
      await sleep(50);
    }
    expect(refused, 'the proxy never refused').toBeDefined();
    expect(refused!.json.error.message).toMatch(new RegExp(`Switchboard cannot record usage: the disk holding ${m.dir} is full`));
    expect(refused!.headers['retry-after']).toBeDefined();
    const warning = (await app.service.getStatus()).data_warnings.find((w) => w.kind === 'usage_not_recorded');
    expect(warning?.message).toContain(m.dir);
    const write = await httpRequest(app.url, '/api/v1/llm/users', { method: 'POST', headers: authJson(app.adminToken), body: JSON.stringify({ name: 'x'.repeat(200) }) });
    expect(write.status).toBe(507);
    expect(write.json.error.message).toMatch(new RegExp(`not saved: the disk holding ${m.dir} is full`));

    rmSync(join(m.dir, 'filler'));
    let again = await chat();
    for (let i = 0; i < 60 && again.status !== 200; i++) {
      await sleep(100);
      again = await chat();
    }
    expect(again.status).toBe(200);
    served.push(String(again.headers['x-switchboard-request-id']));
    expect((await app.service.getStatus()).data_warnings).toEqual([]);
    await stop(app);
    // nothing served went unrecorded
    const db = new BetterSqlite3(join(m.dir, 'switchboard.db'), { readonly: true });
    try {
      const have = new Set(db.prepare('SELECT request_id FROM usage_log').pluck().all() as string[]);
      expect(served.filter((id) => !have.has(id))).toEqual([]);
    } finally {
      db.close();
    }
  }, 30_000);
});
