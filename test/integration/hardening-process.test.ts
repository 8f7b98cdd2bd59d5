// The process dying: `npm run serve` (scripts/serve.mjs) is killed with SIGKILL at a random point
// during heavy traffic (streams, plain calls, failing calls, admin writes), three times. After each
// restart the database passes integrity_check and every request that completed more than a second
// before the kill has its usage row; a planted key is in no file and no output (the crash path of the
// key canary). Also: a database from a newer version is refused, one from each older version migrates.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/node/app';
import { MIGRATIONS, openDatabase, schemaVersion } from '../../src/node/db';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';
import { authJson, httpRequest, sleep, waitFor } from './helpers/hardening-kit';

const ROOT = resolve(__dirname, '../..');
const CANARY = 'CanaryCrashKeyV6bN1mQ8wE3rT5yU7iO2pA4sD9';
const ADMIN = `sba-test-${randomBytes(8).toString('hex')}`;
const dirs: string[] = [];
let fake: FakeProvider;
let echoing: FakeProvider;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: CANARY, chunks: 8 });
  echoing = await startFakeOpenAI({ apiKey: 'not-the-canary' });
});
afterAll(async () => {
  await fake?.close();
  await echoing?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sb-process-'));
  dirs.push(d);
  return d;
}

interface Served { child: ChildProcess; url: string; output: string[]; exited: Promise<NodeJS.Signals | number | null> }

function serve(dataDir: string, encryptionKey: string): Promise<Served> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts/serve.mjs'), '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, SWITCHBOARD_ENCRYPTION_KEY: encryptionKey, SWITCHBOARD_ADMIN_TOKEN: ADMIN, SWITCHBOARD_UI_DIR: join(dataDir, 'no-ui') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<NodeJS.Signals | number | null>((r) => child.on('exit', (code, signal) => r(signal ?? code)));
  return new Promise((resolveServed, reject) => {
    const onData = (d: Buffer): void => {
      output.push(d.toString());
      const m = /listening on (http:\/\/\S+)/.exec(output.join(''));
      if (m) resolveServed({ child, url: m[1]!, output, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((how) => reject(new Error(`serve exited (${String(how)}) before listening: ${output.join('')}`)));
  });
}

interface Done { id: string; endedAt: number }

/** Heavy mixed traffic until stopped: returns the requests that completed with a response. */
function traffic(url: string, token: string): { stop(): void; done: Done[] } {
  const done: Done[] = [];
  let running = true;
  const worker = async (w: number): Promise<void> => {
    for (let i = 0; running; i++) {
      const kind = (w + i) % 4;
      const body = kind === 3
        ? { model: 'echo/gpt-fake', messages: [{ role: 'user', content: 'x' }] }
        : { model: 'crash/gpt-fake', stream: kind !== 0, messages: [{ role: 'user', content: `w${w} i${i}` }] };
      try {
        const res = await httpRequest(url, '/v1/chat/completions', { method: 'POST', headers: authJson(token), body: JSON.stringify(body), timeoutMs: 5_000 });
        const complete = res.status !== 200 || !body.stream || res.text.includes('[DONE]');
        if (complete && res.headers['x-switchboard-request-id']) done.push({ id: String(res.headers['x-switchboard-request-id']), endedAt: Date.now() });
      } catch {
        await sleep(20); // killed mid-request, or not up
      }
    }
  };
  const admin = async (): Promise<void> => {
    for (let i = 0; running; i++) {
      await httpRequest(url, '/api/v1/llm/models/crash%2Fgpt-fake', {
        method: 'PUT', headers: authJson(ADMIN), body: JSON.stringify({ input_cost_per_1m: 1 + (i % 7) / 10 }), timeoutMs: 5_000,
      }).catch(() => sleep(20));
    }
  };
  void Promise.all([...Array.from({ length: 12 }, (_, w) => worker(w)), admin()]);
  return { stop: () => { running = false; }, done };
}

function grepCanary(dataDir: string, output: string[]): string[] {
  const hits: string[] = [];
  for (const name of readdirSync(dataDir)) {
    const text = readFileSync(join(dataDir, name)).toString('latin1');
    if (text.includes(CANARY) || text.includes(CANARY.slice(6, 30))) hits.push(name);
  }
  if (output.join('').includes(CANARY)) hits.push('serve output');
  return hits;
}

describe('kill -9 during heavy traffic', () => {
  it('three rounds: integrity ok and every request completed >1 s before the kill has its row', async () => {
    const dataDir = tempDir();
    const key = randomBytes(32).toString('base64');
    let pending: Done[] = [];
    let lastKill = 0;
    for (let round = 1; round <= 4; round++) {
      const s = await serve(dataDir, key);
      const token = readFileSync(join(dataDir, 'default-token'), 'utf8').trim();
      try {
        if (round === 1) {
          for (const [id, url, apiKey] of [['crash', fake.url, CANARY], ['echo', echoing.url, CANARY]] as const) {
            expect((await httpRequest(s.url, '/api/v1/llm/providers', { method: 'POST', headers: authJson(ADMIN), body: JSON.stringify({ id, name: id, type: 'openai-compatible', base_url: url, api_key: apiKey }) })).status).toBe(200);
            expect((await httpRequest(s.url, '/api/v1/llm/models', { method: 'POST', headers: authJson(ADMIN), body: JSON.stringify({ provider_id: id, model_name: 'gpt-fake', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 100_000 }) })).status).toBe(200);
          }
        } else {
          // the restart after a kill: the file is whole and nothing that finished in time was lost
          const db = new BetterSqlite3(join(dataDir, 'switchboard.db'), { readonly: true });
          try {
            expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
            const due = pending.filter((d) => d.endedAt < lastKill - 1_000);
            const have = new Set(db.prepare('SELECT request_id FROM usage_log').pluck().all() as string[]);
            const missing = due.filter((d) => !have.has(d.id));
            expect(missing, `round ${round - 1}: ${missing.length} of ${due.length} rows missing`).toEqual([]);
            expect(due.length).toBeGreaterThanOrEqual(12);
          } finally {
            db.close();
          }
          expect(grepCanary(dataDir, s.output)).toEqual([]);
        }
        if (round === 4) break;
        const t = traffic(s.url, token);
        // some requests must be well done before the kill (else the check below proves nothing), then a random point
        await waitFor(() => t.done.length >= 12, 10_000, 'the first completed requests');
        await sleep(1_100 + Math.floor(Math.random() * 700));
        s.child.kill('SIGKILL');
        lastKill = Date.now();
        t.stop();
        expect(await s.exited).toBe('SIGKILL');
        pending = t.done;
        expect(grepCanary(dataDir, s.output)).toEqual([]);
      } finally {
        if (s.child.exitCode === null && s.child.signalCode === null) {
          s.child.kill('SIGKILL');
          await s.exited;
        }
      }
    }
    expect(fake.requests.length).toBeGreaterThan(30);
    expect(echoing.requests.some((r) => r.headers.authorization === `Bearer ${CANARY}`)).toBe(true);
  }, 60_000);
});

describe('schema versions', () => {
  it('refuses a database from a newer version and leaves it byte-identical', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'switchboard.db');
    const db = openDatabase(file);
    const latest = schemaVersion(db);
    db.pragma(`user_version = ${latest + 1}`);
    db.pragma('journal_mode = DELETE');
    db.close();
    const before = readFileSync(file);
    const filesBefore = readdirSync(dataDir).sort();
    await expect(createApp({ dataDir, port: 0, env: { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') }, log: () => undefined }))
      .rejects.toThrow(/newer/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dataDir).sort()).toEqual(filesBefore);
  });

  it.each(MIGRATIONS.slice(0, -1).map((m) => m.version))('migrates a version-%i database with its data kept, and it serves', async (version) => {
    const dataDir = tempDir();
    const file = join(dataDir, 'switchboard.db');
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, version), catalogPath: join(ROOT, 'resources/catalog.json') });
    expect(schemaVersion(old)).toBe(version);
    old.prepare(`INSERT INTO providers (id, name, type, base_url, enabled, priority, created_at, updated_at)
      VALUES ('kept', 'Kept', 'openai-compatible', ?, 1, 7, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')`).run(fake.url);
    old.prepare("UPDATE users SET credit_balance_usd = 12.5 WHERE id = 'default'").run();
    const modelCount = (old.prepare('SELECT COUNT(*) FROM models').pluck().get() as number);
    old.close();
    writeFileSync(join(dataDir, 'marker'), 'x');

    const app = await createApp({ dataDir, port: 0, env: { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') }, log: () => undefined });
    try {
      const kept = (await app.service.listProviders()).find((p) => p.id === 'kept');
      expect(kept).toMatchObject({ name: 'Kept', base_url: fake.url, priority: 7, enabled: true });
      expect((await app.service.listUsers()).find((u) => u.id === 'default')?.credit_balance_usd).toBe(12.5);
      expect((await app.service.listModels({})).length).toBe(modelCount);
      // fully working afterwards: the key stored now, a request served and recorded
      await app.service.updateProvider({ id: 'kept', patch: { api_key: CANARY } });
      await app.service.createModel({ provider_id: 'kept', model_name: 'gpt-fake', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 100_000 });
      const token = readFileSync(join(dataDir, 'default-token'), 'utf8').trim();
      const res = await httpRequest(app.url, '/v1/chat/completions', { method: 'POST', headers: authJson(token), body: JSON.stringify({ model: 'kept/gpt-fake', messages: [{ role: 'user', content: 'hi' }] }) });
      expect(res.status, res.text).toBe(200);
    } finally {
      await app.close();
    }
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      expect(schemaVersion(db)).toBe(MIGRATIONS.length);
      expect(db.prepare('SELECT COUNT(*) FROM usage_log').pluck().get()).toBe(1);
    } finally {
      db.close();
    }
  });
});
