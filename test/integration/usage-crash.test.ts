// Durability under kill -9: a recorded usage row is in the journal when record() returns, so killing the
// process at any moment loses none. Two levels: the recorder alone, killed the instant its last record
// returns; and the real `npm run serve` killed in the middle of a burst of requests, counting every
// answered request against the rows found after the restart (which replays the journal).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/node/db';
import { UsageRecorder } from '../../src/node/usage/recorder';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';
import { authJson, httpRequest } from './helpers/hardening-kit';

const ROOT = resolve(__dirname, '../..');
const ROWS = 1_234;
const dirs: string[] = [];
const children = new Set<ChildProcess>();
let fake: FakeProvider;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: 'sk-crash-burst-0123456789abcdef', chunks: 4 });
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await fake?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sb-crash-'));
  dirs.push(d);
  return d;
}

function exitOf(child: ChildProcess): Promise<NodeJS.Signals | number | null> {
  return new Promise((r) => child.on('exit', (code, signal) => r(signal ?? code)));
}

const CHILD = (file: string, journal: string) => `
import { openDatabase } from ${JSON.stringify(join(ROOT, 'src/node/db'))};
import { UsageRecorder } from ${JSON.stringify(join(ROOT, 'src/node/usage/recorder'))};
const recorder = new UsageRecorder(openDatabase(${JSON.stringify(file)}), { journalFile: ${JSON.stringify(journal)} });
setInterval(() => {}, 1_000); // stay alive until killed
let i = 0;
function burst() {
  for (let k = 0; k < 97 && i < ${ROWS}; k++, i++) {
    recorder.record({
      requestId: 'crash-' + i, startedAt: Date.now(), userId: 'default', tokenId: null, inboundApi: 'openai',
      endpoint: 'chat', requestedModel: 'auto', modelId: 'p/m', providerId: 'p', stream: true, failedAttempts: [],
      inputTokens: i, cachedInputTokens: 0, cacheCreationInputTokens: 0, outputTokens: 1, reasoningTokens: 0,
      costUsd: 0.001, estimated: false, ttfbMs: 5, latencyMs: 10, status: 200, errorKind: null,
    });
  }
  if (i < ${ROWS}) setTimeout(burst, 23);
  else process.stdout.write('LAST\\n');
}
burst();
`;

it('the recorder killed the instant its last record() returns keeps every row (replayed at the next start)', async () => {
  const dir = tempDir();
  const file = join(dir, 'switchboard.db');
  const journal = join(dir, 'usage-journal.jsonl');
  openDatabase(file).close();
  writeFileSync(join(dir, 'child.ts'), CHILD(file, journal));
  const child = spawn(process.execPath, ['--import', 'tsx', join(dir, 'child.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = exitOf(child);
  await new Promise<void>((res, rej) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('LAST')) {
        child.kill('SIGKILL');
        res();
      }
    });
    void exited.then(() => rej(new Error(`child exited early: ${stderr}`)));
  });
  expect(await exited).toBe('SIGKILL');

  const db = openDatabase(file);
  try {
    const recorder = new UsageRecorder(db, { journalFile: journal });
    recorder.close();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT request_id) AS d FROM usage_log').get()).toEqual({ n: ROWS, d: ROWS });
    expect(db.prepare('SELECT SUM(requests) AS n FROM usage_daily').get()).toEqual({ n: ROWS });
  } finally {
    db.close();
  }
}, 30_000);

interface Served { child: ChildProcess; url: string; exited: Promise<NodeJS.Signals | number | null>; output: string[] }

function serve(dataDir: string, env: Record<string, string>): Promise<Served> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts/serve.mjs'), '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, ...env, SWITCHBOARD_UI_DIR: join(dataDir, 'no-ui') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const output: string[] = [];
  const exited = exitOf(child);
  return new Promise((resolveServed, reject) => {
    const onData = (d: Buffer): void => {
      output.push(d.toString());
      const m = /listening on (http:\/\/\S+)/.exec(output.join(''));
      if (m) resolveServed({ child, url: m[1]!, exited, output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((how) => reject(new Error(`serve exited (${String(how)}) before listening: ${output.join('')}`)));
  });
}

it('npm run serve killed with SIGKILL in a burst: every answered request has its row after the restart', async () => {
  const dataDir = tempDir();
  const admin = `sba-crash-${randomBytes(8).toString('hex')}`;
  const env = { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64'), SWITCHBOARD_ADMIN_TOKEN: admin };
  const s = await serve(dataDir, env);
  const call = (path: string, body: unknown) => httpRequest(s.url, path, { method: 'POST', headers: authJson(admin), body: JSON.stringify(body) });
  expect((await call('/api/v1/llm/providers', { id: 'burst', name: 'burst', type: 'openai-compatible', base_url: fake.url, api_key: 'sk-crash-burst-0123456789abcdef' })).status).toBe(200);
  expect((await call('/api/v1/llm/models', { provider_id: 'burst', model_name: 'gpt-fake', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 100_000 })).status).toBe(200);
  const token = readFileSync(join(dataDir, 'default-token'), 'utf8').trim();

  const answered: { id: string }[] = [];
  let running = true;
  const worker = async (w: number): Promise<void> => {
    for (let i = 0; running; i++) {
      const stream = (w + i) % 2 === 0;
      const body = JSON.stringify({ model: 'burst/gpt-fake', stream, messages: [{ role: 'user', content: `w${w} i${i}` }] });
      try {
        const res = await httpRequest(s.url, '/v1/chat/completions', { method: 'POST', headers: authJson(token), body, timeoutMs: 5_000 });
        const whole = res.status === 200 && (stream ? res.text.includes('[DONE]') : res.json?.object === 'chat.completion');
        if (whole) answered.push({ id: String(res.headers['x-switchboard-request-id']) });
      } catch {
        return; // the server is gone
      }
    }
  };
  const workers = Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
  // kill in the middle of the burst, at a point that differs from run to run
  const killAt = 300 + Math.floor(Math.random() * 200);
  while (answered.length < killAt) await new Promise((r) => setTimeout(r, 2));
  s.child.kill('SIGKILL');
  const countAtKill = answered.length;
  running = false;
  expect(await s.exited).toBe('SIGKILL');
  await workers;
  // responses already in the socket buffers when the process died were answered too
  expect(answered.length).toBeGreaterThanOrEqual(countAtKill);

  const again = await serve(dataDir, env);
  try {
    const db = new BetterSqlite3(join(dataDir, 'switchboard.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const have = new Set(db.prepare('SELECT request_id FROM usage_log').pluck().all() as string[]);
      expect(have.size).toBeGreaterThanOrEqual(countAtKill);
      // the proxy records a row before it ends the response, and the journal holds it from then on
      const missing = answered.filter((a) => !have.has(a.id));
      expect(missing, `${missing.length} of ${answered.length} answered requests have no usage row`).toEqual([]);
      expect(again.output.join('')).toMatch(/recovered from the journal/);
      console.log(`kill -9 burst: ${answered.length} answered, ${have.size} rows after restart`);
    } finally {
      db.close();
    }
  } finally {
    again.child.kill('SIGTERM');
    await again.exited;
  }
}, 60_000);
