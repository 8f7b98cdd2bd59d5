// The soak: mixed traffic (streaming and not, both routes) through Switchboard for a while, sampling
// its RSS, to show whether memory grows with the number of requests served.
import { runLoad, type LoadResult } from './load';
import { configureUpstream } from './measure';
import { memoryMb, resetPeakRss } from './proc-stats';
import type { Route } from './requests';
import { percentile, round, sortedCopy } from './stats';
import type { Target } from './targets';

export interface SoakResult {
  seconds: number;
  concurrency: number;
  requests: number;
  errors: number;
  firstError: string | null;
  rps: number;
  /** RSS after the first slice (warm) and at the end */
  rssStartMb: number;
  rssEndMb: number;
  rssMaxMb: number;
  /** medians of the first and last quarter of the samples: RSS saws up and down with major GCs */
  rssFirstQuarterMedianMb: number;
  rssLastQuarterMedianMb: number;
  peakRssMb: number;
  samples: { atSeconds: number; rssMb: number; requests: number }[];
}

const KINDS: [Route, boolean][] = [['openai', false], ['openai', true], ['anthropic', false], ['anthropic', true]];

export async function runSoak(target: Target, upstreamUrl: string, seconds: number, log: (line: string) => void): Promise<SoakResult> {
  await configureUpstream(upstreamUrl, { ttftMs: 0, chunks: 50, pacingMs: 0 });
  const sliceMs = Math.min(5_000, Math.max(1_000, (seconds * 1000) / 10));
  const perKind = 4;
  const samples: SoakResult['samples'] = [];
  let requests = 0;
  let errors = 0;
  let firstError: string | null = null;
  resetPeakRss(target.pid);
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    const slices: LoadResult[] = await Promise.all(KINDS.map(([route, stream]) =>
      runLoad(target.pool, target.request(route, stream, '1k')!, { concurrency: perKind, durationMs: sliceMs })));
    for (const s of slices) {
      requests += s.requests;
      errors += s.errors;
      firstError ??= s.firstError;
    }
    const at = (performance.now() - t0) / 1000;
    const mem = memoryMb(target.pid);
    samples.push({ atSeconds: round(at, 1), rssMb: round(mem.rssMb, 1), requests });
    if (samples.length % 6 === 1) log(`soak: ${at.toFixed(0)} s, ${requests} requests, RSS ${mem.rssMb.toFixed(1)} MB`);
  }
  const elapsed = (performance.now() - t0) / 1000;
  const first = samples[0];
  const last = samples[samples.length - 1];
  const quarter = Math.max(1, Math.floor(samples.length / 4));
  const median = (part: SoakResult['samples']): number => round(percentile(sortedCopy(part.map((x) => x.rssMb)), 50), 1);
  return {
    seconds: round(elapsed, 1),
    concurrency: perKind * KINDS.length,
    requests,
    errors,
    firstError,
    rps: round(requests / elapsed, 1),
    rssStartMb: first?.rssMb ?? NaN,
    rssEndMb: last?.rssMb ?? NaN,
    rssMaxMb: Math.max(...samples.map((s) => s.rssMb)),
    rssFirstQuarterMedianMb: median(samples.slice(0, quarter)),
    rssLastQuarterMedianMb: median(samples.slice(-quarter)),
    peakRssMb: round(memoryMb(target.pid).peakRssMb, 1),
    samples,
  };
}
