// Runs one cell: the same closed-loop load against every target, in interleaved rounds (the order
// rotates each round) so drift on a shared machine does not favour whichever target ran first.
import type { Cell } from './cells';
import { mergeResults, runLoad, type LoadResult } from './load';
import { cpuMicros, ioCalls, memoryMb, resetPeakRss } from './proc-stats';
import { quantiles, round } from './stats';
import type { Target, TargetName } from './targets';
import type { UpstreamConfig } from './upstream-config';

export interface PhaseTiming {
  warmupMs: number;
  measureMs: number;
}

export interface TargetFigures {
  target: TargetName;
  requests: number;
  errors: number;
  firstError: string | null;
  rps: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  ttfbP50Ms: number;
  ttfbP99Ms: number;
  /** minus direct's figure in the same cell */
  overheadP50Ms: number;
  overheadP99Ms: number;
  ttfbOverheadP50Ms: number;
  ttfbOverheadP99Ms: number;
  /** CPU of the target's own process (the upstream's, for direct) */
  cpuUsPerRequest: number;
  /** read- and write-family system calls of that process per request */
  readCallsPerRequest: number;
  writeCallsPerRequest: number;
  /** peak RSS of the target's process during this cell */
  peakRssMb: number;
  /** streaming only: arrival minus the upstream's send stamp per piece */
  chunkLagP50Ms: number | null;
  chunkLagP99Ms: number | null;
  /** streaming only: share of pieces that arrived in one read together with another piece */
  sharedReadShare: number | null;
}

export interface CellResult {
  cell: Cell;
  targets: TargetFigures[];
}

export async function configureUpstream(upstreamUrl: string, cfg: UpstreamConfig): Promise<void> {
  const res = await fetch(`${upstreamUrl}/__bench/config`, { method: 'POST', body: JSON.stringify(cfg) });
  if (!res.ok) throw new Error(`upstream config: HTTP ${res.status} ${await res.text()}`);
}

interface Accumulated {
  parts: LoadResult[];
  cpuUs: number;
  reads: number;
  writes: number;
  peakRssMb: number;
}

async function measureOnce(t: Target, cell: Cell, timing: PhaseTiming, acc: Accumulated): Promise<void> {
  const req = t.request(cell.route, cell.stream, cell.prompt);
  if (!req) return;
  await runLoad(t.pool, req, { concurrency: cell.concurrency, durationMs: timing.warmupMs });
  resetPeakRss(t.pid);
  const cpu0 = cpuMicros(t.pid);
  const io0 = ioCalls(t.pid);
  acc.parts.push(await runLoad(t.pool, req, { concurrency: cell.concurrency, durationMs: timing.measureMs }));
  acc.cpuUs += cpuMicros(t.pid) - cpu0;
  const io1 = ioCalls(t.pid);
  acc.reads += io1.reads - io0.reads;
  acc.writes += io1.writes - io0.writes;
  acc.peakRssMb = Math.max(acc.peakRssMb, memoryMb(t.pid).peakRssMb);
}

function figures(name: TargetName, acc: Accumulated): Omit<TargetFigures, 'overheadP50Ms' | 'overheadP99Ms' | 'ttfbOverheadP50Ms' | 'ttfbOverheadP99Ms'> {
  const r = mergeResults(acc.parts);
  const lat = quantiles(r.latencies);
  const ttfb = quantiles(r.ttfbs);
  const streamed = r.pieces > 0;
  const lag = streamed ? quantiles(r.chunkLags) : null;
  return {
    target: name,
    requests: r.requests,
    errors: r.errors,
    firstError: r.firstError,
    rps: round(r.requests / (r.elapsedMs / 1000), 1),
    latencyP50Ms: round(lat.p50),
    latencyP99Ms: round(lat.p99),
    ttfbP50Ms: round(ttfb.p50),
    ttfbP99Ms: round(ttfb.p99),
    cpuUsPerRequest: round(r.requests > 0 ? acc.cpuUs / r.requests : NaN, 1),
    readCallsPerRequest: round(acc.reads / r.requests, 1),
    writeCallsPerRequest: round(acc.writes / r.requests, 1),
    peakRssMb: round(acc.peakRssMb, 1),
    chunkLagP50Ms: lag ? round(lag.p50) : null,
    chunkLagP99Ms: lag ? round(lag.p99) : null,
    sharedReadShare: streamed ? round(r.sharedReadPieces / r.pieces) : null,
  };
}

export async function runCell(cell: Cell, allTargets: readonly Target[], upstreamUrl: string, timing: PhaseTiming): Promise<CellResult> {
  const targets = allTargets.filter((t) => t.request(cell.route, cell.stream, cell.prompt) !== null);
  await configureUpstream(upstreamUrl, { ttftMs: cell.ttftMs, chunks: cell.chunks, pacingMs: cell.pacingMs });
  const acc = new Map<TargetName, Accumulated>(targets.map((t) => [t.name, { parts: [], cpuUs: 0, reads: 0, writes: 0, peakRssMb: 0 }]));
  for (let r = 0; r < cell.rounds; r++) {
    const order = targets.map((_, i) => targets[(i + r) % targets.length] as Target);
    for (const t of order) await measureOnce(t, cell, timing, acc.get(t.name) as Accumulated);
  }
  const raw = targets.map((t) => figures(t.name, acc.get(t.name) as Accumulated));
  const direct = raw.find((f) => f.target === 'direct');
  const minus = (a: number, b: number | undefined): number => round(b === undefined ? NaN : a - b);
  return {
    cell,
    targets: raw.map((f) => ({
      ...f,
      overheadP50Ms: minus(f.latencyP50Ms, direct?.latencyP50Ms),
      overheadP99Ms: minus(f.latencyP99Ms, direct?.latencyP99Ms),
      ttfbOverheadP50Ms: minus(f.ttfbP50Ms, direct?.ttfbP50Ms),
      ttfbOverheadP99Ms: minus(f.ttfbP99Ms, direct?.ttfbP99Ms),
    })),
  };
}
