// Percentiles over raw samples (nearest rank, on a sorted copy).

export function sortedCopy(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/** Nearest-rank percentile (p in 0..100) of an ascending array; NaN when empty. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export interface Quantiles {
  p50: number;
  p99: number;
  max: number;
}

export function quantiles(values: readonly number[]): Quantiles {
  const s = sortedCopy(values);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s.length ? (s[s.length - 1] as number) : NaN };
}

export const round = (v: number, digits = 3): number => (Number.isFinite(v) ? Number(v.toFixed(digits)) : v);
