// POST /v1/chat/completions body -> CanonicalRequest, for crossing to another format. Known fields
// are checked as the API checks them; what has no canonical counterpart is named in `dropped`.
import type { CanonicalRequest, ResponseFormat, ToolChoice, ToolDefinition, Translated } from '../../canonical';
import { parseOpenAIMessages } from './parse-messages';
import { ClientToolNames, safeToolName } from '../safe-tool-name';
import {
  invalid, invalidType, isAbsent, optionalBoolean, optionalNumber, optionalPositiveInteger, optionalString, requiredString,
} from './validate';
import { isJsonObject, type JsonObject } from '../../json-object';
import { applyReasoningEffort, endUserAndCacheKey } from './shared-fields';

/** Top-level fields the canonical form carries (everything else is named as dropped). */
const CARRIED = new Set([
  'model', 'messages', 'stream', 'stream_options', 'tools', 'functions', 'tool_choice', 'function_call',
  'parallel_tool_calls', 'temperature', 'top_p', 'max_tokens', 'max_completion_tokens', 'stop', 'response_format',
  'reasoning_effort', 'user', 'n', 'seed', 'presence_penalty', 'frequency_penalty', 'logprobs', 'top_logprobs',
  'safety_identifier', 'prompt_cache_key', 'verbosity', 'service_tier', 'metadata',
]);

export function parseOpenAIChatRequest(body: unknown): Translated {
  if (!isJsonObject(body)) invalid('The request body must be a JSON object.');
  const model = body.model;
  if (model === undefined || model === null) invalid('You must provide a model parameter.', 'model');
  if (typeof model !== 'string') invalidType('model', 'a string', model);
  if (model.trim().length === 0) invalid("Invalid 'model': empty string.", 'model');

  const dropped = new Set<string>();
  const { system, messages } = parseOpenAIMessages(body.messages, dropped);
  if (!isAbsent(body.n) && body.n !== 1) invalid("Invalid 'n': only n=1 can be carried to this provider.", 'n');
  const stream = optionalBoolean(body.stream, 'stream') ?? false;

  const req: CanonicalRequest = { model, system, messages, stream, includeUsage: false };
  if (!isAbsent(body.stream_options)) {
    if (!isJsonObject(body.stream_options)) invalidType('stream_options', 'an object', body.stream_options);
    req.includeUsage = stream && optionalBoolean(body.stream_options.include_usage, 'stream_options.include_usage') === true;
  }
  // names other formats refuse (a dot, a leading digit, past 64 characters) go as safe ones
  const names = new ClientToolNames();
  const tools = parseTools(body, dropped, names);
  const choice = parseToolChoice(body, dropped);
  const allowedTools = choice.allowed ? tools?.filter((t) => choice.allowed!.has(t.name)) : tools;
  if (allowedTools && allowedTools.length > 0) req.tools = allowedTools;
  else if (tools && tools.length > 0 && choice.allowed) {
    // allowed tools none of which is a function the target can be given: the tools go with choice none
    // (calls in the history need tools defined on Anthropic); required among them is unsatisfiable there
    req.tools = tools;
    req.toolChoice = 'none';
    if (choice.toolChoice === 'required') dropped.add('tool_choice');
  }
  if (choice.toolChoice !== undefined) req.toolChoice ??= choice.toolChoice;
  const parallel = optionalBoolean(body.parallel_tool_calls, 'parallel_tool_calls');
  if (parallel !== undefined) req.parallelToolCalls = parallel;
  if (isAbsent(body.tools) && tools && tools.length > 0) {
    // the legacy `functions` API answers one call a turn (message.function_call): the model is asked for no more
    // (Anthropic's disable_parallel_tool_use); the calls past the first of one that makes more are named dropped
    if (parallel === true) dropped.add('parallel_tool_calls');
    req.parallelToolCalls = false;
    if (parallel === undefined) req.parallelToolCallsImplied = true;
  }

  const temperature = optionalNumber(body.temperature, 'temperature', 0, 2);
  if (temperature !== undefined) req.temperature = temperature;
  const topP = optionalNumber(body.top_p, 'top_p', 0, 1);
  if (topP !== undefined) req.topP = topP;
  const maxCompletion = optionalPositiveInteger(body.max_completion_tokens, 'max_completion_tokens');
  const maxTokens = optionalPositiveInteger(body.max_tokens, 'max_tokens');
  if (maxCompletion !== undefined || maxTokens !== undefined) req.maxTokens = maxCompletion ?? maxTokens;
  const stop = parseStop(body.stop);
  if (stop) req.stop = stop;
  const responseFormat = parseResponseFormat(body.response_format);
  if (responseFormat) req.responseFormat = responseFormat;

  const effort = optionalString(body.reasoning_effort, 'reasoning_effort');
  if (effort !== undefined) applyReasoningEffort(effort, 'reasoning_effort', req);
  endUserAndCacheKey(body, req, dropped);
  samplingExtras(body, req);
  openAIOptions(body, req);
  for (const key of Object.keys(body)) if (!CARRIED.has(key) && !isAbsent(body[key]) && !keptOff(key, body[key])) dropped.add(key);
  return { request: req, dropped: [...dropped], toolNames: names };
}

