// Routing benchmark: `npx tsx bench/routing.ts [models=1000] [iterations=2000]`.
// Prints the median and p95 of routeRequest over a synthetic catalog, per requested-name shape.
import { makeSyntheticSnapshot } from '../test/helpers/synthetic-snapshot';
import { CooldownTracker } from '../src/core/routing/cooldown';
import { routeRequest } from '../src/core/routing/route-request';
import { chatNeedsOf, makeProfile } from '../test/helpers/snapshot-builders';
import type { RouteInput } from '../src/core/routing/types';

export interface BenchResult {
  name: string;
  candidates: number;
  excluded: number;
  medianUs: number;
  p95Us: number;
}

export function benchRouting(models = 1000, iterations = 2000): BenchResult[] {
  const snapshot = makeSyntheticSnapshot(models);
  const health = new CooldownTracker(snapshot.rules);
  const now = Date.UTC(2026, 10, 27);
  const first = snapshot.models[0];
  if (first !== undefined) health.recordFailure(first.id, first.providerId, 'rate_limit', now, 60_000);
  const base: RouteInput = {
    snapshot, profile: makeProfile(), requestedModel: 'auto',
    needs: chatNeedsOf({ estimatedInputTokens: 2000, capabilities: ['chat', 'tools'] }),
    health, monthSpentUsd: 0, now,
  };
  // the proxy asks for its attempt budget (max_retries + 1); the route preview for the whole plan
  const proxy = { ...base, maxCandidates: snapshot.rules.max_retries + 1 };
  const shapes: [string, RouteInput][] = [
    ['auto (balanced)', proxy],
    ['precision', { ...proxy, requestedModel: 'precision' }],
    ['auto, full plan (route preview)', base],
    ['alias fast', { ...proxy, requestedModel: 'fast' }],
    ['model id + fallbacks', { ...proxy, requestedModel: snapshot.models[1]?.id ?? 'auto' }],
  ];
  return shapes.map(([name, input]) => {
    let plan = routeRequest(input);
    for (let i = 0; i < 200; i++) plan = routeRequest(input);
    const times = new Float64Array(iterations);
    for (let i = 0; i < iterations; i++) {
      const t0 = performance.now();
      plan = routeRequest(input);
      times[i] = performance.now() - t0;
    }
    times.sort();
    return {
      name,
      candidates: plan.candidates.length,
      excluded: plan.excluded.length,
      medianUs: (times[iterations >> 1] ?? 0) * 1000,
      p95Us: (times[Math.floor(iterations * 0.95)] ?? 0) * 1000,
    };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const models = Number(process.argv[2] ?? 1000);
  const iterations = Number(process.argv[3] ?? 2000);
  for (const r of benchRouting(models, iterations)) {
    console.log(`${r.name.padEnd(22)} ${String(r.candidates).padStart(5)} candidates ${String(r.excluded).padStart(5)} excluded  median ${r.medianUs.toFixed(1)} us  p95 ${r.p95Us.toFixed(1)} us`);
  }
}
