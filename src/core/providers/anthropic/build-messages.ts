// Canonical messages -> Anthropic `messages`: tool results become user tool_result blocks,
// and same-role neighbours are merged because Anthropic requires user/assistant alternation.
import type { CanonicalMessage, ContentPart, ToolCall } from '../../canonical';
import type {
  AnthropicContentBlock, AnthropicImageBlock, AnthropicMessageParam, AnthropicTextBlock, AnthropicToolResultBlock,
} from './wire-types';
import { isRecord } from './wire-types';

export function toAnthropicMessages(messages: CanonicalMessage[]): AnthropicMessageParam[] {
  const out: AnthropicMessageParam[] = [];
  for (const msg of messages) {
    const converted = convertMessage(msg);
    // Anthropic rejects empty content except on a final assistant turn, where it is pointless
    if (converted.content.length === 0) continue;
    const prev = out[out.length - 1];
    if (prev && prev.role === converted.role) prev.content.push(...converted.content);
    else out.push(converted);
  }
  trimFinalAssistantText(out);
  return out;
}

function convertMessage(msg: CanonicalMessage): AnthropicMessageParam {
  switch (msg.role) {
    case 'user':
      return { role: 'user', content: partsToBlocks(msg.content) };
    case 'assistant':
      return { role: 'assistant', content: [...partsToBlocks(msg.content), ...(msg.toolCalls ?? []).map(toolUseBlock)] };
    case 'tool': {
      const block: AnthropicToolResultBlock = { type: 'tool_result', tool_use_id: toolUseId(msg.toolCallId) };
      const content = partsToBlocks(msg.content);
      if (content.length > 0) block.content = content;
      if (msg.isError) block.is_error = true;
      return { role: 'user', content: [block] };
    }
  }
}

function partsToBlocks(parts: ContentPart[]): (AnthropicTextBlock | AnthropicImageBlock)[] {
  const blocks: (AnthropicTextBlock | AnthropicImageBlock)[] = [];
  for (const part of parts) {
    if (part.type === 'text') {
      // "text content blocks must be non-empty"
      if (part.text !== '') blocks.push({ type: 'text', text: part.text });
    } else if (part.source.kind === 'base64') {
      blocks.push({ type: 'image', source: { type: 'base64', media_type: part.source.mediaType, data: part.source.data } });
    } else {
      blocks.push({ type: 'image', source: { type: 'url', url: part.source.url } });
    }
  }
  return blocks;
}

function toolUseBlock(call: ToolCall): AnthropicContentBlock {
  return { type: 'tool_use', id: toolUseId(call.id), name: call.name, input: parseToolInput(call.arguments) };
}

/** Tool input must be a JSON object; a model that produced broken JSON gets `{}`. */
export function parseToolInput(args: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(args);
    return isRecord(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** Anthropic ids must match ^[a-zA-Z0-9_-]+$; other providers' ids may not, so map both uses alike. */
function toolUseId(id: string): string {
  const clean = id.replace(/[^a-zA-Z0-9_-]/g, '_');
  return clean === '' ? 'toolu_none' : clean;
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
