// The run's results as JSON (everything) and Markdown (the tables a person reads).
import type { BenchArgs } from './args';
import type { CellResult, TargetFigures } from './measure';
import type { MicroResults } from './micro';
import type { SoakResult } from './soak';
import type { SpecialResults } from './special-cells';
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
  special: SpecialResults | null;
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

/** Switchboard's CPU per request beside the pass-through's, cell by cell: the ratio the CPU targets read. */
export function cpuTable(cells: readonly CellResult[]): string {
  const withBaseline = cells.some((c) => c.targets.some((t) => t.target === 'baseline'));
  const rows = cells.flatMap((c) => {
    const of = (name: string) => c.targets.find((t) => t.target === name);
    const sb = of('switchboard');
    const pt = of('pass-through');
    const pk = of('portkey');
    const base = of('baseline');
    if (!sb || !pt) return [];
    const baseCols = withBaseline ? ` ${base ? f(base.cpuUsPerRequest, 0) : '-'} | ${base ? f(base.cpuUsPerRequest / pt.cpuUsPerRequest, 2) + 'x' : '-'} |` : '';
    return [`| ${c.cell.id} | ${f(sb.cpuUsPerRequest, 0)} | ${f(pt.cpuUsPerRequest, 0)} | ${f(sb.cpuUsPerRequest / pt.cpuUsPerRequest, 2)}x |${baseCols} ${pk ? f(pk.cpuUsPerRequest, 0) : '-'} |`];
  });
  const head = withBaseline
    ? ['| cell | Switchboard us/req | pass-through us/req | ratio | baseline us/req | baseline ratio | Portkey us/req |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |']
    : ['| cell | Switchboard us/req | pass-through us/req | ratio | Portkey us/req |', '| --- | ---: | ---: | ---: | ---: |'];
  return [...head, ...rows].join('\n');
}

function specialSection(s: SpecialResults): string[] {
  const out: string[] = ['## Slow reader, event-loop delay, same-model retry', ''];
  if (s.slowReader.length > 0) {
    out.push('A client reads 1 KB/s while the upstream streams 50 MB as fast as it is let (it waits whenever its socket is full). ' +
      'Peak RSS growth is the proxy\'s peak while the client read minus its RSS before: it includes the first burst, while the socket buffers between the three fill ' +
      '(several MB read, and translated, at once); the second half\'s growth is what a stalled stream keeps taking. Kernel socket buffers are not in RSS. The bare pass-through ignores backpressure.', '',
    '| route | target | seconds | client read KB | RSS before MB | peak RSS growth MB | growth over the second half MB | upstream wrote MB | upstream waiting / paused | upstream closed after the client left |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
    ...s.slowReader.map((r) => `| ${r.route} | ${r.target} | ${r.seconds} | ${(r.clientBytes / 1024).toFixed(0)} | ${f(r.rssBeforeMb, 1)} | ${f(r.rssGrowthMb, 1)} | ${f(r.rssGrowthSecondHalfMb, 1)} | ` +
      `${(r.upstreamBytes / 1048576).toFixed(1)} | ${r.upstreamWaiting ? 'yes' : 'no'} / ${r.upstreamPaused ? 'yes' : 'no'} | ${r.upstreamClosedAfterClientMs === null ? 'not within 5 s' : `${r.upstreamClosedAfterClientMs} ms`} |`), '');
  }
  if (s.loopDelay) {
    const l = s.loopDelay;
    out.push(`Event-loop delay inside Switchboard (perf_hooks, 1 ms resolution) while small requests (OpenAI chat, 1 KB prompt, concurrency 2) run alone, ` +
      `then beside answers of ${(l.bigOutputBytes / 1e6).toFixed(0)} MB with no usage reported (${l.bigKinds.join(', ')}, one at a time each), whose output tokens Switchboard estimates itself. ` +
      'The streamed ones arrive at 5 KB a millisecond (a fast provider; at full speed the figure would measure a saturated proxy, not a blocked loop); the JSON ones back to back.', '',
    '| phase | loop delay p50 / p99 / max ms | small requests | small p50 / p99 ms | big answers | errors |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...l.phases.map((p) => `| ${p.name} | ${f(p.loop.p50Ms, 2)} / ${f(p.loop.p99Ms, 2)} / ${f(p.loop.maxMs, 2)} | ${p.smallRequests} | ${f(p.smallP50Ms, 2)} / ${f(p.smallP99Ms, 2)} | ${p.bigRequests} | ${p.errors ? `${p.errors}: ${(p.firstError ?? '').slice(0, 60)}` : ''} |`), '');
  }
  if (s.retry) {
    const r = s.retry;
    out.push(`The only candidate answers 429 before every other answer; Switchboard retries the same model (retries_per_model 1). Concurrency 1, OpenAI chat, 1 KB prompt; plain requests in the same rounds: p50 ${f(r.plainP50Ms, 2)} ms, p99 ${f(r.plainP99Ms, 2)} ms.`, '',
      '| case | requests | p50 / p99 ms | added p50 / p99 ms | errors |', '| --- | ---: | ---: | ---: | --- |',
      ...r.cases.map((c) => `| ${c.name} | ${c.requests} | ${f(c.p50Ms, 1)} / ${f(c.p99Ms, 1)} | ${signed(c.addedP50Ms)} / ${signed(c.addedP99Ms)} | ${c.errors ? `${c.errors}: ${(c.firstError ?? '').slice(0, 60)}` : ''} |`), '');
  }
  return out;
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
    ...(r.options.baseline ? [`Baseline: Switchboard at \`${r.options.baseline}\`, run beside today's in the same interleaved rounds (target \`baseline\`).`] : []),
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
    '## CPU per request',
    '',
    'Prompt sizes: tiny ~0.2 KB, 1k ~1 KB, 40k ~40 KB (long instructions, 12 tool schemas, 7 turns: the size Codex CLI and Gemini CLI send).',
    '',
    cpuTable(r.cells),
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
  if (r.special) parts.push('', ...specialSection(r.special));
  if (r.micro) parts.push('', '## Micro-figures', '', microSection(r.micro));
  return parts.join('\n') + '\n';
}
