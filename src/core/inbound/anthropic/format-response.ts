// CanonicalResponse -> the Anthropic message JSON the SDK and Claude Code expect.
import type { CanonicalResponse, FinishReason, ToolNamesBack, Usage } from '../../canonical';
import { cutOffCall, parseToolInput, toolUseId } from '../../providers/anthropic/build-messages';
import type { AnthropicStopReason } from '../../providers/anthropic/wire-types';
import { webSearchBlocks } from './web-search-blocks';

export interface AnthropicUsageOut {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  output_tokens_details?: { thinking_tokens: number };
  /** the searches a provider ran for the answer (another provider's, translated: Gemini's grounding queries) */
  server_tool_use?: { web_search_requests: number };
}

/** The beta by which a client asks for `usage.output_tokens_details.thinking_tokens` (Claude Code sends it). */
const THINKING_TOKEN_COUNT_BETA = 'thinking-token-count-2026-05-13';

/** Whether the client's `anthropic-beta` (a comma list) asks for the thinking token count. */
export function asksThinkingTokenCount(passHeaders: Readonly<Record<string, string>> | undefined): boolean {
  const betas = passHeaders?.['anthropic-beta'];
  return betas !== undefined && betas.split(',').some((b) => b.trim().toLowerCase() === THINKING_TOKEN_COUNT_BETA);
}

export function anthropicMessageId(id: string): string {
  return id.startsWith('msg_') ? id : `msg_${id}`;
}

export function stopReasonFromFinish(reason: FinishReason): AnthropicStopReason {
  switch (reason) {
    case 'length': return 'max_tokens';
    case 'tool_calls': return 'tool_use';
    case 'content_filter': return 'refusal';
    default: return 'end_turn';
  }
}

/**
 * Anthropic's `input_tokens` excludes cache reads and writes, which canonical input includes. `thinking`: the
 * client asked for the thinking token count (asksThinkingTokenCount), given when the provider counted them.
 */
export function anthropicUsage(usage: Usage | undefined, thinking = false): AnthropicUsageOut {
  const cached = usage?.cachedInputTokens ?? 0;
  const creation = usage?.cacheCreationInputTokens ?? 0;
  const out: AnthropicUsageOut = {
    input_tokens: Math.max(0, (usage?.inputTokens ?? 0) - cached - creation),
    output_tokens: usage?.outputTokens ?? 0,
    cache_read_input_tokens: cached,
    cache_creation_input_tokens: creation,
  };
  if (thinking && usage?.reasoningTokens !== undefined) out.output_tokens_details = { thinking_tokens: usage.reasoningTokens };
  if (usage?.webSearchCalls !== undefined && usage.webSearchCalls > 0) out.server_tool_use = { web_search_requests: usage.webSearchCalls };
  return out;
}

/** `toolNames`: a call goes back under the name the client declared (the model may have been offered a safe one). */
export function formatAnthropicResponse(res: CanonicalResponse, servedModel: string, ctx?: { toolNames?: ToolNamesBack; thinkingTokenCount?: boolean }): unknown {
  const names = ctx?.toolNames;
  // Anthropic's own answer begins with the search, then the text written from it
  const content: unknown[] = res.webSearch ? webSearchBlocks(res.webSearch) : [];
  if (res.text !== '') content.push({ type: 'text', text: res.text });
  for (const call of res.toolCalls) {
    // cut off inside its arguments (max_tokens): a client would run it with {}, so it is left out
    if (cutOffCall(call.arguments, res.finishReason)) continue;
    content.push({ type: 'tool_use', id: toolUseId(call.id), name: names ? names.toClient(call.name) : call.name, input: parseToolInput(call.arguments) });
  }
  return {
    id: anthropicMessageId(res.id),
    type: 'message',
    role: 'assistant',
    model: servedModel,
    content,
    stop_reason: stopReasonFromFinish(res.finishReason),
    stop_sequence: null,
    usage: anthropicUsage(res.usage, ctx?.thinkingTokenCount),
  };
}
