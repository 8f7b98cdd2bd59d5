// The bodies and stream chunks the fake OpenAI server sends, in OpenAI's documented shapes.
import { chooseToolCall, type ToolTurn } from './fake-tool-call';
import { argumentFragments, splitText } from './fake-pieces';
import type { FakeProviderOptions, FakeUsage } from './types';

export const DEFAULT_TEXT = 'Hello from the fake openai provider!';

export type Answer =
  | { kind: 'text'; text: string }
  /** a model's refusal: content null, the text in `refusal` (streamed as delta.refusal), finish_reason stop */
  | { kind: 'refusal'; text: string }
  | { kind: 'tool'; id: string; name: string; args: string };

/** What the tool rule reads from a chat completion request. */
function toolTurn(body: any): ToolTurn {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const tools: any[] = Array.isArray(body?.tools) ? body.tools : [];
  const last = messages.findLast((m) => m?.role === 'user');
  const content = last?.content;
  return {
    offered: tools.map((t) => t?.function?.name).filter((n): n is string => typeof n === 'string'),
    results: messages.filter((m) => m?.role === 'tool').length,
    lastUserText: typeof content === 'string' ? content : Array.isArray(content) ? content.map((p: any) => (p?.type === 'text' ? p.text : '')).join(' ') : '',
  };
}

/** The tool call the shared rule picks (see ./fake-tool-call), else the text. */
export function chooseAnswer(body: any, options: FakeProviderOptions, seq: number): Answer {
  const call = chooseToolCall(toolTurn(body), options);
  if (call) return { kind: 'tool', id: `call_fake${String(seq).padStart(4, '0')}`, ...call };
  if (options.refusal !== undefined) return { kind: 'refusal', text: options.refusal };
  return { kind: 'text', text: options.text ?? DEFAULT_TEXT };
}

export function usageObject(u: FakeUsage): Record<string, unknown> {
  return {
    prompt_tokens: u.input,
    completion_tokens: u.output,
    total_tokens: u.input + u.output + (u.reasoningApart ? u.reasoning ?? 0 : 0),
    prompt_tokens_details: { cached_tokens: u.cached ?? 0, audio_tokens: u.audio ?? 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoning ?? 0, audio_tokens: u.audioOutput ?? 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    ...(u.cost === undefined ? {} : { cost: u.cost, is_byok: false }),
  };
}

/** The tier that serves a request, as OpenAI answers `service_tier`: flex or priority when asked for, else default. */
export function servedTier(body: any): string {
  return body?.service_tier === 'flex' || body?.service_tier === 'priority' ? body.service_tier : 'default';
}

export function completionBody(id: string, model: string, answer: Answer, usage: FakeUsage | null, tier = 'default'): Record<string, unknown> {
  const message = answer.kind === 'text'
    ? { role: 'assistant', content: answer.text, refusal: null, annotations: [] }
    : answer.kind === 'refusal'
    ? { role: 'assistant', content: null, refusal: answer.text, annotations: [] }
    : { role: 'assistant', content: null, refusal: null, annotations: [], tool_calls: [{ id: answer.id, type: 'function', function: { name: answer.name, arguments: answer.args } }] };
  const body: Record<string, unknown> = {
    id, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: answer.kind === 'tool' ? 'tool_calls' : 'stop' }],
    service_tier: tier, system_fingerprint: 'fp_fake',
  };
  if (usage) body.usage = usageObject(usage);
  return body;
}

export interface StreamPlan {
  role: string;
  /** the "content chunks" faults count */
  content: string[];
  finish: string;
  usage: string | null;
}

const PADDING = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random padding of random length, as OpenAI's `obfuscation` member carries against size side channels. */
function obfuscation(): string {
  let out = '';
  for (let i = Math.floor(Math.random() * 16); i > 0; i--) out += PADDING[Math.floor(Math.random() * PADDING.length)];
  return out;
}

/**
 * The SSE events of one streamed answer, each already framed as `data: ...\n\n`. `obfuscate`: every
 * chunk but the usage one ends with an `obfuscation` member, as api.openai.com writes them unless the
 * request sets stream_options.include_obfuscation to false.
 */
