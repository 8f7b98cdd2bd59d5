import { describe, expect, it } from 'vitest';
import type { PowerLevel, RoutingWeights, Strategy } from '../../shared/types';
import { routeRequest } from './route-request';
import { LEVEL_TILT, STRATEGY_WEIGHTS, bestFirst, levelWeights, median, normaliseWeights, scoreCandidates, strategyWeights } from './scoring';
import { ALWAYS_HEALTHY, assembleSnapshot, chatNeedsOf, makeModel, makeProfile, makeProvider, makeRules } from '../../../test/helpers/snapshot-builders';

const sum = (w: RoutingWeights) => w.cost + w.latency + w.quality;

describe('weights', () => {
  it('strategies have the documented base weights', () => {
    expect(strategyWeights('cost', { cost: 0, latency: 0, quality: 0 })).toEqual({ cost: 0.7, latency: 0.1, quality: 0.2 });
    expect(strategyWeights('latency', { cost: 0, latency: 0, quality: 0 })).toEqual({ cost: 0.1, latency: 0.7, quality: 0.2 });
    expect(strategyWeights('balanced', { cost: 0, latency: 0, quality: 0 })).toEqual({ cost: 0.4, latency: 0.2, quality: 0.4 });
  });

  it('custom weights are normalised; bad or all-zero weights fall back sensibly', () => {
    expect(strategyWeights('custom', { cost: 2, latency: 1, quality: 1 })).toEqual({ cost: 0.5, latency: 0.25, quality: 0.25 });
    expect(normaliseWeights({ cost: -1, latency: Number.NaN, quality: 3 })).toEqual({ cost: 0, latency: 0, quality: 1 });
    expect(normaliseWeights({ cost: 0, latency: 0, quality: 0 })).toEqual(STRATEGY_WEIGHTS.balanced);
  });

  it('precision tilts toward quality; eco and balanced keep the strategy (eco orders by cost: cheapestFirst)', () => {
    const strategies: [Strategy, RoutingWeights][] = [
      ['cost', { cost: 0, latency: 0, quality: 0 }], ['latency', { cost: 0, latency: 0, quality: 0 }],
      ['balanced', { cost: 0, latency: 0, quality: 0 }], ['custom', { cost: 0, latency: 1, quality: 0 }],
      ['custom', { cost: 0, latency: 0, quality: 1 }], ['custom', { cost: 1, latency: 0, quality: 0 }],
    ];
    for (const [strategy, custom] of strategies) {
      const eco = levelWeights('eco', strategy, custom);
      const precision = levelWeights('precision', strategy, custom);
      expect(sum(precision)).toBeCloseTo(1, 12);
      expect(eco).toEqual(strategyWeights(strategy, custom));
      expect(precision.quality).toBeGreaterThanOrEqual(LEVEL_TILT);
      expect(precision.latency + precision.cost).toBeLessThanOrEqual(1 - LEVEL_TILT + 1e-12);
      expect(levelWeights('balanced', strategy, custom)).toEqual(strategyWeights(strategy, custom));
    }
  });
});

