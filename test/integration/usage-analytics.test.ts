// Usage analytics through the admin methods, on a real database: summary totals and breakdowns, days
// validation, CSV export. What-if re-pricing: usage-analytics-what-if; alerts and credits: usage-analytics-alerts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UsageRecord } from '../../src/core/usage-record';
import type { UsageMethods } from '../../src/node/service/usage-methods';
import { CSV_COLUMNS, csvLines, daysWindow, exportCsv } from '../../src/node/usage/analytics';
import type { UsageRecorder } from '../../src/node/usage/recorder';
import {
  ANALYTICS_MODELS as MODELS, DAY, dayKey, NOW, rejection, usageApi, usageRecord, type TempDb,
} from './usage-fixtures';

let t: TempDb, recorder: UsageRecorder, api: UsageMethods;
beforeEach(() => { ({ t, recorder, api } = usageApi(MODELS, ['gone'])); });
afterEach(() => { recorder.close(); t.cleanup(); });

describe('getUsage', () => {
  const rows: UsageRecord[] = [
    usageRecord({ startedAt: NOW - 1_000, userId: 'default', providerId: 'openai', modelId: 'openai/a',
      inputTokens: 1000, outputTokens: 200, costUsd: 0.0123456789, latencyMs: 100 }),
    usageRecord({ startedAt: NOW - 2_000, userId: 'alice', providerId: 'openai', modelId: 'openai/b',
      inputTokens: 10, outputTokens: 20, costUsd: 0.1, latencyMs: 300, status: 502, errorKind: 'server' }),
    usageRecord({ startedAt: NOW - DAY, userId: 'alice', providerId: 'anthropic', modelId: 'anthropic/c',
      inputTokens: 5000, outputTokens: 1, costUsd: 1.7, latencyMs: 1000 }),
    usageRecord({ startedAt: NOW - 6 * DAY, userId: 'bob', providerId: 'anthropic', modelId: 'anthropic/c',
      inputTokens: 7, outputTokens: 3, costUsd: 0.3333333333, latencyMs: 50 }),
    usageRecord({ startedAt: NOW - 3 * DAY, userId: 'bob', providerId: null, modelId: null,
      inputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 2, status: 402, errorKind: 'budget' }),
    // outside a 7-day window, inside a 30-day one
    usageRecord({ startedAt: NOW - 7 * DAY, userId: 'bob', providerId: 'openai', modelId: 'openai/a',
      inputTokens: 1, outputTokens: 1, costUsd: 99, latencyMs: 1 }),
  ];

  function expected(days: number, key: (r: UsageRecord) => string) {
    const since = NOW - (NOW % DAY) - (days - 1) * DAY;
    const m = new Map<string, { requests: number; input_tokens: number; output_tokens: number; cost_usd: number }>();
    for (const r of rows.filter((x) => x.startedAt >= since)) {
      const e = m.get(key(r)) ?? { requests: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 };
      e.requests++;
      e.input_tokens += r.inputTokens;
      e.output_tokens += r.outputTokens;
      e.cost_usd += r.costUsd ?? 0;
      m.set(key(r), e);
    }
    return m;
  }

  it('sums totals and every breakdown exactly for a known set of rows', async () => {
    for (const r of rows) recorder.record(r);
    const s = await api.getUsage({ days: 7 });
    const all = expected(7, () => 'all').get('all');
    expect(s.days).toBe(7);
    expect(s.total_requests).toBe(5);
    expect(s.requests).toBe(5);
    expect(s.total_input_tokens).toBe(all?.input_tokens);
    expect(s.total_output_tokens).toBe(all?.output_tokens);
    expect(Math.abs((s.total_cost_usd ?? NaN) - (all?.cost_usd ?? NaN))).toBeLessThan(1e-9);
    expect(s.cost_usd).toBe(s.total_cost_usd);

    const check = (list: { requests: number; cost_usd: number | null; input_tokens: number; output_tokens: number }[],
      name: (e: never) => string, key: (r: UsageRecord) => string) => {
      const want = expected(7, key);
      expect(list.length).toBe(want.size);
      for (const e of list) {
        const w = want.get(name(e as never));
        expect(w, name(e as never)).toBeDefined();
        expect(e.requests).toBe(w?.requests);
        expect(e.input_tokens).toBe(w?.input_tokens);
        expect(e.output_tokens).toBe(w?.output_tokens);
        expect(Math.abs((e.cost_usd ?? 0) - (w?.cost_usd ?? NaN))).toBeLessThan(1e-9);
      }
    };
    check(s.by_provider, (e: { provider: string }) => e.provider, (r) => r.providerId ?? '(none)');
    check(s.by_model, (e: { model: string }) => e.model, (r) => r.modelId ?? '(none)');
    check(s.by_user, (e: { user_id: string }) => e.user_id, (r) => r.userId);
    check(s.by_day.filter((d) => d.requests > 0), (e: { day: string }) => e.day, (r) => new Date(r.startedAt).toISOString().slice(0, 10));
    check(s.by_day_provider, (e: { day: string; provider: string }) => `${e.day}|${e.provider}`,
      (r) => `${new Date(r.startedAt).toISOString().slice(0, 10)}|${r.providerId ?? '(none)'}`);
    // the costliest first
    expect(s.by_user.map((u) => u.user_id)).toEqual(['alice', 'bob', 'default']);
  });

  it('lists every day of the range, zero-filled, with errors and average latency', async () => {
    for (const r of rows) recorder.record(r);
    const s = await api.getUsage({ days: '7' });
    expect(s.by_day.map((d) => d.day)).toEqual([6, 5, 4, 3, 2, 1, 0].map(dayKey));
    const today = s.by_day[6];
    expect(today).toMatchObject({ requests: 2, errors: 1, avg_latency_ms: 200 });
    // a refusal (402, no provider reached) counts as a request but not toward the latency average
    expect(s.by_day[3]).toMatchObject({ requests: 1, errors: 1, avg_latency_ms: null });
    expect(s.by_day[1]).toEqual({ day: dayKey(5), requests: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0,
      unpriced_requests: 0, errors: 0, avg_latency_ms: null });
    expect(s.by_day[3]).toMatchObject({ day: dayKey(3), requests: 1, errors: 1 });
    const wide = await api.getUsage({ days: 30 });
    expect(wide.by_day).toHaveLength(30);
    expect(wide.total_requests).toBe(6);
    expect((await api.getUsage({})).days).toBe(7);
    // a refusal today leaves today's latency average as it was
    recorder.record(usageRecord({ startedAt: NOW - 500, userId: 'bob', providerId: null, modelId: null,
      inputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 1, status: 429, errorKind: 'budget_in_flight' }));
    expect((await api.getUsage({ days: '7' })).by_day[6]).toMatchObject({ requests: 3, errors: 2, avg_latency_ms: 200 });
  });

  it.each(['0', '367', 'abc', '1.5', 1.5, 0, 367, -1, '', ' ', '7d', true])('rejects days=%j with 400', async (days) => {
    const e = await rejection(api.getUsage({ days: days as never }));
    expect(e.status).toBe(400);
    expect(e.field).toBe('days');
    const e2 = await rejection(api.exportUsageCsv({ days: days as never }));
    expect(e2.field).toBe('days');
  });

  it.each([1, '1', 366, '366', '030'])('accepts days=%j', async (days) => {
    await expect(api.getUsage({ days })).resolves.toMatchObject({ days: Number(days) });
  });
});

