// Measured latency per model (core/routing/latency.ts: a clamped EWMA, a first sample averaged with the
// median of the others, stale averages drifting toward the median). The in-memory entry moves at once so
// routing sees it; SQLite gets the values in debounced batches, never on the request path.
import type { ModelEntry } from '../../core/catalog';
import { decayedLatency, LATENCY_STALE_MS, medianLatency, nextLatency } from '../../core/routing';
import type { Database } from '../db/migration';
import type { ModelsRepo } from './repos/models-repo';

/** stale averages are drifted at most this often (on the next sample after it) */
const DECAY_EVERY_MS = 60_000;

export class LatencyRecorder {
  private readonly pending = new Map<string, { avg: number; samples: number }>();
  private timer: NodeJS.Timeout | null = null;
  /** when each model was last measured, or drifted; a model not measured since start counts from start */
  private readonly freshAt = new Map<string, number>();
  private lastDecay: number;

  constructor(
    private readonly db: Database,
    private readonly models: ModelsRepo,
    private readonly flushDelayMs: number,
    private readonly startedAt = Date.now(),
  ) {
    this.lastDecay = startedAt;
  }

  /** `others`: the catalog's models, whose median is a first sample's prior */
  record(entry: ModelEntry, samplesSoFar: number, ms: number, others: readonly ModelEntry[] = [], now = Date.now()): number {
    const prev = entry.avgLatencyMs;
    const prior = prev === null ? medianLatency(others.map((m) => m.avgLatencyMs)) : null;
    const avg = nextLatency(prev, ms, prior);
    if (avg === null) return samplesSoFar;
    entry.avgLatencyMs = avg;
    this.freshAt.set(entry.id, now);
    const samples = samplesSoFar + 1;
    this.queue(entry.id, avg, samples);
    return samples;
  }

  /**
   * Pulls the averages no sample refreshed for LATENCY_STALE_MS toward the median of the known ones, for
   * the time since the last pull: a model routing stopped choosing after a slow answer is chosen, and
   * measured, again. At most once a minute; `samples` gives the counts to store with them.
   */
  decayStale(models: readonly ModelEntry[], samples: ReadonlyMap<string, number>, now = Date.now()): void {
    const elapsed = now - this.lastDecay;
    if (elapsed < DECAY_EVERY_MS) return;
    this.lastDecay = now;
    const median = medianLatency(models.map((m) => m.avgLatencyMs));
    if (median === null) return;
    for (const m of models) {
      if (m.avgLatencyMs === null) continue;
      const fresh = this.freshAt.get(m.id) ?? this.startedAt;
      if (now - fresh < LATENCY_STALE_MS) continue;
      const avg = decayedLatency(m.avgLatencyMs, median, Math.min(elapsed, now - fresh - LATENCY_STALE_MS));
      if (Math.abs(avg - m.avgLatencyMs) < 0.05) continue;
      m.avgLatencyMs = avg;
      this.queue(m.id, avg, samples.get(m.id) ?? 0);
    }
  }

  private queue(id: string, avg: number, samples: number): void {
    this.pending.set(id, { avg, samples });
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushDelayMs);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0 || !this.db.open) return;
    const batch = [...this.pending];
    this.pending.clear();
    try {
      this.db.transaction(() => {
        for (const [id, { avg, samples }] of batch) this.models.setLatency(id, Math.round(avg * 10) / 10, samples);
      })();
    } catch {
      // a full disk, or another process holding the write lock: it runs on a timer, where a throw would end
      // the process. The figures wait (routing already uses them, in memory; a newer one wins) for a later try.
      for (const [id, value] of batch) if (!this.pending.has(id)) this.pending.set(id, value);
      if (!this.timer) {
        this.timer = setTimeout(() => this.flush(), this.flushDelayMs);
        this.timer.unref();
      }
    }
  }
}
