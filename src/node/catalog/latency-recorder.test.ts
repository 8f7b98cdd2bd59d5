import { describe, expect, it, vi } from 'vitest';
import type { ModelEntry } from '../../core/catalog';
import type { Database } from '../db/migration';
import type { ModelsRepo } from './repos/models-repo';
import { LatencyRecorder } from './latency-recorder';

/** A database whose writes fail while `failing` is set, as a full disk or a lock held elsewhere makes them. */
function flakyDb() {
  const written: [string, number, number][] = [];
  const state = { failing: true };
  const db = {
    open: true,
    transaction: (fn: () => void) => () => {
      if (state.failing) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      fn();
    },
  } as unknown as Database;
  const models = { setLatency: (id: string, avg: number, samples: number) => { written.push([id, avg, samples]); } } as unknown as ModelsRepo;
  return { db, models, written, state };
}

describe('LatencyRecorder', () => {
  it('a write SQLite refuses (disk full, locked) neither throws from its timer nor loses the figures: they go later', () => {
    vi.useFakeTimers();
    try {
      const { db, models, written, state } = flakyDb();
      const rec = new LatencyRecorder(db, models, 5_000);
      const entry = { id: 'p/m', avgLatencyMs: null } as unknown as ModelEntry;
      rec.record(entry, 0, 100);
      // the debounced flush runs on a timer: a throw there would end the process
      expect(() => vi.advanceTimersByTime(5_000)).not.toThrow();
      expect(written).toEqual([]);
      rec.record(entry, 1, 200); // a newer figure while the old one waits: the newer wins
      state.failing = false;
      vi.advanceTimersByTime(5_000);
      expect(written).toEqual([['p/m', 120, 2]]);
      // a flush at close that fails does not throw either
      state.failing = true;
      rec.record(entry, 2, 300);
      expect(() => rec.flush()).not.toThrow();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('LatencyRecorder: one slow answer does not knock a model out for good', () => {
  const model = (id: string, avg: number | null) => ({ id, avgLatencyMs: avg }) as unknown as ModelEntry;

  it("a cold start is averaged with the others' median and later samples are clamped", () => {
    const { db, models, state } = flakyDb();
    state.failing = false;
    const rec = new LatencyRecorder(db, models, 5_000, 0);
    const others = [model('a', 800), model('b', 1000), model('c', 1200)];
    const cold = model('p/cold', null);
    rec.record(cold, 0, 40_000, others, 1);
    expect(cold.avgLatencyMs).toBe(2000);
    rec.record(cold, 1, 40_000, others, 2);
    expect(cold.avgLatencyMs).toBe(2000 + 0.2 * 4000);
  });

  it('an average no sample refreshed drifts toward the median, and is stored so', () => {
    const { db, models, written, state } = flakyDb();
    state.failing = false;
    const t0 = 1_000_000;
    const rec = new LatencyRecorder(db, models, 5_000, t0);
    const slow = model('p/slow', 9000);
    const all = [slow, model('a', 1000), model('b', 1000)];
    const samples = new Map([['p/slow', 1]]);
    // fresh for 10 minutes after start: left alone
    rec.decayStale(all, samples, t0 + 9 * 60_000);
    expect(slow.avgLatencyMs).toBe(9000);
    // an hour past staleness: half-way to the median
    rec.decayStale(all, samples, t0 + 70 * 60_000);
    expect(slow.avgLatencyMs).toBeCloseTo(5000, 5);
    rec.flush();
    expect(written).toEqual([['p/slow', 5000, 1]]);
    // a model measured recently keeps its figure
    const fresh = model('p/fresh', 9000);
    rec.record(fresh, 0, 9000, all, t0 + 71 * 60_000);
    rec.decayStale([...all, fresh], samples, t0 + 75 * 60_000);
    expect(fresh.avgLatencyMs).toBe(9000);
  });
});