/**
 * `store: false` asks that nothing be kept, which every crossing honours (a Responses upstream is sent store: false,
 * the other formats keep nothing): only `store: true` goes unheeded.
 */
const keptOff = (key: string, value: unknown): boolean => key === 'store' && value === false;

/**
 * seed and penalties: carried where the target takes them (OpenAI-compatible ones; Gemini only on
 * the models that still take penalties, the builder names them dropped elsewhere); logprobs go back
 * only in the same format (providers/logprobs.ts).
 */
function samplingExtras(body: JsonObject, req: CanonicalRequest): void {
  if (typeof body.seed === 'number' && Number.isInteger(body.seed)) req.seed = body.seed;
  const presence = optionalNumber(body.presence_penalty, 'presence_penalty', -2, 2);
  if (presence !== undefined) req.presencePenalty = presence;
  const frequency = optionalNumber(body.frequency_penalty, 'frequency_penalty', -2, 2);
  if (frequency !== undefined) req.frequencyPenalty = frequency;
  const logprobs = optionalBoolean(body.logprobs, 'logprobs');
  if (logprobs !== undefined) req.logprobs = logprobs;
  const top = optionalNumber(body.top_logprobs, 'top_logprobs', 0, 20);
  if (top !== undefined) req.topLogprobs = top;
}

/** What the Responses API takes too (text.verbosity, service_tier, metadata); the other formats' builders name them. */
function openAIOptions(body: JsonObject, req: CanonicalRequest): void {
  const verbosity = optionalString(body.verbosity, 'verbosity');
  if (verbosity !== undefined) req.verbosity = verbosity;
  const tier = optionalString(body.service_tier, 'service_tier');
  if (tier !== undefined) req.serviceTier = tier;
  if (!isAbsent(body.metadata)) {
    if (!isJsonObject(body.metadata)) invalidType('metadata', 'an object', body.metadata);
    req.metadata = body.metadata;
  }
}

function parseTools(body: JsonObject, dropped: Set<string>, names: ClientToolNames): ToolDefinition[] | undefined {
  if (!isAbsent(body.tools)) {
    if (!Array.isArray(body.tools)) invalidType('tools', 'an array', body.tools);
    const defs: ToolDefinition[] = [];
    body.tools.forEach((t: unknown, i: number) => {
      const param = `tools[${i}]`;
      if (!isJsonObject(t)) invalidType(param, 'an object', t);
      if (t.type !== undefined && t.type !== 'function') {
        // custom (free-form) and hosted tools have no counterpart in other formats
        dropped.add(`tools[type=${String(t.type)}]`);
        return;
      }
      if (!isJsonObject(t.function)) invalid(`Missing required parameter: '${param}.function'.`, `${param}.function`);
      defs.push(functionDefinition(t.function, `${param}.function`, names));
    });
    return defs.length > 0 ? defs : undefined;
  }
  // the legacy `functions` list, for old clients
  if (!isAbsent(body.functions)) {
    if (!Array.isArray(body.functions)) invalidType('functions', 'an array', body.functions);
    if (body.functions.length === 0) return undefined;
    return body.functions.map((f: unknown, i: number) => {
      if (!isJsonObject(f)) invalidType(`functions[${i}]`, 'an object', f);
      return functionDefinition(f, `functions[${i}]`, names);
    });
  }
  return undefined;
}

function functionDefinition(fn: JsonObject, param: string, names: ClientToolNames): ToolDefinition {
  const name = requiredString(fn.name, `${param}.name`);
  if (name.length === 0) invalid(`Invalid '${param}.name': empty string.`, `${param}.name`);
  const def: ToolDefinition = { name: names.add(name), parameters: { type: 'object', properties: {} } };
  const description = optionalString(fn.description, `${param}.description`);
  if (description !== undefined) def.description = description;
  const strict = optionalBoolean(fn.strict, `${param}.strict`);
  if (strict !== undefined) def.strict = strict;
  if (!isAbsent(fn.parameters)) {
    if (!isJsonObject(fn.parameters)) invalidType(`${param}.parameters`, 'an object', fn.parameters);
    def.parameters = fn.parameters;
  }
  return def;
}

