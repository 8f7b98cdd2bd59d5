// Anthropic `messages` -> canonical messages, validating every block as the real API would.
import { RequestValidationError } from '../../canonical';
import type { CanonicalMessage, ContentPart, ToolCall } from '../../canonical';
import { isRecord } from '../../providers/anthropic/wire-types';

type ParsedBlock =
  | { kind: 'part'; part: ContentPart }
  | { kind: 'tool_use'; call: ToolCall }
  | { kind: 'tool_result'; message: CanonicalMessage }
  | { kind: 'skip' };

export function messagesToCanonical(value: unknown): CanonicalMessage[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new RequestValidationError('messages: must be a non-empty array', 'messages');
  }
  const out: CanonicalMessage[] = [];
  value.forEach((raw: unknown, i) => {
    const param = `messages.${i}`;
    if (!isRecord(raw)) throw new RequestValidationError(`${param}: must be an object`, param);
    const { role, content } = raw;
    if (role !== 'user' && role !== 'assistant') {
      throw new RequestValidationError(`${param}.role: must be "user" or "assistant"`, `${param}.role`);
    }
    const blocks = contentBlocks(content, `${param}.content`);
    const isFinalAssistant = role === 'assistant' && i === value.length - 1;
    if (blocks.length === 0 && !isFinalAssistant) {
      throw new RequestValidationError(
        `${param}: all messages must have non-empty content except for the optional final assistant message`, param,
      );
    }
    const parsed = blocks.map((b, j) => parseBlock(b, role, `${param}.content.${j}`));
    if (role === 'assistant') pushAssistant(out, parsed);
    else pushUser(out, parsed);
  });
  return out;
}

function contentBlocks(content: unknown, param: string): unknown[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (Array.isArray(content)) return content;
  throw new RequestValidationError(`${param}: must be a string or an array of content blocks`, param);
}

function pushAssistant(out: CanonicalMessage[], parsed: ParsedBlock[]): void {
  const content: ContentPart[] = [];
  const toolCalls: ToolCall[] = [];
  for (const p of parsed) {
    if (p.kind === 'part') content.push(p.part);
    else if (p.kind === 'tool_use') toolCalls.push(p.call);
  }
  // a turn that held only thinking blocks says nothing canonical
  if (content.length === 0 && toolCalls.length === 0) return;
  out.push(toolCalls.length > 0 ? { role: 'assistant', content, toolCalls } : { role: 'assistant', content });
}

/** tool_result blocks become tool messages first (OpenAI needs them right after the call), then the rest. */
function pushUser(out: CanonicalMessage[], parsed: ParsedBlock[]): void {
  const content: ContentPart[] = [];
  let results = 0;
  for (const p of parsed) {
    if (p.kind === 'tool_result') {
      out.push(p.message);
      results++;
    } else if (p.kind === 'part') content.push(p.part);
  }
  if (content.length > 0 || results === 0) out.push({ role: 'user', content });
}

function parseBlock(block: unknown, role: 'user' | 'assistant', param: string): ParsedBlock {
  if (!isRecord(block)) throw new RequestValidationError(`${param}: must be an object`, param);
  switch (block.type) {
    case 'text':
    case 'image':
    case 'document':
      return { kind: 'part', part: contentPart(block, param) };
    case 'thinking':
    case 'redacted_thinking':
      return { kind: 'skip' };
    case 'tool_use': {
      if (role !== 'assistant') throw new RequestValidationError(`${param}: tool_use blocks belong in assistant messages`, param);
      const id = requireString(block.id, `${param}.id`);
      const name = requireString(block.name, `${param}.name`);
      if (!isRecord(block.input)) throw new RequestValidationError(`${param}.input: must be an object`, `${param}.input`);
      return { kind: 'tool_use', call: { id, name, arguments: JSON.stringify(block.input) } };
    }
    case 'tool_result': {
      if (role !== 'user') throw new RequestValidationError(`${param}: tool_result blocks belong in user messages`, param);
      const toolCallId = requireString(block.tool_use_id, `${param}.tool_use_id`);
      if (block.is_error !== undefined && typeof block.is_error !== 'boolean') {
        throw new RequestValidationError(`${param}.is_error: must be a boolean`, `${param}.is_error`);
      }
      const content = toolResultContent(block.content, `${param}.content`);
      const message: CanonicalMessage = { role: 'tool', toolCallId, content };
      if (block.is_error === true) message.isError = true;
      return { kind: 'tool_result', message };
    }
    default:
      throw new RequestValidationError(`${param}.type: unsupported content block type ${JSON.stringify(block.type)}`, `${param}.type`);
  }
}

function toolResultContent(value: unknown, param: string): ContentPart[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }];
  if (!Array.isArray(value)) throw new RequestValidationError(`${param}: must be a string or an array of blocks`, param);
  return value.map((b: unknown, j) => {
    const p = `${param}.${j}`;
    if (!isRecord(b) || (b.type !== 'text' && b.type !== 'image' && b.type !== 'document')) {
      throw new RequestValidationError(`${p}: tool_result content must be text or image blocks`, p);
    }
    return contentPart(b, p);
  });
}

function contentPart(block: Record<string, unknown>, param: string): ContentPart {
  if (block.type === 'text') return { type: 'text', text: requireString(block.text, `${param}.text`, true) };
  const source = block.source;
  if (!isRecord(source)) throw new RequestValidationError(`${param}.source: must be an object`, `${param}.source`);
  if (block.type === 'document') {
    if (source.type !== 'text') {
      throw new RequestValidationError(`${param}.source.type: only text documents are supported`, `${param}.source.type`);
    }
    return { type: 'text', text: requireString(source.data, `${param}.source.data`, true) };
  }
  if (source.type === 'base64') {
    const mediaType = requireString(source.media_type, `${param}.source.media_type`);
    return { type: 'image', source: { kind: 'base64', mediaType, data: requireString(source.data, `${param}.source.data`) } };
  }
  if (source.type === 'url') return { type: 'image', source: { kind: 'url', url: requireString(source.url, `${param}.source.url`) } };
  throw new RequestValidationError(`${param}.source.type: must be "base64" or "url"`, `${param}.source.type`);
}

export function requireString(value: unknown, param: string, allowEmpty = false): string {
  if (typeof value !== 'string' || (!allowEmpty && value === '')) {
    throw new RequestValidationError(`${param}: must be a ${allowEmpty ? '' : 'non-empty '}string`, param);
  }
  return value;
}
