// CanonicalRequest -> POST {base}/v1/messages.
import type { CanonicalRequest, ForwardContext, ResponseFormat, ToolChoice, UpstreamHttpRequest, UpstreamTarget } from '../../canonical';
import { forcesToolCall } from '../../canonical';
import { serializeForward } from '../../forward-body';
import { ownSearchAsText } from '../../inbound/anthropic/web-search-blocks';
import { namedCalls } from '../../nameless-call';
import { boundedUserId } from '../end-user-id';
import { jsonModeInstruction } from '../json-mode-instruction';
import { MIN_THINKING_BUDGET, thinkingBudgetWithin } from '../output-cap';
import { effortForBudget, thinkingUnsentToNonReasoner } from '../reasoning';
import { emptyUserTurn, toAnthropicMessages, withoutThinkingBlocks } from './build-messages';
import { anthropicOutputFormat } from './output-format';
import { EFFORT_BUDGET, takesAdaptiveThinking, thinkingForClaude } from './claude-thinking';
import type { AnthropicMessagesRequest, AnthropicTextBlock, AnthropicTool, AnthropicToolChoice } from './wire-types';

export const ANTHROPIC_VERSION = '2023-06-01';
const FALLBACK_MAX_TOKENS = 4096;
/** metadata.user_id's maxLength (Messages API reference); a longer id goes hashed */
const MAX_USER_ID_LENGTH = 256;

/** `https://api.anthropic.com`, tolerating a trailing slash or a trailing `/v1`. */
export function anthropicApiRoot(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '').replace(/\/v1$/, '');
}

// Headers a client must never set upstream: ours carry the key and the framing, and the version is
// the one this adapter's request and response shapes are written against (SDK 1.x sends a newer one).
const RESERVED_HEADERS = new Set([
  'x-api-key', 'authorization', 'anthropic-version', 'content-type', 'content-length', 'host', 'connection',
  'transfer-encoding', 'accept-encoding', 'keep-alive',
]);

export function anthropicHeaders(apiKey: string | undefined, passHeaders?: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { 'anthropic-version': ANTHROPIC_VERSION };
  for (const [name, value] of Object.entries(passHeaders ?? {})) {
    const lower = name.toLowerCase();
    if (!RESERVED_HEADERS.has(lower)) headers[lower] = value;
  }
  if (apiKey) headers['x-api-key'] = apiKey;
  return headers;
}

