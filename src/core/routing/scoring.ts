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
//    balanced {0.4, 0.2, 0.4}, custom = rules.weights normalised to sum 1). The power level:
//      eco       = strategy (it only breaks near-ties in price: step 4)
//      balanced  = strategy
//      precision = 0.25 * strategy + 0.75 * {quality: 1}
//    score = w.cost * cost + w.latency * latency + w.quality * quality, in 0..1, higher is better.
// 4. Order:
//    - balanced, precision: score descending; scores equal to 1e-6 (they round to the same 1e-6 step)
//      tie and break on provider priority (LOWER number first, as in "priority 1"), then model id (as
//      text, a higher version or date first: routing-order.ts), so the order is deterministic.
//    - eco: estimated cost ascending, in bands: the cheapest model left and every model costing at most
//      ECO_TIE_BAND more form a band, ordered by score (then cheaper, then the tie-break order above);
//      the next band starts at the cheapest model above it. Free (local) models cost 0 and form the first
//      band. Models of unknown price are not ranked at all (eligibility.ts leaves them out under eco).
//
// THE INVARIANT (pinned in scoring.test.ts): eco tries a model before any costing more than
// 1 + ECO_TIE_BAND times as much, whatever the strategy, custom weights included. Under precision the
// quality weight is >= 0.75 and the other two together <= 0.25, so whenever a candidate's normalised
// quality beats a rival's by more than 1/3, it outranks that rival whatever the strategy. With three
// models cheap/low, mid/mid, expensive/high, eco therefore always picks the cheapest and precision the best.
import type { PowerLevel, RoutingWeights, Strategy } from '../../shared/types';
import type { ModelEntry } from '../catalog';

export const STRATEGY_WEIGHTS: Readonly<Record<Exclude<Strategy, 'custom'>, Readonly<RoutingWeights>>> = {
  cost: { cost: 0.7, latency: 0.1, quality: 0.2 },
  latency: { cost: 0.1, latency: 0.7, quality: 0.2 },
  balanced: { cost: 0.4, latency: 0.2, quality: 0.4 },
};

/** How far precision pulls the strategy's weights toward quality. */
export const LEVEL_TILT = 0.75;

/**
 * Under eco, estimated costs at most this fraction above the cheapest left are one price, which the strategy's
 * score orders. The estimate guesses the answer's length (500 tokens when the client sets no max) and counts the
 * prompt approximately, so a few percent between two models is within its error and may flip once the real
 * tokens are known; the gaps eco is for are wider (the seeded catalogs' cheapest models differ by 20% and more).
 */
export const ECO_TIE_BAND = 0.05;

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

/** The weights of the score: the strategy's, tilted toward quality under precision (eco orders by cost: cheapestFirst). */
export function levelWeights(level: PowerLevel, strategy: Strategy, custom: RoutingWeights): RoutingWeights {
  const s = strategyWeights(strategy, custom);
  const keep = 1 - LEVEL_TILT;
  if (level === 'precision') return { cost: keep * s.cost, latency: keep * s.latency, quality: keep * s.quality + LEVEL_TILT };
  return s;
}

/** What a candidate is scored on besides its cost; null marks an unknown latency or quality. */
export type ScoredModel = Pick<ModelEntry, 'avgLatencyMs' | 'quality'>;

/** Median of the values, sorting them in place; null when there are none. */
export function median(values: Float64Array): number | null {
  if (values.length === 0) return null;
  const sorted = values.sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Min-max normalises the values in place to 0..1, 1 for the best; 0.5 for all when they are all equal. */
function normalise(values: Float64Array, lowerIsBetter: boolean): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    values[i] = !(span > 0) ? 0.5 : lowerIsBetter ? (hi - v) / span : (v - lo) / span;
  }
}

