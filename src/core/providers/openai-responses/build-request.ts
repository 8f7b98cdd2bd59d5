// Canonical request -> a POST /responses body (OpenAI's Responses API, and compatible servers), and
// the same-format forward: the client's own Responses body with only `model` swapped.
import type {
  CanonicalMessage, CanonicalRequest, ContentPart, ForwardContext, ResponseFormat, ToolChoice, UpstreamHttpRequest, UpstreamTarget,
} from '../../canonical';
import { forcesToolCall } from '../../canonical';
import { serializeForward } from '../../forward-body';
import { hasErrorResult, openaiHeaders } from '../openai/build-request';
import { jsonWordInstruction } from '../json-mode-instruction';
import { forwardedEffortChange, openAIRefusesReasoning, reasoningEffortFor, refusedBesideReasoning, takesParam } from '../openai/model-effort';
import { quirksFor, upstreamUser, type SchemaEnforcement } from '../openai/quirks';
import { strictFlag } from '../openai/strict-schema';
import { joinUrl } from '../openai/wire-types';
import { responsesWebSearchTool } from './web-search';
import { hasEncryptedReasoning, isSwitchboardReasoningId } from '../../responses-items';
import { isSealedThinking } from '../../switchboard-thinking';
import { switchboardCompactionsAsMessages } from '../../responses-compaction';
import { withUnansweredCallsAnswered } from '../unanswered-calls';
import { withEmptyCallIdsNamed } from '../empty-call-ids';

type Json = Record<string, unknown>;

/** The Responses API's floor for `max_output_tokens`. */
const MIN_OUTPUT_TOKENS = 16;

export function buildResponsesRequest(req: CanonicalRequest, target: UpstreamTarget): UpstreamHttpRequest {
  const dropped: string[] = [];
  const body = toResponsesBody(req, target, dropped);
  // the Responses API has no place for these
  if (req.stop && req.stop.length > 0) dropped.push('stop');
  if (req.seed !== undefined) dropped.push('seed');
  if (req.presencePenalty !== undefined) dropped.push('presence_penalty');
  if (req.frequencyPenalty !== undefined) dropped.push('frequency_penalty');
  if (req.topK !== undefined) dropped.push('top_k');
  if (hasErrorResult(req)) dropped.push('is_error');
  return {
    url: joinUrl(target.baseUrl, '/responses'),
    method: 'POST',
    headers: openaiHeaders(target.apiKey),
    body: JSON.stringify(body),
    ...(dropped.length > 0 ? { dropped } : {}),
  };
}

/** Responses in, Responses out: encrypted reasoning, hosted tools and caching options travel as sent. */
export function buildResponsesForwardRequest(client: Json, target: UpstreamTarget, ctx: ForwardContext): UpstreamHttpRequest {
  // a summary Switchboard made for another model's compaction is text OpenAI reads, not its own item
  const summaries = switchboardCompactionsAsMessages(client.input);
  if (summaries) client = { ...client, input: summaries };
  const dropped: string[] = [];
  const input = unresolvableReasoningDropped(client);
  if (input) dropped.push('input[type=reasoning]');
  if (ctx.routed && openAIRefusesReasoning(target)) client = withoutReasoning(client, dropped);
  const reasoning = ctx.routed ? effortAsTaken(client.reasoning, target, hostsWebSearch(client.tools)) : undefined;
  if (reasoning) {
    if (reasoning.reasoning) client = { ...client, reasoning: reasoning.reasoning };
    else {
      const { reasoning: _left, ...rest } = client;
      client = rest;
    }
    dropped.push('reasoning');
  }
  return {
    url: joinUrl(target.baseUrl, '/responses'),
    method: 'POST',
    headers: openaiHeaders(target.apiKey),
    ...serializeForward(input ? { ...client, model: target.modelName, input } : { ...client, model: target.modelName }, ctx.raw),
    ...(dropped.length > 0 ? { dropped } : {}),
  };
}

/** The encrypted reasoning a Responses client asks back with `include` (Codex, with reasoning.summary "auto"). */
const ENCRYPTED_REASONING = 'reasoning.encrypted_content';

