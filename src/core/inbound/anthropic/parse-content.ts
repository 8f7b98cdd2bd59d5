// Anthropic `messages` -> canonical messages. Blocks with a canonical counterpart are checked as the
// real API checks them; the others (server-tool history, containers, thinking) are named in `dropped`.
import { RequestValidationError } from '../../canonical';
import type { CanonicalMessage, ContentPart, ToolCall } from '../../canonical';
import { summaryText } from '../../responses-compaction';
import { safeToolName } from '../safe-tool-name';
import { NAMELESS_CALL_PLACEHOLDER } from '../../nameless-call';
import { isOwnSearchBlock, ownSearchText } from './web-search-blocks';
import { isJsonObject } from '../../json-object';

type ParsedBlock =
  | { kind: 'parts'; parts: ContentPart[] }
  | { kind: 'tool_use'; call: ToolCall }
  | { kind: 'tool_result'; message: CanonicalMessage }
  /** a thinking block's text (still named dropped: its signature, which only Anthropic reads, is lost) */
  | { kind: 'thinking'; text: string }
  | { kind: 'skip' };

/**
 * `loaded` collects the tools a tool search loaded (`tool_reference` blocks in tool results): deferred
 * tools (`defer_loading`) among them are callable from then on.
 */
export function messagesToCanonical(value: unknown, dropped: Set<string>, loaded = new Set<string>()): CanonicalMessage[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new RequestValidationError('messages: must be a non-empty array', 'messages');
  }
  const out: CanonicalMessage[] = [];
  value.forEach((raw: unknown, i) => {
    const param = `messages.${i}`;
    if (!isJsonObject(raw)) throw new RequestValidationError(`${param}: must be an object`, param);
    const { role, content } = raw;
    const blocks = contentBlocks(content, `${param}.content`);
    if (role === 'system') {
      // a mid-conversation system message (Claude Code sends them): each target format places it
      const texts = systemBlocksText(blocks, `${param}.content`, dropped);
      if (texts.length > 0) out.push({ role: 'system', content: texts.map((text) => ({ type: 'text', text })) });
      return;
    }
    if (role !== 'user' && role !== 'assistant') {
      dropped.add(`messages[role=${String(role)}]`);
      return;
    }
    const parsed = blocks.map((b, j) => parseBlock(b, role, `${param}.content.${j}`, dropped, loaded));
    if (role === 'assistant') pushAssistant(out, parsed);
    else pushUser(out, parsed);
  });
  return out;
}

