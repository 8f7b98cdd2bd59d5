// Canonical stream parts -> Anthropic SSE, in exactly the order the SDK's MessageStream parses:
// message_start, per block content_block_start / content_block_delta* / content_block_stop,
// then message_delta (stop reason + final usage) and message_stop.
import type { FinishReason, StreamEncoder, StreamEncoderContext, StreamPart, Usage, WebSearchFound } from '../../canonical';
import { midStreamError } from '../../error-policy';
import { toolUseId, wholeJson } from '../../providers/anthropic/build-messages';
import { formatAnthropicStreamError } from './format-error';
import { anthropicMessageId, anthropicUsage, stopReasonFromFinish } from './format-response';
import { webSearchBlocks } from './web-search-blocks';

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function createAnthropicStreamEncoder(ctx: StreamEncoderContext): StreamEncoder {
  let started = false;
  let ended = false;
  /** the Anthropic content index of the open block, or -1 */
  let openBlock = -1;
  let openKind: 'text' | 'tool' | undefined;
  let nextBlock = 0;
  /** canonical tool index -> Anthropic content index */
  const toolBlocks = new Map<number, number>();
  /** the canonical index of the tool call whose block is open, and its arguments so far */
  let liveTool: number | undefined;
  let liveArgs = '';
  /**
   * Blocks held back: a client finishes a tool call at its content_block_stop (Claude Code runs it
   * then), so a call is not closed while its arguments are unfinished. When another call or text
   * comes first (parallel calls whose arguments arrive interleaved), it and everything after it wait
   * here and go out, whole and in order, once the stream ends.
   */
  const held: ({ kind: 'text'; text: string } | { kind: 'tool'; index: number; id: string; name: string; args: string } | { kind: 'search'; search: WebSearchFound })[] = [];
  let holding = false;
  let toolCount = 0;
  let usage: Usage | undefined;
  let finishReason: FinishReason | undefined;

  /** the prompt's size as announced up front: the provider's figure when it gave one, else the proxy's count */
  let announcedInput = ctx.estimatedInputTokens;
  let announcedCached: number | undefined;

  function announced(): Usage {
    return announcedCached === undefined ? { inputTokens: announcedInput, outputTokens: 0 } : { inputTokens: announcedInput, cachedInputTokens: announcedCached, outputTokens: 0 };
  }

  function start(): string {
    if (started) return '';
    started = true;
    return sse('message_start', {
      type: 'message_start',
      message: {
        id: anthropicMessageId(ctx.id), type: 'message', role: 'assistant', model: ctx.servedModel, content: [],
        stop_reason: null, stop_sequence: null, usage: anthropicUsage(usage ?? announced()),
      },
    });
  }

  function closeBlock(): string {
    if (openBlock < 0) return '';
    const out = sse('content_block_stop', { type: 'content_block_stop', index: openBlock });
    openBlock = -1;
    openKind = undefined;
    liveTool = undefined;
    liveArgs = '';
    return out;
  }

  /** Another block is due: true when the open tool call's arguments are unfinished, so it must wait. */
  function mustHold(): boolean {
    if (!holding && liveTool !== undefined && !wholeJson(liveArgs)) holding = true;
    return holding;
  }

  function toolDelta(index: number, partialJson: string): string {
    return sse('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: partialJson } });
  }

  function openTool(index: number, id: string, name: string): string {
    // under the name the client declared (the model may have been offered a safe one)
    const out = openNewBlock('tool', { type: 'tool_use', id: toolUseId(id), name: ctx.toolNames ? ctx.toolNames.toClient(name) : name, input: {} });
    toolBlocks.set(index, openBlock);
    liveTool = index;
    return out;
  }

  /** The held blocks, each whole, after the open one. */
  function releaseHeld(): string {
    let out = '';
    for (const b of held) {
      if (b.kind === 'text') {
        out += openNewBlock('text', { type: 'text', text: '' }) + textDelta(b.text);
      } else if (b.kind === 'search') {
        out += searchBlocks(b.search);
      } else {
        out += openTool(b.index, b.id, b.name);
        if (b.args !== '') out += toolDelta(openBlock, b.args);
      }
    }
    held.length = 0;
    return out + closeBlock();
  }

  /**
   * A search's blocks, each whole, as Anthropic streams them: a server_tool_use opened with empty input and
   * its query as one input_json_delta, then its result in the block's start. Gemini's grounding comes with
   * the last chunks, so after the text written from it; Claude Code's WebSearch reads them in any order.
   */
  function searchBlocks(search: WebSearchFound): string {
    let out = '';
    for (const block of webSearchBlocks(search)) {
      if (block.type === 'server_tool_use') {
        out += openNewBlock('tool', { ...block, input: {} }) + toolDelta(openBlock, JSON.stringify(block.input));
      } else {
        out += openNewBlock('tool', block);
      }
    }
    return out + closeBlock();
  }

  function textDelta(text: string): string {
    return sse('content_block_delta', { type: 'content_block_delta', index: openBlock, delta: { type: 'text_delta', text } });
  }

  function openNewBlock(kind: 'text' | 'tool', contentBlock: unknown): string {
    const out = closeBlock();
    openBlock = nextBlock++;
    openKind = kind;
    return out + sse('content_block_start', { type: 'content_block_start', index: openBlock, content_block: contentBlock });
  }

  function encodePart(part: StreamPart): string {
    switch (part.type) {
      case 'start':
      case 'at-work':
      case 'reasoning-delta':
        // thinking blocks need a signature the client can send back; a foreign upstream has none
        return '';
      case 'text-delta': {
        if (part.text === '') return '';
        if (openKind === 'text' && !holding) return textDelta(part.text);
        if (mustHold()) {
          const last = held[held.length - 1];
          if (last?.kind === 'text') last.text += part.text;
          else held.push({ kind: 'text', text: part.text });
          return '';
        }
        return openNewBlock('text', { type: 'text', text: '' }) + textDelta(part.text);
      }
      case 'tool-call-start': {
        toolCount++;
        if (mustHold()) {
          held.push({ kind: 'tool', index: part.index, id: part.id, name: part.name, args: '' });
          return '';
        }
        return openTool(part.index, part.id, part.name);
      }
      case 'tool-call-delta': {
        if (part.argumentsDelta === '') return '';
        if (part.index === liveTool) {
          liveArgs += part.argumentsDelta;
          return toolDelta(openBlock, part.argumentsDelta);
        }
        const waiting = held.find((b) => b.kind === 'tool' && b.index === part.index);
        if (waiting?.kind === 'tool') {
          waiting.args += part.argumentsDelta;
          return '';
        }
        // more for a call already closed (its arguments looked whole): the SDK still adds it by index
        const index = toolBlocks.get(part.index);
        return index === undefined ? '' : toolDelta(index, part.argumentsDelta);
      }
      case 'web-search': {
        if (mustHold()) {
          held.push({ kind: 'search', search: part.search });
          return '';
        }
        return searchBlocks(part.search);
      }
      case 'usage':
        usage = part.usage;
        return '';
      case 'finish':
        finishReason = part.finishReason;
        return '';
      case 'error': {
        ended = true;
        return closeBlock() + formatAnthropicStreamError(part.error.status ?? 500, midStreamError(part.error.kind).type, part.error.message);
      }
    }
  }

  return {
    encode(part: StreamPart): string {
      // thinking goes nowhere, so it starts no message either: a stream that fails while the model thinks
      // has shown the client nothing (stream-relay.ts), and the next candidate may serve
      if (ended || part.type === 'reasoning-delta' || part.type === 'at-work') return '';
      if (part.type === 'start' && part.inputTokens !== undefined && !started) {
        announcedInput = part.inputTokens;
        announcedCached = part.cachedInputTokens;
      }
      return start() + encodePart(part);
    },
    // Anthropic's own keep-alive, after the message_start it always follows; its SDKs skip it
    keepAlive(): string {
      return ended ? '' : start() + sse('ping', { type: 'ping' });
    },
    end(estimated?: Usage): string {
      if (ended) return '';
      ended = true;
      const stop = stopReasonFromFinish(finishReason ?? (toolCount > 0 ? 'tool_calls' : 'stop'));
      return start() + closeBlock() + releaseHeld()
        + sse('message_delta', {
          type: 'message_delta',
          delta: { stop_reason: stop, stop_sequence: null },
          // final, cumulative figures: recent SDKs take input_tokens from here, not message_start (so
          // without the provider's, the proxy's own: zeros would tell Claude Code its context is empty)
          usage: anthropicUsage(usage ?? estimated ?? announced(), ctx.thinkingTokenCount),
        })
        + sse('message_stop', { type: 'message_stop' });
    },
  };
}
