// eco: the cheapest model that fits first; the strategy's score only orders models within ECO_TIE_BAND of it.
import { describe, expect, it } from 'vitest';
import type { RoutingWeights, Strategy } from '../../shared/types';
import { routeRequest } from './route-request';
import { ECO_TIE_BAND, bestFirst, cheapestFirst, scoreCandidates, strategyWeights } from './scoring';
import { ALWAYS_HEALTHY, assembleSnapshot, chatNeedsOf, makeModel, makeProfile, makeProvider, makeRules } from '../../../test/helpers/snapshot-builders';
import type { ModelEntry } from '../catalog';

const STRATEGIES: [Strategy, RoutingWeights][] = [
  ['balanced', { cost: 0, latency: 0, quality: 0 }], ['cost', { cost: 0, latency: 0, quality: 0 }],
  ['latency', { cost: 0, latency: 0, quality: 0 }], ['custom', { cost: 0, latency: 0, quality: 1 }],
  ['custom', { cost: 0, latency: 1, quality: 0 }],
];

const p = makeProvider({ id: 'p' });
// 1,000 input and 500 output tokens (chatNeedsOf, no max_tokens): price per 1M in, out = 0.6, 2.4 is $0.0018
const priced = (modelName: string, usd: number, over: Partial<Pick<ModelEntry, 'quality' | 'avgLatencyMs'>> = {}) =>
  makeModel({ providerId: 'p', modelName, inputCostPer1m: usd / 0.003, outputCostPer1m: (4 * usd) / 0.003, ...over });

function eco(models: ModelEntry[], strategy: Strategy = 'balanced', weights: RoutingWeights = { cost: 0, latency: 0, quality: 0 }, maxCandidates?: number) {
  const snapshot = assembleSnapshot([p], models, makeRules({ strategy, weights }));
  return routeRequest({
    snapshot, profile: makeProfile(), requestedModel: 'eco', needs: chatNeedsOf(), health: ALWAYS_HEALTHY, monthSpentUsd: 0, now: 0, maxCandidates,
  });
}
const ids = (plan: ReturnType<typeof eco>) => plan.candidates.map((c) => c.model.id);

describe('eco picks the cheapest model that fits', () => {
  // OpenRouter's gpt-4o-mini, grok-4.1-fast and a frontier model: the one 25% dearer is better, which was enough
  const models = [priced('a', 0.0018, { quality: 63 }), priced('b', 0.00225, { quality: 80 }), priced('c', 0.0375, { quality: 90 })];

  it('ranks A ($0.0018, quality 63) before B ($0.00225, quality 80) and C ($0.0375, quality 90) under every strategy', () => {
    for (const [strategy, weights] of STRATEGIES) {
      const plan = eco(models, strategy, weights);
      expect(plan.candidates.map((c) => c.estimatedCostUsd)).toEqual([0.0018, 0.00225, 0.0375].map((x) => expect.closeTo(x, 12)));
      expect(ids(plan)).toEqual(['p/a', 'p/b', 'p/c']);
      // the proxy's handful is the head of the same order
      expect(ids(eco(models, strategy, weights, 1))).toEqual(['p/a']);
    }
  });

  it('within the tie band the strategy orders: better quality (balanced), lower latency (latency)', () => {
    const near = [
      priced('cheapest', 0.0018, { quality: 50, avgLatencyMs: 300 }),
      priced('near', 0.0018 * 1.04, { quality: 90, avgLatencyMs: 900 }),
      // within the band of near, not of cheapest: the next band
      priced('far', 0.0018 * 1.06, { quality: 100, avgLatencyMs: 100 }),
      priced('dear', 0.0375, { quality: 95, avgLatencyMs: 500 }),
    ];
    expect(ids(eco(near, 'balanced'))).toEqual(['p/near', 'p/cheapest', 'p/far', 'p/dear']);
    expect(ids(eco(near, 'latency'))).toEqual(['p/cheapest', 'p/near', 'p/far', 'p/dear']);
    expect(ids(eco(near, 'balanced', undefined, 2))).toEqual(['p/near', 'p/cheapest']);
  });

  it('free (local) models come first, ordered by the strategy', () => {
    const local = makeProvider({ id: 'local', local: true, keyless: true, hasKey: false });
    const models2 = [
      priced('paid', 0.0001, { quality: 100 }),
      makeModel({ providerId: 'local', modelName: 'small', inputCostPer1m: 0, outputCostPer1m: 0, quality: 30 }),
      makeModel({ providerId: 'local', modelName: 'large', inputCostPer1m: 0, outputCostPer1m: 0, quality: 60 }),
    ];
    const snapshot = assembleSnapshot([p, local], models2);
    const plan = routeRequest({ snapshot, profile: makeProfile(), requestedModel: 'eco', needs: chatNeedsOf(), health: ALWAYS_HEALTHY, monthSpentUsd: 0, now: 0 });
    expect(ids(plan)).toEqual(['local/large', 'local/small', 'p/paid']);
  });

  it('leaves out a model of unknown price even when the weights ignore cost (it cannot be placed, and is not $0)', () => {
    const plan = eco([priced('a', 0.0018), makeModel({ providerId: 'p', modelName: 'unpriced', inputCostPer1m: null, outputCostPer1m: null, quality: 99 })],
      'custom', { cost: 0, latency: 0, quality: 1 });
    expect(ids(plan)).toEqual(['p/a']);
    expect(plan.excluded).toContainEqual(expect.objectContaining({ model: 'p/unpriced', kind: 'price' }));
  });

  it('precision and balanced still rank by score', () => {
    for (const level of ['balanced', 'precision']) {
      const snapshot = assembleSnapshot([p], models);
      const plan = routeRequest({ snapshot, profile: makeProfile(), requestedModel: level, needs: chatNeedsOf(), health: ALWAYS_HEALTHY, monthSpentUsd: 0, now: 0 });
      const scores = plan.candidates.map((c) => c.score);
      expect(scores).toEqual([...scores].sort((x, y) => y - x));
    }
  });
});