interface ParsedToolChoice {
  toolChoice?: ToolChoice;
  /** allowed_tools: the function names the model may call (other formats get only these tools). */
  allowed?: Set<string>;
}

function parseToolChoice(body: JsonObject, dropped: Set<string>): ParsedToolChoice {
  const legacy = isAbsent(body.tool_choice);
  const choice = legacy ? body.function_call : body.tool_choice;
  const param = legacy ? 'function_call' : 'tool_choice';
  if (isAbsent(choice)) return {};
  if (choice === 'auto' || choice === 'none' || choice === 'required') return { toolChoice: choice };
  if (isJsonObject(choice)) {
    if (!legacy && choice.type === 'allowed_tools') return allowedToolsChoice(choice.allowed_tools);
    if (!legacy && choice.type === 'custom' && isJsonObject(choice.custom) && typeof choice.custom.name === 'string') {
      // a custom (free-form) tool has no counterpart elsewhere (parseTools drops it), so neither has its choice
      dropped.add('tool_choice[type=custom]');
      return {};
    }
    const fn = legacy ? choice : choice.function;
    if (isJsonObject(fn) && typeof fn.name === 'string' && fn.name.length > 0 && (legacy || choice.type === 'function')) {
      return { toolChoice: { name: safeToolName(fn.name) } };
    }
  }
  return invalid(`Invalid value for '${param}': expected 'auto', 'none', 'required', {"type":"function","function":{"name":...}} or {"type":"allowed_tools",...}.`, param);
}

/** {"type":"allowed_tools","allowed_tools":{"mode","tools":[{"type":"function","function":{"name"}}]}} */
function allowedToolsChoice(spec: unknown): ParsedToolChoice {
  const param = 'tool_choice.allowed_tools';
  if (!isJsonObject(spec)) return invalid(`Missing required parameter: '${param}'.`, param);
  if (spec.mode !== 'auto' && spec.mode !== 'required') {
    return invalid(`Invalid value for '${param}.mode': supported values are 'auto' and 'required'.`, `${param}.mode`);
  }
  if (!Array.isArray(spec.tools)) return invalidType(`${param}.tools`, 'an array', spec.tools);
  const allowed = new Set<string>();
  spec.tools.forEach((t: unknown, i: number) => {
    if (!isJsonObject(t)) invalidType(`${param}.tools[${i}]`, 'an object', t);
    if (isJsonObject(t.function) && typeof t.function.name === 'string') allowed.add(safeToolName(t.function.name));
  });
  return { toolChoice: spec.mode, allowed };
}

function parseStop(stop: unknown): string[] | undefined {
  if (isAbsent(stop)) return undefined;
  if (typeof stop === 'string') return [stop];
  if (!Array.isArray(stop)) return invalidType('stop', 'a string or an array of strings', stop);
  stop.forEach((s: unknown, i: number) => { if (typeof s !== 'string') invalidType(`stop[${i}]`, 'a string', s); });
  return stop.length > 0 ? (stop as string[]) : undefined;
}

function parseResponseFormat(rf: unknown): ResponseFormat | undefined {
  if (isAbsent(rf)) return undefined;
  if (!isJsonObject(rf)) return invalidType('response_format', 'an object', rf);
  if (rf.type === 'text') return { type: 'text' };
  if (rf.type === 'json_object') return { type: 'json_object' };
  if (rf.type === 'json_schema') {
    const js = rf.json_schema;
    if (!isJsonObject(js)) invalid("Missing required parameter: 'response_format.json_schema'.", 'response_format.json_schema');
    const name = requiredString(js.name, 'response_format.json_schema.name');
    let schema: Record<string, unknown> = {};
    if (!isAbsent(js.schema)) {
      if (!isJsonObject(js.schema)) invalidType('response_format.json_schema.schema', 'an object', js.schema);
      schema = js.schema;
    }
    const strict = optionalBoolean(js.strict, 'response_format.json_schema.strict');
    const description = optionalString(js.description, 'response_format.json_schema.description');
    return { type: 'json_schema', name, schema, ...(strict === undefined ? {} : { strict }), ...(description === undefined ? {} : { description }) };
  }
  return invalid("Invalid value for 'response_format.type': supported values are 'text', 'json_object' and 'json_schema'.", 'response_format.type');
}
