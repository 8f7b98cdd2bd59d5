// Gemini GenerateContentResponse -> CanonicalResponse, and the mappings the stream decoder shares.
import { UpstreamFailure } from '../../canonical';
import type { AnswerReadOptions, CanonicalResponse, FinishReason, ToolCall, UpstreamError, Usage } from '../../canonical';
import { geminiErrorOf, geminiUpstreamError } from './errors';
import { generatedResponseId, generatedToolCallId } from '../../ids';
import { SKIP_THOUGHT_SIGNATURE } from './request';
import { groundingFound } from './grounding';
import { answerArguments } from '../../tool-arguments-depth';
import type { GeminiCandidate, GeminiFunctionCall, GeminiGenerateContentResponse, GeminiPart, GeminiUsageMetadata } from './wire-types';
import { missingCount } from '../../usage-sanity';
import { isJsonObject } from '../../json-object';
import { notAnAnswer } from '../errors';

// Google's FinishReason enum (@google/genai 2.32): the answer was held back by a filter, text or image
const FILTERED = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_RECITATION']);

/** the output limit stopped it (CONTINUATION: a per-request limit, the rest to be asked for with a token) */
const CUT_AT_LIMIT = new Set(['MAX_TOKENS', 'CONTINUATION']);

/**
 * What x-switchboard-dropped calls each part of an answer the canonical answer has no place for: the bytes the
 * model made (an image model's picture, a TTS model's audio), a file it points to, and the code it ran with
 * Google's code execution tool and what that printed. Translated, the client is told they were left out.
 */
const DROPPED_PART_NAMES = {
  inlineData: 'candidates.content.parts[inlineData]',
  fileData: 'candidates.content.parts[fileData]',
  executableCode: 'candidates.content.parts[executableCode]',
  codeExecutionResult: 'candidates.content.parts[codeExecutionResult]',
} as const;

/** The x-switchboard-dropped name of a part only a Gemini client can be given; undefined for text, thoughts and calls. */
export function droppedPartName(part: GeminiPart): string | undefined {
  // checked field by field: this runs on every part, text included, of every translated answer and chunk
  const p = part as Record<string, unknown>;
  if (p.text !== undefined || p.functionCall !== undefined) return undefined;
  if (isObjectOrArray(p.inlineData)) return DROPPED_PART_NAMES.inlineData;
  if (isObjectOrArray(p.fileData)) return DROPPED_PART_NAMES.fileData;
  if (isObjectOrArray(p.executableCode)) return DROPPED_PART_NAMES.executableCode;
  if (isObjectOrArray(p.codeExecutionResult)) return DROPPED_PART_NAMES.codeExecutionResult;
  return undefined;
}

/** Any object, arrays included: a part holding its data under one of these keys in any shape is dropped. */
const isObjectOrArray = (v: unknown): boolean => typeof v === 'object' && v !== null;

export function mapFinishReason(reason: string, sawToolCalls: boolean): FinishReason {
  if (CUT_AT_LIMIT.has(reason)) return 'length';
  if (FILTERED.has(reason)) return 'content_filter';
  return sawToolCalls ? 'tool_calls' : 'stop';
}

function count(n: unknown): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/**
 * Gemini bills thoughts as output, so they are added to the visible output tokens; the prompt of a tool
 * Gemini ran itself (`toolUsePromptTokenCount`, e.g. search grounding) is billed as input but counted apart.
 * `cachedContentTokenCount` is part of `promptTokenCount`. No `promptTokenCount` (a usage stating the answer's count
 * alone) leaves the input missing, not 0: checkReportedUsage refuses it and the row is Switchboard's estimate, marked
 * so. An absent candidates or thoughts count is 0 (Google's JSON leaves out a count of 0: a blocked prompt states none).
 */
export function mapUsage(meta: GeminiUsageMetadata | undefined): Usage | undefined {
  if (!meta || typeof meta !== 'object') return undefined;
  const prompt = count(meta.promptTokenCount);
  const candidates = count(meta.candidatesTokenCount);
  const thoughts = count(meta.thoughtsTokenCount);
  if (prompt === undefined && candidates === undefined && thoughts === undefined) return undefined;
  const toolPrompt = count(meta.toolUsePromptTokenCount) ?? 0;
  const usage: Usage = { inputTokens: prompt === undefined ? missingCount() : prompt + toolPrompt, outputTokens: (candidates ?? 0) + (thoughts ?? 0) };
  const cached = count(meta.cachedContentTokenCount);
  if (cached !== undefined) usage.cachedInputTokens = cached;
  if (thoughts !== undefined) usage.reasoningTokens = thoughts;
  // some models bill audio input and image output dearer than text (core/gemini-pricing.ts)
  const audio = modalityTokens(meta.promptTokensDetails, 'AUDIO');
  if (audio !== undefined) usage.audioInputTokens = audio;
  const cachedAudio = modalityTokens(meta.cacheTokensDetails, 'AUDIO');
  if (cachedAudio !== undefined) usage.cachedAudioInputTokens = cachedAudio;
  const audioOut = modalityTokens(meta.candidatesTokensDetails, 'AUDIO');
  if (audioOut !== undefined && audioOut > 0) usage.audioOutputTokens = audioOut;
  const imageOut = modalityTokens(meta.candidatesTokensDetails, 'IMAGE');
  if (imageOut !== undefined && imageOut > 0) usage.imageOutputTokens = imageOut;
  // Flex costs half, Priority more: the tier is priced as OpenAI's of the same name (core/pricing.ts)
  const tier = typeof meta.serviceTier === 'string' ? geminiServiceTier(meta.serviceTier)
    : meta.trafficType === undefined ? undefined : SERVICE_TIER_OF_TRAFFIC[meta.trafficType];
  if (tier !== undefined) usage.serviceTier = tier;
  return usage;
}

