// Canonical request -> OpenAI Chat Completions request body.
import { forcesToolCall, UpstreamFailure } from '../../canonical';
import type {
  CanonicalMessage, CanonicalRequest, ContentPart, ForwardContext, ImageSource, ReasoningDetail, ResponseFormat, ToolCall, ToolChoice,
  UpstreamHttpRequest, UpstreamTarget,
} from '../../canonical';
import { rawMember, serializeForward } from '../../forward-body';
import { jsonWordInstruction } from '../json-mode-instruction';
import { droppedWebSearch } from '../web-search';
import { withUnansweredCallsAnswered } from '../unanswered-calls';
import { bridgeToolResults, fitMessages } from './message-fields';
import { withModelTurnsMerged } from './model-turns';
import { forwardedEffortChange, openRouterReasoning, reasoningEffortFor, refusedBesideReasoning, takesParam, type RefusedParam } from './model-effort';
import { ANY_OBJECT_FORMAT, quirksFor, upstreamUser, wantsCache, type OpenAIQuirks, type SchemaEnforcement } from './quirks';
import { strictFlag } from './strict-schema';
import { isAbsent } from '../../inbound/openai/validate';
import {
  joinUrl,
  type OpenAIChatRequest, type OpenAIContentPart, type OpenAIMessage, type OpenAIResponseFormat, type OpenAIToolChoice,
} from './wire-types';

/** OpenAI refuses more stop sequences (400 "array too long"); Anthropic and Gemini clients may send more. */
const MAX_STOP_SEQUENCES = 4;

export function openaiHeaders(apiKey: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  return headers;
}

export function buildOpenAIChatRequest(req: CanonicalRequest, target: UpstreamTarget): UpstreamHttpRequest {
  const dropped = req.topK !== undefined ? ['top_k'] : [];
  if (hasErrorResult(req)) dropped.push('is_error');
  const body = toOpenAIChatBody(req, target, dropped);
  const prefill = req.prefill ? continuedPrefill(body, quirksFor(target.providerType)) : undefined;
  if ((req.stop?.length ?? 0) > MAX_STOP_SEQUENCES && !dropped.includes('stop')) dropped.push('stop');
  if (req.user !== undefined && !quirksFor(target.providerType).acceptsUser) dropped.push(req.userField ?? 'user');
  if (req.promptCacheKey !== undefined && !quirksFor(target.providerType).acceptsPromptCacheKey) dropped.push('prompt_cache_key');
  // Chat Completions takes metadata only with store: true (400 "The 'metadata' parameter is only allowed when 'store' is enabled")
  if (req.metadata !== undefined) dropped.push('metadata');
  dropped.push(...droppedWebSearch(req));
  return {
    url: joinUrl(target.baseUrl, '/chat/completions'),
    method: 'POST',
    headers: openaiHeaders(target.apiKey),
    body: JSON.stringify(body),
    ...(dropped.length > 0 ? { dropped } : {}),
    ...(prefill ? { prefill } : {}),
  };
}

/** The closing assistant message marked for the provider to go on from, where it can (providers/prefill.ts). */
function continuedPrefill(body: OpenAIChatRequest, quirks: OpenAIQuirks): { echoed?: string } | undefined {
  const last = body.messages.at(-1);
  if (last?.role !== 'assistant') return undefined;
  if (quirks.continuesAssistant) return {};
  if (!quirks.continuesPrefix || typeof last.content !== 'string') return undefined;
  last.prefix = true;
  return { echoed: last.content };
}

/**
 * OpenAI chat in, OpenAI-compatible out: the client's body as sent, with only what the proxy owns
 * changed (`model`, the usage option it needs to bill a stream) and the provider's known quirks.
 */
