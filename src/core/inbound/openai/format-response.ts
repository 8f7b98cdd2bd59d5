// CanonicalResponse -> an OpenAI `chat.completion` object.
import type { CanonicalResponse, FinishReason, Usage } from '../../canonical';

export type OpenAIFinishReasonOut = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface OpenAIUsageOut {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}

/** OpenAI has no `error` finish reason; a stream cut short by an error reads as a stop */
export function toOpenAIFinishReason(reason: FinishReason): OpenAIFinishReasonOut {
  return reason === 'error' ? 'stop' : reason;
}

export function toOpenAIUsage(u: Usage): OpenAIUsageOut {
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cachedInputTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens ?? 0 },
  };
}

export function chatCompletionId(id: string): string {
  if (id.startsWith('chatcmpl-')) return id;
  return `chatcmpl-${id || globalThis.crypto.randomUUID().replace(/-/g, '')}`;
}

/**
 * `legacyFunctions`: the client offered the deprecated `functions`, so it reads `message.function_call`
 * and `finish_reason: "function_call"`. That API has one call per turn: a provider's further parallel
 * calls have no place in it and are left out.
 */
export function formatOpenAIResponse(res: CanonicalResponse, servedModel: string, ctx?: { legacyFunctions?: boolean }): Record<string, unknown> {
  const hasTools = res.toolCalls.length > 0;
  const legacy = hasTools && ctx?.legacyFunctions === true;
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: res.text.length === 0 && hasTools ? null : res.text,
    refusal: null,
  };
  // DeepSeek's field name; clients that know it show the reasoning, others ignore it
  if (res.reasoning) message.reasoning_content = res.reasoning;
  if (legacy) {
    const first = res.toolCalls[0]!;
    message.function_call = { name: first.name, arguments: first.arguments };
  } else if (hasTools) {
    message.tool_calls = res.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
  }
  const finish = toOpenAIFinishReason(res.finishReason);
  const out: Record<string, unknown> = {
    id: chatCompletionId(res.id),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: servedModel,
    choices: [{ index: 0, message, logprobs: null, finish_reason: legacy && finish === 'tool_calls' ? 'function_call' : finish }],
  };
  if (res.usage) out.usage = toOpenAIUsage(res.usage);
  return out;
}
