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

export function formatOpenAIResponse(res: CanonicalResponse, servedModel: string): Record<string, unknown> {
  const hasTools = res.toolCalls.length > 0;
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: res.text.length === 0 && hasTools ? null : res.text,
    refusal: null,
  };
  // DeepSeek's field name; clients that know it show the reasoning, others ignore it
  if (res.reasoning) message.reasoning_content = res.reasoning;
  if (hasTools) {
    message.tool_calls = res.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
  }
  const out: Record<string, unknown> = {
    id: chatCompletionId(res.id),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: servedModel,
    choices: [{ index: 0, message, logprobs: null, finish_reason: toOpenAIFinishReason(res.finishReason) }],
  };
  if (res.usage) out.usage = toOpenAIUsage(res.usage);
  return out;
}
