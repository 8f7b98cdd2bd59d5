// Usage analytics through the admin methods, on a real database: summary totals and breakdowns, days
// validation, CSV export, what-if re-pricing, alerts and credits.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeCostUsd } from '../../src/core/pricing';
import { routeRequest } from '../../src/core/routing';
import type { UsageRecord } from '../../src/core/usage-record';
import { createUsageMethods, type UsageMethods } from '../../src/node/service/usage-methods';
import { CSV_COLUMNS, csvLines, daysWindow, exportCsv } from '../../src/node/usage/analytics';
import { UsageRecorder } from '../../src/node/usage/recorder';
import { AdminError } from '../../src/shared/contract';
import { addUser, model, snapshotOf, tempDb, usageRecord, type TempDb } from './usage-fixtures';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 4, 15, 12, 0, 0);
const dayKey = (daysAgo: number): string => new Date(NOW - daysAgo * DAY).toISOString().slice(0, 10);

const MODELS = [
  model('cheap/small', { inputCostPer1m: 0.1, outputCostPer1m: 0.2, contextLength: 8_000, quality: 30 }),
  model('mid/medium', { inputCostPer1m: 1, outputCostPer1m: 2, contextLength: 128_000, quality: 60,
    cachedInputCostPer1m: 0.25 }),
  model('best/large', { inputCostPer1m: 10, outputCostPer1m: 30, contextLength: 200_000, quality: 90 }),
  model('cheap/embed', { inputCostPer1m: 0.02, outputCostPer1m: 0, contextLength: 8_000, caps: ['embeddings'] }),
  model('off/tiny', { inputCostPer1m: 0.001, outputCostPer1m: 0.001, contextLength: 1_000_000, enabled: false }),
  model('gone/free', { inputCostPer1m: 0, outputCostPer1m: 0, contextLength: 1_000_000 }),
];

let t: TempDb;
let recorder: UsageRecorder;
let api: UsageMethods;

beforeEach(() => {
  t = tempDb();
  recorder = new UsageRecorder(t.db, { now: () => NOW, flushIntervalMs: 60_000 });
  api = createUsageMethods({
    db: t.db,
    catalog: { snapshot: () => snapshotOf(MODELS, ['gone']) },
    now: () => new Date(NOW),
  }, recorder);
});

afterEach(() => {
  recorder.close();
  t.cleanup();
});

async function rejection(p: Promise<unknown>): Promise<AdminError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(AdminError);
  return e as AdminError;
}

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