export function streamPlan(
  id: string, model: string, answer: Answer, options: FakeProviderOptions, usage: FakeUsage | null, obfuscate = false, tier = 'default',
): StreamPlan {
  const created = Math.floor(Date.now() / 1000);
  const withUsageNull = usage !== null;
  const frame = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({
      id, object: 'chat.completion.chunk', created, model, service_tier: tier, system_fingerprint: 'fp_fake', choices,
      ...(withUsageNull ? { usage: null } : {}), ...(obfuscate && !extra.usage ? { obfuscation: obfuscation() } : {}), ...extra,
    })}\n\n`;
  const choice = (delta: unknown, finish: string | null = null) => [{ index: 0, delta, logprobs: null, finish_reason: finish }];
  const content: string[] = [];
  if (answer.kind === 'text') {
    for (const piece of splitText(answer.text, options.chunks ?? 5)) content.push(frame(choice({ content: piece })));
  } else if (answer.kind === 'refusal') {
    for (const piece of splitText(answer.text, options.chunks ?? 5)) content.push(frame(choice({ refusal: piece })));
  } else {
    content.push(frame(choice({ tool_calls: [{ index: 0, id: answer.id, type: 'function', function: { name: answer.name, arguments: '' } }] })));
    for (const frag of argumentFragments(answer.args)) content.push(frame(choice({ tool_calls: [{ index: 0, function: { arguments: frag } }] })));
  }
  return {
    role: frame(choice({ role: 'assistant', content: answer.kind === 'text' ? '' : null, refusal: answer.kind === 'refusal' ? '' : null })),
    content,
    finish: frame(choice({}, answer.kind === 'tool' ? 'tool_calls' : 'stop')),
    usage: usage ? frame([], { usage: usageObject(usage) }) : null,
  };
}

export function embeddingVector(index: number): number[] {
  return [index + 1, 0.5, -0.25, 0.125, 0, 1, -1, 0.75];
}

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

/** What the real API refuses in `messages` with 400: unknown roles, and tool calls and results that do not pair up. */
export function messagesError(messages: any[]): string | undefined {
  let open: string[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (!ROLES.has(m?.role)) {
      return `Invalid value: '${String(m?.role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`;
    }
    if (m.role === 'tool') {
      if (!open.includes(m.tool_call_id)) return "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.";
      open = open.filter((id) => id !== m.tool_call_id);
      continue;
    }
    if (open.length > 0) {
      return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${open.join(', ')}`;
    }
    open = m.role === 'assistant' && Array.isArray(m.tool_calls) ? m.tool_calls.map((c: any) => c?.id) : [];
  }
  return undefined;
}

const FUNCTION_NAME = /^[a-zA-Z0-9_-]+$/;

/** What the real API refuses in `tools` with 400: a function name outside ^[a-zA-Z0-9_-]{1,64}$. */
export function toolsError(tools: unknown): { message: string; param: string } | undefined {
  if (!Array.isArray(tools)) return undefined;
  for (let i = 0; i < tools.length; i++) {
    const name = tools[i]?.function?.name;
    if (typeof name !== 'string') continue;
    const param = `tools[${i}].function.name`;
    if (!FUNCTION_NAME.test(name)) return { message: `Invalid '${param}': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`, param };
    if (name.length > 64) return { message: `Invalid '${param}': string too long. Expected a string with maximum length 64, but got a string with length ${name.length} instead.`, param };
  }
  return undefined;
}

/** What the real API refuses in `tool_choice` with 400: a function that is not among `tools`. */
export function toolChoiceError(body: any): string | undefined {
  const name = body?.tool_choice?.function?.name;
  if (body?.tool_choice?.type !== 'function' || typeof name !== 'string') return undefined;
  const offered = Array.isArray(body.tools) ? body.tools.map((t: any) => t?.function?.name) : [];
  return offered.includes(name) ? undefined : `Invalid value for 'tool_choice': function '${name}' not found in 'tools'.`;
}

/** What the real API refuses in `response_format` with 400: a json_schema whose root is not an object. */
export function responseFormatError(format: any): string | undefined {
  if (format?.type !== 'json_schema') return undefined;
  const schema = format.json_schema?.schema;
  const type = schema?.type;
  if (type === 'object') return undefined;
  return `Invalid schema for response_format '${String(format.json_schema?.name)}': schema must be a JSON Schema of 'type: "object"', got 'type: "${String(type)}"'.`;
}

/** The text a message's content says: a string, or its text parts'. */
export function contentText(content: any): string {
  if (typeof content === 'string') return content;
  return Array.isArray(content) ? content.map((p: any) => (typeof p?.text === 'string' ? p.text : '')).join('\n') : '';
}

/** What the real API refuses with 400 when `response_format` is json_object: messages none of which says "json". */
export function jsonWordError(body: any): string | undefined {
  if (body?.response_format?.type !== 'json_object') return undefined;
  if (Array.isArray(body.messages) && body.messages.some((m: any) => /json/i.test(contentText(m?.content)))) return undefined;
  return "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.";
}

export function errorBody(message: string, type: string, code: string | null, param: string | null = null): { error: Record<string, unknown> } {
  return { error: { message, type, param, code } };
}

export function defaultStatusBody(status: number): { error: Record<string, unknown> } {
  if (status === 429) return errorBody('Rate limit reached for requests', 'requests', 'rate_limit_exceeded');
  if (status === 401) return errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
  if (status === 404) return errorBody('The model does not exist or you do not have access to it.', 'invalid_request_error', 'model_not_found');
  if (status >= 500) return errorBody('The server had an error while processing your request. Sorry about that!', 'server_error', null);
  return errorBody(`Fake error with status ${status}`, 'invalid_request_error', null);
}

/**
 * An Ollama `POST /api/show` answer in the documented shape (docs/api.md "Show Model Information":
 * modelfile, parameters, template, details, model_info keyed `<architecture>.<field>`, capabilities).
 */
export function ollamaShowBody(o: { arch: string; contextLength: number; capabilities: string[]; family?: string; numCtx?: number }): Record<string, unknown> {
  return {
    modelfile: '# Modelfile generated by "ollama show"\nFROM /models/blobs/sha256:0000\n',
    parameters: `${o.numCtx !== undefined ? `num_ctx                        ${o.numCtx}\n` : ''}stop                           "<|eot_id|>"`,
    template: '{{ .Prompt }}',
    details: { parent_model: '', format: 'gguf', family: o.family ?? o.arch, families: [o.family ?? o.arch], parameter_size: '8.0B', quantization_level: 'Q4_K_M' },
    model_info: {
      'general.architecture': o.arch,
      'general.file_type': 15,
      'general.parameter_count': 8030261248,
      'general.quantization_version': 2,
      [`${o.arch}.block_count`]: 32,
      [`${o.arch}.context_length`]: o.contextLength,
      [`${o.arch}.embedding_length`]: 4096,
      'tokenizer.ggml.model': 'gpt2',
    },
    capabilities: o.capabilities,
    modified_at: '2026-11-02T10:00:00.000000000Z',
  };
}

/**
 * Ollama 0.12+'s POST /api/show for a cloud model pulled into the local daemon (`gpt-oss:120b-cloud`), which it
 * forwards to ollama.com (ollama server/routes.go GetModelInfo): `remote_host`, `remote_model`, the context
 * ollama.com runs it with in model_info, no Modelfile parameters.
 */
export function ollamaCloudShowBody(o: { remoteModel: string; arch: string; contextLength: number; capabilities: string[] }): Record<string, unknown> {
  return {
    modelfile: '# Modelfile generated by "ollama show"', template: '{{ .Prompt }}',
    details: { parent_model: '', format: '', family: o.arch, families: [o.arch], parameter_size: '116.8B', quantization_level: 'MXFP4' },
    remote_model: o.remoteModel, remote_host: 'https://ollama.com:443',
    model_info: { 'general.architecture': o.arch, [`${o.arch}.context_length`]: o.contextLength, [`${o.arch}.embedding_length`]: 2880 },
    capabilities: o.capabilities,
    modified_at: '2026-11-02T10:00:00.000000000Z',
  };
}
