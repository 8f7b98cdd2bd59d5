// A prompt too long for every model that could serve it, in the words each API's own provider uses:
// clients recognise an overflow by them and shrink the conversation (Claude Code compacts on
// "prompt is too long: N tokens > M maximum", reading both numbers), where an unknown wording is
// retried as it is.
import type { InboundApi } from '../canonical';

export interface ContextOverflow {
  /** tokens the request needs (prompt and output room) */
  readonly needs: number;
  /** the largest context among the models it was too long for */
  readonly has: number;
}

export function contextOverflowMessage(api: InboundApi, { needs, has }: ContextOverflow): string {
  switch (api) {
    case 'messages':
      return `prompt is too long: ${needs} tokens > ${has} maximum`;
    case 'gemini':
      return `The input token count (${needs}) exceeds the maximum number of tokens allowed (${has}).`;
    case 'chat':
    case 'responses':
      return `This model's maximum context length is ${has} tokens. However, your messages resulted in ${needs} tokens. Please reduce the length of the messages.`;
  }
}
