// Anthropic Messages SSE -> canonical stream parts.
// Sequence: message_start, (content_block_start, content_block_delta*, content_block_stop)*,
// message_delta (stop_reason + final usage), message_stop; `ping` anywhere; `error` ends it.
import type { AnswerReadOptions, SseEvent, StreamDecoder, StreamPart, Usage } from '../../canonical';
import { anthropicErrorFromType } from './classify-error';
import { finishReasonFromStop, usageFromAnthropic } from './parse-response';
import { asAnthropicErrorBody } from './wire-types';
import type { AnthropicUsage } from './wire-types';
import { framedString, keptString, type StringFrame } from '../../plain-delta';
import { ThinkingBeforeCalls } from './signed-thinking';
import { isJsonObject } from '../../json-object';
import { generatedToolCallId } from '../../ids';

interface BlockState {
  kind: 'text' | 'tool' | 'thinking' | 'other';
  toolIndex: number;
  argumentsSeen: boolean;
  /** tool input given whole in content_block_start (deltas normally bring it instead) */
  initialInput?: unknown;
  /** a thinking block's text so far, in pieces joined at its end (keptString), and its signature: the signed block is kept for the calls after it */
  thinking?: string[];
  signature?: string;
}

const USAGE_FIELDS = ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'] as const;

const DELTA_OF = { text: ['text_delta', 'text'], thinking: ['thinking_delta', 'thinking'], tool: ['input_json_delta', 'partial_json'] } as const;

/**
 * A delta event of one block as Anthropic writes it, around its piece of text: most of a stream is
 * these, and reading one by its frame costs a fraction of JSON.parse (~0.5 us an event).
 */
function deltaFrame(index: number, kind: keyof typeof DELTA_OF): StringFrame {
  const [type, field] = DELTA_OF[kind];
  return { head: `{"type":"content_block_delta","index":${index},"delta":{"type":"${type}","${field}":"`, tail: '"}}' };
}

