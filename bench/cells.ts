// The matrix of load cells: groups of route x prompt size x mode x first-token delay x concurrency.
import type { PromptSize } from './prompts';
import { ROUTE_LABELS, type Route } from './requests';

export interface Cell {
  id: string;
  stream: boolean;
  concurrency: number;
  ttftMs: number;
  route: Route;
  prompt: PromptSize;
  chunks: number;
  pacingMs: number;
  /** interleaved rounds over the targets (more for the cells the targets are judged on) */
  rounds: number;
}

/** Every combination of these is a cell (streaming and not unless `streams` says otherwise). */
export interface CellGroup {
  routes: readonly Route[];
  prompts: readonly PromptSize[];
  concurrencies: readonly number[];
  ttfts: readonly number[];
  streams?: readonly boolean[];
  /** gap between streamed pieces at the upstream (a batching check); 0 by default */
  pacingMs?: number;
}

export interface MatrixOptions {
  groups: readonly CellGroup[];
  chunks: number;
  rounds: number;
  /** rounds for the headline cells (the ones the latency targets are read from) */
  headlineRounds: number;
  /** the prompt size of the headline cells (with concurrency 1, first token 0, no pacing) */
  headlinePrompt: PromptSize;
}

export const cellId = (c: Omit<Cell, 'id' | 'rounds'>): string =>
  `${c.stream ? 'stream' : 'json'} c${c.concurrency} ttft${c.ttftMs} ${ROUTE_LABELS[c.route]} ${c.prompt}` +
  (c.stream && c.pacingMs > 0 ? ` paced${c.pacingMs}` : '');

export const isHeadline = (c: Pick<Cell, 'concurrency' | 'ttftMs' | 'pacingMs' | 'prompt'>, headlinePrompt: PromptSize): boolean =>
  c.concurrency === 1 && c.ttftMs === 0 && c.pacingMs === 0 && c.prompt === headlinePrompt;

/** The cells of every group in order, each once (a cell two groups share is kept where it first appears). */
export function buildMatrix(o: MatrixOptions): Cell[] {
  const cells: Cell[] = [];
  const seen = new Set<string>();
  for (const g of o.groups) {
    for (const route of g.routes) {
      for (const prompt of g.prompts) {
        for (const stream of g.streams ?? [false, true]) {
          for (const ttftMs of g.ttfts) {
            for (const concurrency of g.concurrencies) {
              const base = { stream, concurrency, ttftMs, route, prompt, chunks: o.chunks, pacingMs: stream ? g.pacingMs ?? 0 : 0 };
              const id = cellId(base);
              if (seen.has(id)) continue;
              seen.add(id);
              cells.push({ ...base, id, rounds: isHeadline(base, o.headlinePrompt) ? o.headlineRounds : o.rounds });
            }
          }
        }
      }
    }
  }
  return cells;
}
