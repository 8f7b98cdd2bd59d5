// POST /v1/responses body -> CanonicalRequest, for crossing to another format. Known fields are
// checked as the API checks them; what has no canonical counterpart (hosted tools, encrypted
// reasoning, OpenAI's caching and storage options) is named in `dropped`.
import type { CanonicalRequest, ResponseFormat, ToolChoice, ToolDefinition, Translated } from '../../canonical';
import {
  invalid, invalidType, isAbsent, optionalBoolean, optionalNumber, optionalPositiveInteger, optionalString, requiredString,
} from '../openai/validate';
import { parseResponsesInput } from './parse-input';
import type { ThinkingSeal } from '../../switchboard-thinking';
import { asksForCompaction } from '../../responses-compaction';
import { customToolDescription, customToolParameters, flatToolName, isClientToolSearch, offeredToolName, TOOL_SEARCH, toolSources } from './tool-names';
import { isJsonObject, type JsonObject } from '../../json-object';
import { applyReasoningEffort, endUserAndCacheKey } from '../openai/shared-fields';

/**
 * Top-level fields the canonical form carries, or the proxy itself serves (`store`,
 * `previous_response_id` and `metadata` are kept in the local response store: Chat Completions takes
 * `metadata` only beside `store: true`; `truncation` 'auto' is applied to a conversation kept here,
 * responses-truncation.ts, and a request sent whole fits or is refused); the rest is dropped.
 */
const CARRIED = new Set([
  'model', 'input', 'instructions', 'tools', 'tool_choice', 'parallel_tool_calls', 'text', 'reasoning', 'max_output_tokens',
  'temperature', 'top_p', 'stream', 'stream_options', 'user', 'safety_identifier', 'metadata', 'store', 'previous_response_id',
  'prompt_cache_key', 'service_tier', 'truncation',
]);

export interface ResponsesParseOptions {
  /**
   * Custom (freeform) tools become functions of one string, their calls come back as custom_tool_call
   * (default). false: they are dropped and named, for an answer in a shape with no custom calls.
   */
  freeformTools?: boolean;
  /** what reads back Claude's thinking sealed in a reasoning item (switchboard-thinking.ts); without it none is read */
  seal?: ThinkingSeal;
}

export function responsesToCanonical(body: unknown, options: ResponsesParseOptions = {}): Translated {
  const freeform = options.freeformTools !== false;
  if (!isJsonObject(body)) invalid('The request body must be a JSON object.');
  const model = requiredString(body.model, 'model');
  if (model.trim() === '') invalid("Invalid 'model': empty string.", 'model');
  const dropped = new Set<string>();
  const { system, messages } = parseResponsesInput(body.instructions, body.input, dropped, freeform, options.seal);
  const stream = optionalBoolean(body.stream, 'stream') ?? false;
  const req: CanonicalRequest = { model, system, messages, stream, includeUsage: true };

  const offered = toolDefinitions(body, dropped, freeform);
  const { choice, allowed } = toolChoice(body.tool_choice, dropped);
  // allowed_tools: other formats get only the allowed tools, with the choice's mode; allowed tools none of
  // which can be given leave every tool offered with choice none (calls in the history need tools defined on
  // Anthropic), and required among them, unsatisfiable there, is named
  const allowedNone = allowed !== undefined && offered.length > 0 && !offered.some((t) => allowed.has(t.name));
  const tools = allowed && !allowedNone ? offered.filter((t) => allowed.has(t.name)) : offered;
  if (tools.length > 0) req.tools = tools;
  // a choice of one tool that is not offered (a custom one left out) would be refused: it goes, named
  if (choice !== undefined && typeof choice === 'object' && !tools.some((t) => t.name === choice.name)) dropped.add('tool_choice');
  else if (allowedNone) {
    req.toolChoice = 'none';
    if (choice === 'required') dropped.add('tool_choice');
  } else if (choice !== undefined && tools.length > 0) req.toolChoice = choice;
  // a compaction's answer is the summary alone: the tools stay defined (the history has calls) but unused
  if (asksForCompaction(body.input) && tools.length > 0) req.toolChoice = 'none';
  const parallel = optionalBoolean(body.parallel_tool_calls, 'parallel_tool_calls');
  if (parallel !== undefined && tools.length > 0) req.parallelToolCalls = parallel;

  const maxTokens = optionalPositiveInteger(body.max_output_tokens, 'max_output_tokens');
  if (maxTokens !== undefined) req.maxTokens = maxTokens;
  const temperature = optionalNumber(body.temperature, 'temperature', 0, 2);
  if (temperature !== undefined) req.temperature = temperature;
  const topP = optionalNumber(body.top_p, 'top_p', 0, 1);
  if (topP !== undefined) req.topP = topP;
  endUserAndCacheKey(body, req, dropped);
  if (!isAbsent(body.metadata) && !isJsonObject(body.metadata)) invalidType('metadata', 'an object', body.metadata);
  optionalBoolean(body.store, 'store');
  // the tier sets the price (flex is half): Chat Completions takes it as Responses does, other formats name it
  const tier = optionalString(body.service_tier, 'service_tier');
  if (tier !== undefined) req.serviceTier = tier;
  textConfig(body.text, req, dropped);
  reasoning(body.reasoning, req, dropped);
  for (const key of Object.keys(body)) if (!CARRIED.has(key) && !isAbsent(body[key])) dropped.add(key);
  return { request: req, dropped: [...dropped] };
}