export function buildAnthropicChatRequest(req: CanonicalRequest, target: UpstreamTarget): UpstreamHttpRequest {
  const dropped: string[] = [];
  const body = toAnthropicBody(req, target, dropped);
  if (req.seed !== undefined) dropped.push('seed');
  if (req.presencePenalty !== undefined) dropped.push('presence_penalty');
  if (req.frequencyPenalty !== undefined) dropped.push('frequency_penalty');
  // Anthropic caches by the cache_control marks, not by a key
  if (req.promptCacheKey !== undefined) dropped.push('prompt_cache_key');
  return {
    url: `${anthropicApiRoot(target.baseUrl)}/v1/messages`,
    method: 'POST',
    headers: { ...anthropicHeaders(target.apiKey, req.passHeaders), 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(dropped.length > 0 ? { dropped } : {}),
  };
}

/**
 * Anthropic in, Anthropic out: the client's own body with the model swapped, so prompt-caching
 * marks, signed thinking blocks, server tools and every field Anthropic adds later survive. The
 * client's `anthropic-version` and `anthropic-beta` go with it.
 */
export function buildAnthropicForwardRequest(body: Record<string, unknown>, target: UpstreamTarget, ctx: ForwardContext): UpstreamHttpRequest {
  const headers: Record<string, string> = { ...anthropicHeaders(target.apiKey, ctx.passHeaders), 'content-type': 'application/json' };
  const version = ctx.passHeaders?.['anthropic-version'];
  if (version) headers['anthropic-version'] = version;
  const out: Record<string, unknown> = { ...body, model: target.modelName };
  // search blocks Switchboard wrote for another provider's search: Anthropic never issued them, so they go as text
  // (read found none, the usual body: its messages are not walked again)
  const searched = ctx.ownSearch === false ? body.messages : ownSearchAsText(body.messages);
  // a nameless tool_use sent back (a session answered before Switchboard refused them) goes under the placeholder
  // the translated path gives it: Anthropic refuses the name ""
  const messages = ctx.namelessCall === false ? searched : namedCalls(searched);
  if (messages !== body.messages) out.messages = messages;
  const dropped: string[] = [];
  const asked = thinkingOn(out);
  // the client wrote its thinking for the model it named
  if (ctx.routed) thinkingForClaude(out, target.modelName, dropped);
  if (unsignedToolTurn(out)) {
    delete out.thinking;
    if (!dropped.includes('thinking')) dropped.push('thinking');
  }
  // thinking left off (an unsigned tool turn; for a model routing chose, no room for its minimum budget, here
  // or where max_tokens was capped): Claude Code's clear_thinking edit goes too, a 400 without thinking
  if ((asked || ctx.routed) && !thinkingOn(out) && withoutClearThinking(out)) dropped.push('context_management');
  return {
    url: `${anthropicApiRoot(target.baseUrl)}/v1/messages`,
    method: 'POST',
    headers,
    ...serializeForward(out, ctx.raw),
    ...(dropped.length > 0 ? { dropped } : {}),
  };
}

/**
 * Manual thinking (`type: "enabled"`) in a tool loop needs the last assistant message to start with
 * its signed thinking block (400 "a final `assistant` message must start with a thinking block");
 * a turn another provider served after a failover has none, and no signature can be made for it.
 * Thinking goes off for this request, as the translated path does. Adaptive thinking is left: there
 * thinking is the model's choice, so a tool call without it is a turn Anthropic itself returns.
 */
function unsignedToolTurn(body: Record<string, unknown>): boolean {
  const thinking = body.thinking as { type?: unknown } | null | undefined;
  if (thinking?.type !== 'enabled' || !Array.isArray(body.messages)) return false;
  for (let i = body.messages.length - 1; i >= 0; i--) {
    const msg = body.messages[i] as { role?: unknown; content?: unknown } | null;
    if (msg?.role !== 'assistant') continue;
    const blocks = Array.isArray(msg.content) ? (msg.content as ({ type?: unknown } | null)[]) : [];
    if (!blocks.some((b) => b?.type === 'tool_use')) return false;
    const first = blocks[0]?.type;
    return first !== 'thinking' && first !== 'redacted_thinking';
  }
  return false;
}

function thinkingOn(body: Record<string, unknown>): boolean {
  const type = (body.thinking as { type?: unknown } | null | undefined)?.type;
  return type === 'enabled' || type === 'adaptive';
}

/** Claude Code's `clear_thinking_20251015` edit is a 400 without thinking ("requires `thinking` to be enabled or adaptive"). */
function withoutClearThinking(body: Record<string, unknown>): boolean {
  const cm = body.context_management as { edits?: unknown } | null | undefined;
  if (!cm || !Array.isArray(cm.edits)) return false;
  const edits = (cm.edits as ({ type?: unknown } | null)[]).filter((e) => !(typeof e?.type === 'string' && e.type.startsWith('clear_thinking')));
  if (edits.length === cm.edits.length) return false;
  if (edits.length === 0 && Object.keys(cm).length === 1) delete body.context_management;
  else body.context_management = { ...cm, edits };
  return true;
}

/** `dropped` receives the names of what the request asked and Anthropic cannot be sent. */
export function toAnthropicBody(req: CanonicalRequest, target: UpstreamTarget, dropped: string[] = []): AnthropicMessagesRequest {
  const systemTexts = allSystemText(req);
  const messages = toAnthropicMessages(req.messages, dropped);
  // only instructions (an OpenAI chat of system messages alone): Anthropic refuses an empty `messages`,
  // so the last of them is said as the user's turn, as OpenAI's models read it
  const lone = messages.length === 0 ? systemTexts.pop() : undefined;
  if (lone !== undefined) messages.push({ role: 'user', content: [{ type: 'text', text: lone }] });
  // nothing else to send (an empty assistant message alone)
  if (messages.length === 0) messages.push(emptyUserTurn(dropped));
  const body: AnthropicMessagesRequest = {
    model: target.modelName,
    max_tokens: req.maxTokens ?? target.defaultMaxTokens ?? FALLBACK_MAX_TOKENS,
    messages,
  };
  const format = anthropicOutputFormat(req.responseFormat, target.modelName);
  // a schema this model or Anthropic cannot enforce is asked for in words, and may be strayed from
  if (req.responseFormat?.type === 'json_schema' && !format) dropped.push('response_format');
  const system = systemPrompt(systemTexts, format ? undefined : req.responseFormat);
  if (system !== undefined) body.system = system;

  // a tool call asked for with no tool to call: nothing can carry it (OpenAI refuses it, the others ignore it)
  if (!(req.tools && req.tools.length > 0) && forcesToolCall(req.toolChoice)) dropped.push('tool_choice');
  if (req.tools && req.tools.length > 0) {
    // strict tool use needs a beta header the client of another format never sent
    if (req.tools.some((t) => t.strict === true)) dropped.push('tools[strict]');
    body.tools = req.tools.map((t): AnthropicTool => {
      const tool: AnthropicTool = { name: t.name, input_schema: objectSchema(t.parameters) };
      if (t.description) tool.description = t.description;
      return tool;
    });
    const choice = toolChoice(req.toolChoice, req.parallelToolCalls);
    if (choice) body.tool_choice = choice;
  }

  const thinking = wantsThinking(req, target, dropped) && thinks(req, target, body, dropped);
  if (!thinking) withoutThinkingBlocks(body.messages);
  if (thinking) {
    // thinking refuses sampling settings
    if (req.temperature !== undefined) dropped.push('temperature');
    if (req.topP !== undefined) dropped.push('top_p');
    if (req.topK !== undefined) dropped.push('top_k');
  } else {
    // temperature ranges 0-1 here (OpenAI allows 0-2), and recent Claude models reject temperature
    // and top_p together: temperature wins
    if (req.temperature !== undefined) {
      body.temperature = Math.min(1, Math.max(0, req.temperature));
      // 1.7 sent as 1 is a different answer than asked for
      if (body.temperature !== req.temperature) dropped.push('temperature');
    }
    if (req.topP !== undefined) {
      if (req.temperature === undefined) body.top_p = req.topP;
      else dropped.push('top_p');
    }
    if (req.topK !== undefined) body.top_k = req.topK;
  }

  // Anthropic refuses a stop sequence of whitespace alone
  const stops = (req.stop ?? []).filter((s) => s.trim() !== '');
  if (stops.length > 0) body.stop_sequences = stops;
  if (stops.length < (req.stop?.length ?? 0)) dropped.push('stop');
  if (format) body.output_config = { ...body.output_config, format };
  if (req.user) body.metadata = { user_id: boundedUserId(req.user, MAX_USER_ID_LENGTH) };
  if (req.stream) body.stream = true;
  markCacheBreakpoints(body);
  return body;
}

/**
 * Sets the thinking the request asked for; false when it cannot think. Claude 4.6 and later take an
 * effort. Earlier models take a budget (at least 1,024 and below max_tokens), which must fit the
 * client's own output cap: OpenAI's max_completion_tokens, Responses' max_output_tokens and Gemini's
 * maxOutputTokens count reasoning, as Anthropic's max_tokens does, so the budget is cut to fit and a
 * cap too small for the least budget gets no thinking (named). With no cap from the client, max_tokens
 * is the default one, raised to keep the answer's room on top of the budget, up to the model's limit.
 */
function thinks(req: CanonicalRequest, target: UpstreamTarget, body: AnthropicMessagesRequest, dropped: string[]): boolean {
  if (takesAdaptiveThinking(target.modelName)) {
    body.thinking = { type: 'adaptive' };
    const effort = req.reasoningEffort ?? effortForBudget(req.thinkingBudgetTokens ?? 0);
    // high is the API's default; minimal has no Anthropic counterpart below low, and xhigh none above high that
    // every model takes (Opus 4.7 on): high it is, named. max every Claude since 4.6 takes (Opus 4.5, which refuses
    // it, is not one of these): https://platform.claude.com/docs/en/build-with-claude/effort. ultra, above max
    // (OpenAI's, the model delegating parts of the task), is max, named.
    if (effort === 'xhigh' || effort === 'ultra') dropped.push('reasoning_effort');
    if (effort !== 'high' && effort !== 'xhigh') body.output_config = { effort: effort === 'minimal' ? 'low' : effort === 'ultra' ? 'max' : effort };
    return true;
  }
  // ultra asks more than max, which the largest budget already is
  if (req.thinkingBudgetTokens === undefined && req.reasoningEffort === 'ultra') dropped.push('reasoning_effort');
  const asked = Math.max(MIN_THINKING_BUDGET, req.thinkingBudgetTokens ?? EFFORT_BUDGET[req.reasoningEffort ?? 'low']);
  if (req.maxTokens === undefined && body.max_tokens <= asked) {
    // never above the model's own limit (claude-opus-4-1 writes 32,000: a larger max_tokens is a 400), the budget below it
    const raised = asked + body.max_tokens;
    const cap = target.maxOutputTokens;
    body.max_tokens = cap !== undefined && cap > 0 ? Math.max(body.max_tokens, Math.min(raised, cap)) : raised;
  }
  const budget = thinkingBudgetWithin(asked, body.max_tokens);
  if (budget === undefined) {
    dropped.push('reasoning_effort');
    return false;
  }
  body.thinking = { type: 'enabled', budget_tokens: budget };
  return true;
}

/** Anthropic's limit of blocks marked `cache_control` in one request. */
const MAX_CACHE_BREAKPOINTS = 4;

/**
 * Anthropic caches a prompt only up to blocks marked `cache_control` (OpenAI and Gemini cache
 * prefixes by themselves), and a translated request carries no marks: without them an agent (Codex,
 * Gemini CLI, Cursor, aider) would pay full input price for its whole prompt on every turn. Marked,
 * as Claude Code marks its own: the last tool and the system prompt (fixed for the session) and the
 * last block of the last two messages. Anthropic looks for a cached prefix at each mark and up to 20
 * blocks before it: the tail mark writes this turn's prefix for the next, and the one before it keeps
 * a lookup point near the previous turn's when a turn adds many blocks. Up to 4, Anthropic's limit. A
 * lone message without tools is not a conversation: a cache write costs 1.25x input, and nothing would
 * read it back.
 */
function markCacheBreakpoints(body: AnthropicMessagesRequest): void {
  const tools = body.tools ?? [];
  if (body.messages.length < 2 && tools.length === 0) return;
  const ephemeral = (): { type: 'ephemeral' } => ({ type: 'ephemeral' });
  let left = MAX_CACHE_BREAKPOINTS;
  const lastTool = tools[tools.length - 1];
  if (lastTool) {
    lastTool.cache_control = ephemeral();
    left--;
  }
  if (typeof body.system === 'string') {
    body.system = [{ type: 'text', text: body.system, cache_control: ephemeral() }];
    left--;
  } else if (body.system && body.system.length > 0) {
    body.system[body.system.length - 1]!.cache_control = ephemeral();
    left--;
  }
  for (let i = body.messages.length - 1, marked = 0; i >= 0 && left > 0 && marked < 2; i--, marked++) {
    const blocks = body.messages[i]!.content;
    const last = blocks[blocks.length - 1];
    if (!last) continue;
    last.cache_control = ephemeral();
    left--;
  }
}

/**
 * Thinking needs the signed thinking blocks of the last assistant turn when that turn called tools: a client
 * of another API never has them, so thinking is left off in the middle of a tool loop unless the proxy kept
 * them for every call of that turn (ToolCall.thinking, node/proxy/kept-thinking.ts).
 * Anthropic also refuses thinking beside a tool choice that forces a call (400 "Thinking may not be
 * enabled when tool_choice forces tool use"): the forced call, which the client's code depends on, wins.
 * Either way the thinking asked for is named in `dropped`.
 */
function wantsThinking(req: CanonicalRequest, target: UpstreamTarget, dropped: string[]): boolean {
  if (target.reasoning === false) {
    if (thinkingUnsentToNonReasoner(req, target)) dropped.push('reasoning_effort');
    return false;
  }
  const asked = req.thinkingBudgetTokens !== undefined ? req.thinkingBudgetTokens > 0 : req.reasoningEffort !== undefined && req.reasoningEffort !== 'minimal';
  if (!asked) return false;
  const forcesTool = (req.toolChoice === 'required' || typeof req.toolChoice === 'object') && req.tools !== undefined && req.tools.length > 0;
  const lastAssistant = req.messages.findLast((m) => m.role === 'assistant');
  const calls = lastAssistant?.role === 'assistant' ? lastAssistant.toolCalls ?? [] : [];
  const midToolLoop = calls.length > 0 && !((calls[0]!.thinking?.length ?? 0) > 0 && calls.every((c) => c.thinking !== undefined));
  if (forcesTool || midToolLoop) {
    dropped.push('reasoning_effort');
    return false;
  }
  return true;
}

/**
 * The leading system prompts, then the text of system messages said later (Anthropic has one system prompt), leaving
 * out text of whitespace alone, a block Anthropic refuses ("text content blocks must contain non-whitespace text").
 */
function allSystemText(req: CanonicalRequest): string[] {
  const out = [...req.system];
  for (const m of req.messages) {
    if (m.role !== 'system') continue;
    for (const p of m.content) if (p.type === 'text') out.push(p.text);
  }
  return out.filter((s) => s.trim() !== '');
}

function systemPrompt(system: string[], format: ResponseFormat | undefined): string | AnthropicTextBlock[] | undefined {
  const parts = [...system];
  // JSON mode, and a schema not sent as output_config.format: asked for in the system prompt
  const jsonInstruction = jsonModeInstruction(format);
  if (jsonInstruction) parts.push(jsonInstruction);
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return parts.map((text) => ({ type: 'text', text }));
}

/** input_schema must be an object schema. */
function objectSchema(parameters: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!parameters || Object.keys(parameters).length === 0) return { type: 'object', properties: {} };
  return parameters.type === undefined ? { type: 'object', ...parameters } : parameters;
}

function toolChoice(choice: ToolChoice | undefined, parallel: boolean | undefined): AnthropicToolChoice | undefined {
  const disableParallel = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any', ...disableParallel };
  if (typeof choice === 'object') return { type: 'tool', name: choice.name, ...disableParallel };
  if (choice === 'auto' || parallel === false) return { type: 'auto', ...disableParallel };
  return undefined;
}
