// A loopback Anthropic Messages API: POST /v1/messages (stream and not), POST /v1/messages/count_tokens,
// GET /v1/models, with the behaviour contract and fault kinds of ./types.
import type { ServerResponse } from 'node:http';
import { anthropicErrorTypeForStatus } from '../../src/core/providers/anthropic/wire-types';
import { chooseToolCall, type ToolTurn } from './fake-tool-call';
import { FakeThinker, thinkingOn, type FakeThought } from './fake-anthropic-thinking';
import { argumentFragments, splitText } from './fake-pieces';
import { sendJson as sendAnyJson, serveFake, sleep, untilClosedOr, type Exchange } from './fake-server';
import { DEFAULT_MODELS, DEFAULT_USAGE, type FakeProvider, type FakeProviderOptions, type FakeUsage } from './types';

const DEFAULT_TEXT = 'Hello from the fake anthropic provider!';

interface Answer {
  text: string;
  tool?: { id: string; name: string; args: string };
  /** thinking on, and the fake set to think: its signed block leads the answer */
  thought?: FakeThought;
}

function errorBody(type: string, message: string): unknown {
  return { type: 'error', error: { type, message } };
}

function defaultErrorMessage(status: number): string {
  if (status === 529) return 'Overloaded';
  if (status === 429) return 'Number of request tokens has exceeded your per-minute rate limit';
  if (status >= 500) return 'Internal server error';
  return `fake error ${status}`;
}

/** on every answer, as the real API sends one */
const REQUEST_ID = { 'request-id': 'req_fake' };

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendAnyJson(res, status, body, REQUEST_ID);
}

/** The format's error for a status fault that brings none. */
function statusBody(status: number): unknown {
  return errorBody(anthropicErrorTypeForStatus(status), defaultErrorMessage(status));
}

const blocksOf = (m: any): any[] => (Array.isArray(m?.content) ? m.content : []);

/** What the tool rule reads from a Messages request. */
function toolTurn(body: any): ToolTurn {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const tools: any[] = Array.isArray(body?.tools) ? body.tools : [];
  const last = messages.findLast((m) => m?.role === 'user');
  return {
    offered: tools.map((t) => String(t?.name)),
    results: messages.reduce((n, m) => n + blocksOf(m).filter((b) => b?.type === 'tool_result').length, 0),
    lastUserText: typeof last?.content === 'string' ? last.content : blocksOf(last).filter((b) => b?.type === 'text').map((b) => String(b.text)).join(' '),
  };
}

