// The Responses API's `response` object and its output items, built from canonical answers: what a
// non-streamed request gets, and what the stream's response.created / response.completed carry.
import type { RawJsonBody } from '../../forward-body';
import type { CanonicalResponse, FinishReason, ToolCall, Usage } from '../../canonical';
import { parseToolInput, wholeJson } from '../../providers/anthropic/build-messages';
import { customToolInput, type ToolNames } from './tool-names';
import { SWITCHBOARD_REASONING_MARK } from '../../responses-items';
import { sealThinking, type ThinkingSeal } from '../../switchboard-thinking';
import { compactionItem } from '../../responses-compaction';
import { splitRefusal } from '../refusal';
import { isJsonObject } from '../../json-object';

/** What a response needs to know about the request it answers. */
export interface ResponsesAnswerContext {
  /** `resp_...` */
  id: string;
  /** the client's request: the response object repeats its settings (instructions, tools, metadata, ...) */
  request: Record<string, unknown>;
  /** namespaced tools, so calls come back under the names the client declared */
  toolNames: ToolNames;
  /** called with the finished response object before it is sent (the proxy stores it) */
  onResponse?: (response: Record<string, unknown>) => void;
  /** the request as received, when `request` is it: echoed members are copied from its bytes */
  raw?: RawJsonBody;
  /** the request asks for a compaction (Codex): the answer is one compaction item holding the model's text */
  compaction?: boolean;
  /**
   * the request asks for reasoning summaries (reasoning.summary): a translated model's thinking is their
   * text. Without it a reasoning item says only that the model reasoned (`summary: []`), as OpenAI's does
   */
  summaries?: boolean;
  /**
   * set when the request asks for reasoning.encrypted_content (Codex does): Claude's signed thinking before a call
   * goes to the client sealed with it, in a reasoning item of its own before the call, and comes back with it
   * (switchboard-thinking.ts)
   */
  seal?: ThinkingSeal;
}

export type OutputItem = Record<string, unknown>;

/** `resp_` + the hex of an id (a request id `sbr_<hex>`, an upstream id), or fresh hex. */
export function responseIdFrom(id: string): string {
  if (id.startsWith('resp_')) return id;
  const hex = id.replace(/^[a-z]+[_-]/i, '').replace(/[^A-Za-z0-9]/g, '');
  return `resp_${hex || globalThis.crypto.randomUUID().replace(/-/g, '')}`;
}

/** Item ids share the response's suffix, so they are unique wherever the response is. */
export function itemId(prefix: 'msg' | 'rs' | 'fc' | 'ctc' | 'tsc' | 'cmp', responseId: string, index: number): string {
  // a summary of another model's thinking is no reasoning OpenAI can look up: its id says whose it is
  const mark = prefix === 'rs' ? SWITCHBOARD_REASONING_MARK : '';
  return `${prefix}_${mark}${responseId.slice(5)}${index.toString(16).padStart(2, '0')}`;
}

export function responsesUsage(u: Usage): Record<string, unknown> {
  return {
    input_tokens: u.inputTokens,
    input_tokens_details: { cached_tokens: u.cachedInputTokens ?? 0 },
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens ?? 0 },
    total_tokens: u.inputTokens + u.outputTokens,
  };
}

