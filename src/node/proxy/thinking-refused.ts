// Claude's signed thinking Switchboard puts back on a translated tool loop's calls (kept in memory or sealed by
// the client: kept-thinking.ts, switchboard-thinking.ts) is refused by Anthropic once it no longer takes the
// signature (400 "Invalid `signature` in `thinking` block"). The same blocks go back on every later step, so such a
// conversation would fail for good; the step is sent again once without them, thinking off, as it went before.
import { UpstreamFailure, type CanonicalRequest } from '../../core/canonical';

const REFUSED_SIGNATURE = /Invalid `signature` in `thinking` block/;

export function refusesThinkingSignature(err: unknown): boolean {
  return err instanceof UpstreamFailure && err.error.status === 400 && REFUSED_SIGNATURE.test(err.error.message);
}

/** The request with no thinking on any call; undefined when no call carries blocks (nothing was put back). */
export function withoutPutBackThinking(req: CanonicalRequest): CanonicalRequest | undefined {
  const has = (m: CanonicalRequest['messages'][number]) => m.role === 'assistant' && m.toolCalls?.some((c) => (c.thinking?.length ?? 0) > 0) === true;
  if (!req.messages.some(has)) return undefined;
  const messages = req.messages.map((m) => {
    if (m.role !== 'assistant' || !m.toolCalls?.some((c) => c.thinking !== undefined || c.thinkingBy !== undefined)) return m;
    return { ...m, toolCalls: m.toolCalls.map(({ thinking: _t, thinkingBy: _by, ...c }) => c) };
  });
  return { ...req, messages };
}
