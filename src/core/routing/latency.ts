// Running latency estimate per model (time to first byte), stored as Model.avg_latency_ms.

/** Exponentially weighted moving average; the first sample seeds it. Non-finite or negative samples are ignored. */
export function ewma(prev: number | null, sample: number, alpha = 0.2): number | null {
  if (!Number.isFinite(sample) || sample < 0) return prev;
  if (prev === null || !Number.isFinite(prev)) return sample;
  return prev + alpha * (sample - prev);
}
