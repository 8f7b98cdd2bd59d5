// POST /v1/messages body -> CanonicalRequest, for crossing to another format. Known fields are
// checked as the real API checks them; what has no canonical counterpart is named in `dropped`.
import { RequestValidationError } from '../../canonical';
import type { CanonicalRequest, ReasoningEffort, ToolChoice, ToolDefinition, Translated, WebSearchTool } from '../../canonical';
import { messagesToCanonical, requireString, systemBlocksText } from './parse-content';
import { ClientToolNames, safeToolName } from '../safe-tool-name';
import { isJsonObject, ownValue } from '../../json-object';
import { endsOnPrefill } from '../../providers/prefill';

/** Top-level fields the canonical form carries (everything else is named as dropped). */
const CARRIED = new Set([
  'model', 'messages', 'system', 'max_tokens', 'stream', 'tools', 'tool_choice', 'stop_sequences', 'temperature',
  'top_p', 'top_k', 'metadata', 'thinking', 'output_config', 'output_format',
]);

const EFFORTS: Record<string, ReasoningEffort> = { low: 'low', medium: 'medium', high: 'high', xhigh: 'xhigh', max: 'max' };

export function anthropicToCanonical(body: unknown, opts: { requireMaxTokens: boolean } = { requireMaxTokens: true }): Translated {
  if (!isJsonObject(body)) throw new RequestValidationError('request body must be a JSON object');
  const dropped = new Set<string>();
  const loaded = new Set<string>();
  const req: CanonicalRequest = {
    model: requireString(body.model, 'model'),
    system: systemPrompts(body.system, dropped),
    messages: messagesToCanonical(body.messages, dropped, loaded),
    stream: optionalBoolean(body.stream, 'stream') ?? false,
    includeUsage: true,
  };
  if (endsOnPrefill(req.messages)) req.prefill = true;

  if (body.max_tokens !== undefined || opts.requireMaxTokens) req.maxTokens = positiveInteger(body.max_tokens, 'max_tokens');

  // a tool the client forces is one the model must have
  if (isJsonObject(body.tool_choice) && body.tool_choice.type === 'tool' && typeof body.tool_choice.name === 'string') loaded.add(body.tool_choice.name);
  // names other formats refuse (Claude Code's `mcp__<server>__<tool>` past 64 characters) go as safe ones
  const names = new ClientToolNames();
  const tools = toolDefinitions(body.tools, dropped, loaded, names);
  const search = webSearchTool(body.tools);
  // tool_choice none forbids it: not sent anywhere, so named as any server tool is
  if (search && isJsonObject(body.tool_choice) && body.tool_choice.type === 'none') dropped.add(`tools[type=${search.type}]`);
  else if (search) req.webSearch = search;
  if (tools.length > 0) {
    req.tools = tools;
    const choice = toolChoice(body.tool_choice);
    const forced = choice.toolChoice;
    // a forced server tool (web_search) is not among the tools carried: another format refuses a choice
    // of a function it was not given (400, no other model tried), so the model chooses among the rest
    if (typeof forced === 'object' && !tools.some((t) => t.name === forced.name)) dropped.add('tool_choice');
    else if (forced !== undefined) req.toolChoice = forced;
    if (choice.parallelToolCalls !== undefined) req.parallelToolCalls = choice.parallelToolCalls;
  } else if (body.tool_choice !== undefined) {
    // every tool was one only Anthropic runs: a choice that asks for a tool asks for nothing left
    const choice = toolChoice(body.tool_choice).toolChoice;
    if (choice !== undefined && choice !== 'auto' && choice !== 'none') dropped.add('tool_choice');
  }

  if (body.stop_sequences !== undefined) req.stop = stringArray(body.stop_sequences, 'stop_sequences');
  const temperature = numberInRange(body.temperature, 'temperature', 0, 1);
  if (temperature !== undefined) req.temperature = temperature;
  const topP = numberInRange(body.top_p, 'top_p', 0, 1);
  if (topP !== undefined) req.topP = topP;
  if (typeof body.top_k === 'number' && Number.isInteger(body.top_k) && body.top_k > 0) req.topK = body.top_k;

  if (body.metadata !== undefined && body.metadata !== null) {
    if (!isJsonObject(body.metadata)) throw new RequestValidationError('metadata: must be an object', 'metadata');
    const userId = body.metadata.user_id;
    if (userId !== undefined && userId !== null) req.user = requireString(userId, 'metadata.user_id', true);
  }
  thinking(body.thinking, req);
  outputConfig(body.output_config, req, dropped);
  // the deprecated top-level spelling older SDKs send, which Anthropic still takes; output_config's wins
  if (body.output_format !== undefined && body.output_format !== null) {
    const format = req.responseFormat === undefined ? jsonSchemaFormat(body.output_format) : undefined;
    if (format) req.responseFormat = format;
    else dropped.add('output_format');
  }
  turnOutputConfig(body.messages as unknown[], req, dropped);
  for (const key of Object.keys(body)) if (!CARRIED.has(key) && body[key] !== undefined && body[key] !== null) dropped.add(key);
  return { request: req, dropped: [...dropped], toolNames: names };
}

