// What OpenAI's POST /v1/responses refuses, checked as the real API checks it (message texts and
// params as it words them): unknown parameters, malformed items, function tools whose schema is not
// strict-ready while `strict` is on (its default), tool outputs without their call, reasoning items a
// stateless request cannot resolve, ids it never issued, and json_object with no input message saying "json".
import { contentText } from './fake-openai-wire';

export interface ValidationFailure {
  status: number;
  message: string;
  param: string | null;
  code: string | null;
}

/** what the fake remembers between requests */
export interface FakeResponsesState {
  /** encrypted reasoning it issued */
  ciphertexts: Set<string>;
  /** ids of the reasoning items it issued: one without its encrypted part is looked up by id (store true) */
  reasoningIds: Set<string>;
  /** stored responses by id: the input items so far and the response object */
  stored: Map<string, { input: any[]; response: any; later?: any[]; cancelled?: any }>;
}

const PARAMS = new Set([
  'model', 'input', 'instructions', 'tools', 'tool_choice', 'parallel_tool_calls', 'text', 'reasoning', 'max_output_tokens', 'max_tool_calls',
  'temperature', 'top_p', 'top_logprobs', 'stream', 'stream_options', 'store', 'metadata', 'previous_response_id', 'include', 'prompt_cache_key',
  'prompt_cache_retention', 'safety_identifier', 'service_tier', 'truncation', 'user', 'background', 'conversation', 'prompt', 'client_metadata',
]);
const ITEM_TYPES = new Set([
  'message', 'function_call', 'function_call_output', 'reasoning', 'item_reference', 'web_search_call', 'file_search_call',
  'custom_tool_call', 'custom_tool_call_output', 'compaction', 'compaction_trigger',
]);
const HOSTED_TOOLS = new Set(['web_search', 'web_search_preview', 'file_search', 'code_interpreter', 'image_generation', 'computer_use_preview', 'mcp', 'local_shell', 'custom']);
const INPUT_PARTS = new Set(['input_text', 'input_image', 'input_file', 'input_audio']);
const OUTPUT_PARTS = new Set(['output_text', 'refusal']);
const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
/** The efforts OpenAI's models refuse all but some of: gpt-5-pro high alone, the Codex models no minimal or none. */
const MODEL_EFFORTS: ReadonlyArray<[RegExp, readonly string[]]> = [
  [/^gpt-5-pro/, ['high']],
  [/^gpt-5(\.1)?-codex$/, ['low', 'medium', 'high']],
];

const bad = (message: string, param: string | null, code: string | null = null, status = 400): ValidationFailure => ({ status, message, param, code });
const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkFunction(t: any, param: string): ValidationFailure | undefined {
  if (typeof t.name !== 'string' || !NAME.test(t.name)) return bad(`Invalid '${param}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`, `${param}.name`, 'invalid_value');
  if (t.parameters !== undefined && t.parameters !== null && !isObj(t.parameters)) return bad(`Invalid type for '${param}.parameters': expected an object.`, `${param}.parameters`, 'invalid_type');
  if (t.strict === false) return undefined;
  const schema = isObj(t.parameters) ? t.parameters : {};
  if (schema.additionalProperties !== false) {
    return bad(`Invalid schema for function '${t.name}': In context=(), 'additionalProperties' is required to be supplied and to be false.`, `${param}.parameters`, 'invalid_function_parameters');
  }
  const required: unknown[] = Array.isArray(schema.required) ? schema.required : [];
  const missing = Object.keys(isObj(schema.properties) ? schema.properties : {}).find((k) => !required.includes(k));
  if (missing) return bad(`Invalid schema for function '${t.name}': In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing}'.`, `${param}.parameters`, 'invalid_function_parameters');
  return undefined;
}

function checkTools(tools: unknown): ValidationFailure | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) return bad("Invalid type for 'tools': expected an array of objects.", 'tools', 'invalid_type');
  for (let i = 0; i < tools.length; i++) {
    const t = tools[i];
    const param = `tools[${i}]`;
    if (!isObj(t)) return bad(`Invalid type for '${param}': expected an object.`, param, 'invalid_type');
    if (t.type === 'function') {
      const e = checkFunction(t, param);
      if (e) return e;
    } else if (t.type === 'namespace') {
      if (typeof t.name !== 'string' || !Array.isArray(t.tools)) return bad(`Missing required parameter: '${param}.tools'.`, `${param}.tools`, 'missing_required_parameter');
      for (let j = 0; j < t.tools.length; j++) {
        const e = checkFunction(t.tools[j], `${param}.tools[${j}]`);
        if (e) return e;
      }
    } else if (!HOSTED_TOOLS.has(t.type)) {
      return bad(`Invalid value: '${String(t.type)}'. Supported values are: 'function', 'namespace', 'file_search', 'web_search', ... .`, `${param}.type`, 'invalid_value');
    }
  }
  return undefined;
}

