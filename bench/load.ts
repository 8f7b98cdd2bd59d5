// The closed-loop load generator: `concurrency` workers, each sending its next request as soon as
// the last one ended, over one keep-alive undici Pool per target. Raw dispatch handlers keep the
// generator's own cost low (it shares 2 cores with the servers it measures).
import type { Pool } from 'undici';
import { MarkerScanner } from './markers';

export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadPhase {
  concurrency: number;
  durationMs: number;
  /** stop early once this many requests have been sent */
  maxRequests?: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  firstError: string | null;
  elapsedMs: number;
  /** per successful request, ms */
  latencies: number[];
  ttfbs: number[];
  /** per streamed piece: arrival minus the upstream's send stamp, ms */
  chunkLags: number[];
  /** streamed pieces that arrived in the same read as another piece */
  sharedReadPieces: number;
  pieces: number;
}

function emptyResult(): LoadResult {
  return { requests: 0, errors: 0, firstError: null, elapsedMs: 0, latencies: [], ttfbs: [], chunkLags: [], sharedReadPieces: 0, pieces: 0 };
}

function sendOne(pool: Pool, req: LoadRequest, out: LoadResult): Promise<void> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let ttfb = -1;
    let status = 0;
    let errorText = '';
    const scanner = new MarkerScanner();
    const fail = (why: string): void => {
      out.errors++;
      out.firstError ??= why.slice(0, 300);
      resolve();
    };
    pool.dispatch({ path: req.path, method: 'POST', headers: req.headers, body: req.body }, {
      onRequestStart() {},
      onResponseStart(_controller, statusCode) {
        status = statusCode;
      },
      onResponseData(_controller, chunk) {
        const now = performance.now();
        if (ttfb < 0) ttfb = now - t0;
        if (status >= 300) {
          if (errorText.length < 300) errorText += chunk.toString('utf8');
          return;
        }
        const found = scanner.scan(chunk.toString('latin1'), performance.timeOrigin + now, out.chunkLags);
        out.pieces += found;
        if (found > 1) out.sharedReadPieces += found;
      },
      onResponseEnd() {
        if (status >= 300) return fail(`HTTP ${status}: ${errorText}`);
        const end = performance.now();
        out.requests++;
        out.latencies.push(end - t0);
        out.ttfbs.push(ttfb < 0 ? end - t0 : ttfb);
        resolve();
      },
      onResponseError(_controller, err) {
        fail(err.message);
      },
    });
  });
}

/** Runs one phase and returns when every request it started has ended. */
export async function runLoad(pool: Pool, req: LoadRequest, phase: LoadPhase): Promise<LoadResult> {
  const out = emptyResult();
  const start = performance.now();
  const deadline = start + phase.durationMs;
  const max = phase.maxRequests ?? Infinity;
  let started = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline && started < max) {
      started++;
      await sendOne(pool, req, out);
    }
  };
  await Promise.all(Array.from({ length: phase.concurrency }, worker));
  out.elapsedMs = performance.now() - start;
  return out;
}

export function mergeResults(parts: readonly LoadResult[]): LoadResult {
  const out = emptyResult();
  for (const p of parts) {
    out.requests += p.requests;
    out.errors += p.errors;
    out.firstError ??= p.firstError;
    out.elapsedMs += p.elapsedMs;
    out.sharedReadPieces += p.sharedReadPieces;
    out.pieces += p.pieces;
    for (const v of p.latencies) out.latencies.push(v);
    for (const v of p.ttfbs) out.ttfbs.push(v);
    for (const v of p.chunkLags) out.chunkLags.push(v);
  }
  return out;
}