/**
 * Claude Code's first system block, `x-anthropic-billing-header: cc_version=…; cc_entrypoint=…; cch=…;`, is
 * for Anthropic (a forwarded body keeps it as sent): translated, it would open the prompt with a value that
 * changes per conversation, and the providers' prefix caches would never match past it.
 */
const BILLING_HEADER = /^x-anthropic-billing-header:/;

function systemPrompts(value: unknown, dropped: Set<string>): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (!Array.isArray(value)) throw new RequestValidationError('system: must be a string or an array of text blocks', 'system');
  return systemBlocksText(value, 'system', dropped).filter((text) => !BILLING_HEADER.test(text));
}

/** Anthropic's own tool search (`tool_search_tool_regex_...`, `..._bm25_...`), which runs at Anthropic. */
const isServerToolSearch = (tool: unknown): boolean => isJsonObject(tool) && typeof tool.type === 'string' && tool.type.startsWith('tool_search_tool');

function toolDefinitions(value: unknown, dropped: Set<string>, loaded: ReadonlySet<string>, names: ClientToolNames): ToolDefinition[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new RequestValidationError('tools: must be an array', 'tools');
  // with Anthropic's own search, only Anthropic could load a deferred tool: elsewhere they are all offered
  const serverSearch = value.some(isServerToolSearch);
  return value.flatMap((tool: unknown, i): ToolDefinition[] => {
    const param = `tools.${i}`;
    if (!isJsonObject(tool)) throw new RequestValidationError(`${param}: must be an object`, param);
    if (tool.cache_control !== undefined) dropped.add('cache_control');
    // a deferred tool is not in the model's context until the client's tool search loads it (a
    // `tool_reference` in a tool result); Claude Code also keeps a never-called placeholder that way
    if (tool.defer_loading === true && !serverSearch && !(typeof tool.name === 'string' && loaded.has(tool.name))) {
      dropped.add('tools[defer_loading]');
      return [];
    }
    // server tools (web_search_..., bash_..., text_editor_...) run at Anthropic; other upstreams cannot, but
    // the web search goes as req.webSearch, which an upstream with a search of its own runs (web-search.ts)
    if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') {
      if (!isWebSearch(tool)) dropped.add(`tools[type=${String(tool.type)}]`);
      return [];
    }
    const name = requireString(tool.name, `${param}.name`);
    if (!isJsonObject(tool.input_schema)) throw new RequestValidationError(`${param}.input_schema: must be an object`, `${param}.input_schema`);
    const def: ToolDefinition = { name: names.add(name), parameters: tool.input_schema };
    // Anthropic's strict schemas are not OpenAI's (which also wants every property required): asked of
    // another format it could refuse a schema Anthropic takes, so it is not carried, and said so
    if (tool.strict === true) dropped.add('tools[strict]');
    if (tool.description !== undefined && tool.description !== null) {
      def.description = requireString(tool.description, `${param}.description`, true);
    }
    return [def];
  });
}

const isWebSearch = (tool: Record<string, unknown>): boolean => typeof tool.type === 'string' && tool.type.startsWith('web_search_');

/** Fields of Anthropic's web search tool that name it, not settings of the search. */
const WEB_SEARCH_NAMING = new Set(['type', 'name', 'cache_control']);

/**
 * Anthropic's web search tool as the canonical search, with its settings (max_uses, allowed_domains, ...) for
 * a builder to carry where its provider's search has them, and name where not.
 */
function webSearchTool(tools: unknown): WebSearchTool | undefined {
  if (!Array.isArray(tools)) return undefined;
  const tool = tools.find((t): t is Record<string, unknown> => isJsonObject(t) && isWebSearch(t));
  if (tool === undefined) return undefined;
  const settings = Object.fromEntries(Object.entries(tool).filter(([k, v]) => !WEB_SEARCH_NAMING.has(k) && v !== undefined && v !== null));
  return { type: String(tool.type), settings };
}

