// What if... runs a slice of the log at a time with a turn of the event loop between (before: one synchronous
// query, then routing and pricing every group, so 150k rows over 29 days held every proxied request for
// 1.3-3.3 s), with the totals of every row; the same what-if asked again while it runs shares that run.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUsageMethods, type UsageMethods } from '../../src/node/service/usage-methods';
import type { UsageRecorder } from '../../src/node/usage/recorder';
import { toUsageRow } from '../../src/node/usage/usage-row';
import { UsageWriter } from '../../src/node/usage/usage-writer';
import { WHAT_IF_SLICE_ROWS } from '../../src/node/usage/what-if';
import { MODELS as FAKE, startHarness, type Harness } from './helpers/app-harness';
import { DAY, model, NOW, snapshotOf, usageApi, usageRecord, type TempDb } from './usage-fixtures';

const MODELS = [
  model('cheap/small', { inputCostPer1m: 0.1, outputCostPer1m: 0.2, quality: 30 }),
  model('best/large', { inputCostPer1m: 10, outputCostPer1m: 30, quality: 90 }),
];
/** five whole slices and a bit: three input sizes, so each size's group is cut across every slice */
const ROWS = 5 * WHAT_IF_SLICE_ROWS + 3;
const sizeOf = (i: number) => 1_000 + (i % 3);
const rowAt = (i: number) => usageRecord({ startedAt: NOW - DAY + i, modelId: 'best/large', inputTokens: sizeOf(i), outputTokens: 100, costUsd: 0.001 });

/** What every row costs on a model of these prices. */
function everyRowOn(inP: number, outP: number, rows = ROWS): number {
  let usd = 0;
  for (let i = 0; i < rows; i++) usd += (sizeOf(i) * inP + 100 * outP) / 1e6;
  return usd;
}

/** Runs `work` while counting the turns of the event loop (setImmediate callbacks) that ran before it settled. */
async function turnsWhile<T>(work: Promise<T>): Promise<{ value: T; turns: number }> {
  let done = false;
  const settled = work.finally(() => {
    done = true;
  });
  let turns = 0;
  while (!done) {
    await new Promise(setImmediate);
    turns++;
  }
  return { value: await settled, turns };
}

describe('over a database of its own', () => {
  let t: TempDb, recorder: UsageRecorder, api: UsageMethods;
  beforeEach(() => {
    ({ t, recorder } = usageApi(MODELS));
    const snapshot = snapshotOf(MODELS);
    api = createUsageMethods({ db: t.db, catalog: { snapshot: () => snapshot }, now: () => new Date(NOW) }, recorder);
    for (let i = 0; i < ROWS; i++) recorder.record(rowAt(i));
  });
  afterEach(() => {
    recorder.close();
    t.cleanup();
  });

  it('gives the event loop a turn at least once every WHAT_IF_SLICE_ROWS rows, and prices every row (before: no turn at all)', async () => {
    const eco = await turnsWhile(api.whatIf({ days: 30, power_level: 'eco' }));
    expect(eco.turns).toBeGreaterThanOrEqual(Math.floor(ROWS / WHAT_IF_SLICE_ROWS));
    expect(eco.value).toMatchObject({ requests: ROWS, unpriced_requests: 0 });
    expect(eco.value.actual_cost_usd).toBeCloseTo(ROWS * 0.001, 12);
    expect(eco.value.hypothetical_cost_usd).toBeCloseTo(everyRowOn(0.1, 0.2), 12);
    const cheap = await turnsWhile(api.whatIf({ days: 30, model: 'cheap/small' }));
    expect(cheap.turns).toBeGreaterThanOrEqual(Math.floor(ROWS / WHAT_IF_SLICE_ROWS));
    expect(cheap.value.hypothetical_cost_usd).toBeCloseTo(everyRowOn(0.1, 0.2), 12);
    // on the model they ran on, what they cost
    expect((await api.whatIf({ days: 30, model: 'best/large' })).hypothetical_cost_usd).toBeCloseTo(ROWS * 0.001, 12);
  });

  it('leaves out the rows written while it runs, so its figures are of one moment', async () => {
    const run = api.whatIf({ days: 30, model: 'cheap/small' });
    await new Promise(setImmediate);
    // in the slice still to come
    recorder.record(usageRecord({ startedAt: NOW - DAY + ROWS, inputTokens: 5_000, costUsd: 1 }));
    recorder.flush();
    expect(await run).toMatchObject({ requests: ROWS });
    expect((await api.whatIf({ days: 30, model: 'cheap/small' })).requests).toBe(ROWS + 1);
  });

  it('the same what-if asked while it runs gets that run\'s answer; another question runs its own', async () => {
    const [a, b, c] = await Promise.all([
      api.whatIf({ days: 30, power_level: 'eco' }), api.whatIf({ days: 30, power_level: 'eco' }), api.whatIf({ days: 30, power_level: 'precision' }),
    ]);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    // precision: the model they ran on, what they cost
    expect(c.hypothetical_cost_usd).toBeCloseTo(ROWS * 0.001, 12);
    // asked once the first has answered: a run of its own
    expect(await api.whatIf({ days: 30, power_level: 'eco' })).not.toBe(a);
  });

  it('the same what-if asked after a request finished gets a run that counts it (before: the running one\'s answer, without it)', async () => {
    const a = api.whatIf({ days: 30, model: 'cheap/small' });
    await new Promise(setImmediate);
    // finished while the first runs, written by the second call's flush
    recorder.record(usageRecord({ startedAt: NOW - DAY + ROWS, inputTokens: 5_000, costUsd: 1 }));
    const b = api.whatIf({ days: 30, model: 'cheap/small' });
    expect((await a).requests).toBe(ROWS);
    expect((await b).requests).toBe(ROWS + 1);
  });
});

