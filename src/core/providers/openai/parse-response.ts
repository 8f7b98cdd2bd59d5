// OpenAI chat.completion JSON -> CanonicalResponse, plus the pieces the stream decoder shares.
import { UpstreamFailure, type CanonicalResponse, type FinishReason, type ToolCall, type Usage } from '../../canonical';
import { generatedToolCallId } from '../../ids';
import { errorFromOpenAIErrorBody } from './classify-error';
import { isJsonObject, type JsonObject } from '../../json-object';
import { missingCount } from '../../usage-sanity';
import { notAnAnswer } from '../errors';
import { readReasoningDetails } from './reasoning-details';

/**
 * Beside OpenAI's own: Mistral's `model_length` (the model's context is full) and DeepSeek's
 * `insufficient_system_resource` (generation interrupted for lack of resources) both cut the answer
 * short, so both read as `length`, the one cut every client format shows (Anthropic max_tokens,
 * Responses incomplete, Gemini MAX_TOKENS; `error` reads as a plain stop to an OpenAI client). The
 * text already produced is kept and billed, as the provider bills it.
 */
export function mapOpenAIFinishReason(reason: unknown): FinishReason {
  switch (reason) {
    case 'length':
    case 'model_length':
    case 'insufficient_system_resource': return 'length';
    case 'tool_calls':
    case 'function_call': return 'tool_calls';
    case 'content_filter': return 'content_filter';
    case 'error': return 'error';
    default: return 'stop';
  }
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * The output tokens billed: `completion_tokens`, which holds the reasoning tokens at OpenAI (total =
 * prompt + completion). xAI counts them apart and bills them at the completion price (total = prompt +
 * completion + reasoning): there they are added. A total that says neither leaves completion_tokens as is.
 */
function billedOutput(u: JsonObject, input: number | undefined, completion: number | undefined, reasoning: number | undefined): number {
  const output = completion ?? 0;
  const total = num(u.total_tokens);
  if (reasoning === undefined || reasoning <= 0 || total === undefined) return output;
  const prompt = input ?? 0;
  return total === prompt + output + reasoning && total !== prompt + output ? output + reasoning : output;
}

/**
 * OpenAI usage -> canonical; DeepSeek's `prompt_cache_hit_tokens` counts as cached, the audio tokens of an audio
 * model's prompt and answer (`prompt_tokens_details` / `completion_tokens_details.audio_tokens`) as audio. OpenRouter adds
 * `prompt_tokens_details.cache_write_tokens` and the billed `cost` (with a BYOK key, `cost` is OpenRouter's fee
 * and `cost_details.upstream_inference_cost` what the upstream provider charged that key). A usage stating
 * completion_tokens but no prompt_tokens (or a non-number) leaves the input missing, not 0: checkReportedUsage
 * refuses it and the row is Switchboard's estimate, marked so; a stated 0 is believed.
 */
export function mapOpenAIUsage(u: unknown): Usage | undefined {
  if (!isJsonObject(u)) return undefined;
  const input = num(u.prompt_tokens);
  const output = num(u.completion_tokens);
  if (input === undefined && output === undefined) return undefined;
  const completionDetails = isJsonObject(u.completion_tokens_details) ? u.completion_tokens_details : undefined;
  const reasoning = num(completionDetails?.reasoning_tokens);
  const usage: Usage = { inputTokens: input ?? missingCount(), outputTokens: billedOutput(u, input, output, reasoning) };
  const promptDetails = isJsonObject(u.prompt_tokens_details) ? u.prompt_tokens_details : undefined;
  const cached = num(promptDetails?.cached_tokens) ?? num(u.prompt_cache_hit_tokens);
  if (cached !== undefined) usage.cachedInputTokens = cached;
  const cacheWrites = num(promptDetails?.cache_write_tokens);
  if (cacheWrites !== undefined) usage.cacheCreationInputTokens = cacheWrites;
  if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  // audio models bill audio dearer than text (core/openai-pricing.ts); every answer reports 0 for these otherwise
  const audioIn = num(promptDetails?.audio_tokens);
  if (audioIn !== undefined && audioIn > 0) usage.audioInputTokens = audioIn;
  const audioOut = num(completionDetails?.audio_tokens);
  if (audioOut !== undefined && audioOut > 0) usage.audioOutputTokens = audioOut;
  const cost = num(u.cost);
  if (cost !== undefined && cost >= 0) {
    const upstream = u.is_byok === true && isJsonObject(u.cost_details) ? num(u.cost_details.upstream_inference_cost) : undefined;
    usage.providerCostUsd = cost + (upstream !== undefined && upstream > 0 ? upstream : 0);
  }
  return usage;
}

/** Message content is a string, null, or (Mistral reasoning models) an array of typed parts. */
export function readContent(content: unknown): { text: string; reasoning: string } {
  if (typeof content === 'string') return { text: content, reasoning: '' };
  let text = '';
  let reasoning = '';
  if (Array.isArray(content)) {
    for (const part of content) {
      if (!isJsonObject(part)) continue;
      if (part.type === 'text' && typeof part.text === 'string') text += part.text;
      else if (part.type === 'thinking') reasoning += readContent(part.thinking).text;
    }
  }
  return { text, reasoning };
}

export function reasoningOf(obj: JsonObject): string | undefined {
  if (typeof obj.reasoning_content === 'string') return obj.reasoning_content;
  if (typeof obj.reasoning === 'string') return obj.reasoning;
  return undefined;
}

/** Tool-call arguments are JSON text; a few servers send the object itself. */
export function argumentsText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  return JSON.stringify(v);
}

