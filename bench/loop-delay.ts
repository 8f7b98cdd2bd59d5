// The unreported-usage cell (issue 14): answers of 1 MB whose provider reports no usage, so the
// proxy estimates the output tokens itself, while small requests run beside them. No request may
// block the event loop for more than ~20 ms: the delay is read inside Switchboard (bench/loop-probe.mjs)
// and seen from outside as the small requests' latency, against a phase without the big answers.
import { existsSync, readFileSync } from 'node:fs';
import { runLoad, type LoadRequest, type LoadResult } from './load';
import { configureUpstream } from './measure';
import type { Route } from './requests';
import { quantiles, round } from './stats';
import type { SwitchboardUnderTest } from './switchboard';
import type { Target } from './targets';

export interface LoopDelayFigures {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LoopDelayPhase {
  /** what ran beside the small requests */
  name: string;
  loop: LoopDelayFigures;
  smallRequests: number;
  smallP50Ms: number;
  smallP99Ms: number;
  bigRequests: number;
  errors: number;
  firstError: string | null;
}

export interface LoopDelayResult {
  /** the big answers' routes and modes, e.g. "oai->oai stream" */
  bigKinds: string[];
  bigOutputBytes: number;
  phases: LoopDelayPhase[];
}

const BIG_KINDS: [Route, boolean][] = [['openai', true], ['openai', false], ['responses-chat', true]];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface ProbeReport extends Partial<LoopDelayFigures> {
  seq: number;
  running: boolean;
}

function readProbe(file: string): ProbeReport | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ProbeReport;
  } catch {
    return null; // caught mid-write
  }
}

/** Signals the probe and waits for its answer. */
async function signalProbe(sb: SwitchboardUnderTest): Promise<ProbeReport> {
  const last = readProbe(sb.loopProbeFile)?.seq ?? 0;
  sb.child.proc.kill('SIGUSR2');
  for (let i = 0; i < 500; i++) {
    const r = readProbe(sb.loopProbeFile);
    if (r && r.seq > last) return r;
    await sleep(10);
  }
  throw new Error('loop probe: no answer from the Switchboard child (is bench/loop-probe.mjs preloaded?)');
}

async function phase(sb: SwitchboardUnderTest, target: Target, small: LoadRequest, big: LoadRequest[], ms: number, name: string): Promise<LoopDelayPhase> {
  const started = await signalProbe(sb);
  if (!started.running) throw new Error('loop probe: expected it to start');
  const [smallResult, ...bigResults] = await Promise.all([
    runLoad(target.pool, small, { concurrency: 2, durationMs: ms }),
    ...big.map((req) => runLoad(target.pool, req, { concurrency: 1, durationMs: ms })),
  ]) as [LoadResult, ...LoadResult[]];
  const report = await signalProbe(sb);
  const q = quantiles(smallResult.latencies);
  const errors = [smallResult, ...bigResults];
  return {
    name,
    loop: { samples: report.samples ?? 0, p50Ms: report.p50Ms ?? NaN, p99Ms: report.p99Ms ?? NaN, maxMs: report.maxMs ?? NaN },
    smallRequests: smallResult.requests,
    smallP50Ms: round(q.p50),
    smallP99Ms: round(q.p99),
    bigRequests: bigResults.reduce((n, r) => n + r.requests, 0),
    errors: errors.reduce((n, r) => n + r.errors, 0),
    firstError: errors.find((r) => r.firstError)?.firstError ?? null,
  };
}

export async function runLoopDelay(sb: SwitchboardUnderTest, target: Target, upstreamUrl: string, ms: number): Promise<LoopDelayResult> {
  await configureUpstream(upstreamUrl, { ttftMs: 0, chunks: 50, pacingMs: 0 });
  const small = target.request('openai', false, '1k');
  const big = BIG_KINDS.map(([route, stream]) => target.request(route, stream, '1k', 'big'));
  if (!small || big.some((r) => r === null)) throw new Error('loop delay: the target cannot serve the cell');
  const bigs = big as LoadRequest[];
  // one request of each, unmeasured: the first big answer pays for loading the tokenizer
  for (const req of bigs) await runLoad(target.pool, req, { concurrency: 1, durationMs: 60_000, maxRequests: 1 });
  return {
    bigKinds: BIG_KINDS.map(([route, stream]) => `${route} ${stream ? 'stream' : 'json'}`),
    bigOutputBytes: 1_000_000,
    phases: [
      await phase(sb, target, small, [], ms, 'small requests alone'),
      await phase(sb, target, small, bigs, ms, 'beside 1 MB answers with no usage'),
    ],
  };
}