/** RFC 4180 reader, enough to check what we write. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); out.push(row); row = []; field = ''; }
    else field += c;
  }
  expect(field).toBe('');
  return out;
}

describe('exportUsageCsv', () => {
  it('writes a header and one quoted, injection-safe line per request', async () => {
    recorder.record(usageRecord({ requestId: 'r1', startedAt: NOW - 5_000, requestedModel: 'a,b "c"\nd',
      costUsd: 0.0000001, stream: true, ttfbMs: null }));
    recorder.record(usageRecord({ requestId: 'r2', startedAt: NOW - 4_000, requestedModel: '=HYPERLINK("x")',
      userId: '+1', tokenId: '-2', modelId: '@x', status: 500, errorKind: 'server',
      failedAttempts: [{ model: 'm', kind: 'server', status: 500, message: 'x', latencyMs: 5 }, { model: 'n', kind: 'timeout', status: null, message: 'y', latencyMs: 5 }] }));
    recorder.record(usageRecord({ requestId: 'old', startedAt: NOW - 40 * DAY }));
    const csv = await api.exportUsageCsv({ days: '30' });
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    const col = (r: string[] | undefined, name: (typeof CSV_COLUMNS)[number]) => r?.[CSV_COLUMNS.indexOf(name)];
    const [, r1, r2] = rows;
    expect(col(r1, 'request_id')).toBe('r1');
    expect(col(r1, 'time')).toBe(new Date(NOW - 5_000).toISOString());
    expect(col(r1, 'requested_model')).toBe('a,b "c"\nd');
    expect(col(r1, 'cost_usd')).toBe('0.0000001');
    expect(col(r1, 'stream')).toBe('true');
    expect(col(r1, 'ttfb_ms')).toBe('');
    expect(col(r1, 'failed_attempts')).toBe('0');
    expect(col(r2, 'requested_model')).toBe(`'=HYPERLINK("x")`);
    expect(col(r2, 'user_id')).toBe("'+1");
    expect(col(r2, 'token_id')).toBe("'-2");
    expect(col(r2, 'model_id')).toBe("'@x");
    expect(col(r2, 'status')).toBe('500');
    expect(col(r2, 'error_kind')).toBe('server');
    expect(col(r2, 'failed_attempts')).toBe('2');
    expect(csv).toContain('"a,b ""c""\nd"');
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
  });

  it('streams the same lines through csvLines', async () => {
    for (let i = 0; i < 5; i++) recorder.record(usageRecord({ startedAt: NOW - i * 1000 }));
    const whole = await api.exportUsageCsv({});
    expect([...csvLines(t.db, 30, new Date(NOW))].join('')).toBe(whole);
    expect(whole.split('\n')).toHaveLength(7);
  });

  it('builds a large export a page at a time, letting the event loop run between pages', async () => {
    for (let i = 0; i < 5000; i++) recorder.record(usageRecord({ requestId: `big${i}`, startedAt: NOW - 60_000 + i }));
    recorder.flush();
    let done = false;
    let timerRanFirst: boolean | undefined;
    setTimeout(() => (timerRanFirst = !done), 0);
    const text = await api.exportUsageCsv({ days: 1 });
    done = true;
    expect(text.split('\n').length).toBeGreaterThan(5000);
    expect(timerRanFirst).toBe(true);
  });

  it('keeps the newest rows when capped', async () => {
    for (let i = 0; i < 5; i++) recorder.record(usageRecord({ requestId: `c${i}`, startedAt: NOW - (5 - i) * 1000 }));
    recorder.flush();
    const capped = await exportCsv(t.db, daysWindow(30, new Date(NOW)), 3);
    expect(parseCsv(capped.csv).slice(1).map((r) => r[0])).toEqual(['c2', 'c3', 'c4']);
    expect(capped.truncatedRows).toBe(2);
    // the service's cap (max_rows, never above USAGE_CSV_MAX_ROWS) holds for from/to as for days
    const day = new Date(NOW).toISOString().slice(0, 10);
    for (const range of [{ days: 1 }, { from: day, to: day }]) {
      const text = await api.exportUsageCsv({ ...range, max_rows: 2 });
      expect(parseCsv(text).slice(1).map((r) => r[0])).toEqual(['c3', 'c4']);
    }
  });
});