/**
 * The body for a model routing chose on OpenAI's own API that does not reason (the client's reasoning was meant
 * for another model): no `reasoning` object at all (OpenAI refuses its effort, and its summary, from gpt-4o and
 * gpt-4.1) and no encrypted reasoning in `include` ("Encrypted content is not supported with this model"; the
 * array left out when that was all it held), each named as the client spelled it.
 */
function withoutReasoning(client: Json, dropped: string[]): Json {
  let body = client;
  if (typeof body.reasoning === 'object' && body.reasoning !== null) {
    const { reasoning: _left, ...rest } = body;
    body = rest;
    dropped.push('reasoning');
  }
  if (Array.isArray(body.include) && body.include.includes(ENCRYPTED_REASONING)) {
    const include = body.include.filter((v) => v !== ENCRYPTED_REASONING);
    const { include: _asked, ...rest } = body;
    body = include.length > 0 ? { ...rest, include } : rest;
    dropped.push('include');
  }
  return body;
}

/**
 * For a model routing chose (an alias, a level, a fallback: the client's effort was meant for another model),
 * the client's `reasoning` with an effort this one takes, where its levels are known (the o-series take low to
 * high: Codex's minimal is a 400 there), and none for a model that does not reason (`reasoning` undefined when the
 * effort was all it held; on OpenAI's own API withoutReasoning took the whole object before); undefined when it
 * goes as sent. A model the client named gets its effort as sent: the
 * client knows its levels, maybe newer than these tables.
 */
function effortAsTaken(reasoning: unknown, target: UpstreamTarget, searches: boolean): { reasoning: Json | undefined } | undefined {
  if (typeof reasoning !== 'object' || reasoning === null) return undefined;
  const asked = (reasoning as Json).effort;
  const change = typeof asked === 'string' ? forwardedEffortChange(target, asked, true) : undefined;
  if (!change) return undefined;
  const { effort: _asked, ...rest } = reasoning as Json;
  // the client's own minimal beside its search is the client's to send; one Switchboard chose is not
  const send = change.send === 'minimal' && searches ? 'low' : change.send;
  if (send !== undefined) return { reasoning: { ...rest, effort: send } };
  // nothing else asked (a model that does not reason, to which OpenAI refuses reasoning.effort): no reasoning object at all
  return { reasoning: Object.keys(rest).length > 0 ? rest : undefined };
}

/**
 * OpenAI's web search guide (https://platform.openai.com/docs/guides/tools-web-search): "Web search is currently
 * not supported in gpt-5 with minimal reasoning" (400); low, medium and high search. An effort of minimal beside
 * a hosted web_search tool goes as low, named in `dropped` (the wish was not sent).
 */
function searchableEffort(effort: string | undefined, searches: boolean, wish: string | undefined, dropped: string[]): string | undefined {
  if (effort !== 'minimal' || !searches) return effort;
  if (wish === 'minimal' && !dropped.includes('reasoning_effort')) dropped.push('reasoning_effort');
  return 'low';
}

/** Whether a Responses body's tools hold OpenAI's hosted web search (web_search, web_search_preview and their dated types). */
function hostsWebSearch(tools: unknown): boolean {
  return Array.isArray(tools) && tools.some((t) => typeof t === 'object' && t !== null && typeof (t as Json).type === 'string' && ((t as Json).type as string).startsWith('web_search'));
}

/**
 * A reasoning item without its encrypted part is looked up by id, and OpenAI answers 404 for the whole
 * request when it cannot ("Item with id 'rs_...' not found"): always with `store: false` (it kept
 * nothing), and for an id Switchboard made. Such items are what a client replays (Codex keeps every
 * output item) after another format answered a turn: the reasoning was Anthropic's or Gemini's,
 * summarised by Switchboard. So does one holding Claude's thinking Switchboard sealed for the client
 * (switchboard-thinking.ts), which OpenAI would refuse. The input without them, or undefined when there are none.
 */