describe('scoreCandidates', () => {
  // NaN marks an unknown value in these tables
  const known = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? null : x);
  const score = (cost: number[], latency: number[], quality: number[], w: RoutingWeights) =>
    scoreCandidates(cost.map((_, i) => ({ avgLatencyMs: known(latency[i]), quality: known(quality[i]) })), cost, w);
  const COST = { cost: 1, latency: 0, quality: 0 };
  const LATENCY = { cost: 0, latency: 1, quality: 0 };
  const QUALITY = { cost: 0, latency: 0, quality: 1 };

  it('normalises each dimension to 0..1 with 1 best', () => {
    expect(score([1, 2], [100, 200], [10, 90], COST)).toEqual([1, 0]);
    expect(score([1, 2], [100, 200], [10, 90], LATENCY)).toEqual([1, 0]);
    expect(score([1, 2], [100, 200], [10, 90], QUALITY)).toEqual([0, 1]);
  });

  it('puts cost on a log scale so one very expensive model does not flatten the rest', () => {
    const [cheap, mid, pricey] = score([0.001, 0.01, 1000], [1, 1, 1], [1, 1, 1], COST);
    // linear scaling would put 0.001 and 0.01 within 1e-5 of each other
    expect(cheap).toBe(1);
    expect(pricey).toBe(0);
    expect((cheap as number) - (mid as number)).toBeGreaterThan(0.1);
  });

  it('ranks a free model above the cheapest paid one without infinities', () => {
    const s = score([0, 0.001, 0.01], [1, 1, 1], [1, 1, 1], COST);
    expect(s.every(Number.isFinite)).toBe(true);
    expect(s[0]).toBe(1);
    expect(s[1]).toBeGreaterThan(s[2] as number);
  });

  it('unknown latency is the median of the known ones; unknown quality is 0.5', () => {
    const [, unknownLatency] = score([1, 1, 1, 1], [100, NaN, 300, 200], [1, 1, 1, 1], LATENCY);
    expect(unknownLatency).toBeCloseTo(0.5, 12); // median 200 sits halfway between 100 and 300
    const [, unknownQuality] = score([1, 1, 1], [1, 1, 1], [0, NaN, 100], QUALITY);
    expect(unknownQuality).toBeCloseTo(0.5, 12);
  });

  it('a dimension with no spread scores 0.5 for everyone', () => {
    expect(score([1, 1], [NaN, NaN], [NaN, NaN], { cost: 1 / 3, latency: 1 / 3, quality: 1 / 3 })).toEqual([0.5, 0.5]);
  });
});

describe('median', () => {
  it('averages the middle pair for even counts; null for none', () => {
    expect(median(Float64Array.of(5, 1, 3))).toBe(3);
    expect(median(Float64Array.of(4, 1, 3, 2))).toBe(2.5);
    expect(median(new Float64Array(0))).toBeNull();
  });

  it('matches a sort-based median on random data', () => {
    let seed = 1;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + Math.floor(rand() * 60);
      const values = Array.from({ length: n }, () => Math.round(rand() * 50));
      const sorted = [...values].sort((a, b) => a - b);
      const expected = sorted.length % 2 ? sorted[sorted.length >> 1] : ((sorted[sorted.length / 2 - 1] as number) + (sorted[sorted.length / 2] as number)) / 2;
      expect(median(Float64Array.from(values))).toEqual(expected);
    }
  });
});

describe('bestFirst', () => {
  it('orders by score descending and keeps input order for equal scores (stable)', () => {
    expect(bestFirst([0.5, 0.9, 0.5, 0.1, 0.9], 5)).toEqual([1, 4, 0, 2, 3]);
  });

  it('agrees with a reference stable sort on random scores', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let trial = 0; trial < 20; trial++) {
      const n = 1 + Math.floor(rand() * 1500);
      const scores = Array.from({ length: n }, () => (rand() < 0.3 ? 0.5 : rand()));
      const expected = Array.from({ length: n }, (_, i) => i)
        .sort((a, b) => Math.round((1 - (scores[a] as number)) * 1e6) - Math.round((1 - (scores[b] as number)) * 1e6) || a - b);
      expect(bestFirst(scores, n)).toEqual(expected);
    }
  });
});

