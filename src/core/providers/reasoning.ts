// How much to reason, between the APIs' two ways of saying it: a token budget (Anthropic's
// `budget_tokens`, Gemini's `thinkingBudget`) and an effort level (OpenAI's `reasoning_effort`,
// Anthropic's `output_config.effort`).
import type { ReasoningEffort } from '../canonical';

/** A thinking budget as the effort level that spends about as much. */
export function effortForBudget(budget: number): ReasoningEffort {
  if (budget <= 2048) return 'low';
  return budget <= 16_384 ? 'medium' : 'high';
}
