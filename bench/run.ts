// `npm run bench`: the proxy benchmark of issue 7. Starts a fake upstream, a bare pass-through,
// Switchboard and Portkey's gateway as separate processes on 127.0.0.1, sends each the same
// closed-loop load cell by cell, adds micro-figures, writes bench/results/<date>.{json,md} and
// prints the Markdown.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { USAGE, UsageError, parseBenchArgs, type BenchArgs } from './args';
import { buildBaseline } from './baseline';
import { buildMatrix, type Cell, type CellGroup } from './cells';
import { runLoad } from './load';
import { runCell, type CellResult } from './measure';
import { runMicro, type MicroResults } from './micro';
import { memoryMb } from './proc-stats';
import { toMarkdown, type BenchReport } from './report';
import { PROMPT_SIZES, type PromptSize } from './prompts';
import type { Route } from './requests';
import { runSoak, type SoakResult } from './soak';
import { runSpecialCells, type SpecialResults } from './special-cells';
import { TARGET_NAMES } from './target-names';
import { usageRowsThenCleanUp } from './switchboard';
import { startTargets, type Target, type TargetName, type TargetSet } from './targets';
import { verdicts } from './verdicts';

const ALL_ROUTES: readonly Route[] = ['openai', 'anthropic', 'responses', 'responses-chat', 'gemini', 'gemini-openai'];

/**
 * The load cells. OpenAI chat clients (forwarded and translated) at every concurrency and first-token
 * delay with a 1 KB prompt; Responses clients at concurrency 1 and 16; Gemini clients at 1; every
 * route with a 40 KB prompt at concurrency 1 and 16 (the size real agents send); the tiny prompt of
 * earlier runs at concurrency 1; and streams paced 2 ms apart (the batching check).
 */
function cellGroups(quick: boolean): CellGroup[] {
  const c = (...n: number[]): number[] => (quick ? [1] : n);
  const ttfts = quick ? [0] : [0, 50];
  return [
    { routes: ['openai', 'anthropic'], prompts: ['1k'], concurrencies: c(1, 16, 64), ttfts },
    { routes: ['responses', 'responses-chat'], prompts: ['1k'], concurrencies: c(1, 16), ttfts: [0] },
    { routes: ['gemini', 'gemini-openai'], prompts: ['1k'], concurrencies: [1], ttfts: [0] },
    { routes: ALL_ROUTES, prompts: ['40k'], concurrencies: c(1, 16), ttfts: [0] },
    { routes: ['openai', 'anthropic'], prompts: ['tiny'], concurrencies: [1], ttfts: [0] },
    { routes: ['openai', 'anthropic'], prompts: ['1k'], concurrencies: [1], ttfts: [0], streams: [true], pacingMs: 2 },
  ];
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function versionOf(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'missing';
  }
}

/** One request of every kind to every target before measuring: a broken target fails fast and clearly. */
async function probe(targets: readonly Target[], routes: readonly Route[], prompts: readonly PromptSize[]): Promise<void> {
  for (const t of targets) {
    for (const route of routes) {
      for (const prompt of prompts) {
        for (const stream of [false, true]) {
          const req = t.request(route, stream, prompt);
          if (!req) continue;
          const r = await runLoad(t.pool, req, { concurrency: 1, durationMs: 30_000, maxRequests: 1 });
          const what = `a ${route} ${stream ? 'streaming' : 'non-streaming'} request (${prompt} prompt)`;
          if (r.errors > 0 || r.requests !== 1) throw new Error(`${t.name} failed ${what}: ${r.firstError}`);
          if (stream && r.pieces === 0) throw new Error(`${t.name} streamed no stamped pieces for ${what}`);
        }
      }
    }
  }
}

/** Every kind of request through every target before the first cell, so JIT warm-up is not charged to it. */
async function warmUp(targets: readonly Target[], routes: readonly Route[], prompts: readonly PromptSize[], ms: number): Promise<void> {
  for (const t of targets) {
    for (const route of routes) {
      for (const prompt of prompts) {
        for (const stream of [false, true]) {
          const req = t.request(route, stream, prompt);
          if (req) await runLoad(t.pool, req, { concurrency: 4, durationMs: ms });
        }
      }
    }
  }
}

function cellMatrix(args: BenchArgs): Cell[] {
  return buildMatrix({
    groups: cellGroups(args.quick),
    chunks: 50,
    rounds: args.rounds,
    headlineRounds: args.rounds * 2,
    headlinePrompt: '1k',
  }).filter((c) => !args.filter || c.id.includes(args.filter));
}

