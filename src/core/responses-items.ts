// Responses API reasoning items as the inbound and the outbound side both read them: whether one
// carries OpenAI's encrypted state, and whether Switchboard made it (a summary of another format's
// thinking, which OpenAI never issued and cannot look up).
import { isSealedThinking } from './switchboard-thinking';

/** After `rs_`, the mark of a reasoning item Switchboard made (OpenAI's ids are hex: no `s`). */
export const SWITCHBOARD_REASONING_MARK = 'sb';

/** A reasoning item Switchboard made from another format's thinking (replayed by a client that keeps its history). */
export function isSwitchboardReasoningId(id: unknown): boolean {
  return typeof id === 'string' && id.startsWith(`rs_${SWITCHBOARD_REASONING_MARK}`);
}

/** The item carries OpenAI's encrypted reasoning (opaque: only OpenAI reads it back); Claude's thinking Switchboard sealed is not that. */
export function hasEncryptedReasoning(item: { encrypted_content?: unknown }): boolean {
  return typeof item.encrypted_content === 'string' && item.encrypted_content !== '' && !isSealedThinking(item.encrypted_content);
}

/** An input or output item that is a reasoning item carrying OpenAI's encrypted reasoning. */
export function isEncryptedReasoningItem(item: unknown): item is Record<string, unknown> & { type: 'reasoning' } {
  return typeof item === 'object' && item !== null && (item as { type?: unknown }).type === 'reasoning' && hasEncryptedReasoning(item);
}
