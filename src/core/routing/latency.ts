// Running latency estimate per model (time to first byte), stored as Model.avg_latency_ms. Scoring
// min-max normalises it, and a model scored last is seldom chosen, so seldom measured again: one slow
// answer (a cold start) must not decide for good. So a sample counts for at most LATENCY_CLAMP times the
// average so far, a first sample is averaged with a prior (the median of the other models) instead of
// taken whole, and an average nothing has refreshed drifts toward the median (decayedLatency).

export const LATENCY_ALPHA = 0.2;
/** a sample counts for at most this many times the average so far (or the prior) */
export const LATENCY_CLAMP = 3;
/** an average with no sample for this long is stale: it drifts toward the median of the known ones */
export const LATENCY_STALE_MS = 10 * 60_000;
/** how fast a stale average drifts: half-way to the median in this long */
export const LATENCY_HALF_LIFE_MS = 60 * 60_000;

/**
 * The average after one more sample: an EWMA whose sample is clamped to LATENCY_CLAMP times the
 * average. Without an average, the prior (when known) stands in for one earlier sample: the first
 * sample counts half.
 */
export function nextLatency(prev: number | null, sample: number, prior: number | null = null): number | null {
  if (!Number.isFinite(sample) || sample < 0) return prev;
  const base = prev !== null && Number.isFinite(prev) ? prev : prior !== null && Number.isFinite(prior) && prior > 0 ? prior : null;
  if (base === null) return sample;
  const clamped = Math.min(sample, LATENCY_CLAMP * base);
  return base + (base === prev ? LATENCY_ALPHA : 0.5) * (clamped - base);
}

/** A stale average `elapsedMs` later: pulled toward the median, half-way per LATENCY_HALF_LIFE_MS. */
export function decayedLatency(avg: number, median: number, elapsedMs: number): number {
  if (!(elapsedMs > 0)) return avg;
  return median + (avg - median) * 2 ** (-elapsedMs / LATENCY_HALF_LIFE_MS);
}

/** The median of the known averages (null when none is known). */
export function medianLatency(averages: Iterable<number | null>): number | null {
  const known: number[] = [];
  for (const a of averages) if (a !== null && Number.isFinite(a)) known.push(a);
  if (known.length === 0) return null;
  known.sort((a, b) => a - b);
  const mid = known.length >> 1;
  return known.length % 2 === 1 ? known[mid]! : (known[mid - 1]! + known[mid]!) / 2;
}
