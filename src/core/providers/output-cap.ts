// A client's max_tokens above what the routed model can write is lowered to the model's limit (its
// catalog `max_output_tokens`): the provider would refuse the request with a 400, which no other
// candidate would be tried for. Claude Code asks 32,000 of whatever model serves it.
import type { UpstreamTarget } from '../canonical';

/** `asked`, lowered to the target's output limit when it is a number above it. */
export function cappedMaxTokens<T>(asked: T, target: UpstreamTarget): T | number {
  const cap = target.maxOutputTokens;
  return typeof asked === 'number' && cap !== undefined && cap > 0 && asked > cap ? cap : asked;
}

/** `body` with each of `fields` capped (a copy when one changes, `body` itself otherwise). */
export function withCappedMaxTokens(body: Record<string, unknown>, fields: readonly string[], target: UpstreamTarget): Record<string, unknown> {
  let out = body;
  for (const f of fields) {
    const capped = cappedMaxTokens(body[f], target);
    if (capped !== body[f]) {
      if (out === body) out = { ...body };
      out[f] = capped;
    }
  }
  return out;
}