describe('cheapestFirst', () => {
  it('never puts a model before one cheaper by more than the tie band, and is the score order within it', () => {
    const cost = [0.0018, 0.00225, 0.0375, 0.0018 * (1 + ECO_TIE_BAND), 0];
    const scores = [0.1, 0.9, 1, 0.5, 0];
    expect(cheapestFirst(cost, scores, 5)).toEqual([4, 3, 0, 1, 2]);
  });

  it('a band\'s equal scores go cheaper first, then in input (tie-break) order; a non-number cost goes last', () => {
    expect(cheapestFirst([1.02, 1, 1, Number.NaN, 5], [0.5, 0.5, 0.5, 1, 0], 5)).toEqual([1, 2, 0, 4, 3]);
    expect(cheapestFirst([1.02, 1, 1, Number.NaN, 5], [0.5, 0.5, 0.5, 1, 0], 4)).toEqual([1, 2, 0, 4]);
  });

  it('the first k are the head of the full order, on random catalogs with many ties', () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (const n of [1, 7, 60, 400]) {
      // coarse prices make bands and equal costs; coarse scores make equal keys
      const cost = Array.from({ length: n }, () => (rand() < 0.1 ? 0 : Math.round(rand() * 40) / 1000 + 0.001));
      const scores = Array.from({ length: n }, () => Math.round(rand() * 10) / 10);
      const full = cheapestFirst(cost, scores, n);
      expect([...full].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      for (let j = 1; j < n; j++) {
        // never behind a model costing more than the band above it
        expect(cost[full[j - 1]!]!).toBeLessThanOrEqual(cost[full[j]!]! * (1 + ECO_TIE_BAND) + 1e-15);
      }
      for (const k of [1, 3, 5]) expect(cheapestFirst(cost, scores, k)).toEqual(full.slice(0, Math.min(k, n)));
    }
  });

  it('equal costs: the score order, as bestFirst gives', () => {
    const models = [0, 1, 2, 3].map((i) => ({ avgLatencyMs: 100 * i, quality: 90 - 20 * i }));
    const scores = scoreCandidates(models, [1, 1, 1, 1], strategyWeights('balanced', { cost: 0, latency: 0, quality: 0 }));
    expect(cheapestFirst([1, 1, 1, 1], scores, 4)).toEqual(bestFirst(scores, 4));
  });
});
