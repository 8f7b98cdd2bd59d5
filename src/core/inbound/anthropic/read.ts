// POST /v1/messages read for routing: size, needs, what only Anthropic carries. Never refuses a
// block, field or tool type it does not know: Claude Code adds some with most releases.
import type { InboundRead, UpstreamApi } from '../../canonical';
import { DOCUMENT_URL_APIS, MAX_MESSAGES, ReadBuilder, shape } from '../read-builder';
import { isOwnSearchBlock } from './web-search-blocks';
import { isJsonObject } from '../../json-object';

/** Top-level fields that only the Messages API carries. */
const NATIVE_FIELDS = ['context_management', 'container', 'mcp_servers'] as const;

/** Blocks of a server-side tool's history: another format cannot hold them without changing their meaning. */
export function isServerToolBlock(type: string): boolean {
  return type === 'server_tool_use' || type === 'mcp_tool_use' || type === 'mcp_tool_result' || type === 'container_upload'
    || (type.endsWith('_tool_result') && type !== 'tool_result');
}

/**
 * The reply a message thread is continued from (`thread: {type: 'continue', previous_message_id}`): the
 * Anthropic API holds the conversation before it, and the request brings only what is new.
 */
export function continuedThread(body: Record<string, unknown>): string | undefined {
  const thread = body.thread;
  if (!isJsonObject(thread) || thread.type !== 'continue') return undefined;
  return typeof thread.previous_message_id === 'string' ? thread.previous_message_id : '';
}

export function readAnthropicRequest(body: Record<string, unknown>, opts: { countOnly?: boolean } = {}): InboundRead {
  const model = shape.model(body.model, 'model: Field required (a model name)');
  // a thread continued after a pause_turn or compaction reply sends none: Anthropic resumes the turn it holds
  const messages = shape.list(body.messages, 'messages', { nonEmpty: continuedThread(body) === undefined, max: MAX_MESSAGES });
  // count_tokens takes the same body without max_tokens; /v1/messages requires it
  const maxOutputTokens = opts.countOnly ? shape.optionalPositiveInt(body.max_tokens, 'max_tokens') : shape.positiveInt(body.max_tokens, 'max_tokens');
  const stream = shape.optionalBoolean(body.stream, 'stream') ?? false;
  const tools = shape.optionalList(body.tools, 'tools');
  const r = new ReadBuilder();
  readSystem(body.system, r);
  messages.forEach((raw, i) => {
    const m = shape.message(raw, `messages.${i}`);
    r.messageCount++;
    if (typeof m.content === 'string') r.text(m.content);
    else if (Array.isArray(m.content)) readBlocks(m.content, `messages.${i}.content`, r);
  });
  r.tools(tools?.length ?? 0, 'tools');
  if (tools && tools.length > 0) {
    r.need('tools');
    r.schema(tools);
    for (const t of tools) {
      if (isJsonObject(t) && typeof t.type === 'string' && t.type !== 'custom') r.feature('server tools');
      if (isJsonObject(t) && t.cache_control !== undefined) r.feature('cache_control');
      // loaded only when a tool search asks for it: elsewhere it is left out (anthropicToCanonical)
      if (isJsonObject(t) && t.defer_loading === true) r.feature('deferred tools');
    }
  }
  const serverRun = answeredByServerTool(tools ?? [], body.tool_choice);
  const searchOn = serverRun === undefined ? undefined : searchApis(tools ?? []);
  if (searchOn !== undefined) {
    // Gemini's and OpenAI's own searches run it (providers/web-search.ts), on a model that can (routing/eligibility.ts)
    r.onlyOn(searchOn, serverRun);
    r.webSearch();
  } else if (serverRun !== undefined) r.onlyOn(['messages'], serverRun);
  if (body.cache_control !== undefined) r.feature('cache_control');
  for (const f of NATIVE_FIELDS) if (body[f] !== undefined && body[f] !== null) r.feature(f);
  // another format would get the new messages alone, without the system, tools and history the thread holds
  if (continuedThread(body) !== undefined) r.onlyOn(['messages'], 'continued thread (held by Anthropic)');
  const outputConfig = isJsonObject(body.output_config) ? body.output_config : undefined;
  if (outputConfig?.format !== undefined || body.output_format !== undefined) r.need('json');
  return r.build({ model, stream, includeUsage: true, ...(maxOutputTokens ? { maxOutputTokens } : {}) });
}

/** Tools Anthropic runs itself whose results are what the answer reports, by type prefix. */
const SERVER_RUN: readonly (readonly [string, string])[] = [
  ['web_search_', 'web search'], ['web_fetch_', 'web fetch'], ['code_execution_', 'code execution'],
];

function serverRunKind(tool: unknown): string | undefined {
  if (!isJsonObject(tool) || typeof tool.type !== 'string') return undefined;
  const type = tool.type;
  const kind = SERVER_RUN.find(([prefix]) => type.startsWith(prefix));
  return kind === undefined ? undefined : `${kind[1]} tool (${type})`;
}

