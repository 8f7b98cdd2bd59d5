// The usage CSV over HTTP streams every row of the window, for `days` and for from/to alike: a few
// hundred thousand rows inserted straight into the database all come out (before: the days form kept
// the newest 250,000 without a word, the from/to form built the whole export as one string).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type SwitchboardApp } from '../../src/node/app';
import { USAGE_CSV_MAX_ROWS } from '../../src/shared/usage-types';

const ROWS = 300_000;
const DAY = 86_400_000;
let app: SwitchboardApp;
let dataDir: string;
let today: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sb-csv-stream-'));
  app = await createApp({
    dataDir, port: 0, log: () => {},
    env: { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
    limits: { testProvidersOnChange: false },
  });
  // the app's own rows in one transaction on a second connection: fast, and the export reads them as stored
  const db = new Database(join(dataDir, 'switchboard.db'));
  const now = Date.now();
  const start = Math.floor(now / DAY) * DAY;
  today = new Date(start).toISOString().slice(0, 10);
  const ins = db.prepare(`INSERT INTO usage_log (request_id, started_at, day, user_id, inbound_api, endpoint, requested_model,
    model_id, provider_id, stream, input_tokens, cached_input_tokens, cache_creation_input_tokens, cache_write_1h_input_tokens,
    output_tokens, reasoning_tokens, cost_usd, price_unknown, estimated, latency_ms, status)
    VALUES (?, ?, ?, 'default', 'chat', 'chat', 'fo/cheap', 'fo/cheap', 'fo', 0, 10, 0, 0, 0, 5, 0, 0.000001, 0, 0, 1, 200)`);
  // many rows share a millisecond: paging must neither skip nor repeat them
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) ins.run(`big${i}`, start + Math.floor(i / 7), today);
  })();
  db.close();
}, 120_000);

afterAll(async () => {
  await app?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Reads the body chunk by chunk, keeping only counts and the first and last ids: no whole-body string. */
async function scan(path: string): Promise<{ status: number; headers: Headers; lines: number; first: string; last: string; chunks: number; distinctOk: boolean }> {
  const res = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${app.adminToken}` } });
  const decoder = new TextDecoder();
  let rest = '';
  let lines = 0;
  let first = '';
  let last = '';
  let chunks = 0;
  let expected = 0;
  let distinctOk = true;
  for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
    chunks++;
    const text = rest + decoder.decode(part, { stream: true });
    const parts = text.split('\n');
    rest = parts.pop()!;
    for (const line of parts) {
      lines++;
      if (lines === 1) continue;
      const id = line.slice(0, line.indexOf(','));
      if (lines === 2) {
        first = id;
        expected = Number(id.slice(3));
      }
      // oldest first, each row once, none skipped
      if (id !== `big${expected}`) distinctOk = false;
      expected++;
      last = id;
    }
  }
  expect(rest).toBe('');
  return { status: res.status, headers: res.headers, lines, first, last, chunks, distinctOk };
}

describe('GET /api/v1/llm/usage/export streams every row', () => {
  it('gives all rows for days=N, more than the one-string cap, in many chunks', async () => {
    expect(ROWS).toBeGreaterThan(USAGE_CSV_MAX_ROWS);
    const r = await scan('/api/v1/llm/usage/export?days=1');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    expect(r.headers.get('x-switchboard-truncated')).toBeNull();
    expect(r.lines).toBe(ROWS + 1);
    expect([r.first, r.last]).toEqual(['big0', `big${ROWS - 1}`]);
    expect(r.distinctOk).toBe(true);
    expect(r.chunks).toBeGreaterThan(10);
  }, 120_000);

  it('gives all rows for from/to', async () => {
    const r = await scan(`/api/v1/llm/usage/export?from=${today}&to=${today}`);
    expect(r.lines).toBe(ROWS + 1);
    expect(r.distinctOk).toBe(true);
  }, 120_000);

  it('keeps the newest max_rows rows when asked, and says how many it left out', async () => {
    const r = await scan(`/api/v1/llm/usage/export?from=${today}&to=${today}&max_rows=1000`);
    expect(r.lines).toBe(1001);
    expect([r.first, r.last]).toEqual([`big${ROWS - 1000}`, `big${ROWS - 1}`]);
    expect(r.distinctOk).toBe(true);
    expect(r.headers.get('x-switchboard-truncated')).toBe(String(ROWS - 1000));
    expect((await fetch(`${app.url}/api/v1/llm/usage/export?days=1&max_rows=0`, { headers: { authorization: `Bearer ${app.adminToken}` } })).status).toBe(400);
  }, 120_000);

  it('caps the one-string export (IPC) for both forms alike, the newest rows kept', async () => {
    for (const input of [{ days: 1 }, { from: today, to: today }]) {
      const csv = await app.service.exportUsageCsv(input);
      const lines = csv.trimEnd().split('\n');
      expect(lines).toHaveLength(USAGE_CSV_MAX_ROWS + 1);
      expect(lines[1]!.startsWith(`big${ROWS - USAGE_CSV_MAX_ROWS},`)).toBe(true);
      expect(lines.at(-1)!.startsWith(`big${ROWS - 1},`)).toBe(true);
    }
  }, 120_000);
});
