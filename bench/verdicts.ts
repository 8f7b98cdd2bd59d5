// Issue 7's targets, checked against one run's figures (Switchboard against direct and the
// pass-through measured in the same run, on the same machine).
import type { CellResult, TargetFigures } from './measure';
import type { MicroResults } from './micro';
import { ROUTE_LABELS } from './requests';
import type { SoakResult } from './soak';

export interface Verdict {
  target: string;
  measured: string;
  /** null: not measured in this run */
  pass: boolean | null;
}

export interface VerdictInput {
  cells: readonly CellResult[];
  switchboardRunPeakRssMb: number;
  soak: SoakResult | null;
  micro: MicroResults | null;
}

const ROUTE_NAMES = {
  openai: 'OpenAI upstream', anthropic: 'Anthropic upstream (translation)',
  gemini: `Gemini in, Gemini upstream (${ROUTE_LABELS.gemini}, forwarded)`, 'gemini-openai': `Gemini in, OpenAI upstream (${ROUTE_LABELS['gemini-openai']}, translation)`,
} as const;

const ms = (v: number): string => `${v.toFixed(3)} ms`;
const pick = (c: CellResult, name: string): TargetFigures | undefined => c.targets.find((t) => t.target === name);

function headlineCells(cells: readonly CellResult[], stream: boolean): CellResult[] {
  return cells.filter((c) => c.cell.stream === stream && c.cell.concurrency === 1 && c.cell.ttftMs === 0 && c.cell.pacingMs === 0);
}

function latencyVerdicts(cells: readonly CellResult[]): Verdict[] {
  const out: Verdict[] = [];
  for (const c of headlineCells(cells, false)) {
    const sb = pick(c, 'switchboard');
    const pt = pick(c, 'pass-through');
    if (!sb) continue;
    const route = ROUTE_NAMES[c.cell.route];
    out.push({ target: `c1 non-streaming, ${route}: added p50 <= 0.25 ms`, measured: ms(sb.overheadP50Ms), pass: sb.overheadP50Ms <= 0.25 });
    if (pt) {
      // a pass-through overhead at or below zero is noise; judge against a 0.05 ms floor
      const ptFloor = Math.max(pt.overheadP50Ms, 0.05);
      out.push({
        target: `c1 non-streaming, ${route}: added p50 <= 2.5x the pass-through's`,
        measured: `${ms(sb.overheadP50Ms)} vs ${ms(pt.overheadP50Ms)} (${(sb.overheadP50Ms / ptFloor).toFixed(2)}x)`,
        pass: sb.overheadP50Ms <= 2.5 * ptFloor,
      });
    }
    out.push({ target: `c1 non-streaming, ${route}: added p99 <= 1 ms`, measured: ms(sb.overheadP99Ms), pass: sb.overheadP99Ms <= 1 });
  }
  for (const c of headlineCells(cells, true)) {
    const sb = pick(c, 'switchboard');
    if (!sb) continue;
    const route = ROUTE_NAMES[c.cell.route];
    out.push({ target: `c1 streaming, ${route}: added TTFB p50 <= 0.3 ms`, measured: ms(sb.ttfbOverheadP50Ms), pass: sb.ttfbOverheadP50Ms <= 0.3 });
  }
  return out;
}

function cpuVerdict(cells: readonly CellResult[]): Verdict | null {
  let worst: { ratio: number; cell: string; sb: number; pt: number } | null = null;
  for (const c of cells) {
    const sb = pick(c, 'switchboard');
    const pt = pick(c, 'pass-through');
    if (!sb || !pt || !(pt.cpuUsPerRequest > 0)) continue;
    const ratio = sb.cpuUsPerRequest / pt.cpuUsPerRequest;
    if (!worst || ratio > worst.ratio) worst = { ratio, cell: c.cell.id, sb: sb.cpuUsPerRequest, pt: pt.cpuUsPerRequest };
  }
  if (!worst) return null;
  return {
    target: 'CPU per proxied request <= 2x the pass-through\'s (worst cell)',
    measured: `${worst.ratio.toFixed(2)}x in "${worst.cell}" (${worst.sb} vs ${worst.pt} us)`,
    pass: worst.ratio <= 2,
  };
}

function batchingVerdict(cells: readonly CellResult[]): Verdict[] {
  return cells.filter((c) => c.cell.stream && c.cell.pacingMs > 0).flatMap((c) => {
    const sb = pick(c, 'switchboard');
    const direct = pick(c, 'direct');
    if (!sb || !direct || sb.sharedReadShare === null || direct.sharedReadShare === null) return [];
    return [{
      target: `streaming, upstream paced ${c.cell.pacingMs} ms, ${c.cell.route}: pieces never batched`,
      measured: `${(sb.sharedReadShare * 100).toFixed(1)}% of pieces shared a read (direct ${(direct.sharedReadShare * 100).toFixed(1)}%), lag p99 ${ms(sb.chunkLagP99Ms ?? NaN)}`,
      pass: sb.sharedReadShare <= direct.sharedReadShare + 0.02,
    }];
  });
}

export function verdicts(input: VerdictInput): Verdict[] {
  const out = [...latencyVerdicts(input.cells)];
  const cpu = cpuVerdict(input.cells);
  if (cpu) out.push(cpu);
  out.push(...batchingVerdict(input.cells));
  out.push({ target: 'Switchboard peak RSS < 150 MB over the whole run', measured: `${input.switchboardRunPeakRssMb.toFixed(1)} MB`, pass: input.switchboardRunPeakRssMb < 150 });
  const soak = input.soak;
  out.push(soak
    ? {
      target: 'no RSS growth across the soak (median of the last quarter of samples <= first quarter\'s + 10%)',
      measured: `${soak.seconds} s, ${soak.requests} requests: start ${soak.rssStartMb} MB, end ${soak.rssEndMb} MB; ` +
        `quarter medians ${soak.rssFirstQuarterMedianMb} -> ${soak.rssLastQuarterMedianMb} MB (max ${soak.rssMaxMb})`,
      pass: soak.rssLastQuarterMedianMb <= soak.rssFirstQuarterMedianMb * 1.1,
    }
    : { target: 'no RSS growth across a 5-minute soak', measured: 'not run (use --soak 300)', pass: null });
  const micro = input.micro;
  if (micro) {
    out.push({ target: `routing among ${micro.routing.models} models < 100 us (proxy path, worst shape, median)`, measured: `${micro.routing.worstMedianUs.toFixed(1)} us`, pass: micro.routing.worstMedianUs < 100 });
    out.push({ target: `analytics on ${micro.analytics.rows.toLocaleString('en')} rows < 200 ms (worst query, median)`, measured: ms(micro.analytics.worstMedianMs), pass: micro.analytics.worstMedianMs < 200 });
  }
  return out;
}
