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
  /** the output room is the default kept when the client set no output limit, not one it asked */
  readonly reserved?: boolean;
  /** the largest context among the models it was too long for */
  readonly has: number;
  /**
   * the provider named no sizes and Switchboard's estimate of the prompt does not pass `has`: no prompt size is
   * known (`needs` means nothing), and the client is told none (Claude Code compacts by the gap between the two
   * figures it reads, so an invented one would make it drop too little)
   */
  readonly unsized?: boolean;
  /** the prompt's size is Switchboard's estimate, not a count the model's own tokenizer made: worded as one */
  readonly estimated?: boolean;
}

/**
 * A prompt that alone exceeds the context is "too long" (the client must shrink it: Claude Code compacts);
 * one that fits, but not beside the output asked for, is worded as the provider words it then, naming both
 * (Claude Code retries at once with a lower max_tokens, as it does for Anthropic's own answer).
 */
export function contextOverflowMessage(api: InboundApi, { needs, output = 0, has, reserved = false, unsized = false, estimated = false }: ContextOverflow): string {
  if (unsized) return unsizedOverflowMessage(api, has);
  const prompt = needs - output;
  if (estimated && output === 0) return estimatedOverflowMessage(api, prompt, has);
  if (output > 0 && prompt <= has) return reserved ? reserveOverflowMessage(api, prompt, output, has) : outputOverflowMessage(api, prompt, output, has);
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

/**
 * A prompt too long for a context of `has` tokens, of a size no one named: each API's wording with no prompt size
 * (Anthropic's with no figures, as Claude Code then compacts by its own measure; Gemini's and OpenAI chat's name
 * the context alone, as their providers do; OpenAI Responses' own names neither).
 */
function unsizedOverflowMessage(api: InboundApi, has: number): string {
  switch (api) {
    case 'messages':
      return 'prompt is too long';
    case 'gemini':
      return `The input token count exceeds the maximum number of tokens allowed ${has}.`;
    case 'chat':
      return `This model's maximum context length is ${has} tokens. However, your messages exceeded it. Please reduce the length of the messages.`;
    case 'responses':
      return 'Your input exceeds the context window of this model. Please adjust your input and try again.';
  }
}

/** A prompt too long by Switchboard's estimate (an embeddings input: no client reads figures from it), said to be one. */
function estimatedOverflowMessage(api: InboundApi, prompt: number, has: number): string {
  const about = `about ${prompt} tokens by Switchboard's estimate`;
  switch (api) {
    case 'messages':
      return `prompt is too long: ${about}, more than the ${has} maximum`;
    case 'gemini':
      return `The input token count (${about}) exceeds the maximum number of tokens allowed (${has}).`;
    case 'chat':
    case 'responses':
      return `This model's maximum context length is ${has} tokens. However, your input is ${about}. Please reduce the length of the input.`;
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

/**
 * A prompt that fits, but not beside the room Switchboard keeps for an answer when the client set no output
 * limit: the client asked for no output, so the message names the room as the default it is (there is no
 * max_tokens for the client to lower) and asks for a shorter prompt.
 */
function reserveOverflowMessage(api: InboundApi, prompt: number, output: number, has: number): string {
  const room = `leaving less than the ${output} tokens kept for the answer when the request sets no`;
  switch (api) {
    case 'messages':
      return `prompt is too long: ${prompt} tokens > ${has - output} maximum (${has}, ${room} max_tokens)`;
    case 'gemini':
      return `The input token count (${prompt}) exceeds the maximum number of tokens allowed (${has}) less the ${output} kept for the answer when the request sets no maxOutputTokens.`;
    case 'chat':
      return `This model's maximum context length is ${has} tokens. However, your messages resulted in ${prompt} tokens, ${room} max_tokens. Please reduce the length of the messages.`;
    case 'responses':
      return `This model's maximum context length is ${has} tokens. However, your messages resulted in ${prompt} tokens, ${room} max_output_tokens. Please reduce the length of the messages.`;
  }
}
