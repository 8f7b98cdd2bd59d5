// What-if with the proxy's own per-class pricing: a Claude Code month re-priced on another model counts its
// cache reads and writes at that model's prices (and its long-context tier); requests whose actual cost is
// unknown are left out of both totals rather than counted as $0.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createUsageMethods, type UsageMethods } from '../../src/node/service/usage-methods';
import { UsageRecorder } from '../../src/node/usage/recorder';
import { routingOrder } from '../../src/core/routing/routing-order';
import { model, snapshotOf, tempDb, usageRecord, type TempDb } from './usage-fixtures';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 4, 15, 12, 0, 0);

const MODELS = [
  // Sonnet-like: every class priced, long-context tier above 200k
  model('an/sonnet', {
    inputCostPer1m: 3, outputCostPer1m: 15, cachedInputCostPer1m: 0.3, cacheWrite5mCostPer1m: 3.75, cacheWrite1hCostPer1m: 6,
    contextLength: 1_000_000,
    longContext: [{ abovePromptTokens: 200_000, inputCostPer1m: 6, outputCostPer1m: 22.5, cachedInputCostPer1m: 0.6, cacheWrite5mCostPer1m: 7.5, cacheWrite1hCostPer1m: 12 }],
  }),
  // no cache prices: reads and writes at the input rate
  model('plain/model', { inputCostPer1m: 1, outputCostPer1m: 2, contextLength: 1_000_000 }),
  model('mystery/model', { inputCostPer1m: null, outputCostPer1m: null, contextLength: 1_000_000 }),
];

let t: TempDb;
let recorder: UsageRecorder;
let api: UsageMethods;
beforeEach(() => {
  t = tempDb();
  recorder = new UsageRecorder(t.db, { now: () => NOW, flushIntervalMs: 60_000 });
  api = createUsageMethods({ db: t.db, catalog: { snapshot: () => snapshotOf(MODELS) }, now: () => new Date(NOW) }, recorder);
  const turn = { startedAt: NOW - DAY, endpoint: 'messages' as const, costUsd: 0.5 };
  // two identical Claude Code turns (one group), and one past the long-context threshold
  for (let i = 0; i < 2; i++) {
    recorder.record(usageRecord({ ...turn, inputTokens: 162_003, cachedInputTokens: 150_000, cacheCreationInputTokens: 12_000, cacheWrite1hInputTokens: 8_000, outputTokens: 850 }));
  }
  recorder.record(usageRecord({ ...turn, inputTokens: 215_000, cachedInputTokens: 190_000, cacheCreationInputTokens: 20_000, outputTokens: 1_200 }));
  // served by a model without a price: its cost is unknown
  recorder.record(usageRecord({ ...turn, inputTokens: 1_000, outputTokens: 10, costUsd: null, priceUnknown: true }));
});
afterEach(() => {
  recorder.close();
  t.cleanup();
});

it('re-prices cache reads and writes (by lifetime) and long context at the scenario model\'s prices', async () => {
  const res = await api.whatIf({ days: 30, model: 'an/sonnet' });
  const turn = (3 * 3 + 150_000 * 0.3 + 4_000 * 3.75 + 8_000 * 6 + 850 * 15) / 1e6;
  const long = (5_000 * 6 + 190_000 * 0.6 + 20_000 * 7.5 + 1_200 * 22.5) / 1e6;
  expect(res).toMatchObject({ requests: 4, unpriced_requests: 0, actual_unpriced_requests: 1 });
  expect(res.actual_cost_usd).toBeCloseTo(1.5, 12);
  expect(Math.abs(res.hypothetical_cost_usd - (2 * turn + long))).toBeLessThan(1e-9);
});

it('bills classes the scenario model has no price for at its input rate', async () => {
  const res = await api.whatIf({ days: 30, model: 'plain/model' });
  const expected = (2 * (162_003 * 1 + 850 * 2) + (215_000 * 1 + 1_200 * 2)) / 1e6;
  expect(Math.abs(res.hypothetical_cost_usd - expected)).toBeLessThan(1e-9);
});

it('a scenario model without a price prices nothing: every request keeps its actual cost', async () => {
  const res = await api.whatIf({ days: 30, model: 'mystery/model' });
  expect(res).toMatchObject({ requests: 4, unpriced_requests: 3, actual_unpriced_requests: 1 });
  expect(res.hypothetical_cost_usd).toBeCloseTo(res.actual_cost_usd, 12);
});

it('eco never picks the unpriced model', async () => {
  const res = await api.whatIf({ days: 30, power_level: 'eco' });
  // the plain model is the cheapest priced one for every request size
  const expected = (2 * (162_003 * 1 + 850 * 2) + (215_000 * 1 + 1_200 * 2)) / 1e6;
  expect(Math.abs(res.hypothetical_cost_usd - expected)).toBeLessThan(1e-9);
});

it('a power level leaves out the local servers that are not running, as the router does; cooldowns count for nothing', async () => {
  // a free model on Ollama (keyless, a server of one's own)
  const built = snapshotOf([...MODELS, model('ol/llama', { inputCostPer1m: 0, outputCostPer1m: 0, contextLength: 1_000_000 })]);
  const providers = new Map(built.providers);
  providers.set('ol', { ...providers.get('ol')!, type: 'ollama', hasKey: false, keyless: true, local: true });
  const snapshot = { ...built, providers, routingOrder: routingOrder(providers, built.models) };
  const down = new Set<string>();
  const local = createUsageMethods({ db: t.db, catalog: { snapshot: () => snapshot }, now: () => new Date(NOW) }, recorder, undefined, (id) => down.has(id));
  // running, the free local model takes everything
  expect((await local.whatIf({ days: 30, power_level: 'eco' })).hypothetical_cost_usd).toBe(0);
  down.add('ol');
  const res = await local.whatIf({ days: 30, power_level: 'eco' });
  const expected = (2 * (162_003 * 1 + 850 * 2) + (215_000 * 1 + 1_200 * 2)) / 1e6;
  expect(Math.abs(res.hypothetical_cost_usd - expected)).toBeLessThan(1e-9);
});
