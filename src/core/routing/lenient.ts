// A prompt the conservative token estimate finds too long for every model: the needs at the lenient estimate,
// and the order its candidates are tried in (largest context first, their providers deciding).
import { contextWindowFor } from './eligibility';
import type { PlanExclusion, PlannedCandidate, RequestNeeds } from './types';

/**
 * The needs at the lenient estimate, when it is lower and some model was left out for its context; else undefined.
 * Embeddings: each input must fit on its own, so the longest input's lenient estimate is the one checked.
 */
export function lenientNeeds(needs: RequestNeeds, excluded: readonly PlanExclusion[]): RequestNeeds | undefined {
  if (!excluded.some((e) => e.kind === 'context')) return undefined;
  if (needs.longestInputTokens !== undefined) {
    const longest = needs.lenientLongestInputTokens;
    return longest === undefined || longest >= needs.longestInputTokens ? undefined : { ...needs, longestInputTokens: longest };
  }
  const lenient = needs.lenientInputTokens;
  if (lenient === undefined || lenient >= needs.estimatedInputTokens) return undefined;
  return { ...needs, estimatedInputTokens: lenient };
}

/** The figure a context check reads: the prompt's, or an embeddings request's longest input's. */
export const checkedTokens = (needs: RequestNeeds): number => needs.longestInputTokens ?? needs.estimatedInputTokens;

/** The candidates with the largest context window first (a stable sort: equal windows keep their order). */
export function largestContextFirst(candidates: PlannedCandidate[], needs: RequestNeeds): PlannedCandidate[] {
  const window = (c: PlannedCandidate) => contextWindowFor(c.model, c.provider, needs);
  return [...candidates].sort((a, b) => window(b) - window(a));
}
