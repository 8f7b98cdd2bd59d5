// A provider's tool call with an empty name (an OpenAI-compatible server's `function.name: ""`, a Responses
// function_call or a Gemini functionCall named ""). Translated, it is a call no client can run: Claude Code runs
// nothing and sends the nameless tool_use back, which no API takes. It is invalid output, as Gemini's malformed
// call is: before the client was shown anything the try fails (retried, then failed over); after, the client's
// answer ends with an error, not a call it cannot use. Forwarded (same API in and out) it goes as sent.
import type { CanonicalResponse, UpstreamError } from './canonical';
import { isSaneUsage } from './usage-sanity';
import { isJsonObject } from './json-object';

export const NAMELESS_CALL_MESSAGE = "the provider's answer holds a tool call with no name";

/** The failure of a try whose answer holds a nameless call; `answer`'s usage, if sane, is what the provider bills for it. */
export function namelessCallError(answer?: Pick<CanonicalResponse, 'usage'>): UpstreamError {
  const usage = answer?.usage;
  return { kind: 'invalid_output', reachable: true, message: NAMELESS_CALL_MESSAGE, ...(usage && isSaneUsage(usage) ? { billed: usage } : {}) };
}

/**
 * The name a nameless call a client sends back (from a session answered before Switchboard refused such calls)
 * is carried under: the request's other turns still reach the model, the call stays paired with its result,
 * and no provider refuses the conversation for it.
 */
export const NAMELESS_CALL_PLACEHOLDER = 'unnamed_tool';

/**
 * A Messages body's `messages` with every tool_use named "" under NAMELESS_CALL_PLACEHOLDER (for a body forwarded to
 * Anthropic as the client sent it: Anthropic refuses the name ""); the same array, untouched, when there are none.
 * What changes is copied, never edited in place, so the forward re-serialises it rather than reuse the client's bytes.
 */
export function namedCalls(messages: unknown): unknown {
  if (!Array.isArray(messages) || !messages.some(holdsNamelessCall)) return messages;
  return messages.map((m: unknown) => {
    if (!holdsNamelessCall(m)) return m;
    const msg = m as { content: unknown[] };
    return { ...msg, content: msg.content.map((b) => (isNamelessCall(b) ? { ...b, name: NAMELESS_CALL_PLACEHOLDER } : b)) };
  });
}

function isNamelessCall(b: unknown): b is Record<string, unknown> {
  return isJsonObject(b) && b.type === 'tool_use' && b.name === '';
}

function holdsNamelessCall(m: unknown): boolean {
  return isJsonObject(m) && Array.isArray(m.content) && m.content.some(isNamelessCall);
}
