// Canonical requests the unit tests share.
import type { CanonicalRequest } from '../../src/core/canonical';

/** A user turn, the assistant's two tool calls `a` and `b` (no text), and their two results. */
export const TWO_TOOL_CALLS: CanonicalRequest = {
  model: 'm', system: [], stream: false, includeUsage: false,
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'go' }] },
    { role: 'assistant', content: [], toolCalls: [{ id: 'a', name: 'f', arguments: '{}' }, { id: 'b', name: 'f', arguments: '{}' }] },
    { role: 'tool', toolCallId: 'a', content: [] },
    { role: 'tool', toolCallId: 'b', content: [] },
  ],
};

/** The user's "hi" to model auto, not streamed, with `over` on top. */
export function hiRequest(over: Partial<CanonicalRequest> = {}): CanonicalRequest {
  return {
    model: 'auto',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    stream: false,
    includeUsage: false,
    ...over,
  };
}
