// How candidates are scored and ordered.
//
// THE RULE
// 1. Three raw values per eligible candidate:
//    - cost: estimated USD of this request (pricing.computeCostUsd with the estimated input tokens
//      and maxOutputTokens ?? 500 output tokens), taken as ln(cost + floor) where floor is a tenth of
//      the cheapest non-zero cost in the set: a log scale, so one very expensive model does not
//      flatten the rest, and free (local) models sit one decade below the cheapest paid one.
//    - latency: avgLatencyMs; unknown = the median of the known ones (all unknown = all equal).
//    - quality: quality / 100; unknown = 0.5.
// 2. Each is min-max normalised to 0..1 across the eligible set, oriented so 1 is best (cheapest,
//    fastest, highest quality). A dimension on which every candidate is equal scores 0.5 for all.
// 3. Weights: the strategy gives base weights (cost {0.7, 0.1, 0.2}, latency {0.1, 0.7, 0.2},
//    balanced {0.4, 0.2, 0.4}, custom = rules.weights normalised to sum 1). The power level tilts them:
//      eco       = 0.25 * strategy + 0.75 * {cost: 1}
//      balanced  = strategy
//      precision = 0.25 * strategy + 0.75 * {quality: 1}
//    score = w.cost * cost + w.latency * latency + w.quality * quality, in 0..1, higher is better.
// 4. Order: score descending; scores equal to 1e-6 (they round to the same 1e-6 step) tie and break
//    on provider priority (LOWER number first, as in "priority 1"), then model id ascending, so the
//    order is deterministic.
//
// THE INVARIANT (pinned in scoring.test.ts): under eco the cost weight is >= 0.75 and the other two
// together <= 0.25, so whenever a candidate's normalised cost beats a rival's by more than 1/3, it
// outranks that rival whatever the strategy, custom weights included. Precision is the mirror image
// for quality. With three models cheap/low, mid/mid, expensive/high (prices a decade apart), eco
// therefore always picks the cheapest and precision the best.
import type { PowerLevel, RoutingWeights, Strategy } from '../../shared/types';
import { growF64, growI32, growU32 } from './scratch';

export const STRATEGY_WEIGHTS: Readonly<Record<Exclude<Strategy, 'custom'>, Readonly<RoutingWeights>>> = {
  cost: { cost: 0.7, latency: 0.1, quality: 0.2 },
  latency: { cost: 0.1, latency: 0.7, quality: 0.2 },
  balanced: { cost: 0.4, latency: 0.2, quality: 0.4 },
};

/** How far eco / precision pull the strategy's weights toward cost / quality. */
export const LEVEL_TILT = 0.75;

/** Scores closer than this are a tie. */
export const SCORE_EPSILON = 1e-6;

const finiteNonNegative = (x: number): number => (Number.isFinite(x) && x > 0 ? x : 0);

/** Negative or non-finite weights count as 0; all-zero falls back to balanced. */
export function normaliseWeights(w: RoutingWeights): RoutingWeights {
  const cost = finiteNonNegative(w.cost);
  const latency = finiteNonNegative(w.latency);
  const quality = finiteNonNegative(w.quality);
  const sum = cost + latency + quality;
  if (sum === 0) return { ...STRATEGY_WEIGHTS.balanced };
  return { cost: cost / sum, latency: latency / sum, quality: quality / sum };
}

export function strategyWeights(strategy: Strategy, custom: RoutingWeights): RoutingWeights {
  return strategy === 'custom' ? normaliseWeights(custom) : { ...STRATEGY_WEIGHTS[strategy] };
}

/** The weights actually used: the strategy's, tilted by the power level. */
export function levelWeights(level: PowerLevel, strategy: Strategy, custom: RoutingWeights): RoutingWeights {
  const s = strategyWeights(strategy, custom);
  const keep = 1 - LEVEL_TILT;
  if (level === 'eco') return { cost: keep * s.cost + LEVEL_TILT, latency: keep * s.latency, quality: keep * s.quality };
  if (level === 'precision') return { cost: keep * s.cost, latency: keep * s.latency, quality: keep * s.quality + LEVEL_TILT };
  return s;
}

/** Raw per-candidate values, index-aligned; NaN marks an unknown latency or quality. */
export interface ScoreColumns {
  costUsd: Float64Array;
  latencyMs: Float64Array;
  quality: Float64Array;
}

function minMax(values: Float64Array, n: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

let knownBuf = new Float64Array(256);

/** Hoare's selection: afterwards a[k] holds the k-th smallest of a[0..n), smaller ones before it. */
function selectKth(a: Float64Array, n: number, k: number): void {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** Median of the non-NaN values in linear time; NaN when there are none. */
export function medianOfKnown(values: Float64Array, n: number): number {
  knownBuf = growF64(knownBuf, n);
  const known = knownBuf;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) known[k++] = v;
  }
  if (k === 0) return NaN;
  const mid = k >> 1;
  selectKth(known, k, mid);
  const upper = known[mid] as number;
  if (k % 2 === 1) return upper;
  let lower = -Infinity;
  for (let i = 0; i < mid; i++) if ((known[i] as number) > lower) lower = known[i] as number;
  return (lower + upper) / 2;
}

