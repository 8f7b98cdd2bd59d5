// Micro-figures on the engine itself, in-process: the routing decision over a large catalog, the
// usage recorder's write rate, and the Usage tab's analytics query over a million usage rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchRouting } from './routing';
import type { UsageRecord } from '../src/core/usage-record';
import { openDatabase } from '../src/node/db';
import { usageSummary } from '../src/node/usage/analytics';
import { UsageRecorder } from '../src/node/usage/recorder';
import { insertSyntheticUsage } from './synthetic-usage';
import { percentile, sortedCopy } from './stats';

export interface MicroOptions {
  routingModels: number;
  routingIterations: number;
  recorderRows: number;
  analyticsRows: number;
  analyticsDays: number;
}

export interface MicroResults {
  routing: { models: number; shapes: { name: string; candidates: number; medianUs: number; p95Us: number }[]; worstMedianUs: number };
  recorder: { rows: number; seconds: number; rowsPerSecond: number; recordCallUs: number };
  analytics: { rows: number; insertSeconds: number; queries: { days: number; medianMs: number; maxMs: number }[]; worstMedianMs: number };
}

export function routingFigure(models: number, iterations: number): MicroResults['routing'] {
  const shapes = benchRouting(models, iterations).map((r) => ({ name: r.name, candidates: r.candidates, medianUs: r.medianUs, p95Us: r.p95Us }));
  // the target is the proxy's decision; the preview's full plan is reported beside it
  const proxyShapes = shapes.filter((s) => !s.name.includes('route preview'));
  return { models, shapes, worstMedianUs: Math.max(...proxyShapes.map((s) => s.medianUs)) };
}

function usageRecord(i: number, startedAt: number): UsageRecord {
  return {
    requestId: `bench-${i}`, startedAt, userId: 'default', tokenId: null, client: 'bench', inboundApi: 'chat', endpoint: 'chat', dropped: [],
    requestedModel: 'auto', modelId: 'bench-openai/bench-model', providerId: 'bench-openai', stream: i % 2 === 0,
    failedAttempts: [], inputTokens: 120 + (i % 500), cachedInputTokens: 0, cacheCreationInputTokens: 0,
    outputTokens: 50 + (i % 300), reasoningTokens: 0, costUsd: 0.0002, estimated: false, ttfbMs: 120,
    latencyMs: 900, status: 200, errorKind: null,
  };
}

/** Rows per second through record() and the batched flush, with the recorder's default batching. */
export function recorderFigure(dir: string, rows: number): MicroResults['recorder'] {
  const db = openDatabase(join(dir, 'recorder.db'));
  try {
    const recorder = new UsageRecorder(db, { maxQueued: rows + 1 });
    const now = Date.now();
    const records = Array.from({ length: rows }, (_, i) => usageRecord(i, now - i));
    const t0 = performance.now();
    for (const r of records) recorder.record(r);
    const tRecorded = performance.now();
    recorder.close();
    const seconds = (performance.now() - t0) / 1000;
    const health = recorder.health();
    if (health.written !== rows) throw new Error(`recorder wrote ${health.written} of ${rows} rows (dropped ${health.dropped})`);
    return { rows, seconds, rowsPerSecond: rows / seconds, recordCallUs: ((tRecorded - t0) * 1000) / rows };
  } finally {
    db.close();
  }
}

/** The admin API's usage summary (GET /api/v1/llm/usage) over `rows` synthetic rows spread over `days`. */
export function analyticsFigure(dir: string, rows: number, days: number): MicroResults['analytics'] {
  const db = openDatabase(join(dir, 'analytics.db'));
  try {
    const now = new Date();
    const t0 = performance.now();
    insertSyntheticUsage(db, rows, days, { now });
    const insertSeconds = (performance.now() - t0) / 1000;
    const queries = [7, 30, 366].map((d) => {
      const times: number[] = [];
      for (let i = 0; i < 7; i++) {
        const q0 = performance.now();
        usageSummary(db, d, now);
        times.push(performance.now() - q0);
      }
      const s = sortedCopy(times);
      return { days: d, medianMs: percentile(s, 50), maxMs: s[s.length - 1] as number };
    });
    return { rows, insertSeconds, queries, worstMedianMs: Math.max(...queries.map((q) => q.medianMs)) };
  } finally {
    db.close();
  }
}

export function runMicro(opts: MicroOptions, log: (line: string) => void): MicroResults {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-micro-'));
  try {
    log(`micro: routing over ${opts.routingModels} models`);
    const routing = routingFigure(opts.routingModels, opts.routingIterations);
    log(`micro: usage recorder, ${opts.recorderRows} rows`);
    const recorder = recorderFigure(dir, opts.recorderRows);
    log(`micro: analytics over ${opts.analyticsRows} rows (inserting first)`);
    const analytics = analyticsFigure(dir, opts.analyticsRows, opts.analyticsDays);
    return { routing, recorder, analytics };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
