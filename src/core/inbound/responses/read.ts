// POST /v1/responses read for routing: size, needs, what only the Responses API carries. Never
// refuses an item, part, tool or field it does not know: Codex adds some with most releases.
import type { InboundRead } from '../../canonical';
import { DOCUMENT_URL_APIS, MAX_MESSAGES, ReadBuilder, isTextDataUrl, shape } from '../read-builder';
import { hasEncryptedReasoning } from '../../responses-items';
import { isClientToolSearch } from './tool-names';
import { COMPACTION_PROMPT, switchboardSummary } from '../../responses-compaction';
import { isJsonObject } from '../../json-object';

/** Top-level fields that name state kept at OpenAI (a stored prompt, a conversation): only it can serve them. */
const OPENAI_STATE_FIELDS = ['conversation', 'prompt'] as const;

/** The request names state kept at OpenAI (OPENAI_STATE_FIELDS): its answer, there, holds more than the request did. */
export function namesOpenAIState(body: Record<string, unknown>): boolean {
  return OPENAI_STATE_FIELDS.some((f) => body[f] !== undefined && body[f] !== null);
}

export function readResponsesRequest(body: Record<string, unknown>): InboundRead {
  const model = shape.model(body.model, 'You must provide a model parameter (a non-empty string).');
  const stream = shape.optionalBoolean(body.stream, 'stream') ?? false;
  const maxOutputTokens = shape.optionalPositiveInt(body.max_output_tokens, 'max_output_tokens');
  const r = new ReadBuilder();
  const offered: Offered = { client: 0, hosted: [] };
  if (typeof body.instructions === 'string' && body.instructions !== '') {
    r.text(body.instructions);
    r.messageCount++;
  }
  const input = body.input;
  if (typeof input === 'string') {
    r.text(input);
    r.messageCount++;
  } else if (input !== undefined && input !== null) {
    shape.list(input, 'input', { max: MAX_MESSAGES }).forEach((item, i) => readItem(shape.object(item, `input[${i}]`), `input[${i}]`, r, offered));
  }
  readTools(shape.optionalList(body.tools, 'tools') ?? [], 'tools', r, offered);
  const hosted = answeredByHostedTool(offered, body.tool_choice);
  if (hosted !== undefined) r.onlyOn(['responses'], hosted);
  const format = isJsonObject(body.text) && isJsonObject(body.text.format) ? body.text.format.type : undefined;
  if (format === 'json_object' || format === 'json_schema') r.need('json');
  for (const f of OPENAI_STATE_FIELDS) {
    if (body[f] !== undefined && body[f] !== null) {
      r.feature(f);
      r.onlyOn(['responses'], `${f} (held by OpenAI)`);
    }
  }
  return r.build({ model, stream, includeUsage: true, ...(maxOutputTokens ? { maxOutputTokens } : {}) });
}

/** The tools a request offers, wherever listed: how many the client runs, and the kinds of those OpenAI runs itself. */
interface Offered {
  client: number;
  hosted: string[];
}

/** Tools OpenAI runs itself whose results are what the answer reports, by type prefix (web_search_preview_2025_03_11, ...). */
const OPENAI_RUN: readonly (readonly [string, string])[] = [
  ['web_search', 'web search'], ['file_search', 'file search'], ['code_interpreter', 'code interpreter'],
  ['image_generation', 'image generation'], ['mcp', 'remote MCP'],
];

function hostedKind(tool: unknown): string | undefined {
  if (!isJsonObject(tool) || typeof tool.type !== 'string') return undefined;
  const type = tool.type;
  const kind = OPENAI_RUN.find(([prefix]) => type === prefix || type.startsWith(`${prefix}_`));
  return kind === undefined ? undefined : `${kind[1]} tool (${type})`;
}

/**
 * The hosted tool the answer stands on, when there is one: every tool offered is one OpenAI runs (a web search
 * alone), or tool_choice forces one (`{ type: 'web_search' }`, or allowed_tools requiring only hosted ones).
 * Dropped, the answer would still come, made up. Codex's requests, which list function tools beside web_search,
 * route as before: the model can still do the work with those. Tools the client runs (computer_use_preview,
 * local_shell) are not held, as an Anthropic request's bash_ and computer_ tools are not; nor is tool_choice none.
 */
function answeredByHostedTool(offered: Offered, toolChoice: unknown): string | undefined {
  // tool_choice none: no tool runs, OpenAI's either, so nothing is lost when they are dropped elsewhere
  if (toolChoice === 'none') return undefined;
  if (isJsonObject(toolChoice)) {
    const forced = toolChoice.type === 'allowed_tools' && toolChoice.mode === 'required' && Array.isArray(toolChoice.tools)
      ? toolChoice.tools.map(hostedKind) : [hostedKind(toolChoice)];
    if (forced.length > 0 && forced.every((k) => k !== undefined)) return [...new Set(forced)].join(' and ');
  }
  if (offered.client > 0 || offered.hosted.length === 0) return undefined;
  return offered.hosted.every((k) => k !== '') ? [...new Set(offered.hosted)].join(' and ') : undefined;
}

