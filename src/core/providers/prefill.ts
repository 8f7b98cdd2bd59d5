// Anthropic's prefill: a conversation ending on the assistant's own text asks the model to go on from it (`{"a":`
// to force JSON), and the answer holds only what follows. Chat Completions, Responses and Gemini have no way to ask
// that: the turn goes as an earlier answer and the model writes a reply of its own, so the prefill is named in
// x-switchboard-dropped. Mistral continues an assistant message marked `prefix: true`, and its answer opens with
// that text again (https://docs.mistral.ai/guides/prefix/), which the client's answer leaves out. OpenRouter
// continues a closing assistant message as sent ("Assistant Prefill"); its doc does not say the answer repeats it,
// so nothing is taken from the answer.
import type { CanonicalMessage, CanonicalRequest, CanonicalResponse, StreamDecoder, StreamPart, UpstreamHttpRequest } from '../canonical';
import { mappedDecoder } from '../mapped-decoder';

/** What x-switchboard-dropped calls a prefill the request could not ask the provider to go on from. */
export const PREFILL_DROPPED = 'prefill';

/** The conversation's last message is the assistant's, with text and no tool calls: Anthropic's prefill. */
export function endsOnPrefill(messages: readonly CanonicalMessage[]): boolean {
  const last = messages.at(-1);
  if (last?.role !== 'assistant' || (last.toolCalls?.length ?? 0) > 0) return false;
  return last.content.some((p) => p.type === 'text' && p.text.length > 0);
}

/** The request's prefill, named when the built request does not ask the provider to go on from it. */
export function droppedPrefill(req: CanonicalRequest, built: UpstreamHttpRequest): string[] {
  return req.prefill === true && built.prefill === undefined ? [PREFILL_DROPPED] : [];
}

/** A whole answer without the prefill it opens with; as it came when it does not. */
export function withoutEchoedPrefix(r: CanonicalResponse, prefix: string): CanonicalResponse {
  return r.text.startsWith(prefix) ? { ...r, text: r.text.slice(prefix.length) } : r;
}

/**
 * A stream's text without the prefill it opens with: text is held only while it may still be that prefill; text
 * that turns out otherwise, or anything else that comes first (a tool call, the finish), lets it go as it came.
 */
function createPrefixStripper(prefix: string): (parts: StreamPart[]) => StreamPart[] {
  let passed = false;
  let held = '';
  const release = (out: StreamPart[], text: string): void => {
    passed = true;
    held = '';
    if (text.length > 0) out.push({ type: 'text-delta', text });
  };
  return (parts) => {
    if (passed || parts.length === 0) return parts;
    const out: StreamPart[] = [];
    for (const p of parts) {
      if (passed || p.type === 'start' || p.type === 'reasoning-delta' || p.type === 'at-work' || p.type === 'usage') out.push(p);
      else if (p.type === 'text-delta' && !p.refusal) {
        held += p.text;
        if (held.startsWith(prefix)) release(out, held.slice(prefix.length));
        else if (!prefix.startsWith(held)) release(out, held);
      } else {
        release(out, held);
        out.push(p);
      }
    }
    return out;
  };
}

/** A decoder whose answer leaves out the prefill the provider repeats first. */
export function strippingEchoedPrefix(inner: StreamDecoder, prefix: string): StreamDecoder {
  return mappedDecoder(inner, createPrefixStripper(prefix));
}
