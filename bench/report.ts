// The run's results as JSON (everything) and Markdown (the tables a person reads).
import type { BenchArgs } from './args';
import type { CellResult, TargetFigures } from './measure';
import type { MicroResults } from './micro';
import type { SoakResult } from './soak';
import type { TargetName } from './targets';
import type { Verdict } from './verdicts';

export interface BenchReport {
  date: string;
  startedAt: string;
  durationSeconds: number;
  machine: { cpus: number; cpuModel: string; node: string; kernel: string; loadAvgAtStart: number[] };
  versions: Record<string, string>;
  options: BenchArgs;
  cells: CellResult[];
  /** peak RSS per target process over every cell (and Switchboard's start-up) */
  runPeakRssMb: Partial<Record<TargetName, number>>;
  switchboardRssAfterStartMb: number;
  /** usage rows Switchboard had logged when it stopped (every proxied request, warm-ups included) */
  switchboardUsageRows: number | null;
  soak: SoakResult | null;
  micro: MicroResults | null;
  verdicts: Verdict[];
}

const f = (v: number | null, digits = 3): string => (v === null || !Number.isFinite(v) ? '-' : v.toFixed(digits));
const signed = (v: number): string => (Number.isFinite(v) ? (v >= 0 ? '+' : '') + v.toFixed(3) : '-');

function cellRows(c: CellResult): string[] {
  return c.targets.map((t: TargetFigures, i) => {
    const first = i === 0 ? c.cell.id : '';
    const isDirect = t.target === 'direct';
    const lag = t.chunkLagP99Ms === null ? '-' : `${f(t.chunkLagP99Ms, 2)} / ${f((t.sharedReadShare ?? 0) * 100, 0)}%`;
    return `| ${first} | ${t.target} | ${f(t.rps, 0)} | ${f(t.latencyP50Ms)} | ${f(t.latencyP99Ms)} | ${f(t.ttfbP50Ms)} | ${f(t.ttfbP99Ms)} | ` +
      `${isDirect ? '' : signed(t.overheadP50Ms)} | ${isDirect ? '' : signed(t.overheadP99Ms)} | ${isDirect ? '' : signed(t.ttfbOverheadP50Ms)} | ` +
      `${f(t.cpuUsPerRequest, 0)} | ${f(t.readCallsPerRequest, 1)} / ${f(t.writeCallsPerRequest, 1)} | ${f(t.peakRssMb, 1)} | ${lag} | ${t.errors ? `${t.errors}: ${(t.firstError ?? '').slice(0, 60).replace(/\|/g, '/')}` : ''} |`;
  });
}

export function cellsTable(cells: readonly CellResult[]): string {
  return [
    '| cell | target | req/s | p50 ms | p99 ms | TTFB p50 | TTFB p99 | +p50 | +p99 | +TTFB p50 | CPU us/req | syscalls/req r / w | peak RSS MB | chunk lag p99 ms / shared reads | errors |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...cells.flatMap(cellRows),
  ].join('\n');
}

function microSection(m: MicroResults): string {
  return [
    '| micro-figure | result |',
    '| --- | --- |',
    ...m.routing.shapes.map((s) => `| routing, ${m.routing.models} models, ${s.name} (${s.candidates} candidates) | median ${s.medianUs.toFixed(1)} us, p95 ${s.p95Us.toFixed(1)} us |`),
    `| usage recorder, ${m.recorder.rows.toLocaleString('en')} rows | ${Math.round(m.recorder.rowsPerSecond).toLocaleString('en')} rows/s (record() ${m.recorder.recordCallUs.toFixed(2)} us/row) |`,
    `| synthetic usage insert, ${m.analytics.rows.toLocaleString('en')} rows | ${m.analytics.insertSeconds.toFixed(1)} s |`,
    ...m.analytics.queries.map((q) => `| usage summary over ${m.analytics.rows.toLocaleString('en')} rows, ${q.days} days | median ${q.medianMs.toFixed(2)} ms, max ${q.maxMs.toFixed(2)} ms |`),
  ].join('\n');
}

function verdictTable(vs: readonly Verdict[]): string {
  const mark = (p: boolean | null): string => (p === null ? 'not run' : p ? 'met' : '**missed**');
  return ['| target | measured | |', '| --- | --- | --- |', ...vs.map((v) => `| ${v.target} | ${v.measured} | ${mark(v.pass)} |`)].join('\n');
}

export function toMarkdown(r: BenchReport): string {
  const peaks = Object.entries(r.runPeakRssMb).map(([k, v]) => `${k} ${f(v ?? NaN, 1)} MB`).join(', ');
  const parts = [
    `# Switchboard benchmark, ${r.date}`,
    '',
    `${r.machine.cpus} x ${r.machine.cpuModel}, Node ${r.machine.node}, Linux ${r.machine.kernel}, load average at start ${r.machine.loadAvgAtStart.map((v) => v.toFixed(2)).join(' ')}. ` +
      `${r.options.quick ? 'Quick run. ' : ''}${r.options.rounds} interleaved rounds of ${r.options.measureMs} ms per target per cell (concurrency-1, first-token-0 cells: twice as many), ${r.options.warmupMs} ms warm-up each; ran ${r.durationSeconds.toFixed(0)} s.`,
    `Versions: ${Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '',
    '## Targets',
    '',
    verdictTable(r.verdicts),
    '',
    '## Load cells',
    '',
    'Latency and TTFB (first body byte) as the client saw them; `+` columns are the difference from direct in the same cell. ' +
      'CPU and system calls are the target process\'s own (the fake upstream\'s for direct). Chunk lag: a streamed piece\'s arrival minus its send stamp at the upstream; ' +
      'shared reads: share of pieces that arrived in one read together with another (batching shows up here when the upstream paces its pieces).',
    '',
    cellsTable(r.cells),
    '',
    `Peak RSS over the whole run: ${peaks}. Switchboard right after start-up and configuration: ${f(r.switchboardRssAfterStartMb, 1)} MB.` +
      (r.switchboardUsageRows === null ? '' : ` Switchboard logged ${r.switchboardUsageRows.toLocaleString('en')} usage rows (every request it served, warm-ups included).`),
  ];
  if (r.runPeakRssMb.portkey !== undefined) {
    parts.push('', 'Portkey\'s gateway waits 25 ms (a `setTimeout` in its stream handler) before relaying the first streamed chunk, which is most of its streaming TTFB.');
  }
  if (r.soak) {
    const s = r.soak;
    parts.push('', '## Soak', '', `${s.seconds} s of mixed traffic through Switchboard at concurrency ${s.concurrency}: ${s.requests} requests (${s.rps} req/s), ${s.errors} errors. ` +
      `RSS ${s.rssStartMb} MB after the first slice, ${s.rssEndMb} MB at the end; medians of the first and last quarter of samples ` +
      `${s.rssFirstQuarterMedianMb} and ${s.rssLastQuarterMedianMb} MB; max sample ${s.rssMaxMb} MB, peak ${s.peakRssMb} MB.`,
      '', `RSS every ${s.samples.length > 1 ? ((s.samples[1]?.atSeconds ?? 0) - (s.samples[0]?.atSeconds ?? 0)).toFixed(0) : '-'} s: ${s.samples.map((x) => x.rssMb.toFixed(0)).join(' ')}`);
  }
  if (r.micro) parts.push('', '## Micro-figures', '', microSection(r.micro));
  return parts.join('\n') + '\n';
}
