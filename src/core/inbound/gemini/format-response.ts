// CanonicalResponse -> the GenerateContentResponse Gemini CLI and @google/genai read: one candidate,
// thoughts as `thought: true` parts when the client asked for them, function calls with their ids.
import type { CanonicalResponse, FinishReason, ToolCall, ToolNamesBack, Usage } from '../../canonical';
import { cutOffCall, parseToolInput } from '../../providers/anthropic/build-messages';
import { SKIP_THOUGHT_SIGNATURE } from '../../providers/gemini/request';
import { sealThinking, type ThinkingSeal } from '../../switchboard-thinking';
import type { GeminiPart, GeminiUsageMetadata } from '../../providers/gemini/wire-types';
import { unwrapResult, type WrappedResult } from './wrapped-result';

const FINISH: Record<FinishReason, string> = {
  stop: 'STOP',
  // Gemini ends a turn that called functions with STOP too
  tool_calls: 'STOP',
  length: 'MAX_TOKENS',
  content_filter: 'SAFETY',
  error: 'OTHER',
};

export function geminiFinishReason(reason: FinishReason): string {
  return FINISH[reason];
}

/** Gemini counts thoughts apart from the answer: candidatesTokenCount excludes them. */
export function geminiUsageMetadata(usage: Usage): GeminiUsageMetadata {
  const thoughts = usage.reasoningTokens ?? 0;
  const meta: GeminiUsageMetadata = {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: Math.max(0, usage.outputTokens - thoughts),
    totalTokenCount: usage.inputTokens + usage.outputTokens,
  };
  if (usage.cachedInputTokens) meta.cachedContentTokenCount = usage.cachedInputTokens;
  if (thoughts > 0) meta.thoughtsTokenCount = thoughts;
  return meta;
}

/**
 * Gemini's args are an object; a model's broken JSON becomes `{}` rather than failing the answer. The
 * name is the one the client declared (the model was offered a safe one where it broke a rule).
 */
export function functionCallPart(call: ToolCall, names?: ToolNamesBack): GeminiPart {
  return { functionCall: { id: call.id, name: names ? names.toClient(call.name) : call.name, args: parseToolInput(call.arguments) } };
}

/**
 * The calls a client may run, as parts: one cut off inside its arguments (max_tokens) is left out.
 * The first carries Google's sentinel signature, where Gemini 3 puts its own: the client replays
 * the turn as it got it, and Gemini 3 refuses a function call in the current turn without one
 * (another model answered, so there is no real one). The request is the client's and is forwarded
 * as sent; the answer is where the signature went missing. Claude's signed thinking before a call goes in its
 * place, sealed (switchboard-thinking.ts): the client sends it back with the call, and Claude thinks on.
 */
export function functionCallParts(calls: readonly ToolCall[], finish: FinishReason | undefined, names: ToolNamesBack | undefined, servedModel: string, seal?: ThinkingSeal): GeminiPart[] {
  return calls.filter((c) => !cutOffCall(c.arguments, finish)).map((call, i) => {
    const part = functionCallPart(call, names);
    if (seal && call.thinking && call.thinking.length > 0) part.thoughtSignature = sealThinking(seal, servedModel, call.thinking);
    else if (i === 0) part.thoughtSignature = SKIP_THOUGHT_SIGNATURE;
    return part;
  });
}

/**
 * Never `parts: []`: @google/genai's chats take a turn with no parts (or an empty part) as invalid and
 * leave the whole exchange out of the history they send next. Gemini itself closes a stream, and
 * answers with nothing to say, with one empty text part.
 */
export function orEmptyText(parts: GeminiPart[]): GeminiPart[] {
  return parts.length > 0 ? parts : [{ text: '' }];
}

/** What the translation of a request (geminiToCanonical) changed that its answer must undo. */
export interface GeminiAnswerShape {
  /** the request's tools' names as sent */
  toolNames?: ToolNamesBack;
  /** the answer's schema went wrapped in an object: the answer is its `result` */
  result?: WrappedResult;
  /** this install's and profile's seal for Claude's thinking in thoughtSignature, both ways (switchboard-thinking.ts) */
  seal?: ThinkingSeal;
}

export interface GeminiAnswerContext extends GeminiAnswerShape {
  includeThoughts?: boolean;
}

export function formatGeminiResponse(res: CanonicalResponse, servedModel: string, ctx: GeminiAnswerContext = {}): unknown {
  const parts: GeminiPart[] = [];
  if (ctx.includeThoughts && res.reasoning) parts.push({ text: res.reasoning, thought: true });
  const text = ctx.result ? unwrapResult(res.text, ctx.result) : res.text;
  if (text !== '') parts.push({ text });
  parts.push(...functionCallParts(res.toolCalls, res.finishReason, ctx.toolNames, servedModel, ctx.seal));
  const out: Record<string, unknown> = {
    candidates: [{ content: { role: 'model', parts: orEmptyText(parts) }, finishReason: geminiFinishReason(res.finishReason), index: 0 }],
  };
  if (res.usage) out.usageMetadata = geminiUsageMetadata(res.usage);
  out.modelVersion = servedModel;
  out.responseId = res.id;
  return out;
}