describe('in the app', () => {
  let h: Harness;
  const rows = 40 * WHAT_IF_SLICE_ROWS;
  beforeAll(async () => {
    h = await startHarness();
    // written by a second connection, as the recorder writes them
    const db = new Database(join(h.dataDir, 'switchboard.db'));
    try {
      const now = Date.now();
      new UsageWriter(db).write(Array.from({ length: rows }, (_, i) => toUsageRow(usageRecord({
        startedAt: now - DAY + i, modelId: FAKE.anthropic, providerId: 'fa', inputTokens: 1_000 + i, outputTokens: 100, costUsd: 0.001,
      }))));
    } finally {
      db.close();
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers a proxied request sent after a what-if began, before the what-if ends (before: after it)', async () => {
    const order: string[] = [];
    const whatIf = h.app.service.whatIf({ days: 2, power_level: 'eco' }).then((r) => {
      order.push('what-if');
      return r;
    });
    const models = fetch(`${h.url}/v1/models`, { headers: { authorization: `Bearer ${h.token}` } }).then((r) => {
      order.push(`models ${r.status}`);
    });
    const [res] = await Promise.all([whatIf, models]);
    expect(res.requests).toBe(rows);
    expect(order).toEqual(['models 200', 'what-if']);
  });
});

describe('rows that used a token class the scenario model has no price for', () => {
  // 201 rows of one input size, 200 with no output and 1 with 100 output tokens, on a model with no output price
  const unpricedOutput = model('nout/model', { inputCostPer1m: 1, outputCostPer1m: null });
  const rowsAt = (at: (i: number) => number) => Array.from({ length: WHAT_IF_SLICE_ROWS + 1 }, (_, i) => usageRecord({
    startedAt: at(i), modelId: 'best/large', inputTokens: 1_000, outputTokens: i === WHAT_IF_SLICE_ROWS ? 100 : 0, costUsd: 0.001,
  }));

  it.each([
    ['one slice (every row in one millisecond)', () => NOW - DAY],
    ['two slices', (i: number) => NOW - DAY + i],
  ])('only that row is unpriced, in %s (before: one slice made all 201 unpriced)', async (_, at) => {
    const { t, recorder, api } = usageApi([...MODELS, unpricedOutput]);
    try {
      for (const r of rowsAt(at)) recorder.record(r);
      const res = await api.whatIf({ days: 30, model: 'nout/model' });
      expect(res).toMatchObject({ requests: WHAT_IF_SLICE_ROWS + 1, unpriced_requests: 1 });
      expect(res.hypothetical_cost_usd).toBeCloseTo(WHAT_IF_SLICE_ROWS * 0.001 + 0.001, 12);
    } finally {
      recorder.close();
      t.cleanup();
    }
  });
});
