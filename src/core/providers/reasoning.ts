// How much to reason, between the APIs' two ways of saying it: a token budget (Anthropic's
// `budget_tokens`, Gemini's `thinkingBudget`) and an effort level (OpenAI's `reasoning_effort`,
// Anthropic's `output_config.effort`).
import type { CanonicalRequest, ReasoningEffort, UpstreamTarget } from '../canonical';

/** A thinking budget as the effort level that spends about as much. */
export function effortForBudget(budget: number): ReasoningEffort {
  if (budget <= 2048) return 'low';
  return budget <= 16_384 ? 'medium' : 'high';
}

/**
 * The client asked for thinking (a budget, or an effort above minimal) of a model the catalog does not list
 * as reasoning: nothing is sent for it, so the wish is named (as `thinking` to an Anthropic client, etc.).
 */
export function thinkingUnsentToNonReasoner(req: CanonicalRequest, target: UpstreamTarget): boolean {
  if (target.reasoning !== false) return false;
  if (req.thinkingBudgetTokens !== undefined) return req.thinkingBudgetTokens !== 0;
  return req.reasoningEffort !== undefined && req.reasoningEffort !== 'minimal';
}