/** Text of system blocks; other block types have no place in a system prompt elsewhere. */
export function systemBlocksText(blocks: readonly unknown[], param: string, dropped: Set<string>): string[] {
  const out: string[] = [];
  blocks.forEach((block: unknown, i) => {
    if (!isJsonObject(block)) throw new RequestValidationError(`${param}.${i}: must be an object`, `${param}.${i}`);
    if (block.cache_control !== undefined) dropped.add('cache_control');
    if (block.type !== 'text') {
      dropped.add(`system[type=${String(block.type)}]`);
      return;
    }
    const text = requireString(block.text, `${param}.${i}.text`, true);
    if (text !== '') out.push(text);
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
  const thoughts: string[] = [];
  for (const p of parsed) {
    if (p.kind === 'parts') content.push(...p.parts);
    else if (p.kind === 'tool_use') toolCalls.push(p.call);
    else if (p.kind === 'thinking') thoughts.push(p.text);
  }
  // a turn that held only thinking blocks says nothing canonical
  if (content.length === 0 && toolCalls.length === 0) return;
  const message: CanonicalMessage = toolCalls.length > 0 ? { role: 'assistant', content, toolCalls } : { role: 'assistant', content };
  if (thoughts.length > 0) message.reasoning = thoughts.join('\n');
  out.push(message);
}

/** tool_result blocks become tool messages first (OpenAI needs them right after the call), then the rest. */
function pushUser(out: CanonicalMessage[], parsed: ParsedBlock[]): void {
  const content: ContentPart[] = [];
  let results = 0;
  for (const p of parsed) {
    if (p.kind === 'tool_result') {
      out.push(p.message);
      results++;
    } else if (p.kind === 'parts') content.push(...p.parts);
  }
  // an empty message (`""`, `[]`) too: the adapters send the user's turn it ends a conversation on (empty-user-turn.ts)
  if (content.length > 0 || results === 0) out.push({ role: 'user', content });
}

function parseBlock(block: unknown, role: 'user' | 'assistant', param: string, dropped: Set<string>, loaded: Set<string>): ParsedBlock {
  if (!isJsonObject(block)) throw new RequestValidationError(`${param}: must be an object`, param);
  if (block.cache_control !== undefined) dropped.add('cache_control');
  // a search Switchboard had another provider run, sent back: the model reads what it searched and found
  if (isOwnSearchBlock(block)) {
    const text = ownSearchText(block);
    return text === '' ? { kind: 'skip' } : { kind: 'parts', parts: [{ type: 'text', text }] };
  }
  switch (block.type) {
    case 'text':
    case 'image':
    case 'document':
    case 'search_result':
      return { kind: 'parts', parts: contentParts(block, param, dropped) };
    case 'thinking':
      dropped.add('thinking');
      return typeof block.thinking === 'string' && block.thinking !== '' ? { kind: 'thinking', text: block.thinking } : { kind: 'skip' };
    case 'redacted_thinking':
      dropped.add('thinking');
      return { kind: 'skip' };
    case 'tool_use': {
      if (role !== 'assistant') throw new RequestValidationError(`${param}: tool_use blocks belong in assistant messages`, param);
      const id = requireString(block.id, `${param}.id`);
      // a nameless call is one a provider made before Switchboard refused them: carried under a placeholder, the session goes on
      const name = block.name === '' ? NAMELESS_CALL_PLACEHOLDER : requireString(block.name, `${param}.name`);
      if (!isJsonObject(block.input)) throw new RequestValidationError(`${param}.input: must be an object`, `${param}.input`);
      // the name its tool is offered under elsewhere (parse-request.ts), so the call matches the tool
      return { kind: 'tool_use', call: { id, name: safeToolName(name), arguments: JSON.stringify(block.input) } };
    }
    case 'tool_result': {
      if (role !== 'user') throw new RequestValidationError(`${param}: tool_result blocks belong in user messages`, param);
      const toolCallId = requireString(block.tool_use_id, `${param}.tool_use_id`);
      const content = toolResultContent(block.content, `${param}.content`, dropped, loaded);
      const message: CanonicalMessage = { role: 'tool', toolCallId, content };
      if (block.is_error === true) message.isError = true;
      return { kind: 'tool_result', message };
    }
    case 'compaction':
      return compaction(block, dropped);
    default:
      dropped.add(`messages.content[type=${String(block.type)}]`);
      return { kind: 'skip' };
  }
}

/**
 * Anthropic's summary of the conversation compacted before it (context_management compaction): read by
 * another model as the summary a Codex compaction comes back as (responses-compaction.ts); what only
 * Anthropic reads (its signature, encrypted content, tool changes) is named.
 */
function compaction(block: Record<string, unknown>, dropped: Set<string>): ParsedBlock {
  if (typeof block.content !== 'string' || block.content.trim() === '') {
    dropped.add('messages.content[type=compaction]');
    return { kind: 'skip' };
  }
  for (const opaque of ['signature', 'encrypted_content', 'tool_changes']) {
    if (block[opaque] !== undefined && block[opaque] !== null) dropped.add(`messages.content[type=compaction].${opaque}`);
  }
  return { kind: 'parts', parts: [{ type: 'text', text: summaryText(block.content) }] };
}

function toolResultContent(value: unknown, param: string, dropped: Set<string>, loaded: Set<string>): ContentPart[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }];
  if (!Array.isArray(value)) throw new RequestValidationError(`${param}: must be a string or an array of blocks`, param);
  const out: ContentPart[] = [];
  value.forEach((b: unknown, j) => {
    const p = `${param}.${j}`;
    if (!isJsonObject(b)) throw new RequestValidationError(`${p}: must be an object`, p);
    if (b.cache_control !== undefined) dropped.add('cache_control');
    if (b.type === 'text' || b.type === 'image' || b.type === 'document' || b.type === 'search_result') out.push(...contentParts(b, p, dropped));
    else if (b.type === 'tool_reference') {
      // Anthropic puts the named tool's definition here; elsewhere the tool is offered with the others
      const name = requireString(b.tool_name, `${p}.tool_name`);
      loaded.add(name);
      out.push({ type: 'text', text: `Tool loaded: ${safeToolName(name)}` });
    } else dropped.add(`tool_result.content[type=${String(b.type)}]`);
  });
  return out;
}

/**
 * A block with a canonical counterpart. Citations (of documents and search results, and the ones
 * answers carry) are Anthropic's alone; a document's `context` is text the model reads beside it.
 */