function unresolvableReasoningDropped(client: Json): unknown[] | undefined {
  const input = client.input;
  if (!Array.isArray(input)) return undefined;
  const stored = client.store !== false;
  const unresolvable = (item: unknown): boolean => {
    if (typeof item !== 'object' || item === null) return false;
    const it = item as Json;
    if (it.type !== 'reasoning') return false;
    // Claude's thinking Switchboard sealed for the client: never OpenAI's, whatever id the item carries
    if (isSealedThinking(it.encrypted_content)) return true;
    if (hasEncryptedReasoning(it)) return false;
    return !stored || isSwitchboardReasoningId(it.id);
  };
  return input.some(unresolvable) ? input.filter((item) => !unresolvable(item)) : undefined;
}

/** `dropped`: where to name the sampling settings a reasoning model refuses, and an effort changed or left out. */
export function toResponsesBody(req: CanonicalRequest, target: UpstreamTarget, dropped: string[] = []): Json {
  const body: Json = { model: target.modelName };
  if (req.system.length > 0) body.instructions = req.system.join('\n\n');
  // a function_call must have its function_call_output
  // calls of id "" (a chat client's) each under an id of their own: Responses pairs a call and its output by call_id
  body.input = withUnansweredCallsAnswered(withEmptyCallIdsNamed(req.messages, 'call_empty_')).flatMap(toInputItems);
  // json_object goes only with "json" in the input messages (instructions do not count): said where the client did not say it
  const jsonWord = jsonWordInstruction(req, false);
  if (jsonWord !== undefined) body.input = [{ role: 'developer', content: jsonWord }, ...(body.input as Json[])];
  // a tool call asked for with no tool to call: nothing can carry it (OpenAI refuses it, the others ignore it)
  if (!(req.tools && req.tools.length > 0) && forcesToolCall(req.toolChoice)) dropped.push('tool_choice');
  if (req.tools && req.tools.length > 0) {
    // strict defaults to true on this API, which refuses most schemas other formats accept: off unless
    // the client asked for it
    body.tools = req.tools.map((t) => ({
      type: 'function', name: t.name, ...(t.description === undefined ? {} : { description: t.description }), parameters: t.parameters, strict: t.strict ?? false,
    }));
    if (req.toolChoice !== undefined) body.tool_choice = toolChoice(req.toolChoice);
    if (req.parallelToolCalls !== undefined) body.parallel_tool_calls = req.parallelToolCalls;
  }
  const search = responsesWebSearchTool(req, target, dropped);
  if (search) {
    body.tools = [...(Array.isArray(body.tools) ? body.tools : []), search];
    // the pages the search read, not only those the answer cites: the client is shown them all
    body.include = ['web_search_call.action.sources'];
  }
  // OpenAI refuses less than 16 (400 "integer below minimum value"), and clients probe with 1 (Claude
  // Desktop, health checks): a few tokens more than asked beats a failed request
  if (req.maxTokens !== undefined) body.max_output_tokens = Math.max(MIN_OUTPUT_TOKENS, req.maxTokens);
  // the Responses-only models take fewer levels than their chat siblings (gpt-5-pro high alone, Codex no minimal)
  const effort = searchableEffort(reasoningEffortFor(req, target, dropped), search !== undefined, req.reasoningEffort, dropped);
  const refused = refusedBesideReasoning(target.providerType ?? 'openai', target.modelName, target.reasoning, effort);
  if (req.temperature !== undefined) {
    if (takesParam(refused, 'temperature', req.temperature)) body.temperature = req.temperature;
    else dropped.push('temperature');
  }
  if (req.topP !== undefined) {
    if (takesParam(refused, 'top_p', req.topP)) body.top_p = req.topP;
    else dropped.push('top_p');
  }
  if (req.responseFormat && req.responseFormat.type !== 'text') {
    body.text = { format: textFormat(req.responseFormat, dropped, quirksFor(target.providerType).schemaEnforcement?.(target.modelName)) };
  }
  if (req.verbosity !== undefined) body.text = { ...(body.text as Json | undefined), verbosity: req.verbosity };
  if (req.serviceTier !== undefined) body.service_tier = req.serviceTier;
  if (req.metadata !== undefined) body.metadata = req.metadata;
  if (target.reasoning !== false) {
    const reasoning: Json = {};
    if (effort !== undefined) reasoning.effort = effort;
    if (req.includeThoughts) reasoning.summary = 'auto';
    if (Object.keys(reasoning).length > 0) body.reasoning = reasoning;
  }
  if (req.user !== undefined) body.user = upstreamUser(req.user);
  if (req.promptCacheKey !== undefined) body.prompt_cache_key = req.promptCacheKey;
  // the client of another format never asked OpenAI to keep its conversation
  body.store = false;
  // a reasoning model's tool loop: its encrypted reasoning comes back with the calls, to be sent again with them.
  // OpenAI's own only: another server of the API (vLLM, OpenRouter, a gateway) may refuse the value or the
  // encrypted items sent back ("Encrypted content is not supported"), and nothing says they keep reasoning so
  if (target.providerType === 'openai' && target.reasoning === true && Array.isArray(body.tools) && body.tools.some((t) => (t as Json).type === 'function')) {
    body.include = [...(Array.isArray(body.include) ? body.include : []), 'reasoning.encrypted_content'];
  }
  if (req.stream) body.stream = true;
  return body;
}

