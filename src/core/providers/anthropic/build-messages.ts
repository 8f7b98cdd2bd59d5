// Canonical messages -> Anthropic `messages`: tool results become user tool_result blocks,
// and same-role neighbours are merged because Anthropic requires user/assistant alternation.
import { UpstreamFailure } from '../../canonical';
import type { CanonicalMessage, ContentPart, ToolCall } from '../../canonical';
import { imageMediaType } from '../image-media-type';
import type {
  AnthropicContentBlock, AnthropicDocumentBlock, AnthropicImageBlock, AnthropicMessageParam, AnthropicTextBlock,
  AnthropicToolResultBlock,
} from './wire-types';
import { isJsonObject } from '../../json-object';
import { assertRequestArguments } from '../../tool-arguments-depth';
import { EMPTY_USER_DROPPED, EMPTY_USER_TEXT, wantsEmptyUserTurn } from '../empty-user-turn';
import { withUnansweredCallsAnswered } from '../unanswered-calls';
import { withEmptyCallIdsNamed } from '../empty-call-ids';
import { randomToken } from '../../ids';

/** A user turn in place of an empty message (empty-user-turn.ts); `dropped` names it. */
export function emptyUserTurn(dropped: string[]): AnthropicMessageParam {
  dropped.push(EMPTY_USER_DROPPED);
  return { role: 'user', content: [{ type: 'text', text: EMPTY_USER_TEXT }] };
}

export function toAnthropicMessages(messages: CanonicalMessage[], dropped: string[] = []): AnthropicMessageParam[] {
  const out: AnthropicMessageParam[] = [];
  // a tool_use must have its tool_result in the next message
  for (const msg of withUnansweredCallsAnswered(withEmptyCallIdsNamed(messages, 'toolu_empty_'))) {
    // mid-conversation system messages go to the system prompt (toAnthropicBody)
    if (msg.role === 'system') continue;
    const converted = convertMessage(msg);
    // Anthropic rejects empty content except on a final assistant turn, where it is pointless
    if (converted.content.length === 0) continue;
    const prev = out[out.length - 1];
    if (prev && prev.role === converted.role) mergeInto(prev, converted);
    else out.push(converted);
  }
  // an empty last user message is still the user's turn to answer, not the prefill before it
  const last = out.at(-1);
  if (wantsEmptyUserTurn(messages, last?.role, last?.content.every((b) => b.type === 'tool_result'))) {
    if (last?.role === 'user') last.content.push(...emptyUserTurn(dropped).content);
    else out.push(emptyUserTurn(dropped));
  }
  trimFinalAssistantText(out);
  return out;
}

function convertMessage(msg: Exclude<CanonicalMessage, { role: 'system' }>): AnthropicMessageParam {
  switch (msg.role) {
    case 'user':
      return { role: 'user', content: partsToBlocks(msg.content) };
    case 'assistant': {
      // Claude's signed thinking kept with its calls (ToolCall.thinking): the first call's first in the turn, as
      // Anthropic answered it, and a later call's right before it; toAnthropicBody drops them when thinking is off
      const calls = msg.toolCalls ?? [];
      const blocks: AnthropicContentBlock[] = [...(calls[0]?.thinking ?? []), ...partsToBlocks(msg.content)];
      calls.forEach((c, i) => blocks.push(...(i > 0 ? c.thinking ?? [] : []), toolUseBlock(c)));
      return { role: 'assistant', content: blocks };
    }
    case 'tool': {
      const block: AnthropicToolResultBlock = { type: 'tool_result', tool_use_id: toolUseId(msg.toolCallId) };
      const content = partsToBlocks(msg.content);
      if (content.length > 0) block.content = content;
      if (msg.isError) block.is_error = true;
      return { role: 'user', content: [block] };
    }
  }
}

const isThinking = (b: AnthropicContentBlock | undefined): boolean => b?.type === 'thinking' || b?.type === 'redacted_thinking';

