// Canonical stream parts -> streamGenerateContent?alt=sse: every event is a whole
// GenerateContentResponse. Text goes out as it comes; a function call goes out whole (Gemini never
// streams arguments), with the finishReason and the final usageMetadata in the last event.
import type { FinishReason, StreamEncoder, StreamEncoderContext, StreamPart, ToolCall, Usage } from '../../canonical';
import { formatGeminiStreamError } from './format-error';
import { functionCallParts, geminiFinishReason, geminiUsageMetadata, orEmptyText, type GeminiAnswerShape } from './format-response';
import { ResultUnwrapper } from './wrapped-result';

const STATUS_FOR_KIND: Partial<Record<string, number>> = { rate_limit: 429, overloaded: 503, timeout: 504 };

/** `shape`: what the request's translation (geminiToCanonical) changed that the answer undoes. */
export function createGeminiStreamEncoder(ctx: StreamEncoderContext, shape: GeminiAnswerShape = {}): StreamEncoder {
  const { toolNames } = shape;
  const unwrapper = shape.result ? new ResultUnwrapper(shape.result) : undefined;
  const head = 'data: {"candidates":[{"content":{"role":"model","parts":';
  const tail = `,"modelVersion":${JSON.stringify(ctx.servedModel)},"responseId":${JSON.stringify(ctx.id)}}\n\n`;
  const openTail = `},"index":0}]${tail}`;
  /** canonical tool index -> the call, its arguments accumulating */
  const calls = new Map<number, ToolCall>();
  let usage: Usage | undefined;
  let finish: FinishReason | undefined;
  let promptTokens = ctx.estimatedInputTokens;
  let ended = false;

  const textChunk = (text: string, thought: boolean): string =>
    `${head}[{"text":${JSON.stringify(text)}${thought ? ',"thought":true' : ''}}]${openTail}`;

  function encodePart(part: StreamPart): string {
    switch (part.type) {
      case 'start':
        if (part.inputTokens !== undefined) promptTokens = part.inputTokens;
        return '';
      case 'at-work':
      // only an Anthropic client asks for a search another provider runs: Gemini's own is forwarded
      case 'web-search':
        return '';
      case 'text-delta': {
        const text = unwrapper ? unwrapper.push(part.text) : part.text;
        return text === '' ? '' : textChunk(text, false);
      }
      case 'reasoning-delta':
        return ctx.includeThoughts && part.text !== '' ? textChunk(part.text, true) : '';
      case 'tool-call-start':
        calls.set(part.index, { id: part.id, name: part.name, arguments: '', ...(part.thinking ? { thinking: part.thinking } : {}) });
        return '';
      case 'tool-call-delta': {
        const call = calls.get(part.index);
        if (call) call.arguments += part.argumentsDelta;
        return '';
      }
      case 'usage':
        usage = part.usage;
        return '';
      case 'finish':
        finish = part.finishReason;
        return '';
      case 'error':
        ended = true;
        return formatGeminiStreamError(part.error.status ?? STATUS_FOR_KIND[part.error.kind] ?? 502, part.error.kind, part.error.message);
    }
  }

  return {
    encode(part: StreamPart): string {
      return ended ? '' : encodePart(part);
    },
    end(estimated?: Usage): string {
      if (ended) return '';
      ended = true;
      const parts = orEmptyText(functionCallParts([...calls.values()], finish, toolNames, ctx.servedModel, shape.seal));
      const reason = geminiFinishReason(finish ?? (calls.size > 0 ? 'tool_calls' : 'stop'));
      // with no figures from the provider, the prompt's size as counted here (the row says estimated)
      const counted = usage ?? estimated;
      const meta = counted ? geminiUsageMetadata(counted) : { promptTokenCount: promptTokens, totalTokenCount: promptTokens };
      const rest = unwrapper?.end() ?? '';
      return `${rest === '' ? '' : textChunk(rest, false)}${head}${JSON.stringify(parts)}},"finishReason":"${reason}","index":0}],"usageMetadata":${JSON.stringify(meta)}${tail}`;
    },
  };
}