/** Each model's score (0..1, higher is better) given this request's cost on it, index-aligned. */
export function scoreCandidates(models: readonly ScoredModel[], costUsd: readonly number[], w: RoutingWeights): number[] {
  const n = models.length;
  const cost = new Float64Array(n);
  const latency = new Float64Array(n);
  const quality = new Float64Array(n);
  const known = new Float64Array(n);
  let knownCount = 0;
  let minPositive = Infinity;
  for (let i = 0; i < n; i++) {
    const c = costUsd[i] as number;
    if (c > 0 && c < minPositive) minPositive = c;
    const l = (models[i] as ScoredModel).avgLatencyMs;
    if (l !== null) known[knownCount++] = l;
  }
  const floor = Number.isFinite(minPositive) ? minPositive / 10 : 1;
  const unknownLatency = median(known.subarray(0, knownCount)) ?? 0;

  for (let i = 0; i < n; i++) {
    const m = models[i] as ScoredModel;
    cost[i] = Math.log(Math.max(0, costUsd[i] as number) + floor);
    latency[i] = m.avgLatencyMs ?? unknownLatency;
    quality[i] = m.quality === null ? 0.5 : Math.min(1, Math.max(0, m.quality / 100));
  }
  // lower cost and latency are better: 1 at the minimum, 0 at the maximum
  normalise(cost, true);
  normalise(latency, true);
  normalise(quality, false);
  const scores = new Array<number>(n);
  for (let i = 0; i < n; i++) scores[i] = w.cost * (cost[i] as number) + w.latency * (latency[i] as number) + w.quality * (quality[i] as number);
  return scores;
}

/** The score in SCORE_EPSILON steps, 0 for the best: near-equal scores tie and fall to the tie-break. */
function rankKey(score: number): number {
  return Math.round((1 - Math.min(1, Math.max(0, score))) / SCORE_EPSILON);
}

/**
 * Indexes of the best `k` scores, best first. Stable: candidates arrive in tie-break order and
 * equal scores (to SCORE_EPSILON) keep it. The proxy asks for a handful of a few hundred, which
 * needs one pass over the scores rather than a sort.
 */
export function bestFirst(scores: readonly number[], k: number): number[] {
  if (k >= scores.length) {
    const keys = scores.map(rankKey);
    return keys.map((_, i) => i).sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
  }
  const top: number[] = [];
  const topKeys: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const key = rankKey(scores[i] as number);
    if (top.length === k) {
      if (key >= (topKeys[k - 1] as number)) continue; // an equal key never passes an earlier one
      top.pop();
      topKeys.pop();
    }
    let at = top.length;
    while (at > 0 && (topKeys[at - 1] as number) > key) at--;
    top.splice(at, 0, i);
    topKeys.splice(at, 0, key);
  }
  return top;
}

/** Order of the models of one eco band: better score (to SCORE_EPSILON), then cheaper, then tie-break (input) order. */
function bandOrder(cost: Float64Array, scores: readonly number[]): (a: number, b: number) => number {
  return (a, b) => rankKey(scores[a] as number) - rankKey(scores[b] as number) || (cost[a] as number) - (cost[b] as number) || a - b;
}

/**
 * Eco's order: indexes of the first `k` candidates, cheapest first in bands of ECO_TIE_BAND, each band by
 * score (THE RULE, 4). A negative cost counts as 0 and a non-number as dearer than any. The proxy asks for
 * a handful, which takes one pass over the costs per band rather than a sort.
 */
export function cheapestFirst(costUsd: readonly number[], scores: readonly number[], k: number): number[] {
  const n = costUsd.length;
  const cost = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = costUsd[i] as number;
    cost[i] = c > 0 ? c : c <= 0 ? 0 : Infinity;
  }
  const inBand = bandOrder(cost, scores);
  const out: number[] = [];
  if (k >= n) {
    const byCost = Array.from({ length: n }, (_, i) => i).sort((a, b) => (cost[a] as number) - (cost[b] as number) || a - b);
    for (let start = 0; start < n;) {
      const ceiling = (cost[byCost[start] as number] as number) * (1 + ECO_TIE_BAND);
      let end = start + 1;
      while (end < n && (cost[byCost[end] as number] as number) <= ceiling) end++;
      for (const i of byCost.slice(start, end).sort(inBand)) out.push(i);
      start = end;
    }
    return out;
  }
  // the bands are (floor, ceiling]: each ends where the next begins
  let floor = -1;
  while (out.length < k) {
    let cheapest = Infinity;
    for (let i = 0; i < n; i++) if ((cost[i] as number) > floor && (cost[i] as number) < cheapest) cheapest = cost[i] as number;
    const ceiling = cheapest * (1 + ECO_TIE_BAND);
    const band: number[] = [];
    for (let i = 0; i < n; i++) if ((cost[i] as number) > floor && (cost[i] as number) <= ceiling) band.push(i);
    band.sort(inBand);
    for (let j = 0; j < band.length && out.length < k; j++) out.push(band[j] as number);
    floor = ceiling;
  }
  return out;
}
