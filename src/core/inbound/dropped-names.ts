// x-switchboard-dropped names what the client sent, so it speaks the client's API: the provider
// adapters name what they leave out by the canonical (OpenAI chat) field names, and a request that
// came in another API gets them in that API's spelling (a Gemini client's `topK`, not `top_k`). What
// an inbound parser drops is already named in its own API's terms and is not passed through here.
import type { InboundApi } from '../canonical';

const ANTHROPIC: Record<string, string> = {
  stop: 'stop_sequences',
  reasoning_effort: 'thinking',
  user: 'metadata.user_id',
  parallel_tool_calls: 'tool_choice.disable_parallel_tool_use',
  response_format: 'output_config.format',
};

const RESPONSES: Record<string, string> = {
  reasoning_effort: 'reasoning',
  logprobs: 'include',
  response_format: 'text.format',
};

const GEMINI: Record<string, string> = {
  top_k: 'topK',
  top_p: 'topP',
  stop: 'stopSequences',
  presence_penalty: 'presencePenalty',
  frequency_penalty: 'frequencyPenalty',
  reasoning_effort: 'thinkingConfig',
  logprobs: 'responseLogprobs',
  top_logprobs: 'logprobs',
  parallel_tool_calls: 'toolConfig',
  'tools[strict]': 'functionDeclarations[strict]',
};

const BY_API: Record<InboundApi, Record<string, string> | undefined> = {
  chat: undefined,
  messages: ANTHROPIC,
  responses: RESPONSES,
  gemini: GEMINI,
};

/** Canonical field names, as the client's API spells them. */
export function inClientTerms(api: InboundApi, names: readonly string[]): string[] {
  const map = BY_API[api];
  return map ? names.map((n) => (Object.hasOwn(map, n) ? map[n]! : n)) : [...names];
}
