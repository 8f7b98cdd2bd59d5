// Summarises a V8 .cpuprofile (from `npm run bench -- --cpu-prof DIR`): self and inclusive time per
// function and self time per source file, busiest first, idle time left out.
// `node --import tsx bench/profile-summary.ts <file.cpuprofile> [rows=25] [skip-ms=0]`: skip-ms drops the
// first samples (start-up and module loading) so a steady-state load dominates; a negative value
// keeps only that many ms at the end.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

export interface HotSpot {
  name: string;
  selfMs: number;
  totalMs: number;
}

const shortUrl = (url: string): string =>
  url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'npm:').replace(/^.*\/work\/main\//, '').replace(/^node:/, 'node:');

const frameName = (n: ProfileNode): string =>
  `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`.trim();

const IDLE = new Set(['(idle)', '(root)']);

export function summarise(profile: CpuProfile, skipMs = 0): { spanMs: number; busyMs: number; functions: HotSpot[]; files: HotSpot[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const spanUs = profile.timeDeltas.reduce((a, b) => a + b, 0);
  const fromUs = skipMs >= 0 ? skipMs * 1000 : spanUs + skipMs * 1000;
  let at = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= fromUs) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const inclusiveUs = new Map<number, number>();
  const inclusive = (id: number): number => {
    const known = inclusiveUs.get(id);
    if (known !== undefined) return known;
    const n = byId.get(id);
    const total = (selfUs.get(id) ?? 0) + (n?.children ?? []).reduce((s, c) => s + inclusive(c), 0);
    inclusiveUs.set(id, total);
    return total;
  };
  const fns = new Map<string, HotSpot>();
  const files = new Map<string, HotSpot>();
  let busyUs = 0;
  for (const n of profile.nodes) {
    if (IDLE.has(n.callFrame.functionName)) continue;
    const self = selfUs.get(n.id) ?? 0;
    busyUs += self;
    const key = frameName(n);
    const f = fns.get(key) ?? { name: key, selfMs: 0, totalMs: 0 };
    f.selfMs += self / 1000;
    // a recursive function would count its inner frames twice; the profiles here are shallow enough
    f.totalMs += inclusive(n.id) / 1000;
    fns.set(key, f);
    const file = shortUrl(n.callFrame.url) || n.callFrame.functionName;
    const g = files.get(file) ?? { name: file, selfMs: 0, totalMs: 0 };
    g.selfMs += self / 1000;
    files.set(file, g);
  }
  const bySelf = (a: HotSpot, b: HotSpot): number => b.selfMs - a.selfMs;
  return { spanMs: spanUs / 1000, busyMs: busyUs / 1000, functions: [...fns.values()].sort(bySelf), files: [...files.values()].sort(bySelf) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [rows] [skip-ms]');
    process.exit(2);
  }
  const rows = Number(process.argv[3] ?? 25);
  const s = summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(process.argv[4] ?? 0));
  const pct = (ms: number): string => `${((100 * ms) / s.busyMs).toFixed(1).padStart(5)}%`;
  console.log(`profile spans ${s.spanMs.toFixed(0)} ms; busy ${s.busyMs.toFixed(0)} ms in the part summarised\n\nself time by file`);
  for (const f of s.files.slice(0, rows)) console.log(`${pct(f.selfMs)} ${f.selfMs.toFixed(0).padStart(7)} ms  ${f.name}`);
  console.log('\nself time by function (inclusive in brackets)');
  for (const f of s.functions.slice(0, rows)) console.log(`${pct(f.selfMs)} ${f.selfMs.toFixed(0).padStart(7)} ms  [${f.totalMs.toFixed(0)} ms]  ${f.name}`);
}
