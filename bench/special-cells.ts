// The cells that are not closed-loop load (issue 14): a slow reader against a 50 MB stream, 1 MB
// answers with no usage beside small requests (event-loop delay), and a 429 answered by a retry.
import { runLoopDelay, type LoopDelayResult } from './loop-delay';
import { runRetryCell, type RetryResult } from './retry-cell';
import type { Route } from './requests';
import { runSlowReader, type SlowReaderResult } from './slow-reader';
import type { TargetSet } from './targets';

export interface SpecialResults {
  slowReader: SlowReaderResult[];
  loopDelay: LoopDelayResult | null;
  retry: RetryResult | null;
}

/** forwarded (OpenAI chat in and out) and translated (OpenAI chat in, Anthropic out) */
const SLOW_READER_ROUTES: readonly Route[] = ['openai', 'anthropic'];

export async function runSpecialCells(set: TargetSet, quick: boolean, log: (line: string) => void): Promise<SpecialResults> {
  const out: SpecialResults = { slowReader: [], loopDelay: null, retry: null };
  const sbTarget = set.targets.find((t) => t.name === 'switchboard');
  for (const route of SLOW_READER_ROUTES) {
    for (const t of set.targets.filter((x) => x.name === 'switchboard' || x.name === 'pass-through')) {
      const r = await runSlowReader(t, set.upstream.url, route, { seconds: quick ? 6 : 15, bytesPerSecond: 1024 });
      if (!r) continue;
      out.slowReader.push(r);
      log(`slow reader ${route} ${t.name}: RSS peak +${r.rssGrowthMb} MB, +${r.rssGrowthSecondHalfMb} MB over the second half; upstream wrote ${(r.upstreamBytes / 1e6).toFixed(1)} MB, paused ${r.upstreamPaused}, closed ${r.upstreamClosedAfterClientMs} ms after the client`);
    }
  }
  if (set.switchboard && sbTarget) {
    out.loopDelay = await runLoopDelay(set.switchboard, sbTarget, set.upstream.url, quick ? 3_000 : 8_000);
    for (const p of out.loopDelay.phases) log(`loop delay, ${p.name}: p99 ${p.loop.p99Ms} ms, max ${p.loop.maxMs} ms; small requests p99 ${p.smallP99Ms} ms`);
    out.retry = await runRetryCell(sbTarget, set.upstream.url, quick ? 1 : 4, quick ? 5 : 15);
    for (const c of out.retry.cases) log(`retry, ${c.name}: +${c.addedP50Ms} ms p50 (${c.errors} errors)`);
  }
  return out;
}
