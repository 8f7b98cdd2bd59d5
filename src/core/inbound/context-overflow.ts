// A prompt too long for every model that could serve it, in the words each API's own provider uses:
// clients recognise an overflow by them and shrink the conversation (Claude Code compacts on
// "prompt is too long: N tokens > M maximum", reading both numbers) or the output asked for, where an
// unknown wording is retried as it is.
import type { InboundApi } from '../canonical';

export interface ContextOverflow {
  /** tokens the request needs (prompt and output room) */
  readonly needs: number;
  /** the output room among them (the client's max_tokens, or a default reserve) */
  readonly output?: number;
  /** the largest context among the models it was too long for */
  readonly has: number;
}

/**
 * A prompt that alone exceeds the context is "too long" (the client must shrink it: Claude Code compacts);
 * one that fits, but not beside the output asked for, is worded as the provider words it then, naming both
 * (Claude Code retries at once with a lower max_tokens, as it does for Anthropic's own answer).
 */
export function contextOverflowMessage(api: InboundApi, { needs, output = 0, has }: ContextOverflow): string {
  const prompt = needs - output;
  if (output > 0 && prompt <= has) return outputOverflowMessage(api, prompt, output, has);
  switch (api) {
    case 'messages':
      return `prompt is too long: ${prompt} tokens > ${has} maximum`;
    case 'gemini':
      return `The input token count (${prompt}) exceeds the maximum number of tokens allowed (${has}).`;
    case 'chat':
    case 'responses':
      return `This model's maximum context length is ${has} tokens. However, your messages resulted in ${prompt} tokens. Please reduce the length of the messages.`;
  }
}

function outputOverflowMessage(api: InboundApi, prompt: number, output: number, has: number): string {
  switch (api) {
    case 'messages':
      return `input length and \`max_tokens\` exceed context limit: ${prompt} + ${output} > ${has}, decrease input length or \`max_tokens\` and try again`;
    case 'gemini':
      return `The input token count (${prompt}) and maxOutputTokens (${output}) exceed the maximum number of tokens allowed (${has}).`;
    case 'chat':
    case 'responses':
      return `This model's maximum context length is ${has} tokens. However, you requested ${prompt + output} tokens (${prompt} in the messages, ${output} in the completion). Please reduce the length of the messages or completion.`;
  }
}
