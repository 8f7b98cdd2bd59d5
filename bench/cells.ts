// The matrix of load cells: mode x concurrency x upstream first-token delay x route.
import { ROUTE_LABEL, type Route } from './requests';

export interface Cell {
  id: string;
  stream: boolean;
  concurrency: number;
  ttftMs: number;
  route: Route;
  chunks: number;
  pacingMs: number;
  /** interleaved rounds over the targets (more for the cells the targets are judged on) */
  rounds: number;
}

export interface MatrixOptions {
  concurrencies: readonly number[];
  ttfts: readonly number[];
  routes: readonly Route[];
  /** routes measured at the first first-token delay only (the delay adds nothing to what they show) */
  lightRoutes?: readonly Route[];
  chunks: number;
  rounds: number;
  /** rounds for concurrency-1, first-token-0 cells, the ones the latency targets are read from */
  headlineRounds: number;
  /** adds a streaming cell whose upstream paces its pieces, to show whether a proxy batches them */
  pacedCheckMs: number;
}

export const cellId = (c: Omit<Cell, 'id' | 'rounds'>): string =>
  `${c.stream ? 'stream' : 'json'} c${c.concurrency} ttft${c.ttftMs} ${ROUTE_LABEL[c.route]}` +
  (c.stream && c.pacingMs > 0 ? ` paced${c.pacingMs}` : '');

export function buildMatrix(o: MatrixOptions): Cell[] {
  const cells: Cell[] = [];
  const routes = [...o.routes.map((r) => [r, o.ttfts] as const), ...(o.lightRoutes ?? []).map((r) => [r, o.ttfts.slice(0, 1)] as const)];
  for (const [route, ttfts] of routes) {
    for (const stream of [false, true]) {
      for (const ttftMs of ttfts) {
        for (const concurrency of o.concurrencies) {
          const base = { stream, concurrency, ttftMs, route, chunks: o.chunks, pacingMs: 0 };
          const headline = concurrency === 1 && ttftMs === 0;
          cells.push({ ...base, id: cellId(base), rounds: headline ? o.headlineRounds : o.rounds });
        }
      }
    }
  }
  if (o.pacedCheckMs > 0) {
    for (const route of o.routes) {
      const base = { stream: true, concurrency: 1, ttftMs: 0, route, chunks: o.chunks, pacingMs: o.pacedCheckMs };
      cells.push({ ...base, id: cellId(base), rounds: o.rounds });
    }
  }
  return cells;
}
