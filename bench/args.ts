// Command-line flags of `npm run bench -- [flags]`.
import { TARGET_NAMES, type TargetName } from './target-names';

export interface BenchArgs {
  quick: boolean;
  /** seconds of mixed load through Switchboard after the cells; 0 skips the soak */
  soakSeconds: number;
  measureMs: number;
  warmupMs: number;
  rounds: number;
  micro: boolean;
  /** write V8 CPU profiles (--cpu-prof) of Switchboard and the pass-through into DIR/<target> */
  cpuProfDir: string | null;
  outDir: string;
  /** only cells whose id contains this text */
  filter: string | null;
  /** targets to measure; direct always runs */
  targets: TargetName[];
  /** the slow-reader, event-loop-delay and retry cells (default: on unless --filter is given) */
  special: boolean;
  /** a git ref: Switchboard as it was there runs beside today's, as target `baseline` */
  baseline: string | null;
}

export const USAGE = `npm run bench -- [--quick] [--soak SECONDS] [--measure-ms N] [--warmup-ms N] [--rounds N]
                   [--no-micro] [--cpu-prof DIR] [--filter TEXT] [--targets LIST] [--out DIR] [--special | --no-special]
                   [--baseline REF]
  --quick        a smoke run: concurrency 1, upstream first token 0 ms, short phases, small micro-figures
  --soak S       after the cells, S seconds of mixed traffic through Switchboard, reporting its RSS at start and end
  --measure-ms   measured time per target per round (default 1000; quick 300)
  --rounds       interleaved rounds per cell (default 2; concurrency-1 first-token-0 cells get twice as many)
  --cpu-prof D   run Switchboard and the pass-through with --cpu-prof; profiles land in D/<target> when they exit
                 (summarise one with: node --import tsx bench/profile-summary.ts FILE)
  --filter T     only the cells whose id contains T (e.g. "json c1")
  --targets L    comma-separated subset of ${TARGET_NAMES.join(',')} (direct always runs)
  --special      run the slow-reader, event-loop-delay and 429-retry cells even with --filter (--no-special: skip them)
  --baseline R   also run Switchboard as it was at git ref R, in the same interleaved rounds (a before/after
                 that load drift on a shared machine cannot skew)`;

export class UsageError extends Error {}

function intArg(flag: string, v: string | undefined, min: number): number {
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n) || n < min) throw new UsageError(`${flag} needs an integer >= ${min}`);
  return n;
}

function targetList(v: string | undefined): TargetName[] {
  const names = (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  const bad = names.filter((n) => !(TARGET_NAMES as readonly string[]).includes(n));
  if (names.length === 0 || bad.length > 0) throw new UsageError(`--targets takes a list of ${TARGET_NAMES.join(', ')}`);
  return [...new Set(['direct', ...names])] as TargetName[];
}

export function parseBenchArgs(argv: readonly string[], defaultOutDir: string): BenchArgs {
  const quick = argv.includes('--quick');
  const out: BenchArgs = {
    quick, soakSeconds: 0, measureMs: quick ? 300 : 1000, warmupMs: quick ? 100 : 200, rounds: quick ? 1 : 2,
    micro: true, cpuProfDir: null, outDir: defaultOutDir, filter: null, targets: [...TARGET_NAMES], special: true, baseline: null,
  };
  let special: boolean | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string | undefined => argv[++i];
    switch (a) {
      case '--quick': break;
      case '--soak': out.soakSeconds = intArg(a, next(), 1); break;
      case '--measure-ms': out.measureMs = intArg(a, next(), 50); break;
      case '--warmup-ms': out.warmupMs = intArg(a, next(), 0); break;
      case '--rounds': out.rounds = intArg(a, next(), 1); break;
      case '--no-micro': out.micro = false; break;
      case '--cpu-prof': out.cpuProfDir = next() ?? null; if (!out.cpuProfDir) throw new UsageError('--cpu-prof needs a directory'); break;
      case '--filter': out.filter = next() ?? null; if (!out.filter) throw new UsageError('--filter needs text'); break;
      case '--targets': out.targets = targetList(next()); break;
      case '--out': out.outDir = next() ?? ''; if (!out.outDir) throw new UsageError('--out needs a directory'); break;
      case '--special': special = true; break;
      case '--baseline': out.baseline = next() ?? null; if (!out.baseline) throw new UsageError('--baseline needs a git ref'); break;
      case '--no-special': special = false; break;
      default: throw new UsageError(`unknown flag ${a}\n${USAGE}`);
    }
  }
  out.special = special ?? out.filter === null;
  return out;
}