function checkMessage(item: any, param: string): ValidationFailure | undefined {
  if (!['user', 'assistant', 'system', 'developer'].includes(item.role)) {
    return bad(`Invalid value: '${String(item.role)}'. Supported values are: 'assistant', 'system', 'developer', and 'user'.`, `${param}.role`, 'invalid_value');
  }
  if (typeof item.content === 'string') return undefined;
  if (!Array.isArray(item.content)) return bad(`Missing required parameter: '${param}.content'.`, `${param}.content`, 'missing_required_parameter');
  // the spec's InputMessageContentList: "A list of one or many input items"
  if (item.content.length === 0) {
    return bad(`Invalid '${param}.content': empty array. Expected an array with minimum length 1, but got an empty array instead.`, `${param}.content`, 'empty_array');
  }
  const allowed = item.role === 'assistant' ? OUTPUT_PARTS : INPUT_PARTS;
  for (let j = 0; j < item.content.length; j++) {
    const p = item.content[j];
    if (!isObj(p) || !allowed.has(p.type)) {
      return bad(`Invalid value: '${String(p?.type)}'. Supported values are: ${[...allowed].map((a) => `'${a}'`).join(', ')}.`, `${param}.content[${j}].type`, 'invalid_value');
    }
    if ((p.type === 'input_text' || p.type === 'output_text') && typeof p.text !== 'string') return bad(`Missing required parameter: '${param}.content[${j}].text'.`, `${param}.content[${j}].text`, 'missing_required_parameter');
    if (p.type === 'input_image' && typeof p.image_url !== 'string' && typeof p.file_id !== 'string') return bad(`Missing required parameter: '${param}.content[${j}].image_url'.`, `${param}.content[${j}].image_url`, 'missing_required_parameter');
  }
  return undefined;
}

/** The items a request's input resolves to (a string is one user message). */
export function inputItems(body: any): any[] {
  return typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : Array.isArray(body.input) ? body.input : [];
}

function checkItems(items: any[], prior: any[], store: boolean, state: FakeResponsesState): ValidationFailure | undefined {
  const calls = new Set<string>();
  // the input's own calls, each to be answered in it (OpenAI's 400 "No tool output found for function call")
  const called: string[] = [];
  const outputs = new Set<string>();
  for (const it of prior) if (it?.type === 'function_call') calls.add(it.call_id);
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    const param = `input[${i}]`;
    if (!isObj(it)) return bad(`Invalid type for '${param}': expected an input item.`, param, 'invalid_type');
    const type = it.type ?? 'message';
    if (!ITEM_TYPES.has(type)) return bad(`Invalid value: '${String(type)}'. Supported values are: 'message', 'function_call', 'function_call_output', 'reasoning', 'item_reference', ... .`, `${param}.type`, 'invalid_value');
    if (type === 'message') {
      const e = checkMessage(it, param);
      if (e) return e;
    } else if (type === 'function_call') {
      for (const k of ['call_id', 'name', 'arguments']) {
        if (typeof it[k] !== 'string') return bad(`Missing required parameter: '${param}.${k}'.`, `${param}.${k}`, 'missing_required_parameter');
      }
      calls.add(it.call_id);
      called.push(it.call_id);
    } else if (type === 'function_call_output') {
      if (typeof it.call_id !== 'string') return bad(`Missing required parameter: '${param}.call_id'.`, `${param}.call_id`, 'missing_required_parameter');
      if (!calls.has(it.call_id)) return bad(`No tool call found for function call output with call_id ${it.call_id}.`, 'input', null);
      if (typeof it.output !== 'string' && !Array.isArray(it.output)) return bad(`Missing required parameter: '${param}.output'.`, `${param}.output`, 'missing_required_parameter');
      outputs.add(it.call_id);
    } else if (type === 'reasoning') {
      if (typeof it.id !== 'string') return bad(`Missing required parameter: '${param}.id'.`, `${param}.id`, 'missing_required_parameter');
      if (typeof it.encrypted_content === 'string') {
        if (!state.ciphertexts.has(it.encrypted_content)) return bad(`The encrypted content for item ${it.id} could not be verified.`, null, 'invalid_encrypted_content');
      } else if (!store) {
        return bad(`Item with id '${it.id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`, 'input', null, 404);
      } else if (!state.reasoningIds.has(it.id)) {
        // another provider's (or account's) reasoning: OpenAI holds no such item
        return bad(`Item with id '${it.id}' not found.`, 'input', null, 404);
      }
    }
  }
  const unanswered = called.find((id) => !outputs.has(id));
  return unanswered === undefined ? undefined : bad(`No tool output found for function call ${unanswered}.`, 'input', null);
}

/**
 * Models that do not reason: OpenAI refuses any effort from them (BoundaryML/baml#2708, litellm#38842), a summary
 * too, and encrypted reasoning asked back in `include` ("Encrypted content is not supported with this model").
 */