/**
 * Writes each candidate's score (0..1, higher is better) into `out`. Columns are overwritten with
 * their normalised values, to keep the hot path free of allocations.
 */
export function scoreColumns(cols: ScoreColumns, n: number, w: RoutingWeights, out: Float64Array): void {
  if (n === 0) return;
  const { costUsd: cost, latencyMs: latency, quality } = cols;

  let minPositive = Infinity;
  for (let i = 0; i < n; i++) {
    const c = cost[i] as number;
    if (c > 0 && c < minPositive) minPositive = c;
  }
  const floor = Number.isFinite(minPositive) ? minPositive / 10 : 1;
  for (let i = 0; i < n; i++) cost[i] = Math.log(Math.max(0, cost[i] as number) + floor);

  const median = medianOfKnown(latency, n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(latency[i] as number)) latency[i] = Number.isNaN(median) ? 0 : median;
    const q = quality[i] as number;
    quality[i] = Number.isNaN(q) ? 0.5 : Math.min(1, Math.max(0, q / 100));
  }

  // lower cost and latency are better: 1 at the minimum, 0 at the maximum
  const [cLo, cHi] = minMax(cost, n);
  const [lLo, lHi] = minMax(latency, n);
  const [qLo, qHi] = minMax(quality, n);
  const cSpan = cHi - cLo;
  const lSpan = lHi - lLo;
  const qSpan = qHi - qLo;
  for (let i = 0; i < n; i++) {
    const c = cSpan > 0 ? (cHi - (cost[i] as number)) / cSpan : 0.5;
    const l = lSpan > 0 ? (lHi - (latency[i] as number)) / lSpan : 0.5;
    const q = qSpan > 0 ? ((quality[i] as number) - qLo) / qSpan : 0.5;
    out[i] = w.cost * c + w.latency * l + w.quality * q;
  }
}

let keyBuf = new Uint32Array(256);
let fromBuf = new Int32Array(256);
let toBuf = new Int32Array(256);
const RADIX_BITS = 10;
const RADIX_MASK = (1 << RADIX_BITS) - 1;
const bucketCount = new Int32Array(1 << RADIX_BITS);

/**
 * Indexes 0..n-1 ordered best first by score, in the first n entries of the returned buffer (a
 * scratch buffer: read it before the next call). Stable: candidates must arrive in tie-break order
 * (provider priority, then model id; see snapshot-index.ts), and equal scores keep that order.
 * Scores are quantised to SCORE_EPSILON steps (at most 1e6 < 2^20) and radix-sorted in two passes
 * of 10 bits: for the ~1,000-model catalogs routing sees, several times faster than any sort.
 */
export function orderByScore(scores: Float64Array, n: number): Int32Array {
  keyBuf = growU32(keyBuf, n);
  fromBuf = growI32(fromBuf, n);
  toBuf = growI32(toBuf, n);
  const keys = keyBuf;
  const count = bucketCount;
  let from = fromBuf;
  let to = toBuf;
  for (let i = 0; i < n; i++) {
    const s = Math.min(1, Math.max(0, scores[i] as number));
    keys[i] = Math.round((1 - s) / SCORE_EPSILON); // 0 is best
    from[i] = i;
  }
  for (let shift = 0; shift < 2 * RADIX_BITS; shift += RADIX_BITS) {
    count.fill(0);
    for (let i = 0; i < n; i++) {
      const bucket = ((keys[i] as number) >>> shift) & RADIX_MASK;
      count[bucket] = (count[bucket] as number) + 1;
    }
    if (count[((keys[0] as number) >>> shift) & RADIX_MASK] === n) continue; // every key shares this byte
    let sum = 0;
    for (let b = 0; b <= RADIX_MASK; b++) {
      const c = count[b] as number;
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const j = from[i] as number;
      const bucket = ((keys[j] as number) >>> shift) & RADIX_MASK;
      const at = count[bucket] as number;
      to[at] = j;
      count[bucket] = at + 1;
    }
    const swap = from;
    from = to;
    to = swap;
  }
  return from;
}

let topBuf = new Int32Array(8);
let topKeys = new Uint32Array(8);

/**
 * The first k entries of orderByScore's order, without sorting the rest: the proxy asks for its
 * attempt budget (a handful), so one pass with a small insertion list beats sorting ~1,000 scores.
 * Same quantised keys and the same stability (an equal key never passes an earlier candidate).
 */
export function topByScore(scores: Float64Array, n: number, k: number): Int32Array {
  if (k * 8 >= n) return orderByScore(scores, n);
  topBuf = growI32(topBuf, k);
  if (topKeys.length < k) topKeys = new Uint32Array(k);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const s = Math.min(1, Math.max(0, scores[i] as number));
    const key = Math.round((1 - s) / SCORE_EPSILON);
    if (size === k && key >= (topKeys[k - 1] as number)) continue;
    let at = size < k ? size : k - 1;
    while (at > 0 && (topKeys[at - 1] as number) > key) {
      topKeys[at] = topKeys[at - 1] as number;
      topBuf[at] = topBuf[at - 1] as number;
      at--;
    }
    topKeys[at] = key;
    topBuf[at] = i;
    if (size < k) size++;
  }
  return topBuf;
}