/**
 * The server tool the answer stands on, when there is one: every tool offered is one Anthropic runs (web search,
 * web fetch, code execution), as in Claude Code's WebSearch request, or tool_choice forces one. Dropped, the
 * answer would still come, made up. A request that also offers client tools (Claude Code's conversation) is
 * left to route as before: the model can still do the work with those; so is one whose tool_choice is none.
 */
function answeredByServerTool(tools: readonly unknown[], toolChoice: unknown): string | undefined {
  // tool_choice none: no tool runs, the server's either, so nothing is lost when it is dropped elsewhere
  if (isJsonObject(toolChoice) && toolChoice.type === 'none') return undefined;
  if (isJsonObject(toolChoice) && toolChoice.type === 'tool' && typeof toolChoice.name === 'string') {
    const forced = tools.find((t) => isJsonObject(t) && t.name === toolChoice.name);
    const kind = serverRunKind(forced);
    if (kind !== undefined) return kind;
  }
  if (tools.length === 0) return undefined;
  const kinds = tools.map(serverRunKind);
  return kinds.every((k) => k !== undefined) ? [...new Set(kinds)].join(' and ') : undefined;
}

/**
 * The APIs whose own search can run the request's only tool, Anthropic's web search: Gemini's Google Search and
 * OpenAI's web_search, which keeps to allowed_domains (its filters); blocked_domains only Anthropic's honours.
 * Undefined when the web search is not the only tool.
 */
function searchApis(tools: readonly unknown[]): UpstreamApi[] | undefined {
  const tool = tools.length === 1 ? tools[0] : undefined;
  if (!isJsonObject(tool) || typeof tool.type !== 'string' || !tool.type.startsWith('web_search_')) return undefined;
  if (tool.blocked_domains != null) return ['messages'];
  return tool.allowed_domains != null ? ['messages', 'responses'] : ['messages', 'gemini', 'responses'];
}

function readSystem(system: unknown, r: ReadBuilder): void {
  if (typeof system === 'string') {
    r.text(system);
    r.messageCount++;
  } else if (Array.isArray(system)) {
    r.messageCount++;
    readBlocks(system, 'system', r);
  }
}

function readBlocks(blocks: readonly unknown[], param: string, r: ReadBuilder): void {
  shape.parts(blocks, param);
  blocks.forEach((b, i) => {
    if (!isJsonObject(b)) return;
    if (b.cache_control !== undefined) r.feature('cache_control');
    const type = typeof b.type === 'string' ? b.type : '';
    switch (type) {
      case 'text':
        r.text(b.text);
        break;
      case 'image': {
        const source = isJsonObject(b.source) && b.source.type === 'base64' ? b.source : undefined;
        r.image(source?.media_type, source?.data);
        fileSource(b, r);
        break;
      }
      case 'document':
        readDocument(b, `${param}.${i}`, r);
        break;
      case 'tool_use':
        r.text(b.name);
        // noted: the forward to Anthropic names it (namedCalls)
        if (b.name === '') r.namelessCall = true;
        r.values(b.input);
        break;
      case 'tool_result':
        if (typeof b.content === 'string') r.text(b.content);
        else if (Array.isArray(b.content)) readBlocks(b.content, `${param}.${i}.content`, r);
        break;
      case 'thinking':
        r.text(b.thinking);
        if (typeof b.signature === 'string' && b.signature !== '') r.feature('thinking signatures');
        break;
      case 'redacted_thinking':
        r.feature('thinking signatures');
        break;
      case 'search_result':
        r.strings(b);
        break;
      default:
        r.strings(b);
        // Switchboard's own search blocks (another provider's search, written as Anthropic's) go anywhere, as text
        if (isOwnSearchBlock(b)) {
          // noted: the forward to Anthropic writes them as text (ownSearchAsText)
          r.ownSearch = true;
          break;
        }
        if (isServerToolBlock(type)) {
          r.feature('server tool history');
          r.onlyOn(['messages'], `${type} block (a tool Anthropic ran)`);
        } else {
          r.feature(`content block ${type || '(untyped)'}`);
        }
    }
  });
}

function readDocument(b: Record<string, unknown>, param: string, r: ReadBuilder): void {
  const source = isJsonObject(b.source) ? b.source : {};
  if (source.type === 'text') r.text(source.data);
  // custom content is text (a string, or text and image blocks), never a PDF
  else if (source.type === 'content') {
    if (Array.isArray(source.content)) readBlocks(source.content, `${param}.source.content`, r);
    else r.text(source.content);
  } else r.media('documents', source.type === 'base64' ? source.data : undefined, 'document');
  if (source.type === 'url') r.onlyOn(DOCUMENT_URL_APIS, 'document by URL (source.type url)');
  fileSource(b, r);
  r.text(b.title);
  r.text(b.context);
}

/** A Files API id (`source: {type: 'file', file_id}`) means something only to Anthropic. */
function fileSource(b: Record<string, unknown>, r: ReadBuilder): void {
  if (isJsonObject(b.source) && b.source.type === 'file') r.onlyOn(['messages'], 'a file uploaded to Anthropic (source.type file)');
}