/** Function, custom (freeform), namespace tools and the client's own tool search any provider can take; hosted ones are features. */
function readTools(tools: readonly unknown[], list: string, r: ReadBuilder, offered: Offered, param = list): void {
  r.tools(tools.length, param);
  if (tools.length === 0) return;
  r.need('tools');
  r.schema(tools);
  tools.forEach((t, i) => {
    const type = isJsonObject(t) ? t.type : undefined;
    // a namespace's functions are tools too
    if (type === 'namespace' && isJsonObject(t) && Array.isArray(t.tools)) r.tools(t.tools.length, `${param}[${i}].tools`);
    // hosted tools (web_search, file_search, code_interpreter, ...) run at OpenAI
    if (type === 'function' || type === 'custom' || type === 'namespace' || (isJsonObject(t) && isClientToolSearch(t))) {
      offered.client++;
      return;
    }
    r.feature(`${list}[type=${String(type)}]`);
    // '' for a tool not known to run at OpenAI: the request is not held for it
    offered.hosted.push(hostedKind(t) ?? '');
  });
}

function readItem(item: Record<string, unknown>, param: string, r: ReadBuilder, offered: Offered): void {
  r.messageCount++;
  const type = typeof item.type === 'string' ? item.type : 'message';
  switch (type) {
    case 'message':
      if (typeof item.content === 'string') r.text(item.content);
      else if (Array.isArray(item.content)) readParts(shape.parts(item.content, `${param}.content`), r);
      break;
    case 'function_call':
      r.text(item.name);
      r.text(item.arguments);
      break;
    case 'custom_tool_call':
      r.text(item.name);
      r.text(item.input);
      break;
    case 'additional_tools':
      // tools made available from this item on (Codex's newest models): the request's own, in effect
      if (Array.isArray(item.tools)) readTools(item.tools, 'input[type=additional_tools].tools', r, offered, `${param}.tools`);
      break;
    case 'tool_search_call':
    case 'tool_search_output':
      // the client's own search is a tool like any other; what it loaded is offered from then on
      if (item.execution !== 'client') {
        r.strings(item);
        r.feature(`input[type=${type}]`);
      } else if (type === 'tool_search_call') r.values(item.arguments);
      else if (Array.isArray(item.tools)) readTools(item.tools, 'input[type=tool_search_output].tools', r, offered, `${param}.tools`);
      break;
    case 'function_call_output':
    case 'custom_tool_call_output':
      if (typeof item.output === 'string') r.text(item.output);
      else if (Array.isArray(item.output)) readParts(shape.parts(item.output, `${param}.output`), r);
      break;
    case 'reasoning':
      // the encrypted part is opaque; only OpenAI can read it back. Its plain summary and reasoning
      // text go upstream as written (or with the next turn, to a provider wanting its thinking back)
      if (hasEncryptedReasoning(item)) r.feature('encrypted reasoning');
      for (const list of [item.summary, item.content]) {
        if (Array.isArray(list)) for (const p of list) if (isJsonObject(p)) r.text(p.text);
      }
      break;
    case 'item_reference':
      // an item stored at OpenAI, by id
      r.feature('item_reference');
      r.onlyOn(['responses'], 'item_reference (an item stored at OpenAI)');
      break;
    case 'compaction_trigger':
      // Codex's remote compaction: OpenAI's first, any other model summarises (responses-compaction.ts)
      r.feature('input[type=compaction_trigger]');
      r.text(COMPACTION_PROMPT);
      break;
    case 'compaction': {
      // the earlier conversation: as a summary Switchboard made, text for any model; encrypted by
      // OpenAI, only OpenAI reads it
      const summary = switchboardSummary(item);
      if (summary !== undefined) r.text(summary);
      else {
        r.feature('input[type=compaction]');
        r.onlyOn(['responses'], 'compaction item (encrypted by OpenAI)');
      }
      break;
    }
    default:
      r.strings(item);
      r.feature(`input[type=${type}]`);
  }
}

function readParts(parts: readonly unknown[], r: ReadBuilder): void {
  for (const p of parts) {
    if (!isJsonObject(p)) continue;
    switch (p.type) {
      case 'input_text':
      case 'output_text':
        r.text(p.text);
        break;
      case 'refusal':
        r.text(p.refusal);
        break;
      case 'input_image':
        r.imageUrl(p.image_url);
        if (typeof p.file_id === 'string') r.onlyOn(['responses'], 'input_image file_id (only the Responses API)');
        break;
      case 'input_file':
        if (isTextDataUrl(p.file_data)) r.textFile('documents', p.file_data);
        else r.media('documents', p.file_data, 'document');
        // an id from OpenAI's Files API means something only to OpenAI
        if (typeof p.file_id === 'string') r.onlyOn(['responses'], 'input_file file_id (only the Responses API)');
        else if (typeof p.file_url === 'string') r.onlyOn(DOCUMENT_URL_APIS, 'input_file file_url (a document by web address)');
        break;
      case 'input_audio':
        r.media(undefined, isJsonObject(p.input_audio) ? p.input_audio.data : p.data, 'audio');
        break;
      default:
        r.strings(p);
        r.feature(`content part ${String(p.type)}`);
    }
  }
}
