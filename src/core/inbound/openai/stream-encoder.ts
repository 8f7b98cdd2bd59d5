// Canonical stream parts -> OpenAI `chat.completion.chunk` SSE, framed as the API frames it.
// Every chunk shares one prefix and one suffix string, so a part costs one JSON.stringify of its delta.
import type { StreamEncoder, StreamEncoderContext, StreamPart, Usage } from '../../canonical';
import { chatCompletionId, LEGACY_EXTRA_CALLS, toOpenAIFinishReason, toOpenAIUsage } from './format-response';

const ROLE_DELTA = '{"role":"assistant","content":"","refusal":null}';

/**
 * `legacyFunctions`: the first tool call goes out as `delta.function_call` (formatOpenAIResponse says why only it);
 * the first call left out is named to `onDropped`.
 */
export function createOpenAIStreamEncoder(ctx: Pick<StreamEncoderContext, 'id' | 'servedModel' | 'includeUsage' | 'legacyFunctions' | 'toolNames' | 'onDropped'>): StreamEncoder {
  const head = `data: {"id":${JSON.stringify(chatCompletionId(ctx.id))},"object":"chat.completion.chunk","created":${Math.floor(Date.now() / 1000)},"model":${JSON.stringify(ctx.servedModel)}`;
  const choiceHead = `${head},"choices":[{"index":0,"delta":`;
  // with include_usage the API sends `"usage":null` on every chunk but the last
  const tail = ctx.includeUsage ? ',"usage":null}\n\n' : '}\n\n';
  const openTail = `,"logprobs":null,"finish_reason":null}]${tail}`;
  let roleSent = false;
  let finished = false;
  let usage: Usage | undefined;
  /** refusal text went out (delta.refusal): the finish is stop, as OpenAI ends a refusal */
  let refused = false;
  const legacy = ctx.legacyFunctions === true;
  /** the index of the one call a legacy client gets: the first that starts */
  let legacyIndex: number | undefined;
  let legacyDropped = false;
  /** a call goes out under the name the client declared (the model may have been offered a safe one) */
  const names = ctx.toolNames;

  function chunk(delta: string): string {
    if (roleSent) return choiceHead + delta + openTail;
    roleSent = true;
    const role = choiceHead + ROLE_DELTA + openTail;
    return delta.length === 0 ? role : role + choiceHead + delta + openTail;
  }

  function finishChunk(reason: string): string {
    finished = true;
    const prefix = roleSent ? '' : chunk('');
    return `${prefix}${choiceHead}{},"logprobs":null,"finish_reason":"${reason}"}]${tail}`;
  }

  function encode(part: StreamPart): string {
    switch (part.type) {
      case 'start':
        return roleSent ? '' : chunk('');
      case 'at-work':
      // only an Anthropic client asks for a search another provider runs (its server tool)
      case 'web-search':
        return '';
      case 'text-delta':
        if (part.text.length === 0) return '';
        if (part.refusal) {
          refused = true;
          return chunk(`{"refusal":${JSON.stringify(part.text)}}`);
        }
        return chunk(`{"content":${JSON.stringify(part.text)}}`);
      case 'reasoning-delta':
        return part.text.length === 0 ? '' : chunk(`{"reasoning_content":${JSON.stringify(part.text)}}`);
      case 'tool-call-start': {
        const name = JSON.stringify(names ? names.toClient(part.name) : part.name);
        if (legacy) {
          if (legacyIndex !== undefined) {
            if (!legacyDropped) ctx.onDropped?.(LEGACY_EXTRA_CALLS);
            legacyDropped = true;
            return '';
          }
          legacyIndex = part.index;
          return chunk(`{"function_call":{"name":${name},"arguments":""}}`);
        }
        return chunk(`{"tool_calls":[{"index":${part.index},"id":${JSON.stringify(part.id)},"type":"function","function":{"name":${name},"arguments":""}}]}`);
      }
      case 'tool-call-delta':
        if (part.argumentsDelta.length === 0) return '';
        if (legacy) return part.index === legacyIndex ? chunk(`{"function_call":{"arguments":${JSON.stringify(part.argumentsDelta)}}}`) : '';
        return chunk(`{"tool_calls":[{"index":${part.index},"function":{"arguments":${JSON.stringify(part.argumentsDelta)}}}]}`);
      case 'usage':
        usage = part.usage;
        return '';
      case 'finish': {
        if (finished) return '';
        const reason = toOpenAIFinishReason(part.finishReason, refused);
        return finishChunk(legacy && reason === 'tool_calls' && legacyIndex !== undefined ? 'function_call' : reason);
      }
      case 'error':
        return '';
    }
  }

  function end(estimated?: Usage): string {
    let out = finished ? '' : finishChunk('stop');
    if (ctx.includeUsage) {
      const u = usage ?? estimated ?? { inputTokens: 0, outputTokens: 0 };
      out += `${head},"choices":[],"usage":${JSON.stringify(toOpenAIUsage(u))}}\n\n`;
    }
    return `${out}data: [DONE]\n\n`;
  }

  return { encode, end };
}