function contentParts(block: Record<string, unknown>, param: string, dropped: Set<string>): ContentPart[] {
  if (block.citations !== undefined && block.citations !== null) dropped.add('citations');
  if (block.type !== 'document') return [contentPart(block, param)];
  const parts = documentParts(block, param, dropped);
  if (typeof block.context === 'string' && block.context !== '') return [{ type: 'text', text: block.context }, ...parts];
  return parts;
}

function contentPart(block: Record<string, unknown>, param: string): ContentPart {
  if (block.type === 'text') return { type: 'text', text: requireString(block.text, `${param}.text`, true) };
  if (block.type === 'search_result') return { type: 'text', text: searchResultText(block) };
  const source = block.source;
  if (!isJsonObject(source)) throw new RequestValidationError(`${param}.source: must be an object`, `${param}.source`);
  if (source.type === 'base64') {
    const mediaType = requireString(source.media_type, `${param}.source.media_type`);
    return { type: 'image', source: { kind: 'base64', mediaType, data: requireString(source.data, `${param}.source.data`) } };
  }
  if (source.type === 'url') return { type: 'image', source: { kind: 'url', url: requireString(source.url, `${param}.source.url`) } };
  throw new RequestValidationError(`${param}.source.type: must be "base64" or "url"`, `${param}.source.type`);
}

function documentParts(block: Record<string, unknown>, param: string, dropped: Set<string>): ContentPart[] {
  const source = block.source;
  if (!isJsonObject(source)) throw new RequestValidationError(`${param}.source: must be an object`, `${param}.source`);
  const title = typeof block.title === 'string' && block.title !== '' ? block.title : undefined;
  switch (source.type) {
    case 'text':
      return titled([{ type: 'text', text: requireString(source.data, `${param}.source.data`, true) }], title);
    case 'content':
      return titled(documentContent(source.content, `${param}.source.content`, dropped), title);
    case 'base64': {
      const mediaType = requireString(source.media_type, `${param}.source.media_type`);
      return [{ type: 'document', source: { kind: 'base64', mediaType, data: requireString(source.data, `${param}.source.data`) }, ...(title ? { filename: title } : {}) }];
    }
    case 'url':
      return [{ type: 'document', source: { kind: 'url', url: requireString(source.url, `${param}.source.url`), mediaType: 'application/pdf' }, ...(title ? { filename: title } : {}) }];
    default:
      throw new RequestValidationError(`${param}.source.type: must be "base64", "url", "text" or "content"`, `${param}.source.type`);
  }
}

/** A text document's title is read before it, as the model reads it on Anthropic (a PDF keeps it as its file name). */
function titled(parts: ContentPart[], title: string | undefined): ContentPart[] {
  if (title === undefined) return parts;
  const first = parts[0];
  if (first?.type === 'text') return [{ type: 'text', text: first.text === '' ? title : `${title}\n\n${first.text}` }, ...parts.slice(1)];
  return [{ type: 'text', text: title }, ...parts];
}

/** A custom-content document: a string, or text and image blocks (ContentBlockSource.content), in order. */
function documentContent(content: unknown, param: string, dropped: Set<string>): ContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw new RequestValidationError(`${param}: must be a string or an array of text and image blocks`, param);
  const parts: ContentPart[] = [];
  content.forEach((c: unknown, i) => {
    if (!isJsonObject(c)) throw new RequestValidationError(`${param}.${i}: must be an object`, `${param}.${i}`);
    const last = parts.at(-1);
    if (c.type === 'text') {
      const text = requireString(c.text, `${param}.${i}.text`, true);
      if (last?.type === 'text') parts[parts.length - 1] = { type: 'text', text: `${last.text}\n${text}` };
      else parts.push({ type: 'text', text });
    } else if (c.type === 'image') parts.push(contentPart(c, `${param}.${i}`));
    else dropped.add(`document.source.content[type=${String(c.type)}]`);
  });
  return parts.length > 0 ? parts : [{ type: 'text', text: '' }];
}

/** A search result (RAG) as the text a model would read: its title, source and passages. */
function searchResultText(block: Record<string, unknown>): string {
  const lines: string[] = [];
  if (typeof block.title === 'string') lines.push(block.title);
  if (typeof block.source === 'string') lines.push(`Source: ${block.source}`);
  if (Array.isArray(block.content)) {
    for (const c of block.content) if (isJsonObject(c) && typeof c.text === 'string') lines.push(c.text);
  }
  return lines.join('\n');
}

export function requireString(value: unknown, param: string, allowEmpty = false): string {
  if (typeof value !== 'string' || (!allowEmpty && value === '')) {
    throw new RequestValidationError(`${param}: must be a ${allowEmpty ? '' : 'non-empty '}string`, param);
  }
  return value;
}