export function buildOpenAIForwardRequest(client: Record<string, unknown>, target: UpstreamTarget, ctx: ForwardContext): UpstreamHttpRequest {
  const quirks = quirksFor(target.providerType);
  const body: Record<string, unknown> = { ...client, model: target.modelName };
  const dropped: string[] = [];
  if (ctx.stream) {
    if (quirks.streamUsageOption) {
      const asked = body.stream_options !== null && typeof body.stream_options === 'object' ? body.stream_options : {};
      body.stream_options = { ...asked, include_usage: true };
    } else delete body.stream_options;
  }
  renameField(body, quirks.maxTokensField === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens', quirks.maxTokensField);
  renameField(body, 'seed', quirks.seedField);
  if (!quirks.acceptsUser && body.user !== undefined) {
    // a null user asked for nothing: left out unnamed
    if (!isAbsent(body.user)) dropped.push('user');
    delete body.user;
  }
  if (quirks.oneChoice && typeof body.n === 'number' && body.n > 1) {
    // a choice fewer would answer another question: a model elsewhere may take it, else the client gets 400
    throw new UpstreamFailure({ kind: 'untranslatable', message: `this provider answers only n=1 (one choice), not n=${body.n}` });
  }
  // a model routing chose (not the one named) gets only a tier its provider takes, as a translated request does
  if (ctx.routed && typeof body.service_tier === 'string') {
    const tier = tierTaken(quirks, body.service_tier, target.modelName);
    if (tier === undefined) {
      delete body.service_tier;
      dropped.push('service_tier');
    } else body.service_tier = tier;
  }
  for (const key of quirks.refusesFields ?? []) {
    if (body[key] === undefined) continue;
    if (asksSomething(body[key])) dropped.push(key);
    delete body[key];
  }
  const change = typeof body.reasoning_effort === 'string' ? forwardedEffortChange(target, body.reasoning_effort, ctx.routed === true) : undefined;
  if (change) {
    if (change.send === undefined) delete body.reasoning_effort;
    else body.reasoning_effort = change.send;
    dropped.push('reasoning_effort');
  }
  const effort = typeof body.reasoning_effort === 'string' ? body.reasoning_effort : undefined;
  const refused = refusedBesideReasoning(target.providerType, target.modelName, target.reasoning, effort);
  for (const key of refused) {
    if (body[key] === undefined || takesParam(refused, key, body[key])) continue;
    delete body[key];
    dropped.push(key);
  }
  if (quirks.toolCallId && Array.isArray(body.messages)) body.messages = body.messages.map((m: unknown) => withFixedToolIds(m, quirks.toolCallId!));
  if (quirks.jsonObjectAsSchema && (body.response_format as { type?: unknown } | null | undefined)?.type === 'json_object') body.response_format = ANY_OBJECT_FORMAT;
  if (wantsReasoningBack(target) && Array.isArray(body.messages) && body.messages.some(lacksReasoning)) {
    // the client kept no thinking of a turn with tool calls: an empty one is what DeepSeek takes then
    body.messages = body.messages.map((m: unknown) => (lacksReasoning(m) ? { ...(m as object), reasoning_content: '' } : m));
  }
  if (Array.isArray(body.messages)) body.messages = bridgeToolResults(fitMessages(body.messages, quirks, dropped), quirks);
  if (wantsCache(quirks, target.modelName, body, () => body.cache_control !== undefined || holdsCacheMarks(client, ctx))) body.cache_control = { type: 'ephemeral' };
  if (quirks.onlyFields) {
    for (const key of Object.keys(body)) {
      if (quirks.onlyFields.has(key)) continue;
      delete body[key];
      dropped.push(key);
    }
  }
  return {
    url: joinUrl(target.baseUrl, '/chat/completions'),
    method: 'POST',
    headers: openaiHeaders(target.apiKey),
    ...serializeForward(body, ctx.raw),
    ...(dropped.length > 0 ? { dropped } : {}),
  };
}

/**
 * A tool result marked as an error (Anthropic's is_error): OpenAI's tool messages and Responses'
 * function_call_output have no such flag, only the result's text (which usually says so).
 */
export function hasErrorResult(req: CanonicalRequest): boolean {
  return req.messages.some((m) => m.role === 'tool' && m.isError === true);
}

const CACHE_CONTROL = Buffer.from('"cache_control"');

/** The client marked some of its prompt for caching itself (a message part's `cache_control`). */
function holdsCacheMarks(client: Record<string, unknown>, ctx: ForwardContext): boolean {
  const bytes = ctx.raw?.parsed === client ? rawMember(ctx.raw, 'messages', client.messages) : undefined;
  if (bytes) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(CACHE_CONTROL);
  return JSON.stringify(client.messages ?? null).includes('"cache_control"');
}

/** `logprobs: false`, `logit_bias: {}`, null: left out, nothing the client asked for is lost. */
function asksSomething(value: unknown): boolean {
  if (value === null || value === false) return false;
  return !(typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);
}

/** An assistant message with tool calls and no `reasoning_content`. */
function lacksReasoning(m: unknown): boolean {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return false;
  const msg = m as Record<string, unknown>;
  return msg.role === 'assistant' && Array.isArray(msg.tool_calls) && msg.tool_calls.length > 0 && typeof msg.reasoning_content !== 'string';
}

function renameField(body: Record<string, unknown>, from: string, to: string): void {
  if (from === to || body[from] === undefined) return;
  if (body[to] === undefined) body[to] = body[from];
  delete body[from];
}

function withFixedToolIds(m: unknown, fix: (id: string) => string): unknown {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return m;
  const msg = m as Record<string, unknown>;
  if (typeof msg.tool_call_id === 'string') return { ...msg, tool_call_id: fix(msg.tool_call_id) };
  if (!Array.isArray(msg.tool_calls)) return m;
  return {
    ...msg,
    tool_calls: msg.tool_calls.map((tc: unknown) => {
      const call = tc as Record<string, unknown> | null;
      return call && typeof call.id === 'string' ? { ...call, id: fix(call.id) } : tc;
    }),
  };
}

/** `dropped`: where to name what the body leaves out or changes of the canonical request. */
export function toOpenAIChatBody(req: CanonicalRequest, target: UpstreamTarget, dropped: string[] = []): OpenAIChatRequest {
  const quirks = quirksFor(target.providerType);
  // json_object goes only with "json" in the prompt: said in a system message where the client did not say it
  const jsonWord = quirks.jsonObjectAsSchema ? undefined : jsonWordInstruction(req);
  const prompt = jsonWord === undefined ? req : { ...req, system: [...req.system, jsonWord] };
  const messages = bridgeToolResults(toOpenAIMessages(prompt, quirks, wantsReasoningBack(target), target.providerType === 'openrouter'), quirks);
  const body: OpenAIChatRequest = { model: target.modelName, messages };
  // a tool call asked for with no tool to call: nothing can carry it (OpenAI refuses it, the others ignore it)
  if (!(req.tools && req.tools.length > 0) && forcesToolCall(req.toolChoice)) dropped.push('tool_choice');
  if (req.tools && req.tools.length > 0) {
    body.tools = req.tools.map((t) => ({
      type: 'function',
      function: {
        name: t.name,
        ...(t.description === undefined ? {} : { description: t.description }),
        parameters: t.parameters,
        ...(t.strict === undefined ? {} : { strict: t.strict }),
      },
    }));
    // OpenAI rejects tool_choice / parallel_tool_calls without tools, so they only travel with them
    if (req.toolChoice !== undefined) body.tool_choice = toOpenAIToolChoice(req.toolChoice);
    if (req.parallelToolCalls !== undefined) body.parallel_tool_calls = req.parallelToolCalls;
  }
  const effortDropped: string[] = [];
  const openRouter = target.providerType === 'openrouter' ? openRouterReasoning(req, target, effortDropped) : undefined;
  const effort = target.providerType === 'openrouter' ? openRouter?.effort : reasoningEffortFor(req, target, effortDropped);
  const refused = refusedBesideReasoning(target.providerType, target.modelName, target.reasoning, effort);
  const put = (key: RefusedParam, value: unknown, set: () => void): void => {
    if (value === undefined) return;
    if (takesParam(refused, key, value)) set();
    else dropped.push(key);
  };
  put('temperature', req.temperature, () => { body.temperature = req.temperature; });
  put('top_p', req.topP, () => { body.top_p = req.topP; });
  if (req.stop && req.stop.length > 0) put('stop', req.stop, () => { body.stop = req.stop!.slice(0, MAX_STOP_SEQUENCES); });
  if (req.responseFormat && req.responseFormat.type !== 'text') {
    body.response_format = req.responseFormat.type === 'json_object' && quirks.jsonObjectAsSchema ? ANY_OBJECT_FORMAT : toOpenAIResponseFormat(req.responseFormat, dropped, quirks.schemaEnforcement?.(target.modelName));
  }
  if (req.maxTokens !== undefined) body[quirks.maxTokensField] = req.maxTokens;
  dropped.push(...effortDropped);
  if (openRouter) body.reasoning = openRouter;
  else if (effort !== undefined) body.reasoning_effort = effort;
  if (target.reasoning === true && quirks.parsedReasoning?.(target.modelName)) body.reasoning_format = 'parsed';
  if (req.user !== undefined && quirks.acceptsUser) body.user = upstreamUser(req.user);
  if (req.promptCacheKey !== undefined && quirks.acceptsPromptCacheKey) body.prompt_cache_key = req.promptCacheKey;
  if (req.seed !== undefined) body[quirks.seedField === 'random_seed' ? 'random_seed' : 'seed'] = req.seed;
  openAIOptions(req, quirks, target.modelName, body, dropped);
  put('presence_penalty', req.presencePenalty, () => { body.presence_penalty = req.presencePenalty; });
  put('frequency_penalty', req.frequencyPenalty, () => { body.frequency_penalty = req.frequencyPenalty; });
  if (req.stream) {
    body.stream = true;
    // we need usage for cost even when the client did not ask for it
    if (quirks.streamUsageOption) body.stream_options = { include_usage: true };
  }
  // the canonical form carries no cache marks: whatever the client marked, none reached here
  if (wantsCache(quirks, target.modelName, body, () => false)) body.cache_control = { type: 'ephemeral' };
  return body;
}

/** The GPT-5 family, the models that take `verbosity` (others answer 400 to any value but medium). */
const TAKES_VERBOSITY = /(^|\/)gpt-5/i;

/**
 * A Responses client's `text.verbosity` and `service_tier` (flex costs half): verbosity to a GPT-5 model (others
 * answer 400 to any value but medium; a routed request may land on one) of any provider but Mistral, which refuses
 * the fields it does not list; the tier as the provider's quirks take it (quirks.ts: OpenAI, Groq, xAI), none
 * elsewhere. What is not sent is named.
 */
function openAIOptions(req: CanonicalRequest, quirks: OpenAIQuirks, modelName: string, body: OpenAIChatRequest, dropped: string[]): void {
  const takes = (key: string): boolean => quirks.onlyFields === undefined || quirks.onlyFields.has(key);
  if (req.verbosity !== undefined) {
    if (takes('verbosity') && TAKES_VERBOSITY.test(modelName)) body.verbosity = req.verbosity;
    else dropped.push('verbosity');
  }
  if (req.serviceTier !== undefined) {
    const tier = tierTaken(quirks, req.serviceTier, modelName);
    if (tier !== undefined) body.service_tier = tier;
    else dropped.push('service_tier');
  }
}

/** The `service_tier` this provider takes for the tier asked (quirks.ts), undefined where it takes none of it or refuses the field. */
function tierTaken(quirks: OpenAIQuirks, tier: string, modelName: string): string | undefined {
  if (quirks.onlyFields !== undefined && !quirks.onlyFields.has('service_tier')) return undefined;
  return quirks.serviceTier?.(tier, modelName);
}

/**
 * DeepSeek in thinking mode: "for turns with tool calls, reasoning_content must be passed back" in later
 * requests, else 400 "Missing `reasoning_content` field in the assistant message"
 * (https://api-docs.deepseek.com/guides/thinking_mode#tool-calls).
 */
function wantsReasoningBack(target: UpstreamTarget): boolean {
  return target.providerType === 'deepseek' && target.reasoning !== false;
}

function toOpenAIMessages(req: CanonicalRequest, quirks: OpenAIQuirks, reasoningBack: boolean, detailsBack: boolean): OpenAIMessage[] {
  const out: OpenAIMessage[] = [];
  for (const s of req.system) out.push({ role: 'system', content: s });
  const fixId = quirks.toolCallId;
  // OpenAI tool messages carry text only; their images follow in one user message after the tool results
  let pendingImages: OpenAIContentPart[] = [];
  // an assistant message's tool_calls must each have a tool message directly after it
  for (const m of withModelTurnsMerged(withUnansweredCallsAnswered(req.messages))) {
    if (m.role !== 'tool' && pendingImages.length > 0) {
      out.push({ role: 'user', content: pendingImages });
      pendingImages = [];
    }
    if (m.role === 'tool') {
      out.push({ role: 'tool', tool_call_id: fixId ? fixId(m.toolCallId) : m.toolCallId, content: textOf(m.content) });
      for (const p of m.content) if (p.type !== 'text') pendingImages.push(mediaPart(p));
    } else if (m.role === 'system') {
      out.push({ role: 'system', content: textOf(m.content) });
    } else if (m.role === 'user') {
      out.push({ role: 'user', content: userContent(m.content) });
    } else {
      out.push(assistantMessage(m, fixId, reasoningBack, detailsBack));
    }
  }
  if (pendingImages.length > 0) out.push({ role: 'user', content: pendingImages });
  return out;
}

/**
 * `reasoningBack`: a turn with tool calls carries its thinking as `reasoning_content`, the client's when it
 * sent it back, else an empty string (the field must be there; DeepSeek takes it empty, as Continue sends it).
 * `detailsBack` (OpenRouter): it carries the reasoning_details its calls came with (reasoning-details.ts).
 */
function assistantMessage(m: Extract<CanonicalMessage, { role: 'assistant' }>, fixId: ((id: string) => string) | undefined, reasoningBack: boolean, detailsBack: boolean): OpenAIMessage {
  const text = textOf(m.content);
  if (!m.toolCalls || m.toolCalls.length === 0) return { role: 'assistant', content: text };
  const message: OpenAIMessage = {
    role: 'assistant',
    content: text.length > 0 ? text : null,
    tool_calls: m.toolCalls.map((c) => ({
      id: fixId ? fixId(c.id) : c.id,
      type: 'function',
      function: { name: c.name, arguments: c.arguments },
    })),
  };
  if (reasoningBack) message.reasoning_content = m.reasoning ?? '';
  if (detailsBack) {
    const details = detailsOfCalls(m.toolCalls);
    if (details) message.reasoning_details = details;
  }
  return message;
}

/** The reasoning_details the calls came with, each answer's once (a merged turn may hold the calls of several). */
function detailsOfCalls(calls: ToolCall[]): Record<string, unknown>[] | undefined {
  const seen = new Set<ReasoningDetail[]>();
  const details: Record<string, unknown>[] = [];
  for (const c of calls) {
    if (!c.reasoningDetails || seen.has(c.reasoningDetails)) continue;
    seen.add(c.reasoningDetails);
    details.push(...c.reasoningDetails);
  }
  return details.length > 0 ? details : undefined;
}

/** Text-only content goes as a plain string: every OpenAI-compatible server accepts that form. */
function userContent(parts: ContentPart[]): string | OpenAIContentPart[] {
  let hasMedia = false;
  for (const p of parts) if (p.type !== 'text') { hasMedia = true; break; }
  if (!hasMedia) return textOf(parts);
  return parts.map((p) => (p.type === 'text' ? { type: 'text', text: p.text } : mediaPart(p)));
}

function mediaPart(p: Exclude<ContentPart, { type: 'text' }>): OpenAIContentPart {
  switch (p.type) {
    case 'image':
      return imagePart(p.source, p.detail);
    case 'audio':
      return { type: 'input_audio', input_audio: { data: p.data, format: p.format } };
    case 'document': {
      if (p.source.kind !== 'base64') {
        throw new UpstreamFailure({ kind: 'untranslatable', message: 'Chat Completions takes documents only inline (base64), not by URL' });
      }
      const file: { file_data: string; filename?: string } = { file_data: `data:${p.source.mediaType};base64,${p.source.data}` };
      file.filename = p.filename ?? 'document.pdf';
      return { type: 'file', file };
    }
  }
}

function textOf(parts: ContentPart[]): string {
  if (parts.length === 1 && parts[0]!.type === 'text') return parts[0]!.text;
  let text = '';
  for (const p of parts) {
    if (p.type !== 'text') continue;
    text = text.length === 0 ? p.text : `${text}\n${p.text}`;
  }
  return text;
}

function imagePart(source: ImageSource, detail: string | undefined): OpenAIContentPart {
  const url = source.kind === 'url' ? source.url : `data:${source.mediaType};base64,${source.data}`;
  return { type: 'image_url', image_url: detail === undefined ? { url } : { url, detail } };
}

function toOpenAIToolChoice(choice: ToolChoice): OpenAIToolChoice {
  if (typeof choice === 'string') return choice;
  return { type: 'function', function: { name: choice.name } };
}

function toOpenAIResponseFormat(
  format: Exclude<ResponseFormat, { type: 'text' }>, dropped: string[], enforcement: SchemaEnforcement | undefined,
): OpenAIResponseFormat {
  if (format.type === 'json_object') return { type: 'json_object' };
  const strict = strictFlag(format, dropped, enforcement);
  return {
    type: 'json_schema',
    json_schema: {
      name: format.name,
      ...(format.description === undefined ? {} : { description: format.description }),
      schema: format.schema,
      ...(strict === undefined ? {} : { strict }),
    },
  };
}