/** The tokens of one modality's entries in a modality breakdown; undefined when it names none. */
function modalityTokens(details: unknown, wanted: 'AUDIO' | 'IMAGE'): number | undefined {
  if (!Array.isArray(details)) return undefined;
  let sum: number | undefined;
  for (const d of details as unknown[]) {
    if (typeof d !== 'object' || d === null) continue;
    const { modality, tokenCount } = d as { modality?: unknown; tokenCount?: unknown };
    const n = count(tokenCount);
    if (modality === wanted && n !== undefined) sum = (sum ?? 0) + n;
  }
  return sum;
}

/**
 * The Google Search queries a candidate's grounding ran (`groundingMetadata.webSearchQueries`), billed per query or per
 * grounded prompt: its distinct queries (a query named twice, or an empty or non-text entry, is no search of its own).
 */
export function searchQueriesOf(candidate: GeminiCandidate | undefined): number {
  return new Set(groundingFound(candidate)?.queries).size;
}

/** The answer's usage with the searches its grounding ran (on every candidate: each one's were billed). */
export function withSearches(usage: Usage | undefined, searches: number): Usage | undefined {
  return usage === undefined || searches <= 0 ? usage : { ...usage, webSearchCalls: searches };
}

/** `usageMetadata.serviceTier` (the Gemini API's), as named in the request's `serviceTier` */
const SERVICE_TIERS: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  standard: 'standard', flex: 'flex', priority: 'priority',
});

/** A tier as the Gemini API names the one that served a request (usageMetadata.serviceTier, the x-gemini-service-tier header), any case. */
export function geminiServiceTier(said: string): string | undefined {
  return SERVICE_TIERS[said.toLowerCase()];
}

/** `usageMetadata.trafficType` (Vertex AI's) as the tier names the request's `serviceTier` uses (the SDK's TrafficType). */
const SERVICE_TIER_OF_TRAFFIC: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  ON_DEMAND: 'standard', ON_DEMAND_FLEX: 'flex', ON_DEMAND_PRIORITY: 'priority',
});

/** `signature`: the part's thoughtSignature, kept on the call unless it is Google's sentinel (no signature at all). */
export function toolCallFrom(call: GeminiFunctionCall, index: number, signature?: unknown): ToolCall {
  return {
    id: typeof call.id === 'string' && call.id !== '' ? call.id : generatedToolCallId(index),
    name: call.name,
    arguments: answerArguments(call.name, call.args),
    ...(typeof signature === 'string' && signature !== '' && signature !== SKIP_THOUGHT_SIGNATURE ? { signature } : {}),
  };
}

/** A prompt Gemini refused to answer at all: no candidates, only `promptFeedback.blockReason`. */
export function blockedPromptError(body: GeminiGenerateContentResponse): UpstreamError | undefined {
  const reason = body.promptFeedback?.blockReason;
  if (!reason || (body.candidates && body.candidates.length > 0)) return undefined;
  return { kind: 'content_filter', status: 400, message: `Gemini blocked the prompt (${reason})` };
}

/**
 * The model tried to call a function and made no valid call (Google: "the function call generated by the
 * model is invalid"): the answer holds nothing of what it meant to do. Gemini CLI retries these as an invalid
 * stream; a client of another API, given an empty or cut answer with a plain stop, would take it as done.
 */
const INVALID_CALL = new Set(['MALFORMED_FUNCTION_CALL', 'UNEXPECTED_TOOL_CALL']);

/**
 * Translated, an answer ending with an invalid call is a failed try (retried, then failed over), named with Gemini's
 * finishMessage. Google bills it all the same: `usage`, what it said the answer used, goes with the failure.
 */
export function invalidCallError(candidate: GeminiCandidate | undefined, usage: Usage | undefined): UpstreamError | undefined {
  const reason = candidate?.finishReason;
  if (reason === undefined || !INVALID_CALL.has(reason)) return undefined;
  const said = typeof candidate?.finishMessage === 'string' ? candidate.finishMessage.trim().slice(0, 300) : '';
  return {
    kind: 'invalid_output', reachable: true, message: `Gemini ended its answer with ${reason}${said === '' ? '' : `: ${said}`}`,
    ...(usage === undefined ? {} : { billed: usage }),
  };
}