/**
 * `tools`, then the tools of `additional_tools` input items (Codex's newest models get theirs there) and
 * of what the client's tool search loaded, one definition per name: `function` tools as they are,
 * `custom` ones as a function of one string, namespaced ones flattened, a client-run `tool_search` as
 * the function it is; hosted tools are named in `dropped`.
 */
function toolDefinitions(body: JsonObject, dropped: Set<string>, freeform: boolean): ToolDefinition[] {
  const out: ToolDefinition[] = [];
  const seen = new Set<string>();
  const add = (def: ToolDefinition): void => {
    if (seen.has(def.name)) return;
    seen.add(def.name);
    out.push(def);
  };
  for (const { tools, param, label } of toolSources(body)) {
    if (!Array.isArray(tools)) invalidType(param, 'an array', tools);
    tools.forEach((tool: unknown, i: number) => toolDefinition(tool, `${param}[${i}]`, label, add, dropped, freeform));
  }
  return out;
}

function toolDefinition(
  tool: unknown, param: string, list: string, add: (def: ToolDefinition) => void, dropped: Set<string>, freeform: boolean,
): void {
  if (!isJsonObject(tool)) invalidType(param, 'an object', tool);
  // a name another format refuses (a dot, a leading digit) goes as a safe one; calls come back under the client's
  if (tool.type === 'function') add(plain(functionTool(tool, param)));
  else if (tool.type === 'custom' && freeform) add(plain(customTool(tool, param)));
  else if (isClientToolSearch(tool)) add(toolSearchTool(tool, param));
  else if (tool.type === 'namespace') {
    const ns = requiredString(tool.name, `${param}.name`);
    if (!Array.isArray(tool.tools)) invalidType(`${param}.tools`, 'an array', tool.tools);
    tool.tools.forEach((inner: unknown, j: number) => {
      const at = `${param}.tools[${j}]`;
      if (!isJsonObject(inner)) invalidType(at, 'an object', inner);
      const fn = inner.type === 'function' ? functionTool(inner, at) : inner.type === 'custom' && freeform ? customTool(inner, at) : undefined;
      if (fn) add({ ...fn, name: flatToolName(ns, fn.name) });
      else dropped.add(`${list}[type=namespace].tools[type=${String(inner.type)}]`);
    });
  } else {
    // hosted tools (web_search, file_search, code_interpreter, OpenAI's own tool_search, ...) run at
    // OpenAI; no other provider has them
    dropped.add(`${list}[type=${String(tool.type)}]`);
  }
}

const plain = (def: ToolDefinition): ToolDefinition => ({ ...def, name: offeredToolName(def.name, undefined) });

function functionTool(tool: JsonObject, param: string): ToolDefinition {
  const name = requiredString(tool.name, `${param}.name`);
  if (!isAbsent(tool.parameters) && !isJsonObject(tool.parameters)) invalidType(`${param}.parameters`, 'an object', tool.parameters);
  const def: ToolDefinition = { name, parameters: isJsonObject(tool.parameters) ? tool.parameters : { type: 'object', properties: {} } };
  const description = optionalString(tool.description, `${param}.description`);
  if (description !== undefined) def.description = description;
  const strict = optionalBoolean(tool.strict, `${param}.strict`);
  if (strict !== undefined) def.strict = strict;
  return def;
}

/** The tool search a client runs itself (Codex's, over the MCP tools it does not list), as a function. */
function toolSearchTool(tool: JsonObject, param: string): ToolDefinition {
  if (!isAbsent(tool.parameters) && !isJsonObject(tool.parameters)) invalidType(`${param}.parameters`, 'an object', tool.parameters);
  const parameters = isJsonObject(tool.parameters)
    ? tool.parameters
    : { type: 'object', properties: { query: { type: 'string', description: 'What the tools to load are for.' } }, required: ['query'] };
  const description = optionalString(tool.description, `${param}.description`) ?? 'Searches for more tools; the ones found can be called from the next turn on.';
  return { name: TOOL_SEARCH, description, parameters };
}

