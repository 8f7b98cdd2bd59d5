// Measured latency per model as an EWMA (alpha 0.2). The in-memory entry moves at once so routing
// sees it; SQLite gets the values in debounced batches, never on the request path.
import type { ModelEntry } from '../../core/catalog';
import type { Database } from '../db/migration';
import type { ModelsRepo } from './repos/models-repo';

export const LATENCY_ALPHA = 0.2;

export class LatencyRecorder {
  private readonly pending = new Map<string, { avg: number; samples: number }>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    private readonly models: ModelsRepo,
    private readonly flushDelayMs: number,
  ) {}

  record(entry: ModelEntry, samplesSoFar: number, ms: number): number {
    const prev = entry.avgLatencyMs;
    const avg = prev === null ? ms : prev + LATENCY_ALPHA * (ms - prev);
    entry.avgLatencyMs = avg;
    const samples = samplesSoFar + 1;
    this.pending.set(entry.id, { avg, samples });
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushDelayMs);
      this.timer.unref();
    }
    return samples;
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
