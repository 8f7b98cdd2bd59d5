// A Responses API `response` object -> CanonicalResponse, plus the pieces the stream decoder shares.
import { UpstreamFailure, type CanonicalResponse, type EncryptedReasoning, type FinishReason, type ToolCall, type UpstreamError, type Usage } from '../../canonical';
import { flatToolName } from '../../inbound/responses/tool-names';
import { errorFromOpenAIErrorBody } from '../openai/classify-error';
import { wholeArgumentsText } from '../openai/parse-response';
import { WebSearchCollector } from './web-search';
import { isJsonObject, type JsonObject } from '../../json-object';
import { notAnAnswer } from '../errors';
import { generatedToolCallId } from '../../ids';

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function mapResponsesUsage(u: unknown): Usage | undefined {
  if (!isJsonObject(u)) return undefined;
  const input = num(u.input_tokens);
  const output = num(u.output_tokens);
  if (input === undefined && output === undefined) return undefined;
  const usage: Usage = { inputTokens: input ?? 0, outputTokens: output ?? 0 };
  const inputDetails = isJsonObject(u.input_tokens_details) ? u.input_tokens_details : undefined;
  const outputDetails = isJsonObject(u.output_tokens_details) ? u.output_tokens_details : undefined;
  const cached = num(inputDetails?.cached_tokens);
  if (cached !== undefined) usage.cachedInputTokens = cached;
  const reasoning = num(outputDetails?.reasoning_tokens);
  if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  // an audio model's audio, as Chat Completions reports it (core/openai-pricing.ts)
  const audioIn = num(inputDetails?.audio_tokens);
  if (audioIn !== undefined && audioIn > 0) usage.audioInputTokens = audioIn;
  const audioOut = num(outputDetails?.audio_tokens);
  if (audioOut !== undefined && audioOut > 0) usage.audioOutputTokens = audioOut;
  return usage;
}

/**
 * A response's usage with the tier that served it and the hosted searches it ran: OpenAI bills each `web_search_call` whose action is a
 * search (open_page and find_in_page are free; an item without an action is the older, search-only form), and each `file_search_call`.
 */
export function responsesUsageOf(response: JsonObject): Usage | undefined {
  const usage = mapResponsesUsage(response.usage);
  if (usage && typeof response.service_tier === 'string') usage.serviceTier = response.service_tier;
  if (!usage || !Array.isArray(response.output)) return usage;
  let searches = 0;
  let fileSearches = 0;
  for (const item of response.output) {
    if (!isJsonObject(item)) continue;
    if (item.type === 'web_search_call' && (!isJsonObject(item.action) || item.action.type === 'search')) searches++;
    else if (item.type === 'file_search_call') fileSearches++;
  }
  if (searches > 0) usage.webSearchCalls = searches;
  if (fileSearches > 0) usage.fileSearchCalls = fileSearches;
  return usage;
}

/**
 * How a finished (`completed` or `incomplete`) response ended. A completed answer that is a refusal
 * alone (`refusedOnly`) ends as content_filter: the one sign every other client format has of it
 * (Anthropic refusal, Gemini SAFETY).
 */
export function finishOf(response: JsonObject, hasToolCalls: boolean, refusedOnly = false): FinishReason {
  if (response.status === 'incomplete') {
    const reason = isJsonObject(response.incomplete_details) ? response.incomplete_details.reason : undefined;
    return reason === 'content_filter' ? 'content_filter' : 'length';
  }
  if (hasToolCalls) return 'tool_calls';
  return refusedOnly ? 'content_filter' : 'stop';
}

/** A failed response's `error` (or a stream's `error` event) as the proxy classifies failures. */
export function responsesFailure(error: unknown): UpstreamError {
  const e = isJsonObject(error) ? error : {};
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : 'the provider failed the response';
  // codes that blame the request are 400s; the rest (server_error, ...) are the provider's
  const fallback = /context_length|invalid_|too_large|too_small|unsupported|policy/.test(code) ? 400 : 500;
  return errorFromOpenAIErrorBody({ error: { message, type: code, code } }, fallback);
}

/**
 * A response that ended `failed`: a failed try (failed over). OpenAI bills what its usage says all the same, as
 * the settler bills a failed background response: `billed` goes with the failure (as Gemini's invalidCallError).
 */
export function failedResponseError(response: JsonObject): UpstreamError {
  const billed = responsesUsageOf(response);
  return { ...responsesFailure(response.error), ...(billed === undefined ? {} : { billed }) };
}