/**
 * A whole call's arguments. A tool without parameters comes back from some providers with arguments "",
 * null or none at all; every client reads JSON text (OpenAI's own APIs send `{}`, the SDKs' parse()
 * helpers JSON.parse it), so no arguments read as `{}`.
 */
export function wholeArgumentsText(v: unknown): string {
  const text = argumentsText(v);
  return /\S/.test(text) ? text : '{}';
}

function readToolCalls(message: JsonObject): ToolCall[] {
  const calls: ToolCall[] = [];
  if (Array.isArray(message.tool_calls)) {
    for (const tc of message.tool_calls) {
      if (!isJsonObject(tc) || !isJsonObject(tc.function)) continue;
      calls.push({
        id: typeof tc.id === 'string' && tc.id ? tc.id : generatedToolCallId(calls.length),
        name: typeof tc.function.name === 'string' ? tc.function.name : '',
        arguments: wholeArgumentsText(tc.function.arguments),
      });
    }
  } else if (isJsonObject(message.function_call)) {
    const fc = message.function_call;
    calls.push({ id: generatedToolCallId(0), name: typeof fc.name === 'string' ? fc.name : '', arguments: wholeArgumentsText(fc.arguments) });
  }
  return calls;
}

export function parseOpenAIChatResponse(body: unknown): CanonicalResponse {
  if (!isJsonObject(body)) throw new UpstreamFailure(notAnAnswer('a chat completion (not an object)'));
  // OpenRouter's failure once a model began: HTTP 200 and `{"error":{code,message}}` (openrouter.ai/docs/errors)
  if (body.error !== undefined && body.error !== null) throw new UpstreamFailure(errorFromOpenAIErrorBody(body, 502));
  if (!Array.isArray(body.choices)) throw new UpstreamFailure(notAnAnswer('a chat completion (no choices array)', mapOpenAIUsage(body.usage)));
  const choice = body.choices[0];
  const message = isJsonObject(choice) && isJsonObject(choice.message) ? choice.message : {};
  const content = readContent(message.content);
  const { reasoning: partsReasoning } = content;
  // a refusal (structured outputs) comes with content null: it is the answer the client must see
  const refused = content.text === '' && typeof message.refusal === 'string' && message.refusal !== '';
  const text = refused ? message.refusal as string : content.text;
  const details = readReasoningDetails(message.reasoning_details);
  const toolCalls = details ? readToolCalls(message).map((c) => ({ ...c, reasoningDetails: details })) : readToolCalls(message);
  let finishReason = mapOpenAIFinishReason(isJsonObject(choice) ? choice.finish_reason : undefined);
  // some servers (Ollama, vLLM) say `stop` after a tool call; clients loop on `tool_calls`
  if (finishReason === 'stop' && toolCalls.length > 0) finishReason = 'tool_calls';
  // OpenAI ends a refusal with `stop`: other clients learn it was one from the finish (Anthropic refusal, Gemini SAFETY)
  else if (finishReason === 'stop' && refused) finishReason = 'content_filter';
  const res: CanonicalResponse = {
    id: typeof body.id === 'string' ? body.id : '',
    model: typeof body.model === 'string' ? body.model : '',
    text,
    toolCalls,
    finishReason,
  };
  const reasoning = reasoningOf(message) ?? (partsReasoning || undefined);
  if (reasoning) res.reasoning = reasoning;
  if (refused) res.refusal = text;
  const usage = mapOpenAIUsage(body.usage);
  if (usage && typeof body.service_tier === 'string') usage.serviceTier = body.service_tier;
  if (usage) res.usage = usage;
  return res;
}