function toolChoice(value: unknown): { toolChoice?: ToolChoice; parallelToolCalls?: boolean } {
  if (value === undefined || value === null) return {};
  if (!isJsonObject(value)) throw new RequestValidationError('tool_choice: must be an object', 'tool_choice');
  const out: { toolChoice?: ToolChoice; parallelToolCalls?: boolean } = {};
  switch (value.type) {
    case 'auto': out.toolChoice = 'auto'; break;
    case 'any': out.toolChoice = 'required'; break;
    case 'none': out.toolChoice = 'none'; break;
    case 'tool': out.toolChoice = { name: safeToolName(requireString(value.name, 'tool_choice.name')) }; break;
    default: throw new RequestValidationError('tool_choice.type: must be one of auto, any, tool, none', 'tool_choice.type');
  }
  const disable = optionalBoolean(value.disable_parallel_tool_use, 'tool_choice.disable_parallel_tool_use');
  if (disable !== undefined) out.parallelToolCalls = !disable;
  return out;
}

/** `enabled` carries its budget; `adaptive` lets the model choose (its effort, if any, is in output_config); `disabled` is a budget of 0. */
function thinking(value: unknown, req: CanonicalRequest): void {
  if (value === undefined || value === null) return;
  if (!isJsonObject(value)) throw new RequestValidationError('thinking: must be an object', 'thinking');
  if (value.type === 'enabled') {
    req.thinkingBudgetTokens = positiveInteger(value.budget_tokens, 'thinking.budget_tokens');
    req.includeThoughts = value.display !== 'omitted';
  } else if (value.type === 'adaptive') {
    req.reasoningEffort ??= 'medium';
    req.includeThoughts = value.display !== 'omitted';
  } else if (value.type === 'disabled') {
    // off, which a model that thinks by default (Gemini 2.5 Flash) must be told
    req.thinkingBudgetTokens = 0;
  } else {
    throw new RequestValidationError('thinking.type: must be "enabled", "disabled" or "adaptive"', 'thinking.type');
  }
}

/** `output_config.effort` -> reasoning effort; `output_config.format` (structured outputs) -> JSON schema. */
function outputConfig(value: unknown, req: CanonicalRequest, dropped: Set<string>): void {
  if (!isJsonObject(value)) return;
  for (const key of Object.keys(value)) {
    if (key === 'effort' && effortOf(value.effort)) req.reasoningEffort = effortOf(value.effort);
    else if (key === 'format' && jsonSchemaFormat(value.format)) req.responseFormat = jsonSchemaFormat(value.format);
    else dropped.add(`output_config.${key}`);
  }
}

function jsonSchemaFormat(format: unknown): CanonicalRequest['responseFormat'] {
  if (!isJsonObject(format) || format.type !== 'json_schema' || !isJsonObject(format.schema)) return undefined;
  // Anthropic enforces the schema: strict, so OpenAI does too where its strict mode takes it
  return { type: 'json_schema', name: 'output', schema: format.schema, strict: true };
}

const effortOf = (value: unknown): ReasoningEffort | undefined => (typeof value === 'string' ? ownValue(EFFORTS, value) : undefined);

/** A user message that holds tool results continues the turn its tool calls are in; any other starts one. */
const startsTurn = (m: unknown): boolean =>
  isJsonObject(m) && m.role === 'user' && !(Array.isArray(m.content) && m.content.some((b: unknown) => isJsonObject(b) && b.type === 'tool_result'));

/**
 * Per-turn control (Claude Code on Opus, beta `per-turn-control-2026-07-01`): a mid-conversation system
 * message carries its own `output_config`, the effort for the turn it stands in (from a person's message
 * through the tool calls that follow it). The last one in the turn being answered wins over the
 * top-level effort; earlier turns' ones were theirs. What any of them holds besides effort has no
 * counterpart elsewhere and is named.
 */
function turnOutputConfig(messages: unknown[], req: CanonicalRequest, dropped: Set<string>): void {
  let turn = 0;
  messages.forEach((m, i) => { if (startsTurn(m)) turn = i; });
  messages.forEach((m, i) => {
    if (!isJsonObject(m) || m.role !== 'system' || !isJsonObject(m.output_config)) return;
    for (const [key, value] of Object.entries(m.output_config)) {
      const effort = key === 'effort' ? effortOf(value) : undefined;
      if (effort === undefined) dropped.add(`messages[role=system].output_config.${key}`);
      else if (i > turn) req.reasoningEffort = effort;
    }
  });
}

function positiveInteger(value: unknown, param: string): number {
  if (value === undefined) throw new RequestValidationError(`${param}: Field required`, param);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RequestValidationError(`${param}: must be a positive integer`, param);
  }
  return value;
}

function numberInRange(value: unknown, param: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RequestValidationError(`${param}: must be a number between ${min} and ${max}`, param);
  }
  return value;
}

function optionalBoolean(value: unknown, param: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new RequestValidationError(`${param}: must be a boolean`, param);
  return value;
}

function stringArray(value: unknown, param: string): string[] {
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) {
    throw new RequestValidationError(`${param}: must be an array of strings`, param);
  }
  return value as string[];
}
