// Durability: a process records usage and is killed with SIGKILL 1.2 s after its last record. Every row
// must be on disk and the file intact: the flush is bounded in time and each batch is one transaction.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { tempDb, type TempDb } from './usage-fixtures';

const ROOT = resolve(__dirname, '../..');
const ROWS = 1_234;
let t: TempDb;

afterEach(() => t?.cleanup());

const CHILD = (file: string) => `
import { openDatabase } from ${JSON.stringify(join(ROOT, 'src/node/db'))};
import { UsageRecorder } from ${JSON.stringify(join(ROOT, 'src/node/usage/recorder'))};
const db = openDatabase(${JSON.stringify(file)});
const recorder = new UsageRecorder(db);
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
  else console.log('LAST');
}
burst();
`;

it('keeps every recorded row across a kill -9 1.2 s after the last record', async () => {
  t = tempDb();
  t.db.close();
  const script = join(t.dir, 'child.ts');
  writeFileSync(script, CHILD(t.file));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exit = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, signal) => res(signal)));
  await new Promise<void>((res, rej) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('LAST')) res();
    });
    child.on('exit', () => rej(new Error(`child exited early: ${stderr}`)));
  });
  await new Promise((res) => setTimeout(res, 1_200));
  child.kill('SIGKILL');
  expect(await exit).toBe('SIGKILL');

  const db = new BetterSqlite3(t.file);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = db.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT request_id) AS d FROM usage_log').get();
    expect(rows).toEqual({ n: ROWS, d: ROWS });
    expect(db.prepare('SELECT SUM(requests) AS n FROM usage_daily').get()).toEqual({ n: ROWS });
  } finally {
    db.close();
  }
}, 30_000);