export function createAnthropicStreamDecoder(opts?: AnswerReadOptions): StreamDecoder {
  // forwarded (Claude Code): the thinking goes to the client as sent, and nothing keeps it for the calls after it
  const keepsThinking = opts?.forwarded !== true;
  const blocks = new Map<number, BlockState>();
  let startUsage: AnthropicUsage | undefined;
  let nextToolIndex = 0;
  const signed = new ThinkingBeforeCalls();
  let finished = false;
  let done = false;
  /** message_stop was read: the stream is over (StreamDecoder.ended) */
  let stopped = false;
  /** the latest block's deltas, read without a parse (framedString) */
  let open: { frame: StringFrame; kind: keyof typeof DELTA_OF; index: number } | undefined;

  function streamError(message: string): StreamPart[] {
    done = true;
    return [{ type: 'error', error: { kind: 'stream', message } }];
  }

  function onBlockStart(index: number, block: Record<string, unknown>): StreamPart[] {
    const kind = block.type === 'text' ? 'text' : block.type === 'thinking' ? 'thinking' : block.type === 'tool_use' ? 'tool' : undefined;
    // an index JSON spells as its digits (not a missing one: Number gives NaN, which no delta can carry)
    open = kind && Number.isSafeInteger(index) && index >= 0 ? { frame: deltaFrame(index, kind), kind, index } : undefined;
    switch (block.type) {
      case 'text':
        blocks.set(index, { kind: 'text', toolIndex: -1, argumentsSeen: false });
        return typeof block.text === 'string' && block.text !== '' ? [{ type: 'text-delta', text: block.text }] : [];
      case 'thinking':
        blocks.set(index, {
          kind: 'thinking', toolIndex: -1, argumentsSeen: false, signature: typeof block.signature === 'string' ? block.signature : '',
          ...(keepsThinking ? { thinking: typeof block.thinking === 'string' && block.thinking !== '' ? [block.thinking] : [] } : {}),
        });
        // the model thinks from here: its first delta may be a while
        return typeof block.thinking === 'string' && block.thinking !== ''
          ? [{ type: 'reasoning-delta', text: block.thinking }]
          : [{ type: 'at-work', thinking: true }];
      case 'tool_use': {
        const toolIndex = nextToolIndex++;
        const state: BlockState = { kind: 'tool', toolIndex, argumentsSeen: false };
        if (isJsonObject(block.input) && Object.keys(block.input).length > 0) state.initialInput = block.input;
        blocks.set(index, state);
        const thinking = signed.forCall();
        return [{ type: 'tool-call-start', index: toolIndex, id: String(block.id ?? '') || generatedToolCallId(toolIndex), name: String(block.name ?? ''), ...(thinking ? { thinking } : {}) }];
      }
      default:
        // server_tool_use, redacted_thinking, web search results...: nothing canonical to say, but the model
        // (a server tool: the provider for it) is at work, though no answer may come for a while
        blocks.set(index, { kind: 'other', toolIndex: -1, argumentsSeen: false });
        if (keepsThinking) signed.read(block);
        return [{ type: 'at-work', thinking: block.type === 'redacted_thinking' }];
    }
  }

  function onBlockDelta(index: number, delta: Record<string, unknown>): StreamPart[] {
    if (delta.type === 'text_delta' && typeof delta.text === 'string') return textDelta('text', index, delta.text);
    if (delta.type === 'thinking_delta' && typeof delta.thinking === 'string') return textDelta('thinking', index, delta.thinking);
    if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') return textDelta('tool', index, delta.partial_json);
    if (delta.type === 'signature_delta' && typeof delta.signature === 'string') {
      const block = blocks.get(index);
      if (block?.kind === 'thinking') block.signature += delta.signature;
    }
    // citations_delta, deltas of server tool blocks
    return [];
  }

  /** A delta's piece of text, however it was read. */
  function textDelta(kind: keyof typeof DELTA_OF, index: number, text: string): StreamPart[] {
    if (text === '') return [];
    if (kind === 'text') return [{ type: 'text-delta', text }];
    const block = blocks.get(index);
    if (kind === 'thinking') {
      if (block?.kind === 'thinking') block.thinking?.push(text);
      return [{ type: 'reasoning-delta', text }];
    }
    if (block?.kind !== 'tool') return [];
    block.argumentsSeen = true;
    return [{ type: 'tool-call-delta', index: block.toolIndex, argumentsDelta: text }];
  }

  function onBlockStop(index: number): StreamPart[] {
    const block = blocks.get(index);
    if (block?.kind === 'thinking' && block.thinking) signed.read({ type: 'thinking', thinking: keptString(block.thinking), signature: block.signature });
    if (block?.kind !== 'tool' || block.argumentsSeen) return [];
    // a tool called with no arguments streams no input_json_delta (or an empty one): say `{}`
    block.argumentsSeen = true;
    return [{ type: 'tool-call-delta', index: block.toolIndex, argumentsDelta: JSON.stringify(block.initialInput ?? {}) }];
  }

  /** message_start carries the input figures, message_delta the final ones; either may lack some. */
  function combinedUsage(deltaUsage: unknown): StreamPart[] {
    if (!startUsage && !isJsonObject(deltaUsage)) return [];
    const merged: AnthropicUsage = { ...startUsage };
    if (isJsonObject(deltaUsage)) {
      for (const field of USAGE_FIELDS) {
        const v = deltaUsage[field];
        if (typeof v === 'number') merged[field] = v;
      }
      if (isJsonObject(deltaUsage.output_tokens_details)) merged.output_tokens_details = deltaUsage.output_tokens_details;
      if (isJsonObject(deltaUsage.cache_creation)) merged.cache_creation = deltaUsage.cache_creation;
      // cumulative, as the token counts are: the searches run during the answer come only here
      if (isJsonObject(deltaUsage.server_tool_use)) merged.server_tool_use = deltaUsage.server_tool_use;
      if (typeof deltaUsage.speed === 'string') merged.speed = deltaUsage.speed;
      if (typeof deltaUsage.inference_geo === 'string') merged.inference_geo = deltaUsage.inference_geo;
      // the final breakdown, compaction entries included (their tokens are in no other figure)
      if (Array.isArray(deltaUsage.iterations)) merged.iterations = deltaUsage.iterations;
    }
    return [{ type: 'usage', usage: usageFromAnthropic(merged) }];
  }

  function onEvent(name: string, data: Record<string, unknown>): StreamPart[] {
    switch (name) {
      case 'message_start': {
        const message = isJsonObject(data.message) ? data.message : {};
        if (isJsonObject(message.usage)) startUsage = message.usage as AnthropicUsage;
        return [{ type: 'start', id: String(message.id ?? ''), model: String(message.model ?? '') }];
      }
      case 'content_block_start':
        return isJsonObject(data.content_block) ? onBlockStart(Number(data.index), data.content_block) : [];
      case 'content_block_delta':
        return isJsonObject(data.delta) ? onBlockDelta(Number(data.index), data.delta) : [];
      case 'content_block_stop':
        return onBlockStop(Number(data.index));
      case 'message_delta': {
        const parts = combinedUsage(data.usage);
        if (!finished) {
          finished = true;
          const delta = isJsonObject(data.delta) ? data.delta : {};
          parts.push({ type: 'finish', finishReason: finishReasonFromStop(delta.stop_reason) });
        }
        return parts;
      }
      case 'message_stop': {
        done = true;
        stopped = true;
        if (finished) return [];
        finished = true;
        return [...combinedUsage(undefined), { type: 'finish', finishReason: 'stop' }];
      }
      case 'error': {
        done = true;
        const body = asAnthropicErrorBody(data) ?? { error: { type: 'api_error', message: 'Anthropic stream error' } };
        return [{ type: 'error', error: anthropicErrorFromType(body.error.type, body.error.message) }];
      }
      default:
        // ping, and event types added after this was written
        return [];
    }
  }

  return {
    push(event: SseEvent): StreamPart[] {
      if (done) return [];
      const framed = open ? framedString(event.data, open.frame) : undefined;
      if (framed !== undefined) return textDelta(open!.kind, open!.index, framed);
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        return streamError(`Anthropic sent a stream event that is not JSON (${event.event ?? 'no event name'})`);
      }
      if (!isJsonObject(data)) return streamError('Anthropic sent a stream event that is not a JSON object');
      const name = typeof data.type === 'string' ? data.type : (event.event ?? '');
      return onEvent(name, data);
    },
    end(): StreamPart[] {
      if (done) return [];
      return streamError('Anthropic stream ended before message_stop');
    },
    ended: () => stopped,
    runningUsage(): Usage | undefined {
      // output so far: message_start's figure, or none yet (the stated input still counts; settleUsage raises it to the estimate)
      return startUsage ? usageFromAnthropic({ ...startUsage, output_tokens: typeof startUsage.output_tokens === 'number' ? startUsage.output_tokens : 0 }) : undefined;
    },
  };
}
