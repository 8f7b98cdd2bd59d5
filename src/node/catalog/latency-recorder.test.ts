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