/**
 * Stops the same request would meet again on the same model (an unsupported language, a tool loop past Google's
 * bound, an image model giving no image): another try there bills the prompt again for nothing, so they fail over
 * at once. OTHER, FINISH_REASON_UNSPECIFIED and reasons newer than this list may be passing: tried again.
 */
const REPEATING_STOPS = new Set(['LANGUAGE', 'TOO_MANY_TOOL_CALLS', 'NO_IMAGE', 'IMAGE_OTHER']);

/**
 * Google stopped the answer for a reason that is neither a clean end, the output limit, a filter nor an invalid
 * call (OTHER, LANGUAGE, TOO_MANY_TOOL_CALLS, NO_IMAGE, IMAGE_OTHER, FINISH_REASON_UNSPECIFIED, or one newer
 * than this list) before the model said anything: translated, that is no answer, not an empty one with a stop.
 * A failed try like an invalid call (retried unless it would repeat, then failed over); with text or calls
 * already given, the answer ends as it is. `answered`: the candidate gave text or calls.
 */
export function unansweredStopError(candidate: GeminiCandidate | undefined, answered: boolean, usage: Usage | undefined): UpstreamError | undefined {
  const reason = candidate?.finishReason;
  if (answered || reason === undefined || reason === 'STOP' || CUT_AT_LIMIT.has(reason) || FILTERED.has(reason) || INVALID_CALL.has(reason)) return undefined;
  const said = typeof candidate?.finishMessage === 'string' ? candidate.finishMessage.trim().slice(0, 300) : '';
  return {
    kind: 'invalid_output', reachable: true, message: `Gemini ended its answer with ${reason} before any content${said === '' ? '' : `: ${said}`}`,
    ...(REPEATING_STOPS.has(reason) ? { repeats: true } : {}),
    ...(usage === undefined ? {} : { billed: usage }),
  };
}

/** Fields only a GenerateContentResponse holds besides candidates: one of them makes a body Google's answer. */
const GEMINI_ANSWER_FIELDS = ['promptFeedback', 'usageMetadata', 'modelVersion', 'responseId'] as const;

function asResponse(body: unknown): GeminiGenerateContentResponse {
  const err = geminiErrorOf(body);
  if (err) throw new UpstreamFailure(geminiUpstreamError(0, err));
  if (!isJsonObject(body)) throw new UpstreamFailure(notAnAnswer('a GenerateContentResponse (not an object)'));
  // a prompt Gemini refused states promptFeedback and no candidates: an answer (blockedPromptError); Google's JSON
  // leaves an empty list out, so an answer with no candidates may hold only usageMetadata, modelVersion, responseId
  if (!Array.isArray(body.candidates) && !GEMINI_ANSWER_FIELDS.some((f) => body[f] !== undefined && body[f] !== null)) {
    throw new UpstreamFailure(notAnAnswer('a GenerateContentResponse (no candidates array)'));
  }
  return body as GeminiGenerateContentResponse;
}

/**
 * Forwarded (Gemini in and out), a blocked prompt is Google's 200 answer, `promptFeedback` and no
 * candidates, and reaches the client as such: read as an empty filtered answer. Translated for another
 * API, it is the failure it means there.
 */
export function parseGeminiChatResponse(raw: unknown, opts?: AnswerReadOptions): CanonicalResponse {
  const body = asResponse(raw);
  const blocked = blockedPromptError(body);
  if (blocked && !opts?.forwarded) throw new UpstreamFailure(blocked);
  const candidate = body.candidates?.[0];
  const usage = withSearches(mapUsage(body.usageMetadata), (body.candidates ?? []).reduce((n, c) => n + searchQueriesOf(c), 0));
  // forwarded, Gemini's client retries it itself (Gemini CLI does)
  const invalid = opts?.forwarded ? undefined : invalidCallError(candidate, usage);
  if (invalid) throw new UpstreamFailure(invalid);
  let text = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  const dropped: string[] = [];
  for (const part of candidate?.content?.parts ?? []) {
    const droppedName = droppedPartName(part);
    if (part.functionCall) toolCalls.push(toolCallFrom(part.functionCall, toolCalls.length, part.thoughtSignature));
    else if (droppedName !== undefined) {
      if (!dropped.includes(droppedName)) dropped.push(droppedName);
    } else if (typeof part.text === 'string') {
      if (part.thought === true) reasoning += part.text;
      else text += part.text;
    }
  }
  const unanswered = opts?.forwarded ? undefined : unansweredStopError(candidate, text !== '' || toolCalls.length > 0, usage);
  if (unanswered) throw new UpstreamFailure(unanswered);
  const res: CanonicalResponse = {
    id: body.responseId || generatedResponseId(),
    model: body.modelVersion ?? '',
    text,
    toolCalls,
    finishReason: blocked ? 'content_filter' : mapFinishReason(candidate?.finishReason ?? 'STOP', toolCalls.length > 0),
  };
  if (reasoning !== '') res.reasoning = reasoning;
  if (usage) res.usage = usage;
  if (dropped.length > 0) res.dropped = dropped;
  const search = groundingFound(candidate);
  if (search) res.webSearch = search;
  return res;
}
