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

/**
 * max_tokens for a client that set no output limit, where the format requires one (Anthropic): the
 * model's own limit (Gemini's default is 65,536, and adaptive thinking shares the room), within what
 * the context leaves beside the prompt (at least 1,024). Unstreamed, at most 8,192: a whole answer of
 * the model's limit would keep the first byte waiting past the try's timeout.
 */
export function defaultMaxTokens(maxOutputTokens: number | null | undefined, contextLength: number, promptTokens: number, stream: boolean): number {
  const own = maxOutputTokens ?? 4096;
  return Math.min(stream ? own : Math.min(own, 8192), Math.max(1024, contextLength - promptTokens));
}