/**
 * A function_call output item as a canonical call (a namespaced function under its flat name), the `index`th of its
 * answer. A call_id left empty (some Responses-compatible servers) falls back to the item's id, else to an id made
 * for the call: parallel calls sharing one id would come back as one, the other call and its output lost.
 */
export function toolCallOf(item: JsonObject, index: number): ToolCall {
  const name = typeof item.name === 'string' ? item.name : '';
  const id = [item.call_id, item.id].find((v): v is string => typeof v === 'string' && v !== '');
  return {
    id: id ?? generatedToolCallId(index),
    name: typeof item.namespace === 'string' && item.namespace !== '' ? flatToolName(item.namespace, name) : name,
    arguments: wholeArgumentsText(item.arguments),
  };
}

/** The text of a message item's output_text parts, and of its refusal parts (a chat client reads them apart). */
export function messageParts(item: JsonObject): { text: string; refusal: string } {
  let text = '';
  let refusal = '';
  if (!Array.isArray(item.content)) return { text, refusal };
  for (const part of item.content) {
    if (!isJsonObject(part)) continue;
    if (part.type === 'output_text' && typeof part.text === 'string') text += part.text;
    else if (part.type === 'refusal' && typeof part.refusal === 'string') refusal += part.refusal;
  }
  return { text, refusal };
}

/**
 * Between two summary parts of a reasoning item, and two reasoning items: each part is a paragraph of its
 * own (OpenAI's summaries open with their own bold title), streamed or not.
 */
export const REASONING_SEPARATOR = '\n\n';

/** A reasoning item's id and encrypted part (asked for with include reasoning.encrypted_content), for the call after it. */
export function encryptedReasoningOf(item: JsonObject): EncryptedReasoning | undefined {
  if (item.type !== 'reasoning' || typeof item.id !== 'string' || typeof item.encrypted_content !== 'string' || item.encrypted_content === '') return undefined;
  return { id: item.id, encryptedContent: item.encrypted_content };
}

/** A reasoning item's readable text: its summaries, else its reasoning text. */
export function reasoningText(item: JsonObject): string {
  const pick = (list: unknown, type: string): string =>
    Array.isArray(list) ? list.filter((s) => isJsonObject(s) && s.type === type && typeof s.text === 'string').map((s) => (s as JsonObject).text).join(REASONING_SEPARATOR) : '';
  return pick(item.summary, 'summary_text') || pick(item.content, 'reasoning_text');
}

export function parseResponsesResponse(body: unknown): CanonicalResponse {
  if (!isJsonObject(body)) throw new UpstreamFailure(notAnAnswer('a Responses response (not an object)'));
  if (body.status === 'failed') throw new UpstreamFailure(failedResponseError(body));
  if (body.object !== 'response' && body.error !== undefined && body.error !== null) throw new UpstreamFailure(errorFromOpenAIErrorBody(body, 502));
  if (!Array.isArray(body.output)) throw new UpstreamFailure(notAnAnswer('a Responses response (no output array)', responsesUsageOf(body)));
  let text = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  let refusal = '';
  const searches = new WebSearchCollector();
  let encrypted: EncryptedReasoning | undefined;
  for (const item of body.output) {
    if (!isJsonObject(item)) continue;
    searches.add(item);
    encrypted = encryptedReasoningOf(item) ?? encrypted;
    if (item.type === 'message') {
      const parts = messageParts(item);
      text += parts.text;
      refusal += parts.refusal;
    }
    else if (item.type === 'reasoning') {
      const thought = reasoningText(item);
      if (thought !== '') reasoning = reasoning === '' ? thought : `${reasoning}${REASONING_SEPARATOR}${thought}`;
    }
    else if (item.type === 'function_call') {
      const call = toolCallOf(item, toolCalls.length);
      if (encrypted) call.reasoningItem = encrypted;
      encrypted = undefined;
      toolCalls.push(call);
    }
  }
  const res: CanonicalResponse = {
    id: typeof body.id === 'string' ? body.id : '',
    model: typeof body.model === 'string' ? body.model : '',
    // the refusal ends the text, for the formats with no place of its own for it
    text: text + refusal,
    toolCalls,
    finishReason: finishOf(body, toolCalls.length > 0, refusal !== '' && text === ''),
  };
  if (refusal !== '') res.refusal = refusal;
  if (reasoning !== '') res.reasoning = reasoning;
  if (body.status === 'queued' || body.status === 'in_progress') res.answeredLater = true;
  const search = searches.found();
  if (search) res.webSearch = search;
  const usage = responsesUsageOf(body);
  if (usage) res.usage = usage;
  return res;
}
