// The targets of issues 7, 12 and 14, checked against one run's figures (Switchboard against direct
// and the pass-through measured in the same run, on the same machine).
import type { CellResult, TargetFigures } from './measure';
import type { MicroResults } from './micro';
import { ROUTE_LABELS, isForwarded, type Route } from './requests';
import type { SoakResult } from './soak';
import type { SpecialResults } from './special-cells';

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
  special?: SpecialResults | null;
  micro: MicroResults | null;
}

const ROUTE_NAMES: Record<Route, string> = {
  openai: 'OpenAI upstream', anthropic: 'Anthropic upstream (translation)',
  responses: `Responses in, Responses upstream (${ROUTE_LABELS.responses}, forwarded)`,
  'responses-chat': `Responses in, OpenAI chat upstream (${ROUTE_LABELS['responses-chat']}, translation)`,
  gemini: `Gemini in, Gemini upstream (${ROUTE_LABELS.gemini}, forwarded)`, 'gemini-openai': `Gemini in, OpenAI upstream (${ROUTE_LABELS['gemini-openai']}, translation)`,
};

const isResponses = (c: CellResult): boolean => c.cell.route === 'responses' || c.cell.route === 'responses-chat';
/** the prompt sizes issue 7's and issue 12's CPU targets were set for */
const isSmall = (c: CellResult): boolean => c.cell.prompt !== '40k';

const ms = (v: number): string => `${v.toFixed(3)} ms`;
const pick = (c: CellResult, name: string): TargetFigures | undefined => c.targets.find((t) => t.target === name);

/** The cells the latency targets are read from: concurrency 1, first token 0, the default 1 KB prompt. */
function headlineCells(cells: readonly CellResult[], stream: boolean): CellResult[] {
  return cells.filter((c) => c.cell.stream === stream && c.cell.concurrency === 1 && c.cell.ttftMs === 0 && c.cell.pacingMs === 0 && c.cell.prompt === '1k');
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

function cpuVerdict(cells: readonly CellResult[], target: string, limit: number): Verdict | null {
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
    target: `${target}: CPU per proxied request <= ${limit}x the pass-through's (worst cell)`,
    measured: `${worst.ratio.toFixed(2)}x in "${worst.cell}" (${worst.sb} vs ${worst.pt} us)`,
    pass: worst.ratio <= limit,
  };
}

function cpuVerdicts(cells: readonly CellResult[]): Verdict[] {
  const small = cells.filter(isSmall);
  const large = cells.filter((c) => !isSmall(c));
  return [
    cpuVerdict(small, 'prompts up to 1 KB (issue 7)', 2),
    cpuVerdict(small.filter(isResponses), 'Responses clients, prompts up to 1 KB (issue 12)', 2),
    cpuVerdict(large.filter((c) => isForwarded(c.cell.route)), '40 KB prompts, same format (issue 14)', 2.5),
    cpuVerdict(large.filter((c) => !isForwarded(c.cell.route)), '40 KB prompts, translated (issue 14)', 2.5),
  ].filter((v): v is Verdict => v !== null);
}

/** A stalled stream keeps nothing more: RSS over the second half of the stall (the first has the burst while socket buffers fill). */
export const SLOW_READER_STALL_GROWTH_MB = 2;
/** No request may block the event loop longer than this (issue 14). */
export const LOOP_DELAY_LIMIT_MS = 20;

function specialVerdicts(s: SpecialResults): Verdict[] {
  const out: Verdict[] = [];
  for (const r of s.slowReader.filter((x) => x.target === 'switchboard')) {
    out.push({
      target: `slow reader (1 KB/s against a 50 MB stream, ${ROUTE_LABELS[r.route]}): the upstream held back, RSS flat while stalled (< ${SLOW_READER_STALL_GROWTH_MB} MB over the second half), the upstream cut off when the client leaves`,
      measured: `upstream wrote ${(r.upstreamBytes / 1048576).toFixed(1)} of ${r.upstreamBytesTotal / 1048576} MB${r.upstreamPaused ? ', paused' : ', not paused'}; ` +
        `RSS +${r.rssGrowthSecondHalfMb} MB over the second half of ${r.seconds} s (peak +${r.rssGrowthMb} MB); ` +
        `closed ${r.upstreamClosedAfterClientMs === null ? 'not within 5 s' : `${r.upstreamClosedAfterClientMs} ms`} after the client`,
      pass: r.upstreamPaused && r.rssGrowthSecondHalfMb < SLOW_READER_STALL_GROWTH_MB && r.upstreamClosedAfterClientMs !== null && r.upstreamClosedAfterClientMs < 1000,
    });
  }
  const busy = s.loopDelay?.phases.at(-1);
  if (busy) {
    out.push({
      target: `event-loop delay p99 <= ${LOOP_DELAY_LIMIT_MS} ms beside 1 MB answers with no usage reported`,
      measured: `p99 ${busy.loop.p99Ms} ms, max ${busy.loop.maxMs} ms (${busy.bigRequests} big answers; small requests p99 ${busy.smallP99Ms} ms)` +
        (busy.errors ? `, ${busy.errors} errors: ${busy.firstError}` : ''),
      pass: busy.errors === 0 && busy.loop.p99Ms <= LOOP_DELAY_LIMIT_MS,
    });
  }
  for (const c of s.retry?.cases ?? []) {
    // the wait (250 ms with up to 20% jitter, or the provider's 100 ms) plus one more round trip
    const limit = c.variant === 'fail429RetryAfter' ? 150 : 350;
    out.push({
      target: `same-model retry after one ${c.name}: added p50 <= ${limit} ms`,
      measured: `+${c.addedP50Ms} ms p50, +${c.addedP99Ms} ms p99 over ${c.requests} requests${c.errors ? `, ${c.errors} errors: ${c.firstError}` : ''}`,
      pass: c.errors === 0 && c.addedP50Ms <= limit,
    });
  }
  return out;
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
  const out = [...latencyVerdicts(input.cells), ...cpuVerdicts(input.cells)];
  out.push(...batchingVerdict(input.cells));
  if (input.special) out.push(...specialVerdicts(input.special));
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