// The invariant the router guarantees: eco picks the cheapest, precision the best, whatever the strategy.
describe('power level invariant (three models: cheap/low, mid/mid, expensive/high)', () => {
  const providers = [makeProvider({ id: 'p' })];
  // latency deliberately adversarial: the cheap model and the best model are the slowest
  const models = [
    makeModel({ providerId: 'p', modelName: 'cheap', inputCostPer1m: 0.1, outputCostPer1m: 0.4, quality: 40, avgLatencyMs: 3000 }),
    makeModel({ providerId: 'p', modelName: 'mid', inputCostPer1m: 1, outputCostPer1m: 4, quality: 60, avgLatencyMs: 200 }),
    makeModel({ providerId: 'p', modelName: 'expensive', inputCostPer1m: 10, outputCostPer1m: 40, quality: 80, avgLatencyMs: 2500 }),
  ];
  const cases: [Strategy, RoutingWeights][] = [
    ['cost', { cost: 0.4, latency: 0.2, quality: 0.4 }],
    ['latency', { cost: 0.4, latency: 0.2, quality: 0.4 }],
    ['balanced', { cost: 0.4, latency: 0.2, quality: 0.4 }],
    ['custom', { cost: 0, latency: 1, quality: 0 }],
    ['custom', { cost: 0, latency: 0, quality: 1 }],
    ['custom', { cost: 1, latency: 0, quality: 0 }],
    ['custom', { cost: 0, latency: 1, quality: 1 }],
  ];
  const expectations: [PowerLevel, string][] = [['eco', 'p/cheap'], ['precision', 'p/expensive']];

  for (const [strategy, weights] of cases) {
    for (const [level, winner] of expectations) {
      it(`${level} picks ${winner} under ${strategy} ${JSON.stringify(weights)}`, () => {
        const snapshot = assembleSnapshot(providers, models, makeRules({ strategy, weights }));
        const plan = routeRequest({
          snapshot, profile: makeProfile(), requestedModel: level, needs: chatNeedsOf(),
          health: ALWAYS_HEALTHY, monthSpentUsd: 0, now: 0,
        });
        expect(plan.candidates[0]?.model.id).toBe(winner);
        // eco goes cheapest first, precision best first
        const keys = plan.candidates.map((c) => (level === 'eco' ? c.estimatedCostUsd : -c.score));
        expect(keys).toEqual([...keys].sort((a, b) => a - b));
      });
    }
  }
});

describe('tie-breaks', () => {
  const route = (snapshot: ReturnType<typeof assembleSnapshot>) => routeRequest({
    snapshot, profile: makeProfile(), requestedModel: 'balanced', needs: chatNeedsOf(), health: ALWAYS_HEALTHY, monthSpentUsd: 0, now: 0,
  }).candidates.map((c) => c.model.id);

  it('equal scores go to the provider with the lower priority number, then by model id', () => {
    const providers = [makeProvider({ id: 'zeta', priority: 1 }), makeProvider({ id: 'alpha', priority: 5 }), makeProvider({ id: 'beta', priority: 1 })];
    const same = { inputCostPer1m: 1, outputCostPer1m: 2, quality: 70, avgLatencyMs: 500 };
    const models = [
      makeModel({ providerId: 'alpha', modelName: 'm', ...same }),
      makeModel({ providerId: 'zeta', modelName: 'm', ...same }),
      makeModel({ providerId: 'beta', modelName: 'm', ...same }),
      makeModel({ providerId: 'beta', modelName: 'a', ...same }),
    ];
    expect(route(assembleSnapshot(providers, models))).toEqual(['beta/a', 'beta/m', 'zeta/m', 'alpha/m']);
  });

  it('a better score beats a better priority', () => {
    const providers = [makeProvider({ id: 'first', priority: 1 }), makeProvider({ id: 'last', priority: 99 })];
    const models = [
      makeModel({ providerId: 'first', modelName: 'm', quality: 50 }),
      makeModel({ providerId: 'last', modelName: 'm', quality: 90 }),
    ];
    expect(route(assembleSnapshot(providers, models))).toEqual(['last/m', 'first/m']);
  });
});

describe('bestFirst with a budget', () => {
  it('is the head of the full order, ties included', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const n of [50, 300, 1000]) {
      // coarse values make many exact ties, which must keep their input order
      const scores = Array.from({ length: n }, () => Math.round(rand() * 20) / 20);
      for (const k of [1, 3, 5]) expect(bestFirst(scores, k)).toEqual(bestFirst(scores, n).slice(0, k));
    }
  });
});
