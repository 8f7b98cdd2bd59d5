// The usage export says which days it holds whole: retention prunes the request log (one CSV line per logged
// request) but keeps the daily totals, so an export reaching past usage_retention_days has fewer lines than the
// range's requests. GET /usage/export answers `x-switchboard-log-from: <first whole day>` and GET /usage gives
// `log_from`, for `days` and from/to alike, only when the range starts before that day (before: no hint; with
// 200k rows over 90 days kept 7, /usage?days=90 counted 198,649 requests and the export held 16,367 lines).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { handleAdmin } from '../../src/node/proxy/admin-routes';
import { createUsageCsvStream } from '../../src/node/service/usage-methods';
import type { UsageRecorder } from '../../src/node/usage/recorder';
import type { AdminService } from '../../src/shared/contract';
import { DAY, dayKey, model, NOW, usageApi, usageRecord, type TempDb } from './usage-fixtures';

const HOUR = 3_600_000;
const TOKEN = 'admin-token-log-from';
let t: TempDb, recorder: UsageRecorder, server: http.Server, base: string;

beforeEach(async () => {
  let api;
  ({ t, recorder, api } = usageApi([model('cheap/small')]));
  const streams = { exportUsageCsv: createUsageCsvStream({ db: t.db, now: () => new Date(NOW) }, recorder) };
  server = http.createServer((req, res) => {
    void handleAdmin(req, res, new URL(req.url ?? '/', 'http://127.0.0.1'), api as unknown as AdminService, TOKEN, () => {}, streams);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/llm`;
  // two requests a day (11:00 and 11:30 UTC) on the last 40 days
  for (let d = 39; d >= 0; d--) {
    for (const at of [NOW - d * DAY - HOUR, NOW - d * DAY - HOUR / 2]) recorder.record(usageRecord({ startedAt: at, costUsd: 1 }));
  }
  recorder.flush();
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  recorder.close();
  t.cleanup();
});

async function exportOf(query: string): Promise<{ logFrom: string | null; rows: number }> {
  const res = await fetch(`${base}/usage/export?${query}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return { logFrom: res.headers.get('x-switchboard-log-from'), rows: (await res.text()).split('\n').length - 2 };
}

async function summaryOf(query: string): Promise<{ total_requests: number; log_from: string | null }> {
  const res = await fetch(`${base}/usage?${query}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return res.json() as Promise<{ total_requests: number; log_from: string | null }>;
}

it('a range reaching past what retention kept says the first day the log holds whole, in the export and the summary', async () => {
  // kept 7 days, pruned at 11:15: the day 7 days ago keeps its 11:30 request only, so the log is whole from 6 days ago
  expect(recorder.prune(7, NOW - HOUR * 0.75)).toBe(65);
  expect(await exportOf('days=30')).toEqual({ logFrom: dayKey(6), rows: 15 });
  expect(await summaryOf('days=30')).toMatchObject({ total_requests: 60, log_from: dayKey(6) });
  // from/to: a window ending before that day holds none of it whole; one starting on it holds every request
  expect(await exportOf(`from=${dayKey(20)}&to=${dayKey(10)}`)).toEqual({ logFrom: dayKey(6), rows: 0 });
  expect(await summaryOf(`from=${dayKey(20)}&to=${dayKey(10)}`)).toMatchObject({ total_requests: 22, log_from: dayKey(6) });
  expect(await exportOf(`from=${dayKey(8)}&to=${dayKey(2)}`)).toEqual({ logFrom: dayKey(6), rows: 11 });
  expect(await exportOf(`from=${dayKey(6)}&to=${dayKey(0)}`)).toEqual({ logFrom: null, rows: 14 });
  expect(await summaryOf(`from=${dayKey(6)}&to=${dayKey(0)}`)).toMatchObject({ total_requests: 14, log_from: null });
  // within what the log keeps: no header, log_from null
  expect(await exportOf('days=6')).toEqual({ logFrom: null, rows: 12 });
  expect(await summaryOf('days=6')).toMatchObject({ total_requests: 12, log_from: null });
});

it('a log holding every request of the range says nothing, however far back the range reaches', async () => {
  expect(recorder.prune(365, NOW)).toBe(0);
  expect(await exportOf('days=366')).toEqual({ logFrom: null, rows: 80 });
  expect(await summaryOf('days=366')).toMatchObject({ total_requests: 80, log_from: null });
  expect(await exportOf(`from=${dayKey(100)}&to=${dayKey(30)}`)).toEqual({ logFrom: null, rows: 20 });
});

it('a window whose days had no requests before the first whole day says nothing: its export is whole (review of f558a13)', async () => {
  expect(recorder.prune(7, NOW - HOUR * 0.75)).toBe(65);
  // long before any traffic: no day of it had a request the log lost
  expect(await exportOf(`from=${dayKey(200)}&to=${dayKey(150)}`)).toEqual({ logFrom: null, rows: 0 });
  expect(await summaryOf(`from=${dayKey(200)}&to=${dayKey(150)}`)).toMatchObject({ total_requests: 0, log_from: null });
  // one reaching into the pruned days still says so
  expect(await summaryOf(`from=${dayKey(200)}&to=${dayKey(30)}`)).toMatchObject({ total_requests: 20, log_from: dayKey(6) });
});
