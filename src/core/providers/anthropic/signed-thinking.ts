// Claude's signed thinking blocks of an answer, kept with the tool calls they came before. A client of
// another API has no place for them; Anthropic takes a tool loop on with thinking only when the calls come
// back after them (node/proxy/kept-thinking.ts keeps them for that).
import type { SignedThinking } from '../../canonical';
import { isJsonObject } from '../../json-object';

/** A thinking or redacted_thinking block as the API gives it (whole, or at the end of its stream), else undefined. */
export function signedThinking(block: Record<string, unknown>): SignedThinking | undefined {
  if (block.type === 'thinking' && typeof block.thinking === 'string' && typeof block.signature === 'string' && block.signature !== '') {
    return { type: 'thinking', thinking: block.thinking, signature: block.signature };
  }
  if (block.type === 'redacted_thinking' && typeof block.data === 'string' && block.data !== '') return { type: 'redacted_thinking', data: block.data };
  return undefined;
}

/**
 * The blocks read since the last call, for the next. Once the answer thought, every later call gets its own
 * list (`[]` when nothing came between it and the call before): each call is kept by its id, and a turn goes
 * back with thinking only when all its calls are known.
 */
export class ThinkingBeforeCalls {
  private pending: SignedThinking[] = [];
  private thought = false;

  read(block: unknown): void {
    const signed = isJsonObject(block) ? signedThinking(block) : undefined;
    if (!signed) return;
    this.pending.push(signed);
    this.thought = true;
  }

  forCall(): SignedThinking[] | undefined {
    if (!this.thought) return undefined;
    const blocks = this.pending;
    this.pending = [];
    return blocks;
  }
}