/** A freeform tool, as a function of one string `input` whose description carries the format. */
function customTool(tool: JsonObject, param: string): ToolDefinition {
  const name = requiredString(tool.name, `${param}.name`);
  const description = optionalString(tool.description, `${param}.description`);
  if (!isAbsent(tool.format) && !isJsonObject(tool.format)) invalidType(`${param}.format`, 'an object', tool.format);
  return { name, description: customToolDescription(description, tool.format), parameters: customToolParameters() };
}

interface ParsedToolChoice {
  choice?: ToolChoice;
  /** allowed_tools: the (flattened) names of the function and custom tools the model may call */
  allowed?: Set<string>;
}

function toolChoice(value: unknown, dropped: Set<string>): ParsedToolChoice {
  if (isAbsent(value)) return {};
  if (value === 'auto' || value === 'none' || value === 'required') return { choice: value };
  if (!isJsonObject(value)) invalid("Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or an object.", 'tool_choice');
  switch (value.type) {
    case 'function':
    case 'custom':
      return { choice: { name: namedTool(value, 'tool_choice') } };
    case 'allowed_tools': {
      if (value.mode !== 'auto' && value.mode !== 'required') {
        return invalid("Invalid value for 'tool_choice.mode': supported values are 'auto' and 'required'.", 'tool_choice.mode');
      }
      if (!Array.isArray(value.tools)) return invalidType('tool_choice.tools', 'an array', value.tools);
      const allowed = new Set<string>();
      value.tools.forEach((t: unknown, i: number) => {
        if (!isJsonObject(t)) invalidType(`tool_choice.tools[${i}]`, 'an object', t);
        // hosted tools (web_search, mcp, ...) are not given to other formats at all
        if (t.type === 'function' || t.type === 'custom') allowed.add(namedTool(t, `tool_choice.tools[${i}]`));
      });
      return { choice: value.mode, allowed };
    }
    default:
      dropped.add(`tool_choice[type=${String(value.type)}]`);
      return {};
  }
}

/** a function or custom tool's name as the tool list carries it (a namespaced one flattened, made safe) */
function namedTool(value: JsonObject, param: string): string {
  return offeredToolName(requiredString(value.name, `${param}.name`), value.namespace);
}

function textConfig(value: unknown, req: CanonicalRequest, dropped: Set<string>): void {
  if (isAbsent(value)) return;
  if (!isJsonObject(value)) invalidType('text', 'an object', value);
  for (const key of Object.keys(value)) if (key !== 'format' && key !== 'verbosity' && !isAbsent(value[key])) dropped.add(`text.${key}`);
  // Chat Completions' top-level verbosity; the builders of other formats name it
  const verbosity = optionalString(value.verbosity, 'text.verbosity');
  if (verbosity !== undefined) req.verbosity = verbosity;
  if (isAbsent(value.format)) return;
  const format = value.format;
  if (!isJsonObject(format)) return invalidType('text.format', 'an object', format);
  const out = responseFormat(format);
  if (out.type !== 'text') req.responseFormat = out;
}

function responseFormat(format: JsonObject): ResponseFormat {
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json_object' };
    case 'json_schema': {
      const name = requiredString(format.name, 'text.format.name');
      if (!isJsonObject(format.schema)) return invalidType('text.format.schema', 'an object', format.schema);
      const strict = optionalBoolean(format.strict, 'text.format.strict');
      const description = optionalString(format.description, 'text.format.description');
      return { type: 'json_schema', name, schema: format.schema, ...(strict === undefined ? {} : { strict }), ...(description === undefined ? {} : { description }) };
    }
    default:
      return invalid(`Invalid value for 'text.format.type': expected 'text', 'json_object' or 'json_schema'.`, 'text.format.type');
  }
}

/**
 * The request's `reasoning` asks for summaries (`summary` or the older `generate_summary`: auto, concise,
 * detailed): a translated model's thinking goes out as their text only then (response-object.ts).
 */
export function asksSummaries(reasoning: unknown): boolean {
  if (!isJsonObject(reasoning)) return false;
  const summary = reasoning.summary ?? reasoning.generate_summary;
  return typeof summary === 'string' && summary !== 'none';
}

function reasoning(value: unknown, req: CanonicalRequest, dropped: Set<string>): void {
  if (isAbsent(value)) return;
  if (!isJsonObject(value)) invalidType('reasoning', 'an object', value);
  const effort = optionalString(value.effort, 'reasoning.effort');
  if (effort !== undefined) applyReasoningEffort(effort, 'reasoning.effort', req);
  // the summary the client wants is the closest thing other providers have to shown thoughts
  if (asksSummaries(value)) req.includeThoughts = true;
  for (const key of Object.keys(value)) {
    if (key !== 'effort' && key !== 'summary' && key !== 'generate_summary' && !isAbsent(value[key])) dropped.add(`reasoning.${key}`);
  }
}