export function statusOf(reason: FinishReason): { status: 'completed' | 'incomplete'; incomplete_details: { reason: string } | null } {
  if (reason === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (reason === 'content_filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

function field(v: unknown, fallback: unknown): unknown {
  return v === undefined || v === null ? fallback : v;
}

/** The response object without its outcome: what response.created announces. */
export function responseShell(ctx: ResponsesAnswerContext, servedModel: string, createdAt: number): Record<string, unknown> {
  const req = ctx.request;
  const reasoning = isJsonObject(req.reasoning) ? req.reasoning : {};
  return {
    id: ctx.id,
    object: 'response',
    created_at: createdAt,
    status: 'in_progress',
    background: false,
    error: null,
    incomplete_details: null,
    instructions: field(req.instructions, null),
    max_output_tokens: field(req.max_output_tokens, null),
    max_tool_calls: field(req.max_tool_calls, null),
    model: servedModel,
    output: [],
    parallel_tool_calls: field(req.parallel_tool_calls, true),
    previous_response_id: field(req.previous_response_id, null),
    prompt_cache_key: field(req.prompt_cache_key, null),
    reasoning: { effort: field(reasoning.effort, null), summary: field(reasoning.summary, null) },
    safety_identifier: field(req.safety_identifier, null),
    // the tier asked for, as OpenAI's response.created says it; the answer's says the one that served it (servedTier)
    service_tier: field(req.service_tier, 'auto'),
    store: field(req.store, true),
    temperature: field(req.temperature, 1),
    text: field(req.text, { format: { type: 'text' } }),
    tool_choice: field(req.tool_choice, 'auto'),
    tools: field(req.tools, []),
    top_p: field(req.top_p, 1),
    truncation: field(req.truncation, 'disabled'),
    usage: null,
    user: field(req.user, null),
    metadata: field(req.metadata, {}),
  };
}

/** The tiers a Responses object may say (typed clients, async-openai among them, fail to read any other). */
const OPENAI_TIERS = new Set(['auto', 'default', 'flex', 'scale', 'priority']);

/**
 * The tier that served an answer, as its response object says it: the one the provider reported (the usage's),
 * when OpenAI has that name; else default (none reported; Gemini's standard, Groq's on_demand or performance).
 */
export function servedTier(usage: Usage | undefined): string {
  const tier = usage?.serviceTier;
  return tier !== undefined && OPENAI_TIERS.has(tier) ? tier : 'default';
}

export function messageItem(id: string, text: string, status = 'completed'): OutputItem {
  return { id, type: 'message', status, content: text === '' && status !== 'completed' ? [] : [outputText(text)], role: 'assistant' };
}

export function outputText(text: string): Record<string, unknown> {
  return { type: 'output_text', annotations: [], logprobs: [], text };
}

export function refusalPart(refusal: string): Record<string, unknown> {
  return { type: 'refusal', refusal };
}

/** JSON.stringify(refusalPart(refusal)), from the refusal's JSON. */
export function refusalPartJson(refusalJson: string): string {
  return `{"type":"refusal","refusal":${refusalJson}}`;
}

/** JSON.stringify(outputText(text)), from the text's JSON. */
export function outputTextJson(textJson: string): string {
  return `{"type":"output_text","annotations":[],"logprobs":[],"text":${textJson}}`;
}

/** JSON.stringify(messageItem(id, text, status)) of a finished message, from its part's JSON (outputTextJson). */
export function messageItemJson(id: string, partJson: string, status: 'completed' | 'incomplete' = 'completed'): string {
  return `{"id":${JSON.stringify(id)},"type":"message","status":"${status}","content":[${partJson}],"role":"assistant"}`;
}

export function reasoningItem(id: string, summary: string | null): OutputItem {
  return { id, type: 'reasoning', summary: summary === null ? [] : [{ type: 'summary_text', text: summary }] };
}

/** The reasoning item that carries the thinking before a call to the client and back, when it asked for encrypted reasoning; else undefined. */
export function sealedThinkingItem(ctx: ResponsesAnswerContext, servedModel: string, call: Pick<ToolCall, 'thinking'>, index: number): OutputItem | undefined {
  if (!ctx.seal || !call.thinking || call.thinking.length === 0) return undefined;
  return { id: itemId('rs', ctx.id, index), type: 'reasoning', summary: [], encrypted_content: sealThinking(ctx.seal, servedModel, call.thinking) };
}

/** A call's item id: `ctc_` for a custom tool's (as OpenAI's), `tsc_` for a tool search, else `fc_`. */
export function callItemId(ctx: ResponsesAnswerContext, name: string, index: number): string {
  const client = ctx.toolNames.toClient(name);
  return itemId(client.custom ? 'ctc' : client.search ? 'tsc' : 'fc', ctx.id, index);
}

/**
 * A tool call as the client declared the tool: a function_call, a custom_tool_call carrying its text,
 * or the tool_search_call the client runs itself.
 */
export function functionCallItem(id: string, call: ToolCall, names: ToolNames, status = 'completed'): OutputItem {
  const client = names.toClient(call.name);
  if (client.search) return { id, type: 'tool_search_call', status, call_id: call.id, execution: 'client', arguments: parseToolInput(call.arguments) };
  const item: OutputItem = client.custom
    ? { id, type: 'custom_tool_call', status, call_id: call.id, name: client.name, input: customToolInput(call.arguments) }
    : { id, type: 'function_call', status, arguments: call.arguments, call_id: call.id, name: client.name };
  if (client.namespace !== undefined) item.namespace = client.namespace;
  return item;
}

export function formatResponsesResponse(res: CanonicalResponse, servedModel: string, ctx: ResponsesAnswerContext): Record<string, unknown> {
  const output: OutputItem[] = [];
  // a refusal completes, as OpenAI's does: its refusal part says what it is
  const outcome = statusOf(res.finishReason === 'content_filter' && splitRefusal(res).refusal !== undefined ? 'stop' : res.finishReason);
  if (ctx.compaction) output.push(compactionItem(itemId('cmp', ctx.id, 0), res.text));
  else addOutput(res, ctx, output, outcome.status, servedModel);
  const response = {
    ...responseShell(ctx, servedModel, Math.floor(Date.now() / 1000)),
    ...outcome,
    output,
    usage: res.usage ? responsesUsage(res.usage) : null,
    service_tier: servedTier(res.usage),
  };
  ctx.onResponse?.(response);
  return response;
}

function addOutput(res: CanonicalResponse, ctx: ResponsesAnswerContext, output: OutputItem[], status: 'completed' | 'incomplete', servedModel: string): void {
  if (res.reasoning) output.push(reasoningItem(itemId('rs', ctx.id, output.length), ctx.summaries ? res.reasoning : null));
  if (res.text !== '' || res.toolCalls.length === 0) {
    const { text, refusal } = splitRefusal(res);
    const message = messageItem(itemId('msg', ctx.id, output.length), text);
    if (refusal !== undefined) message.content = text === '' ? [refusalPart(refusal)] : [outputText(text), refusalPart(refusal)];
    output.push(message);
  }
  const callItems: OutputItem[] = [];
  for (const call of res.toolCalls) {
    const sealed = sealedThinkingItem(ctx, servedModel, call, output.length);
    if (sealed) output.push(sealed);
    const item = functionCallItem(callItemId(ctx, call.name, output.length), call, ctx.toolNames);
    callItems.push(item);
    output.push(item);
  }
  // cut off (max_output_tokens, a filter): a call whose arguments are not whole JSON is unfinished,
  // not completed (a client would run it with half its arguments); else the message was cut
  if (status === 'incomplete') {
    const cut = callItems.filter((_, i) => !wholeJson(res.toolCalls[i]!.arguments));
    for (const item of cut) item.status = 'incomplete';
    const message = output.find((o) => o.type === 'message');
    if (cut.length === 0 && message) message.status = 'incomplete';
  }
}