async function runCells(matrix: readonly Cell[], set: TargetSet, args: BenchArgs, peaks: Map<TargetName, number>): Promise<CellResult[]> {
  const results: CellResult[] = [];
  for (const [i, cell] of matrix.entries()) {
    const r = await runCell(cell, set.targets, set.upstream.url, { warmupMs: args.warmupMs, measureMs: args.measureMs });
    results.push(r);
    for (const t of r.targets) peaks.set(t.target, Math.max(peaks.get(t.target) ?? 0, t.peakRssMb));
    const summary = r.targets.map((t) => `${t.target} ${t.latencyP50Ms.toFixed(2)}ms${t.errors ? ` (${t.errors} errors)` : ''}`).join(', ');
    log(`[${i + 1}/${matrix.length}] ${cell.id}: p50 ${summary}`);
  }
  return results;
}

function resultBaseName(args: BenchArgs, date: string): string {
  if (args.quick) return `${date}-quick`;
  if (args.baseline) return `${date}-baseline`;
  return args.filter || args.targets.length < TARGET_NAMES.length ? `${date}-partial` : date;
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    console.log(USAGE);
    return;
  }
  const args = parseBenchArgs(process.argv.slice(2), join(root, 'bench/results'));
  const startedAt = new Date();
  const loadAvgAtStart = loadavg();
  const set = await startTargets({
    root,
    nodeArgs: (target) => (args.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(args.cpuProfDir, target)}`] : []),
    include: new Set(args.targets),
    baseline: args.baseline ? await buildBaseline(root, args.baseline, log) : null,
    log,
  });
  const peaks = new Map<TargetName, number>();
  let cells: CellResult[] = [];
  let soak: SoakResult | null = null;
  let special: SpecialResults | null = null;
  let switchboardRssAfterStartMb = NaN;
  let switchboardUsageRows: number | null = null;
  try {
    if (set.switchboard) switchboardRssAfterStartMb = memoryMb(set.switchboard.child.pid).rssMb;
    for (const t of set.targets) peaks.set(t.name, memoryMb(t.pid).peakRssMb);
    // a filtered run probes and warms only what its cells send (a baseline may predate a route)
    const matrix = cellMatrix(args);
    const routes = args.filter ? [...new Set(matrix.map((c) => c.route))] : ALL_ROUTES;
    const prompts = args.filter ? [...new Set(matrix.map((c) => c.prompt))] : PROMPT_SIZES;
    await probe(set.targets, routes, prompts);
    await warmUp(set.targets, routes, args.filter ? prompts : ['1k', '40k'], args.quick ? 150 : 300);
    cells = await runCells(matrix, set, args, peaks);
    const sb = set.targets.find((t) => t.name === 'switchboard');
    if (args.soakSeconds > 0 && sb) {
      log(`soak: ${args.soakSeconds} s through Switchboard`);
      soak = await runSoak(sb, set.upstream.url, args.soakSeconds, log);
      peaks.set('switchboard', Math.max(peaks.get('switchboard') ?? 0, soak.peakRssMb));
    }
    // after the soak: the slow reader leaves memory behind that the soak would count as growth
    if (args.special) special = await runSpecialCells(set, args.quick, log);
  } finally {
    await set.stop();
    if (set.switchboard) switchboardUsageRows = usageRowsThenCleanUp(set.switchboard);
  }
  let micro: MicroResults | null = null;
  if (args.micro) {
    micro = runMicro(args.quick
      ? { routingModels: 1000, routingIterations: 500, recorderRows: 20_000, analyticsRows: 50_000, analyticsDays: 30 }
      : { routingModels: 1000, routingIterations: 2000, recorderRows: 200_000, analyticsRows: 1_000_000, analyticsDays: 365 }, log);
  }
  const date = startedAt.toISOString().slice(0, 10);
  const report: BenchReport = {
    date,
    startedAt: startedAt.toISOString(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.versions.node, kernel: release(), loadAvgAtStart },
    versions: {
      '@portkey-ai/gateway': versionOf('@portkey-ai/gateway'),
      '@hono/node-server': versionOf('@hono/node-server'),
      undici: versionOf('undici'),
    },
    options: args,
    cells,
    runPeakRssMb: Object.fromEntries(peaks),
    switchboardRssAfterStartMb,
    switchboardUsageRows,
    soak,
    special,
    micro,
    verdicts: verdicts({ cells, switchboardRunPeakRssMb: peaks.get('switchboard') ?? NaN, soak, special, micro }),
  };
  const markdown = toMarkdown(report);
  mkdirSync(args.outDir, { recursive: true });
  const base = join(args.outDir, resultBaseName(args, date));
  writeFileSync(`${base}.json`, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(`${base}.md`, markdown);
  process.stdout.write(markdown);
  log(`wrote ${base}.json and ${base}.md`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

main().then(
  () => process.exit(0),
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(err.message);
      process.exit(2);
    }
    console.error(err instanceof Error ? err.stack ?? err.message : String(err));
    process.exit(1);
  },
);