function toInputItems(m: CanonicalMessage): Json[] {
  switch (m.role) {
    case 'system':
      return [{ role: 'developer', content: textOf(m.content) }];
    case 'user':
      // a list of content is "one or many" parts: an empty message (an Anthropic client's '' or [], a Gemini
      // client's parts []) goes as '', which OpenAI answers as a turn, as on chat completions
      return [{ role: 'user', content: m.content.length === 0 ? '' : m.content.map(inputPart) }];
    case 'assistant': {
      const items: Json[] = [];
      const text = textOf(m.content);
      if (text !== '') items.push({ role: 'assistant', content: text });
      for (const c of m.toolCalls ?? []) {
        // the model's own encrypted reasoning before its call, kept by the proxy (store is false: OpenAI kept nothing)
        if (c.reasoningItem) items.push({ type: 'reasoning', id: c.reasoningItem.id, summary: [], encrypted_content: c.reasoningItem.encryptedContent });
        items.push({ type: 'function_call', call_id: c.id, name: c.name, arguments: c.arguments });
      }
      return items;
    }
    case 'tool': {
      const textOnly = m.content.every((p) => p.type === 'text');
      return [{ type: 'function_call_output', call_id: m.toolCallId, output: textOnly ? textOf(m.content) : m.content.map(inputPart) }];
    }
  }
}

function inputPart(p: ContentPart): Json {
  switch (p.type) {
    case 'text':
      return { type: 'input_text', text: p.text };
    case 'image':
      return { type: 'input_image', detail: p.detail ?? 'auto', image_url: p.source.kind === 'url' ? p.source.url : `data:${p.source.mediaType};base64,${p.source.data}` };
    case 'document': {
      const file: Json = { type: 'input_file' };
      if (p.source.kind === 'url') file.file_url = p.source.url;
      else {
        file.file_data = `data:${p.source.mediaType};base64,${p.source.data}`;
        file.filename = p.filename ?? 'document.pdf';
      }
      return file;
    }
    case 'audio':
      return { type: 'input_audio', input_audio: { data: p.data, format: p.format } };
  }
}

function textOf(parts: ContentPart[]): string {
  let text = '';
  for (const p of parts) if (p.type === 'text') text = text === '' ? p.text : `${text}\n${p.text}`;
  return text;
}

function toolChoice(choice: ToolChoice): unknown {
  return typeof choice === 'string' ? choice : { type: 'function', name: choice.name };
}

function textFormat(format: Exclude<ResponseFormat, { type: 'text' }>, dropped: string[], enforcement: SchemaEnforcement | undefined): Json {
  if (format.type === 'json_object') return { type: 'json_object' };
  const strict = strictFlag(format, dropped, enforcement);
  return {
    type: 'json_schema', name: format.name, schema: format.schema,
    ...(format.description === undefined ? {} : { description: format.description }),
    ...(strict === undefined ? {} : { strict }),
  };
}