const NO_EFFORT = /^gpt-4(o|\.1)/;

function checkReasoning(model: string, reasoning: unknown, include: unknown): ValidationFailure | undefined {
  if (!NO_EFFORT.test(model)) return undefined;
  if (isObj(reasoning)) {
    const key = reasoning.effort !== undefined ? 'effort' : Object.keys(reasoning)[0];
    if (key !== undefined) return bad(`Unsupported parameter: 'reasoning.${key}' is not supported with this model.`, `reasoning.${key}`, 'unsupported_parameter');
  }
  if (Array.isArray(include) && include.includes('reasoning.encrypted_content')) return bad('Encrypted content is not supported with this model.', 'include');
  return undefined;
}

function checkEffort(model: string, effort: unknown): ValidationFailure | undefined {
  const row = MODEL_EFFORTS.find(([pattern]) => pattern.test(model));
  if (!row || effort === undefined || effort === null || row[1].includes(String(effort))) return undefined;
  const supported = row[1].map((e) => `'${e}'`);
  const list = supported.length > 1 ? `${supported.slice(0, -1).join(', ')}, and ${supported.at(-1)}` : supported[0];
  return bad(`Unsupported value: '${String(effort)}' is not supported with the '${model}' model. Supported values are: ${list}.`, 'reasoning.effort', 'unsupported_value');
}

/** json_object with no input message saying "json" (OpenAI does not count `instructions`). */
function jsonWordError(format: unknown, items: any[]): ValidationFailure | undefined {
  if (!isObj(format) || format.type !== 'json_object') return undefined;
  const says = (it: any): boolean => (it?.type ?? 'message') === 'message' && /json/i.test(contentText(it.content));
  if (items.some(says)) return undefined;
  return bad("Response input messages must contain the word 'json' in some form to use 'text.format' of type 'json_object'.", 'input');
}

/** OpenAI's limit on the end-user id `user`, on chat completions and Responses alike. */
export function userError(user: unknown): ValidationFailure | undefined {
  if (typeof user !== 'string' || user.length <= 64) return undefined;
  return bad(`Invalid 'user': string too long. Expected a string with maximum length 64, but got a string with length ${user.length} instead.`, 'user', 'string_above_max_length');
}

/** A failure, or the conversation the request continues (its stored input and output), or []. */
export function validateResponsesRequest(body: any, state: FakeResponsesState): ValidationFailure | { prior: any[] } {
  if (!isObj(body)) return bad('We could not parse the JSON body of your request.', null);
  for (const key of Object.keys(body)) if (!PARAMS.has(key)) return bad(`Unknown parameter: '${key}'.`, key, 'unknown_parameter');
  if (typeof body.model !== 'string' || body.model === '') return bad("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  if (body.input !== undefined && typeof body.input !== 'string' && !Array.isArray(body.input)) return bad("Invalid type for 'input': expected one of a string or array of input items.", 'input', 'invalid_type');
  if (body.temperature !== undefined && body.temperature !== null && !(body.temperature >= 0 && body.temperature <= 2)) return bad(`Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got ${body.temperature} instead.`, 'temperature', 'decimal_above_max_value');
  if (body.top_p !== undefined && body.top_p !== null && !(body.top_p >= 0 && body.top_p <= 1)) return bad("Invalid 'top_p'.", 'top_p', 'invalid_value');
  if (body.max_output_tokens !== undefined && body.max_output_tokens !== null && !(Number.isInteger(body.max_output_tokens) && body.max_output_tokens >= 16)) {
    return bad(`Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got ${body.max_output_tokens} instead.`, 'max_output_tokens', 'integer_below_min_value');
  }
  const effortError = checkReasoning(body.model, body.reasoning, body.include) ?? checkEffort(body.model, body.reasoning?.effort);
  if (effortError) return effortError;
  const format = body.text?.format;
  if (isObj(format) && !['text', 'json_object', 'json_schema'].includes(format.type)) return bad(`Invalid value: '${String(format.type)}'.`, 'text.format.type', 'invalid_value');
  if (isObj(format) && format.type === 'json_schema' && (typeof format.name !== 'string' || !isObj(format.schema))) return bad("Missing required parameter: 'text.format.schema'.", 'text.format.schema', 'missing_required_parameter');
  const toolError = checkTools(body.tools) ?? userError(body.user);
  if (toolError) return toolError;
  let prior: any[] = [];
  if (typeof body.previous_response_id === 'string') {
    const prev = state.stored.get(body.previous_response_id);
    if (!prev) return bad(`Previous response with id '${body.previous_response_id}' not found.`, 'previous_response_id', 'previous_response_not_found');
    prior = [...prev.input, ...prev.response.output];
  }
  const itemError = checkItems(inputItems(body), prior, body.store !== false, state) ?? jsonWordError(format, [...prior, ...inputItems(body)]);
  return itemError ?? { prior };
}
