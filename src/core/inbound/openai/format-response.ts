// CanonicalResponse -> an OpenAI `chat.completion` object.
import type { CanonicalResponse, FinishReason, ToolNamesBack, Usage } from '../../canonical';
import { splitRefusal } from '../refusal';

export type OpenAIFinishReasonOut = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface OpenAIUsageOut {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}

/**
 * OpenAI has no `error` finish reason; a stream cut short by an error reads as a stop. A refusal (`refused`)
 * ends with stop, as OpenAI ends it: content_filter is how the other formats' clients learn of it, and the
 * SDK's parse() throws on content_filter instead of returning the refusal.
 */
export function toOpenAIFinishReason(reason: FinishReason, refused = false): OpenAIFinishReasonOut {
  if (reason === 'error') return 'stop';
  return reason === 'content_filter' && refused ? 'stop' : reason;
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
 * The x-switchboard-dropped name of the calls past the first a legacy `functions` client is not given (its API has
 * one call a turn; the model is asked for no more, but a provider may make them all the same).
 */
export const LEGACY_EXTRA_CALLS = 'tool_calls';

/**
 * `legacyFunctions`: the client offered the deprecated `functions`, so it reads `message.function_call`
 * and `finish_reason: "function_call"`. That API has one call per turn: a provider's further parallel
 * calls have no place in it and are left out, named to `onDropped`.
 */
export function formatOpenAIResponse(
  res: CanonicalResponse, servedModel: string, ctx?: { legacyFunctions?: boolean; toolNames?: ToolNamesBack; onDropped?: (name: string) => void },
): Record<string, unknown> {
  // a call goes back under the name the client declared (the model may have been offered a safe one)
  const names = ctx?.toolNames;
  const clientName = (name: string): string => (names ? names.toClient(name) : name);
  const hasTools = res.toolCalls.length > 0;
  const legacy = hasTools && ctx?.legacyFunctions === true;
  // a refusal goes in its own field, as OpenAI sends it (the SDK's parse() reads it there)
  const { text, refusal } = splitRefusal(res);
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: text.length === 0 && (hasTools || refusal !== undefined) ? null : text,
    refusal: refusal ?? null,
  };
  // DeepSeek's field name; clients that know it show the reasoning, others ignore it
  if (res.reasoning) message.reasoning_content = res.reasoning;
  if (legacy) {
    const first = res.toolCalls[0]!;
    message.function_call = { name: clientName(first.name), arguments: first.arguments };
    if (res.toolCalls.length > 1) ctx?.onDropped?.(LEGACY_EXTRA_CALLS);
  } else if (hasTools) {
    message.tool_calls = res.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: clientName(c.name), arguments: c.arguments } }));
  }
  const finish = toOpenAIFinishReason(res.finishReason, refusal !== undefined);
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
