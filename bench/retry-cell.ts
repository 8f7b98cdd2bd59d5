// The same-model retry cell (issue 14): the only candidate answers 429 once, Switchboard waits and
// tries it again (rule retries_per_model, default 1: ~250 ms, or the provider's retry-after). The
// added latency is the retried requests' minus plain ones', measured in alternating rounds.
import { runLoad, type LoadResult } from './load';
import { configureUpstream } from './measure';
import { quantiles, round } from './stats';
import type { Target, Variant } from './targets';

export interface RetryCase {
  name: string;
  variant: Variant;
  requests: number;
  errors: number;
  firstError: string | null;
  p50Ms: number;
  p99Ms: number;
  /** minus the plain requests' */
  addedP50Ms: number;
  addedP99Ms: number;
}

export interface RetryResult {
  plainP50Ms: number;
  plainP99Ms: number;
  cases: RetryCase[];
}

const CASES: { name: string; variant: Variant }[] = [
  { name: '429 without retry-after (backoff)', variant: 'fail429' },
  { name: '429 with retry-after-ms: 100', variant: 'fail429RetryAfter' },
];

export async function runRetryCell(target: Target, upstreamUrl: string, rounds: number, perRound: number): Promise<RetryResult> {
  await configureUpstream(upstreamUrl, { ttftMs: 0, chunks: 50, pacingMs: 0 });
  const plainReq = target.request('openai', false, '1k');
  if (!plainReq) throw new Error('retry cell: the target cannot serve the cell');
  const plain: LoadResult[] = [];
  const failed = new Map<Variant, LoadResult[]>(CASES.map((c) => [c.variant, []]));
  const phase = { concurrency: 1, durationMs: 120_000, maxRequests: perRound };
  for (let r = 0; r < rounds; r++) {
    plain.push(await runLoad(target.pool, plainReq, phase));
    for (const c of CASES) {
      const req = target.request('openai', false, '1k', c.variant);
      if (req) failed.get(c.variant)!.push(await runLoad(target.pool, req, phase));
    }
  }
  const q = quantiles(plain.flatMap((p) => p.latencies));
  return {
    plainP50Ms: round(q.p50),
    plainP99Ms: round(q.p99),
    cases: CASES.map((c) => {
      const parts = failed.get(c.variant)!;
      const lat = quantiles(parts.flatMap((p) => p.latencies));
      return {
        name: c.name,
        variant: c.variant,
        requests: parts.reduce((n, p) => n + p.requests, 0),
        errors: parts.reduce((n, p) => n + p.errors, 0),
        firstError: parts.find((p) => p.firstError)?.firstError ?? null,
        p50Ms: round(lat.p50),
        p99Ms: round(lat.p99),
        addedP50Ms: round(lat.p50 - q.p50),
        addedP99Ms: round(lat.p99 - q.p99),
      };
    }),
  };
}
