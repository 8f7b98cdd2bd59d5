// Anthropic message JSON -> CanonicalResponse.
import { UpstreamFailure } from '../../canonical';
import type { CanonicalResponse, FinishReason, ToolCall, Usage } from '../../canonical';
import { anthropicErrorFromType } from './classify-error';
import { asAnthropicErrorBody } from './wire-types';
import { ThinkingBeforeCalls } from './signed-thinking';
import type { AnthropicIterationUsage, AnthropicUsage } from './wire-types';
import { isJsonObject } from '../../json-object';
import { generatedToolCallId } from '../../ids';
import { answerArguments } from '../../tool-arguments-depth';
import { missingCount } from '../../usage-sanity';
import { notAnAnswer } from '../errors';
import { errorFromOpenAIErrorBody } from '../openai/classify-error';

export function parseAnthropicMessage(body: unknown): CanonicalResponse {
  const errorBody = asAnthropicErrorBody(body);
  if (errorBody) throw new UpstreamFailure(anthropicErrorFromType(errorBody.error.type, errorBody.error.message));
  if (!isJsonObject(body)) throw new UpstreamFailure(notAnAnswer('an Anthropic message (not an object)'));
  // an error without Anthropic's `type: "error"` (a gateway's `{"error":{code,message}}`): the status it names, else a server's
  if (body.error !== undefined && body.error !== null) throw new UpstreamFailure(errorFromOpenAIErrorBody(body, 502));
  if (!Array.isArray(body.content)) {
    throw new UpstreamFailure(notAnAnswer('an Anthropic message (no content array)', isJsonObject(body.usage) ? usageFromAnthropic(body.usage as AnthropicUsage) : undefined));
  }
  let text = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  const thinking = new ThinkingBeforeCalls();
  for (const block of body.content) {
    if (!isJsonObject(block)) continue;
    thinking.read(block);
    if (block.type === 'text' && typeof block.text === 'string') text += block.text;
    else if (block.type === 'thinking' && typeof block.thinking === 'string') reasoning += block.thinking;
    else if (block.type === 'tool_use') {
      const call: ToolCall = {
        id: String(block.id ?? '') || generatedToolCallId(toolCalls.length),
        name: String(block.name ?? ''),
        arguments: answerArguments(String(block.name ?? ''), block.input),
      };
      const before = thinking.forCall();
      if (before) call.thinking = before;
      toolCalls.push(call);
    }
  }
  const res: CanonicalResponse = {
    id: typeof body.id === 'string' ? body.id : '',
    model: typeof body.model === 'string' ? body.model : '',
    text,
    toolCalls,
    finishReason: finishReasonFromStop(body.stop_reason),
  };
  if (reasoning) res.reasoning = reasoning;
  if (isJsonObject(body.usage)) res.usage = usageFromAnthropic(body.usage as AnthropicUsage);
  return res;
}

export function finishReasonFromStop(stopReason: unknown): FinishReason {
  switch (stopReason) {
    case 'max_tokens': case 'model_context_window_exceeded': return 'length';
    case 'tool_use': return 'tool_calls';
    case 'refusal': return 'content_filter';
    // end_turn, stop_sequence, pause_turn, null
    default: return 'stop';
  }
}

/** Anthropic counts cache reads and writes apart from `input_tokens`; canonical input includes them. */
export function usageFromAnthropic(u: AnthropicUsage): Usage {
  const usage = tokensFromAnthropic(u);
  const thinking = num(u.output_tokens_details?.thinking_tokens);
  if (thinking !== undefined) usage.reasoningTokens = thinking;
  const searches = num(u.server_tool_use?.web_search_requests);
  if (searches !== undefined && searches > 0) usage.webSearchCalls = searches;
  if (typeof u.speed === 'string') usage.speed = u.speed;
  if (typeof u.inference_geo === 'string') usage.inferenceGeo = u.inference_geo;
  // server-side compaction (beta compact-2026-01-12) is billed, but its tokens are left out of the top-level
  // figures (the SDK's BetaUsage.iterations); a `message` entry's tokens are in them already
  const compactions = Array.isArray(u.iterations)
    ? u.iterations.filter((it) => isJsonObject(it) && it.type === 'compaction').map(tokensFromAnthropic)
    : [];
  if (compactions.length > 0) usage.compactions = compactions;
  return usage;
}

/**
 * The token figures of a usage object or of one of its iterations. A count missing or not a number (`usage: {}`,
 * `"12"`) stays missing, not 0: checkReportedUsage (core/usage-sanity.ts) then refuses the usage, and the row is
 * Switchboard's estimate, marked so, as for the other formats.
 */
function tokensFromAnthropic(u: AnthropicIterationUsage): Usage {
  const input = num(u.input_tokens);
  const output = num(u.output_tokens);
  const cacheRead = num(u.cache_read_input_tokens);
  const cacheCreation = num(u.cache_creation_input_tokens);
  const usage: Usage = {
    inputTokens: input === undefined ? missingCount() : input + (cacheRead ?? 0) + (cacheCreation ?? 0),
    outputTokens: output ?? missingCount(),
  };
  if (cacheRead !== undefined) usage.cachedInputTokens = cacheRead;
  if (cacheCreation !== undefined) usage.cacheCreationInputTokens = cacheCreation;
  // 5-minute and 1-hour writes bill at 1.25x and 2x input: keep the split where the API gives it
  const write5m = num(u.cache_creation?.ephemeral_5m_input_tokens);
  const write1h = num(u.cache_creation?.ephemeral_1h_input_tokens);
  if (write5m !== undefined) usage.cacheWrite5mInputTokens = write5m;
  if (write1h !== undefined) usage.cacheWrite1hInputTokens = write1h;
  return usage;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