/** Every tool_result answers a tool_use of the assistant turn before it, as the real API checks. */
function unansweredResult(messages: any[]): string | undefined {
  let called = new Set<string>();
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (m?.role === 'system') continue;
    for (const b of blocksOf(m)) {
      if (b?.type === 'tool_result' && !called.has(b.tool_use_id)) {
        return `messages.${i}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${b.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
      }
    }
    called = new Set(m?.role === 'assistant' ? blocksOf(m).filter((b) => b?.type === 'tool_use').map((b) => b.id) : []);
  }
  return undefined;
}

/**
 * Every tool_use of an assistant turn has its tool_result in the message after it, as the real API checks
 * (its 400 "`tool_use` ids were found without `tool_result` blocks immediately after", reported in
 * anthropics/claude-code #1237 and many more); a last assistant turn, followed by nothing, is not read.
 */
function unansweredUse(messages: any[]): string | undefined {
  for (let i = 0; i < messages.length - 1; i++) {
    const m = messages[i];
    if (m?.role !== 'assistant') continue;
    const results = new Set(blocksOf(messages[i + 1]).filter((b) => b?.type === 'tool_result').map((b) => b.tool_use_id));
    const open = blocksOf(m).filter((b) => b?.type === 'tool_use' && !results.has(b.id)).map((b) => b.id);
    if (open.length > 0) {
      return `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${open.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
  }
  return undefined;
}

/**
 * `system` messages inside `messages`, as Anthropic documents mid-conversation system messages (no beta
 * header): each immediately follows a user message (or an assistant one ending in server tool use) and is
 * last or followed by an assistant message. A message's own `output_config` (Claude Code's per-turn effort)
 * needs the per-turn-control beta, as the API refuses it otherwise.
 */
function messageRolesError(messages: any[], beta: string): string | undefined {
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (!['user', 'assistant', 'system'].includes(m?.role)) {
      return `messages.${i}.role: Unexpected role. The Messages API accepts "user", "assistant" and mid-conversation "system" roles`;
    }
    if (m.output_config !== undefined && !beta.includes('per-turn-control-2026-07-01')) return `messages.${i}.output_config: Extra inputs are not permitted`;
    if (m.role !== 'system') continue;
    const before = messages[i - 1];
    const afterServerTool = before?.role === 'assistant' && blocksOf(before).at(-1)?.type === 'server_tool_use';
    if (before?.role !== 'user' && !afterServerTool) {
      return `messages.${i}: a system message must immediately follow a user message or an assistant message ending in server tool use`;
    }
    if (i < messages.length - 1 && messages[i + 1]?.role !== 'assistant') {
      return `messages.${i}: a system message must be the last message or be followed by an assistant message`;
    }
  }
  return undefined;
}

// a Claude model's stated version (4.6 is 406); a name stating none takes either kind of thinking
const CLAUDE_VERSION = /claude-(?:(?:opus|sonnet|haiku)-(\d+)(?:-(\d{1,2})(?!\d))?|(\d+)(?:-(\d)(?!\d))?-(?:opus|sonnet|haiku))/;

/** Opus 4.7 and later take only adaptive thinking, Claude before 4.6 only a budget, as the real API answers. */
function thinkingKindError(model: string, type: unknown): string | undefined {
  const m = CLAUDE_VERSION.exec(model);
  if (!m) return undefined;
  const version = Number(m[1] ?? m[3]) * 100 + Number(m[2] ?? m[4] ?? 0);
  if (type === 'enabled' && version >= 407) return 'thinking.type.enabled is not supported for this model. Use thinking.type.adaptive and output_config.effort to control thinking behavior.';
  if (type === 'adaptive' && version < 406) return 'adaptive thinking is not supported on this model';
  return undefined;
}

function validationError(body: any, beta: string): string | undefined {
  if (typeof body?.model !== 'string' || body.model === '') return 'model: Field required';
  if (!Number.isInteger(body.max_tokens) || body.max_tokens < 1) return 'max_tokens: Field required';
  // a thread continued after a pause_turn or compaction reply brings no message: the turn held is resumed
  const resumes = body.thread?.type === 'continue';
  if (!Array.isArray(body.messages) || (body.messages.length === 0 && !resumes)) return 'messages: Field required';
  const roles = messageRolesError(body.messages, beta);
  if (roles) return roles;
  const tools: any[] = Array.isArray(body.tools) ? body.tools : [];
  // 128 characters, as Anthropic takes them now (Claude Code's mcp__<server>__<tool> may pass 64)
  const badTool = tools.findIndex((t) => typeof t?.name === 'string' && !/^[a-zA-Z0-9_-]{1,128}$/.test(t.name));
  if (badTool >= 0) return `tools.${badTool}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`;
  const marks = JSON.stringify([body.tools, body.system, body.messages]).split('"cache_control":').length - 1;
  if (marks > 4) return `A maximum of 4 blocks with cache_control may be provided. Found ${marks}.`;
  const thinking = body.thinking;
  const kind = thinkingKindError(body.model, thinking?.type);
  if (kind) return kind;
  if (thinking?.type === 'enabled' && !(Number.isInteger(thinking.budget_tokens) && thinking.budget_tokens >= 1024 && thinking.budget_tokens < body.max_tokens)) {
    return 'thinking.budget_tokens: must be at least 1024 and less than max_tokens';
  }
  const thinks = thinking?.type === 'enabled' || thinking?.type === 'adaptive';
  const edits: any[] = Array.isArray(body.context_management?.edits) ? body.context_management.edits : [];
  if (!thinks && edits.some((e) => e?.type === 'clear_thinking_20251015')) return '`clear_thinking_20251015` strategy requires `thinking` to be enabled or adaptive';
  if (thinking?.type === 'enabled') {
    const last = blocksOf(body.messages.findLast((m: any) => m?.role === 'assistant'));
    if (last.some((b) => b?.type === 'tool_use') && last[0]?.type !== 'thinking' && last[0]?.type !== 'redacted_thinking') {
      return `messages: Expected \`thinking\` or \`redacted_thinking\`, but found \`${last[0]?.type}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks).`;
    }
  }
  return unansweredResult(body.messages) ?? unansweredUse(body.messages);
}

export async function startFakeAnthropic(opts: FakeProviderOptions = {}): Promise<FakeProvider> {
  let messageCount = 0;
  const thinker = new FakeThinker();
  const fake: FakeProvider = { url: '', port: 0, requests: [], faults: [], persistentFault: null, options: opts, close: async () => {} };

  /** The compaction the request asked for and the fake is set to run, if any. */
  function compactionOf(body: any): FakeUsage['compaction'] {
    const edits: any[] = Array.isArray(body?.context_management?.edits) ? body.context_management.edits : [];
    return edits.some((e) => e?.type === 'compact_20260112') ? fake.options.usage?.compaction : undefined;
  }

  function usageFields(noUsage: boolean, body?: any): Record<string, unknown> | undefined {
    if (noUsage) return undefined;
    const u = fake.options.usage ?? DEFAULT_USAGE;
    const cached = u.cached ?? 0;
    const writes5m = u.cacheWrite5m ?? 0;
    const writes1h = u.cacheWrite1h ?? 0;
    const usage: Record<string, unknown> = {
      input_tokens: u.input - cached - writes5m - writes1h,
      cache_creation_input_tokens: writes5m + writes1h,
      cache_read_input_tokens: cached,
      cache_creation: { ephemeral_5m_input_tokens: writes5m, ephemeral_1h_input_tokens: writes1h },
      output_tokens: u.output,
    };
    if (u.reasoning !== undefined) usage.output_tokens_details = { thinking_tokens: u.reasoning };
    if (u.webSearches !== undefined) usage.server_tool_use = { web_search_requests: u.webSearches, web_fetch_requests: 1 };
    if (u.speed !== undefined) usage.speed = u.speed;
    const compaction = compactionOf(body);
    if (compaction) {
      const none = { cache_creation: null, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
      const { input_tokens, output_tokens, cache_creation, cache_creation_input_tokens, cache_read_input_tokens } = usage;
      usage.iterations = [
        { type: 'compaction', ...none, input_tokens: compaction.input, output_tokens: compaction.output },
        { type: 'message', input_tokens, output_tokens, cache_creation, cache_creation_input_tokens, cache_read_input_tokens },
      ];
    }
    return usage;
  }

  const COMPACTION_SUMMARY = 'Summary of the conversation so far.';

  function answerFor(body: any): Answer {
    const call = chooseToolCall(toolTurn(body), fake.options);
    return call ? { text: '', tool: { id: `toolu_fake_${messageCount}`, ...call } } : { text: fake.options.text ?? DEFAULT_TEXT };
  }

  function message(body: any, answer: Answer, noUsage: boolean): unknown {
    const content: unknown[] = answer.tool
      ? [{ type: 'tool_use', id: answer.tool.id, name: answer.tool.name, input: JSON.parse(answer.tool.args) }]
      : [{ type: 'text', text: answer.text }];
    if (answer.thought) content.unshift({ type: 'thinking', ...answer.thought });
    if (compactionOf(body)) content.unshift({ type: 'compaction', content: COMPACTION_SUMMARY, encrypted_content: null });
    const out: Record<string, unknown> = {
      id: `msg_fake_${messageCount}`, type: 'message', role: 'assistant', model: body.model, content,
      stop_reason: answer.tool ? 'tool_use' : 'end_turn', stop_sequence: null,
    };
    const usage = usageFields(noUsage, body);
    if (usage) out.usage = usage;
    return out;
  }

  async function stream({ res, fault, cut }: Exchange, body: any, answer: Answer): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...REQUEST_ID });
    const write = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const delay = fault?.kind === 'chunk-delay' ? fault.ms : 0;
    const usage = usageFields(fault?.kind === 'no-usage', body);
    const start: Record<string, unknown> = { ...(message(body, answer, true) as object), content: [], stop_reason: null };
    // the searches run during the answer: message_start counts none yet; the iterations come in message_delta
    if (usage) {
      const { iterations: _, ...before } = usage;
      start.usage = { ...before, output_tokens: 1, ...(usage.server_tool_use ? { server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 } } : {}) };
    }
    write('message_start', { type: 'message_start', message: start });
    // a model slow to begin: message_start at once, then nothing but a ping event every keepAliveMs
    if (fault?.kind === 'slow-answer') {
      res.flushHeaders();
      await untilClosedOr(res, fault.ms, fault.keepAliveMs ? { everyMs: fault.keepAliveMs, text: 'event: ping\ndata: {"type": "ping"}\n\n' } : undefined);
      if (res.destroyed) return;
    }
    // a compaction streams as its own block ahead of the answer
    let first = compactionOf(body) ? 1 : 0;
    if (first === 1) {
      write('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'compaction', content: null, encrypted_content: null } });
      write('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'compaction_delta', content: COMPACTION_SUMMARY, encrypted_content: null } });
      write('content_block_stop', { type: 'content_block_stop', index: 0 });
    }
    if (answer.thought) {
      write('content_block_start', { type: 'content_block_start', index: first, content_block: { type: 'thinking', thinking: '', signature: '' } });
      write('content_block_delta', { type: 'content_block_delta', index: first, delta: { type: 'thinking_delta', thinking: answer.thought.thinking } });
      write('content_block_delta', { type: 'content_block_delta', index: first, delta: { type: 'signature_delta', signature: answer.thought.signature } });
      write('content_block_stop', { type: 'content_block_stop', index: first });
      first++;
    }

    const deltas: { index: number; delta: unknown }[] = answer.tool
      ? argumentFragments(answer.tool.args).map((partial_json) => ({ index: first, delta: { type: 'input_json_delta', partial_json } }))
      : splitText(answer.text, fake.options.chunks ?? 5).map((text) => ({ index: first, delta: { type: 'text_delta', text } }));
    const block = answer.tool
      ? { type: 'tool_use', id: answer.tool.id, name: answer.tool.name, input: {} }
      : { type: 'text', text: '' };
    write('content_block_start', { type: 'content_block_start', index: first, content_block: block });
    write('ping', { type: 'ping' });

    let sent = 0;
    for (const d of deltas) {
      if (fault?.kind === 'reset-mid-stream' && sent >= fault.afterChunks) break;
      if (fault?.kind === 'stall' && sent >= fault.afterChunks) return;
      if (delay > 0) await sleep(delay);
      if (res.destroyed) return;
      write('content_block_delta', { type: 'content_block_delta', ...d });
      sent++;
      if (fault?.kind === 'malformed-sse' && sent === 1) {
        res.write('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_del\n\n');
      }
    }
    if (fault?.kind === 'stall') return;
    if (fault?.kind === 'reset-mid-stream') {
      cut();
      // node corks a response's first writes until the next tick: destroying now would drop them all
      await sleep(10);
      res.destroy();
      return;
    }
    if (delay > 0) await sleep(delay);
    if (res.destroyed) return;
    write('content_block_stop', { type: 'content_block_stop', index: first });
    const messageDelta: Record<string, unknown> = {
      type: 'message_delta', delta: { stop_reason: answer.tool ? 'tool_use' : 'end_turn', stop_sequence: null },
    };
    // the real API repeats only the output figure here; input figures came in message_start
    if (usage) {
      messageDelta.usage = {
        output_tokens: usage.output_tokens, ...(usage.server_tool_use ? { server_tool_use: usage.server_tool_use } : {}),
        ...(usage.iterations ? { iterations: usage.iterations } : {}),
      };
    }
    write('message_delta', messageDelta);
    write('message_stop', { type: 'message_stop' });
    res.end();
  }

  async function handleMessages(x: Exchange, body: any, beta: string): Promise<void> {
    const { res, fault } = x;
    const invalid = validationError(body, beta) ?? (fake.options.thinks ? thinker.foreignBlock(body?.messages) : undefined);
    if (invalid) return sendJson(res, 400, errorBody('invalid_request_error', invalid));
    messageCount++;
    const isStream = body.stream === true;
    if (fault?.kind === 'error-body-200') {
      const err = errorBody('overloaded_error', fault.message ?? 'Overloaded');
      if (!isStream) return sendJson(res, 200, err);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`event: error\ndata: ${JSON.stringify(err)}\n\n`);
      return;
    }
    if (!isStream && fault?.kind === 'malformed-sse') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"msg_fake","type":"message","content":[{"type":"te');
      return;
    }
    const answer = answerFor(body);
    if (fake.options.thinks && thinkingOn(body)) answer.thought = thinker.think(messageCount, fake.options.thought);
    if (isStream) return stream(x, body, answer);
    if (fault?.kind === 'stall') return; // never answer
    return sendJson(res, 200, message(body, answer, fault?.kind === 'no-usage'));
  }

  function handle(x: Exchange): Promise<void> | void {
    const { req, res, rec } = x;
    // the API takes `x-api-key`; SDK 1.x sends the key as `Authorization: Bearer` instead
    const bearer = req.headers.authorization?.replace(/^Bearer\s+/i, '');
    const key = req.headers['x-api-key'] ?? bearer;
    if (fake.options.apiKey !== undefined && key !== fake.options.apiKey) {
      const shown = typeof key === 'string' ? `${key.slice(0, 24)}...` : '(none)';
      return sendJson(res, 401, errorBody('authentication_error', `invalid x-api-key: ${shown}`));
    }

    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'POST' && path === '/v1/messages') return handleMessages(x, rec.body, String(req.headers['anthropic-beta'] ?? ''));
    if (req.method === 'POST' && path === '/v1/messages/count_tokens') {
      return sendJson(res, 200, { input_tokens: (fake.options.usage ?? DEFAULT_USAGE).input });
    }
    if (req.method === 'GET' && path === '/v1/models') {
      const ids = fake.options.models ?? DEFAULT_MODELS;
      const data = ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' }));
      return sendJson(res, 200, { data, has_more: false, first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null });
    }
    return sendJson(res, 404, errorBody('not_found_error', `Not found: ${req.method} ${path}`));
  }

  await serveFake(fake, { basePath: '', jsonHeaders: REQUEST_ID, statusBody, handle });
  return fake;
}