describe('whatIf', () => {
  beforeEach(() => {
    const r = (input: number, output: number, over: Partial<UsageRecord> = {}) =>
      recorder.record(usageRecord({ startedAt: NOW - DAY, inputTokens: input, outputTokens: output, costUsd: 1, ...over }));
    r(1_000, 100);
    r(100_000, 1_000, { cachedInputTokens: 40_000 });
    r(300_000, 10);
    r(500, 0, { endpoint: 'embeddings' });
    r(50, 0, { endpoint: 'count_tokens', costUsd: 0 });
    r(1_000, 100, { startedAt: NOW - 40 * DAY, costUsd: 50 });
  });
  const cost = (input: number, output: number, inP: number, outP: number) => (input * inP + output * outP) / 1e6;

  it('prices every request on one model, counting those it cannot serve', async () => {
    const res = await api.whatIf({ days: 30, model: 'cheap/small' });
    expect(res).toMatchObject({ days: 30, requests: 4, unpriced_requests: 3, scenario: 'model cheap/small' });
    expect(res.actual_cost_usd).toBeCloseTo(4, 12);
    expect(res.hypothetical_cost_usd).toBeCloseTo(cost(1_000, 100, 0.1, 0.2) + 3, 12);
  });

  it('uses the cached-input price where the model has one', async () => {
    const res = await api.whatIf({ days: 30, model: 'mid/medium' });
    expect(res.unpriced_requests).toBe(2);
    const cached = (60_000 * 1 + 40_000 * 0.25 + 1_000 * 2) / 1e6;
    expect(res.hypothetical_cost_usd).toBeCloseTo(cost(1_000, 100, 1, 2) + cached + 2, 12);
  });

  it('prices each request on the model the router would pick at a power level', async () => {
    const emb = cost(500, 0, 0.02, 0);
    const eco = await api.whatIf({ days: 30, power_level: 'eco' });
    expect(eco).toMatchObject({ requests: 4, unpriced_requests: 1, scenario: 'power level eco' });
    expect(eco.hypothetical_cost_usd).toBeCloseTo(
      cost(1_000, 100, 0.1, 0.2) + (60_000 + 40_000 * 0.25 + 1_000 * 2) / 1e6 + 1 + emb, 12);
    const precision = await api.whatIf({ days: 30, power_level: 'precision' });
    expect(precision.hypothetical_cost_usd).toBeCloseTo(
      cost(1_000, 100, 10, 30) + cost(100_000, 1_000, 10, 30) + 1 + emb, 12);
    // balanced: whatever the router itself ranks first for each logged request size
    const balanced = await api.whatIf({ days: 30, power_level: 'balanced' });
    const pick = (input: number) => routeRequest({
      snapshot: snapshotOf(MODELS, ['gone']), requestedModel: 'balanced', monthSpentUsd: 0, now: NOW,
      profile: { id: 'p', name: 'p', powerLevel: 'balanced', monthlyCapUsd: null, creditBalanceUsd: null,
        preferredModels: [], privacyGuard: 'off', byokProviders: new Set(), createdAt: '' },
      health: { isCoolingDown: () => false },
      needs: { estimatedInputTokens: input, maxOutputTokens: undefined, capabilities: ['chat'], secretsFound: [] },
    }).candidates[0]?.model;
    const [m1, m2] = [pick(1_000), pick(100_000)];
    expect(m1 && m2).toBeTruthy();
    if (!m1 || !m2) return;
    expect(balanced.hypothetical_cost_usd).toBeCloseTo(
      computeCostUsd(m1, { inputTokens: 1_000, outputTokens: 100 }) +
      computeCostUsd(m2, { inputTokens: 100_000, outputTokens: 1_000, cachedInputTokens: 40_000 }) + 1 + emb, 12);
    expect(balanced.unpriced_requests).toBe(1);
  });

  it('honours the day window', async () => {
    const res = await api.whatIf({ days: 366, model: 'best/large' });
    expect(res.requests).toBe(5);
    expect(res.actual_cost_usd).toBeCloseTo(54, 12);
  });

  it('validates its input', async () => {
    expect((await rejection(api.whatIf({ days: 30, model: 'nope/nope' }))).field).toBe('model');
    expect((await rejection(api.whatIf({ days: 30 }))).field).toBe('model');
    expect((await rejection(api.whatIf({ days: 30, model: 'cheap/small', power_level: 'eco' }))).field).toBe('model');
    expect((await rejection(api.whatIf({ days: 30, power_level: 'turbo' as never }))).field).toBe('power_level');
    expect((await rejection(api.whatIf({ days: 0, power_level: 'eco' }))).field).toBe('days');
    expect((await api.whatIf({ days: 30, model: 'small' })).scenario).toBe('model cheap/small');
  });
});

