// Claude Code itself (the pinned 2.1.332 native binary), headless, through Switchboard to a fake
// upstream of each format: it answers, and one tool round trip completes (the fake asks for Bash
// `echo sb-roundtrip`, Claude Code runs it, the output reaches the fake, the fake answers).
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, MODELS, routeAmongFakesOnly } from './helpers/app-harness';
import { fakeAnswer, RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';
import { claudeDirs, claudeResult, removeDirs, runClaudeCode } from './helpers/claude-code';

const RUN_TIMEOUT = 120_000;
let h: ResponsesHarness;
let home: string;
let workspace: string;

beforeAll(async () => {
  h = await startResponsesHarness({ fake: { callTool: { name: 'Bash', arguments: { command: 'echo sb-roundtrip', description: 'Print a marker' } } } });
  // power levels choose among the three fakes only
  await routeAmongFakesOnly(h);
  ({ home, workspace } = claudeDirs());
});
afterAll(async () => {
  await h?.close();
  removeDirs(home, workspace);
});

const claude = (prompt: string, model?: string, baseUrl = h.url) =>
  runClaudeCode({ baseUrl, token: h.token, home, cwd: workspace, prompt, ...(model ? { model } : {}) });

const upstreamCount = () => h.openai.requests.length + h.anthropic.requests.length + h.gemini.requests.length + h.responses.requests.length;

/** The text of the tool result the upstream received, in its own format. */
function toolResultText(format: 'anthropic' | 'openai' | 'gemini' | 'responses', body: any): string | undefined {
  if (format === 'anthropic') {
    for (const m of body.messages) {
      for (const b of Array.isArray(m.content) ? m.content : []) {
        if (b.type === 'tool_result') return typeof b.content === 'string' ? b.content : b.content.map((c: any) => c.text).join('');
      }
    }
  } else if (format === 'openai') {
    return body.messages.find((m: any) => m.role === 'tool')?.content;
  } else if (format === 'responses') {
    const out = body.input.find((i: any) => i.type === 'function_call_output')?.output;
    return typeof out === 'string' || out === undefined ? out : out.map((p: any) => p.text ?? '').join('');
  } else {
    for (const c of body.contents) for (const p of c.parts) if (p.functionResponse) return p.functionResponse.response.content;
  }
  return undefined;
}

describe('Claude Code 2.1.332 through Switchboard', () => {
  // responses: a model OpenAI serves only on its Responses API (the Codex models), Claude Code's Messages translated
  it.each(['anthropic', 'openai', 'gemini', 'responses'] as const)('answers and completes a Bash round trip with a fake %s upstream', async (format) => {
    const fake = h[format];
    const before = fake.requests.length;
    const others = upstreamCount() - before;
    const run = await claude('Run echo sb-roundtrip and tell me what it printed', format === 'responses' ? RESPONSES_MODEL : MODELS[format]);
    const result = claudeResult(run);
    expect(result.is_error, run.stdout).toBe(false);
    expect(run.code).toBe(0);
    expect(result.result).toBe(fakeAnswer(format));
    const seen = fake.requests.slice(before).map((r) => r.body);
    expect(seen).toHaveLength(2);
    expect(toolResultText(format, seen[0])).toBeUndefined();
    // Claude Code ran the command: its output, not a refusal, came back as the tool result
    expect(toolResultText(format, seen[1])?.trim()).toBe('sb-roundtrip');
    if (format === 'responses') {
      // Claude Code's metadata.user_id (some 150 characters, past OpenAI's 64) as a stable 64-digit hash
      expect(seen[0].user).toMatch(/^[0-9a-f]{64}$/);
      expect(seen[1].user).toBe(seen[0].user);
    }
    expect(upstreamCount() - fake.requests.length).toBe(others);
  }, RUN_TIMEOUT);

  it("reaches OpenAI's chat completions with its user id (some 150 characters, past OpenAI's 64) as a stable 64-digit hash", async () => {
    await h.app.service.createProvider({ id: 'oa', name: 'OpenAI itself', type: 'openai', base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
    await h.app.service.createModel({ provider_id: 'oa', model_name: 'gpt-fake-oa', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 128_000, capabilities: ['chat', 'tools'] });
    try {
      const before = h.openai.requests.length;
      const run = await claude('Run echo sb-roundtrip and tell me what it printed', 'oa/gpt-fake-oa');
      expect(claudeResult(run).is_error, run.stdout).toBe(false);
      const seen = h.openai.requests.slice(before).map((r) => r.body);
      expect(seen).toHaveLength(2);
      expect(seen[0].user).toMatch(/^[0-9a-f]{64}$/);
      expect(seen[1].user).toBe(seen[0].user);
    } finally {
      await h.app.service.deleteProvider({ id: 'oa' });
    }
  }, RUN_TIMEOUT);

  it('keeps what Anthropic alone carries when the upstream is Anthropic: the mid-conversation system message, betas, thinking', async () => {
    const before = h.anthropic.requests.length;
    const run = await claude('Run echo sb-roundtrip', MODELS.anthropic);
    expect(claudeResult(run).is_error).toBe(false);
    const first = h.anthropic.requests[before]!;
    // no beta asks for it: Anthropic's API takes a system message after a user turn as it is
    expect(first.body.messages.map((m: any) => m.role)).toEqual(['user', 'system']);
    expect(first.body.thinking).toMatchObject({ type: 'adaptive' });
    expect(first.body.context_management).toBeDefined();
    expect(String(first.headers['anthropic-beta'])).toContain('context-management-2025-06-27');
  }, RUN_TIMEOUT);

  it('on its default model (an Opus) the per-turn effort on its system message and the beta for it reach Anthropic as sent', async () => {
    await h.app.service.updateRoutingRules({ claude_code_model_names: true });
    try {
      const before = h.anthropic.requests.length;
      const run = await claude('Run echo sb-roundtrip and tell me what it printed');
      expect(claudeResult(run).is_error, run.stdout).toBe(false);
      const sent = h.anthropic.requests.slice(before);
      expect(sent).toHaveLength(2);
      for (const r of sent) {
        expect(String(r.headers['anthropic-beta'])).toContain('per-turn-control-2026-07-01');
        const system = r.body.messages.filter((m: any) => m.role === 'system');
        expect(system).toHaveLength(1);
        expect(system[0].output_config).toEqual({ effort: expect.any(String) });
      }
    } finally {
      await h.app.service.updateRoutingRules({ claude_code_model_names: false });
    }
  }, RUN_TIMEOUT);

  /** Claude Code's default model (an Opus) sent to the OpenAI fake: an alias of its name; on Opus it asks
   * for 128k output tokens, so the fake model gets a context to hold that beside the prompt, and reasoning. */
  async function opusOnOpenAI(body: () => Promise<void>): Promise<void> {
    const caps = ['chat', 'tools', 'vision', 'json'] as const;
    await h.app.service.updateRoutingRules({ aliases: { 'claude-opus-5-5': [MODELS.openai] } });
    await h.app.service.updateModel({ id: MODELS.openai, patch: { context_length: 400_000, capabilities: [...caps, 'reasoning' as const] } });
    try {
      await body();
    } finally {
      await h.app.service.updateRoutingRules({ aliases: {} });
      await h.app.service.updateModel({ id: MODELS.openai, patch: { context_length: 128_000, capabilities: [...caps] } });
    }
  }

  it('on its default model sent to an OpenAI provider, the system message keeps its place and its effort becomes reasoning_effort', async () => {
    await opusOnOpenAI(async () => {
      const before = h.openai.requests.length;
      const run = await claude('Run echo sb-roundtrip and tell me what it printed');
      expect(claudeResult(run).is_error, run.stdout).toBe(false);
      expect(claudeResult(run).result).toBe('Hello from the fake openai provider!');
      const sent = h.openai.requests.slice(before).map((r) => r.body);
      expect(sent).toHaveLength(2);
      for (const body of sent) {
        // its billing header block is not among them (per conversation: it would spoil prefix caching)
        expect(body.messages.map((m: any) => m.role).slice(0, 3)).toEqual(['system', 'system', 'user']);
        expect(JSON.stringify(body.messages)).not.toContain('x-anthropic-billing-header');
        expect(body.messages[3].role).toBe('system');
        expect(body.messages.some((m: any) => 'output_config' in m)).toBe(false);
        // Claude Code 2.1.332 asks for medium there and at the top level alike (the recorded fixture);
        // which of the two wins is tested where they differ (parse-request, proxy-fixtures-crossing)
        expect(body.reasoning_effort).toBe('medium');
        // the placeholder Claude Code keeps deferred ("never call this tool") is not offered
        expect(body.tools.map((t: any) => t.function.name)).not.toContain('DeferredToolPlaceholder');
      }
      expect(toolResultText('openai', sent[1])?.trim()).toBe('sb-roundtrip');
    });
  }, RUN_TIMEOUT);

  it('a tool its ToolSearch loads (WebFetch, deferred) is offered to an OpenAI provider from the next turn on', async () => {
    const callTool = h.openai.options.callTool;
    h.openai.options.callTool = { name: 'ToolSearch', arguments: { query: 'select:WebFetch' } };
    try {
      await opusOnOpenAI(async () => {
        const before = h.openai.requests.length;
        const run = await claude('Fetch https://example.com');
        expect(claudeResult(run).is_error, run.stdout).toBe(false);
        const [first, second] = h.openai.requests.slice(before).map((r) => r.body);
        const names = (body: any) => body.tools.map((t: any) => t.function.name);
        expect(names(first)).toContain('ToolSearch');
        expect(names(first)).not.toContain('WebFetch');
        // Claude Code added WebFetch deferred and answered the search with a tool_reference to it
        expect(names(second)).toContain('WebFetch');
        expect(second.tools.find((t: any) => t.function.name === 'WebFetch').function.parameters.properties).toHaveProperty('url');
        expect(toolResultText('openai', second)).toBe('Tool loaded: WebFetch');
      });
    } finally {
      h.openai.options.callTool = callTool;
    }
  }, RUN_TIMEOUT);

  it('with "Claude Code names" on (claude_code_model_names), its own names route by power level, no env vars needed', async () => {
    // Claude Code's default model (opus) and its haiku name are in no catalog: unknown while the setting is off
    const off = claudeResult(await claude('Say hi'));
    expect(off.is_error).toBe(true);
    await h.app.service.updateRoutingRules({ claude_code_model_names: true });
    try {
      for (const model of [undefined, 'haiku', 'sonnet']) {
        const before = h.anthropic.requests.length;
        const result = claudeResult(await claude('Say hi', model));
        expect(result.is_error, `${model}: ${result.result}`).toBe(false);
        // prompt caching marks put Anthropic models first at any level
        expect(h.anthropic.requests.slice(before).map((r) => r.body.model)).toContain('claude-fake');
      }
    } finally {
      await h.app.service.updateRoutingRules({ claude_code_model_names: false });
    }
  }, RUN_TIMEOUT);

  it("a prompt too long for the model is one Claude Code knows as such: it reads Switchboard's limit and does not retry", async () => {
    await h.app.service.createModel({ provider_id: 'fo', model_name: 'tiny-cc', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 10_000, capabilities: ['chat', 'tools'] });
    const seen = await passThrough(h.url);
    try {
      const result = claudeResult(await claude('Say hi', 'fo/tiny-cc', seen.url)) as ReturnType<typeof claudeResult> & { terminal_reason?: string };
      expect(result.is_error).toBe(true);
      expect(result.terminal_reason).toBe('prompt_too_long');
      expect(result.result).toMatch(/Prompt is too long.*limit 10000/);
    } finally {
      await seen.close();
    }
    expect(messagesStatuses(seen.answers)).toEqual([400]);
  }, RUN_TIMEOUT);

  it('a prompt that fits, but not beside the max_tokens Claude Code asks, is answered as Anthropic does: Claude Code lowers max_tokens and goes on', async () => {
    // Claude Code's prompt is some 11,500 tokens and it asks 32,000 out: together past 30,000, alone well within
    await h.app.service.createModel({ provider_id: 'fo', model_name: 'mid-cc', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 30_000, capabilities: ['chat', 'tools'] });
    const before = h.openai.requests.length;
    const statuses = await roundTripThroughPassThrough('fo/mid-cc');
    // the first ask refused with both numbers, then no compaction: the same turn again with less output room
    // each turn: asked with 32,000, refused here with both numbers, asked again at once with the room left
    // (no compaction, no upstream call for the refused ask)
    expect(statuses).toEqual([400, 200, 400, 200]);
    const sent = h.openai.requests.slice(before).map((r) => r.body);
    expect(sent).toHaveLength(2);
    for (const body of sent) expect(body.max_tokens).toBeLessThan(30_000 - 11_000);
  }, RUN_TIMEOUT);

  it("a provider's own refusal of prompt and max_tokens together (vLLM's wording) reaches Claude Code as Anthropic's: it lowers max_tokens and goes on", async () => {
    // the provider counts more than the catalog's context lets Switchboard foresee: its 400 names both sizes
    h.openai.faults.push({
      kind: 'status', status: 400,
      body: { error: { message: "This model's maximum context length is 40960 tokens. However, you requested 43500 tokens (11500 in the messages, 32000 in the completion). Please reduce the length of the messages or completion.", type: 'BadRequestError', param: null, code: 400 } },
    });
    const before = h.openai.requests.length;
    const statuses = await roundTripThroughPassThrough(MODELS.openai);
    // refused once, asked again at once with less output room (no compaction), then the tool round trip
    expect(statuses).toEqual([400, 200, 200]);
    const [refused, retried] = h.openai.requests.slice(before).map((r) => r.body);
    expect(retried.max_tokens).toBeLessThan(refused.max_tokens);
    expect(retried.max_tokens).toBeLessThanOrEqual(40_960 - 11_500);
    // the same conversation, not a compacted one
    expect(retried.messages).toEqual(refused.messages);
  }, RUN_TIMEOUT);

  it('is told how many output tokens were thinking (it asks by its thinking-token-count beta), from the reasoning tokens an OpenAI provider counted', async () => {
    const usage = h.openai.options.usage;
    h.openai.options.usage = { input: 900, output: 50, reasoning: 30 };
    try {
      const run = await claude('Run echo sb-roundtrip and tell me what it printed', MODELS.openai);
      const result = claudeResult(run) as ReturnType<typeof claudeResult> & { usage?: { output_tokens_details?: { thinking_tokens?: number } } };
      expect(result.is_error, run.stdout).toBe(false);
      // two answers (the tool call, then the text), 30 each
      expect(result.usage?.output_tokens_details?.thinking_tokens, run.stdout).toBe(60);
    } finally {
      h.openai.options.usage = usage;
    }
  }, RUN_TIMEOUT);

  it('answers count_tokens for what Claude Code sends (/context), without asking any upstream', async () => {
    const before = upstreamCount();
    const seen = await passThrough(h.url);
    try {
      const run = await claude('/context', MODELS.anthropic, seen.url);
      const result = claudeResult(run);
      expect(result.is_error, run.stdout).toBe(false);
      expect(result.result).toContain('Context Usage');
    } finally {
      await seen.close();
    }
    const counts = seen.answers.filter((a) => a.path.startsWith('/v1/messages/count_tokens'));
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((a) => a.status === 200)).toBe(true);
    // a failing count_tokens makes Claude Code fall back to a 1-token messages call: none went out
    expect(upstreamCount()).toBe(before);
  }, RUN_TIMEOUT);
});

/** The statuses of a /v1/messages request. */
const messagesStatuses = (answers: { path: string; status: number }[]): number[] =>
  answers.filter((a) => a.path.startsWith('/v1/messages?') || a.path === '/v1/messages').map((a) => a.status);

/**
 * Claude Code's Bash round trip on this model (served by the fake OpenAI), through a pass-through: it must
 * end with the fake's answer. Returns the statuses of its /v1/messages requests.
 */
async function roundTripThroughPassThrough(model: string): Promise<number[]> {
  const seen = await passThrough(h.url);
  try {
    const run = await claude('Run echo sb-roundtrip and tell me what it printed', model, seen.url);
    const result = claudeResult(run);
    expect(result.is_error, run.stdout).toBe(false);
    expect(result.result).toBe(fakeAnswer('openai'));
  } finally {
    await seen.close();
  }
  return messagesStatuses(seen.answers);
}

/** A loopback pass-through to Switchboard that notes each path and status (count_tokens leaves no usage row). */
async function passThrough(target: string): Promise<{ url: string; answers: { path: string; status: number }[]; close(): Promise<void> }> {
  const answers: { path: string; status: number }[] = [];
  const to = new URL(target);
  const server = createServer((req, res) => {
    const out = request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: { ...req.headers, host: to.host } }, (up) => {
      answers.push({ path: req.url ?? '', status: up.statusCode ?? 0 });
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answers,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
