// A translated request's max_tokens above what the routed model writes (its catalog
// `max_output_tokens`) is lowered to the model's limit: the client asked for whatever it asked of
// the model it named, not of this one, and a cloud provider refuses more with a 400, which no other
// candidate would be tried for (Claude Code asks 32,000 of any model). A request forwarded in its own
// format goes as sent (SPEC), and Ollama and LM Studio refuse nothing: they stop at their own limit.
import type { UpstreamTarget } from '../canonical';

/** `asked`, lowered to the target's output limit when it is a number above it. */
export function cappedMaxTokens<T>(asked: T, target: UpstreamTarget): T | number {
  const cap = target.maxOutputTokens;
  return typeof asked === 'number' && cap !== undefined && cap > 0 && asked > cap ? cap : asked;
}
