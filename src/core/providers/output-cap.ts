// A translated request's max_tokens above what the routed model writes (its catalog
// `max_output_tokens`) is lowered to the model's limit: the client asked for whatever it asked of
// the model it named, not of this one, and a cloud provider refuses more with a 400, which no other
// candidate would be tried for (Claude Code asks 32,000 of any model). A request forwarded in its own
// format is lowered the same way when routing chose the model (a level, an alias, a fallback); to the
// model the client named it goes as sent (SPEC). Ollama and LM Studio refuse nothing: they stop at
// their own limit.
import type { InboundApi, UpstreamTarget } from '../canonical';

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

/** Where each API's body holds the answer's output limit, in the names its clients send. */
const FORWARD_LIMIT_FIELDS: Record<InboundApi, readonly string[]> = {
  chat: ['max_tokens', 'max_completion_tokens'],
  messages: ['max_tokens'],
  responses: ['max_output_tokens'],
  gemini: ['maxOutputTokens', 'max_output_tokens'],
};

const GEMINI_CONFIG = ['generationConfig', 'generation_config'];

/**
 * A forwarded body (same format in and out) for a model routing chose, its output limit lowered to the
 * target's as a translated request's is: the client asked the router for up to so many tokens, not this
 * model, whose provider would refuse more with a 400 and no other candidate tried. `changed`: the fields
 * lowered, as the client spells them (named in x-switchboard-dropped). The body is not changed in place.
 */
export function cappedForwardBody(api: InboundApi, body: Record<string, unknown>, target: UpstreamTarget): { body: Record<string, unknown>; changed: string[] } {
  const changed: string[] = [];
  if (target.maxOutputTokens === undefined) return { body, changed };
  const fields = FORWARD_LIMIT_FIELDS[api];
  const lower = (holder: Record<string, unknown>): Record<string, unknown> => {
    let out = holder;
    for (const key of fields) {
      const capped = cappedMaxTokens(holder[key], target);
      if (capped === holder[key]) continue;
      if (out === holder) out = { ...holder };
      out[key] = capped;
      changed.push(key);
    }
    return out;
  };
  if (api === 'messages') return { body: fittedThinking(lower(body), changed), changed };
  if (api !== 'gemini') return { body: lower(body), changed };
  let out = body;
  for (const key of GEMINI_CONFIG) {
    const config = body[key];
    if (config === null || typeof config !== 'object' || Array.isArray(config)) continue;
    const lowered = lower(config as Record<string, unknown>);
    if (lowered !== config) out = { ...out, [key]: lowered };
  }
  return { body: out, changed };
}

/** Anthropic's least thinking budget: below it, thinking cannot be asked for at all. */
export const MIN_THINKING_BUDGET = 1024;

/**
 * A thinking budget that fits beside `maxTokens`, the output limit reasoning counts against: below it
 * (Anthropic refuses a budget not under max_tokens with a 400; Gemini 2.5 spends thinking out of
 * maxOutputTokens and would leave no room for the answer), undefined where that leaves less than the
 * model's least budget (Anthropic's 1,024 unless another is given).
 */
export function thinkingBudgetWithin(asked: number, maxTokens: number, least = MIN_THINKING_BUDGET): number | undefined {
  const budget = Math.min(asked, maxTokens - 1);
  return budget < least ? undefined : budget;
}

/**
 * With max_tokens lowered, a manual thinking budget not below it is lowered too, or thinking left off
 * where that would be under its minimum, as a translated request's is (anthropic/build-request.ts).
 */
function fittedThinking(body: Record<string, unknown>, changed: string[]): Record<string, unknown> {
  const thinking = body.thinking as { type?: unknown; budget_tokens?: unknown } | null | undefined;
  const max = body.max_tokens;
  if (!changed.includes('max_tokens') || typeof max !== 'number' || thinking?.type !== 'enabled') return body;
  const asked = thinking.budget_tokens;
  if (typeof asked !== 'number' || asked < max) return body;
  const budget = thinkingBudgetWithin(asked, max);
  if (budget === undefined) {
    const { thinking: _left, ...rest } = body;
    changed.push('thinking');
    return rest;
  }
  changed.push('thinking.budget_tokens');
  return { ...body, thinking: { ...thinking, budget_tokens: budget } };
}