describe('getAlerts', () => {
  function provider(id: string, enabled: boolean, failures: number): void {
    const at = new Date(NOW).toISOString();
    t.db.prepare(`INSERT INTO providers (id, name, type, base_url, enabled, priority, created_at, updated_at)
                  VALUES (?, ?, 'openai-compatible', 'http://127.0.0.1:1/v1', ?, 0, ?, ?)`).run(id, id, enabled ? 1 : 0, at, at);
    t.db.prepare(`INSERT INTO provider_health (provider_id, status, consecutive_failures, message)
                  VALUES (?, 'unhealthy', ?, 'connect ECONNREFUSED')`).run(id, failures);
  }

  it('reports a spend spike against the 7-day average, but not normal spend', async () => {
    for (let d = 1; d <= 7; d++) recorder.record(usageRecord({ startedAt: NOW - d * DAY, costUsd: 0.1 }));
    recorder.record(usageRecord({ startedAt: NOW, costUsd: 0.15 }));
    expect(await api.getAlerts()).toEqual([]);
    recorder.record(usageRecord({ startedAt: NOW, costUsd: 0.1 }));
    const [spike, ...rest] = await api.getAlerts();
    expect(rest).toEqual([]);
    expect(spike).toMatchObject({ kind: 'spend_spike', severity: 'warning', subject: 'spend', id: `spend_spike:${dayKey(0)}` });
    expect(spike?.message).toContain('$0.25');
  });

  it('averages only over the days since the first usage, and needs 3 of them', async () => {
    // a fresh install: today is its first day of use, nothing to compare with
    recorder.record(usageRecord({ startedAt: NOW, costUsd: 5 }));
    expect(await api.getAlerts()).toEqual([]);
    // two days of history are still too few
    recorder.record(usageRecord({ startedAt: NOW - 2 * DAY, costUsd: 1 }));
    expect(await api.getAlerts()).toEqual([]);
    // three days at $1 a day (the days before the first use are no $0 days): $5 today is 5x, not 5 / (3/7)
    recorder.record(usageRecord({ startedAt: NOW - 3 * DAY, costUsd: 1 }));
    recorder.record(usageRecord({ startedAt: NOW - 2 * DAY, costUsd: 1 }));
    const [spike] = await api.getAlerts();
    expect(spike?.message).toBe('Spend today is $5.00, 5.0x the daily average of $1.00 over the last 3 days');
  });

  it('gives no spike when the history cost nothing', async () => {
    for (let d = 1; d <= 7; d++) recorder.record(usageRecord({ startedAt: NOW - d * DAY, costUsd: 0 }));
    recorder.record(usageRecord({ startedAt: NOW, costUsd: 3 }));
    expect(await api.getAlerts()).toEqual([]);
  });

  it('ignores tiny spend', async () => {
    recorder.record(usageRecord({ startedAt: NOW, costUsd: 0.009 }));
    expect(await api.getAlerts()).toEqual([]);
  });

  it('reports enabled providers failing 3+ times in a row', async () => {
    provider('cheap', true, 3);
    provider('mid', true, 2);
    provider('gone', true, 9);
    const list = await api.getAlerts();
    expect(list.map((a) => [a.kind, a.subject])).toEqual([['provider_failing', 'cheap']]);
    expect(list[0]?.message).toContain('3 times');
  });

  it('reports profiles at 80% and 100% of their monthly cap', async () => {
    addUser(t.db, 'near', { cap: 10 });
    addUser(t.db, 'over', { cap: 10 });
    addUser(t.db, 'fine', { cap: 10 });
    // a $0 cap refuses every request: it is reached, not "no cap"
    addUser(t.db, 'zero', { cap: 0 });
    const again = new UsageRecorder(t.db, { now: () => NOW });
    const a = createUsageMethods({ db: t.db, catalog: { snapshot: () => snapshotOf(MODELS) }, now: () => new Date(NOW) },
      again);
    // spread over the month so today's spend is not a spike
    for (const [user, cost] of [['near', 8.5], ['over', 10], ['fine', 7.9]] as const) {
      again.record(usageRecord({ userId: user, startedAt: NOW - 14 * DAY, costUsd: cost }));
    }
    const list = await a.getAlerts();
    again.close();
    expect(list.map((x) => [x.kind, x.subject, x.severity])).toEqual([
      ['cap_80', 'near', 'warning'], ['cap_100', 'over', 'critical'], ['cap_100', 'zero', 'critical'],
    ]);
    expect(list.at(-1)?.message).toBe('ZERO has a $0 monthly cap: its requests are refused until the cap is raised');
  });
});

describe('getCredits', () => {
  it('reports balance, cap, month spend and what remains, defaulting to the default profile', async () => {
    t.db.prepare("UPDATE users SET monthly_cap_usd = 10, credit_balance_usd = 5 WHERE id = 'default'").run();
    recorder.noteCreditBalanceSet('default', 5);
    recorder.record(usageRecord({ startedAt: NOW, costUsd: 1.5 }));
    recorder.record(usageRecord({ startedAt: NOW - 20 * DAY, costUsd: 2 }));
    expect(await api.getCredits({})).toEqual({
      user_id: 'default', credit_balance_usd: 1.5, monthly_cap_usd: 10, spent_this_month_usd: 1.5, unpriced_requests_this_month: 0,
      remaining_usd: 1.5, power_level: 'balanced',
    });
    t.db.prepare("UPDATE users SET credit_balance_usd = 100 WHERE id = 'default'").run();
    recorder.noteCreditBalanceSet('default', 100);
    expect((await api.getCredits({ user_id: 'default' })).remaining_usd).toBeCloseTo(8.5, 12);
  });

  it('returns null remaining when neither cap nor balance is set, and 404 for an unknown user', async () => {
    addUser(t.db, 'free');
    expect(await api.getCredits({ user_id: 'free' })).toMatchObject({ remaining_usd: null, credit_balance_usd: null });
    const e = await rejection(api.getCredits({ user_id: 'ghost' }));
    expect(e.status).toBe(404);
  });
});