/** A same-role neighbour's blocks after `prev`'s; a turn begins with its thinking, so a merged one's leading thinking goes first. */
function mergeInto(prev: AnthropicMessageParam, next: AnthropicMessageParam): void {
  let lead = 0;
  while (isThinking(next.content[lead])) lead++;
  if (lead > 0 && !isThinking(prev.content[0])) prev.content.unshift(...next.content.splice(0, lead));
  prev.content.push(...next.content);
}

/** Without thinking, Anthropic takes no thinking blocks in the turns: those kept are left out. */
export function withoutThinkingBlocks(messages: AnthropicMessageParam[]): void {
  for (const m of messages) if (m.role === 'assistant' && m.content.some(isThinking)) m.content = m.content.filter((b) => !isThinking(b));
}

type MediaBlock = AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock;

function partsToBlocks(parts: ContentPart[]): MediaBlock[] {
  const blocks: MediaBlock[] = [];
  for (const part of parts) {
    switch (part.type) {
      case 'text':
        // "text content blocks must be non-empty" / "must contain non-whitespace text"
        if (part.text.trim() !== '') blocks.push({ type: 'text', text: part.text });
        break;
      case 'image':
        blocks.push({
          type: 'image',
          source: part.source.kind === 'base64'
            ? { type: 'base64', media_type: imageMediaType(part.source.mediaType, part.source.data), data: part.source.data }
            : { type: 'url', url: part.source.url },
        });
        break;
      case 'document': {
        const block: AnthropicDocumentBlock = {
          type: 'document',
          source: part.source.kind === 'base64'
            ? { type: 'base64', media_type: part.source.mediaType, data: part.source.data }
            : { type: 'url', url: part.source.url },
        };
        if (part.filename) block.title = part.filename;
        blocks.push(block);
        break;
      }
      case 'audio':
        throw new UpstreamFailure({ kind: 'untranslatable', message: 'Anthropic models do not take audio input' });
    }
  }
  return blocks;
}

function toolUseBlock(call: ToolCall): AnthropicContentBlock {
  assertRequestArguments(call.name, call.arguments);
  return { type: 'tool_use', id: toolUseId(call.id), name: call.name, input: parseToolInput(call.arguments) };
}

/** Tool input must be a JSON object; a model that produced broken JSON gets `{}`. */
/** A call's arguments that parse as JSON: a stream cut off or moving on after them left it whole. */
export function wholeJson(args: string): boolean {
  try {
    JSON.parse(args);
    return true;
  } catch {
    return false;
  }
}

/**
 * A call the answer was cut off inside (max_tokens, a filter): its arguments are not whole JSON. A
 * client given it would run it with `{}` (Gemini CLI's write_file with no file); a whole answer's
 * broken JSON stays `{}`, the model's own mistake for the tool to refuse.
 */
export function cutOffCall(args: string, finishReason: string | undefined): boolean {
  return (finishReason === 'length' || finishReason === 'content_filter') && !wholeJson(args);
}

export function parseToolInput(args: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(args);
    return isJsonObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/**
 * Anthropic ids must match ^[a-zA-Z0-9_-]+$; other providers' ids may not (Kimi's
 * `functions.get_weather:0`), so every use maps alike: the calls and results sent to Anthropic, and
 * the calls an Anthropic client gets from another provider (it sends them back, perhaps to Anthropic).
 */
export function toolUseId(id: string): string {
  // no decoder or request gives an empty id (withEmptyCallIdsNamed); were one to come, it stays apart from every other
  if (id === '') return `toolu_${randomToken(24)}`;
  return id.replace(/[^a-zA-Z0-9_-]/g, '_');
}

/** "final assistant content cannot end with trailing whitespace" (a prefill). */
function trimFinalAssistantText(messages: AnthropicMessageParam[]): void {
  const last = messages[messages.length - 1];
  if (last?.role !== 'assistant') return;
  const block = last.content[last.content.length - 1];
  if (block?.type !== 'text') return;
  block.text = block.text.trimEnd();
  if (block.text === '') last.content.pop();
  if (last.content.length === 0) messages.pop();
}
