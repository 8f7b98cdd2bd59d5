// Claude Code and Codex requests translated for OpenAI-compatible providers that refuse some of what
// OpenAI takes: the fake answers 400 as the provider documents it (a 400 caused by the request is
// not failed over, so each of these broke the request outright), and what is left out is named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responsesFixture } from '../fixtures/responses/load';
import { KEYS, type Harness } from './helpers/app-harness';
import { recording, replay, startFixtureHarness } from './helpers/fixture-harness';
import type { RawResponse } from './helpers/hardening-kit';

/** xAI: "reasoning_effort is not supported by grok-3, grok-4 and grok-4-fast-reasoning" (nor by grok-4-1-fast, grok-code-fast-1) */
const XAI_NO_EFFORT = /^grok-(3$|4$|4-0709|4-1-fast|4-fast|code-fast)/;

/** What xAI, Groq and DeepSeek answer 400 to, as their documentation and error reports say. */
function refusal(body: any): string | undefined {
  const model = String(body.model);
  const effort = body.reasoning_effort;
  if (model.startsWith('grok-')) {
    if (effort !== undefined && XAI_NO_EFFORT.test(model)) return `Model ${model} does not support parameter reasoningEffort.`;
    if (model === 'grok-3-mini' && effort !== undefined && !['low', 'high'].includes(effort)) return 'reasoning_effort must be low or high';
    if (!model.includes('non-reasoning') && ['presence_penalty', 'frequency_penalty', 'stop'].some((k) => body[k] !== undefined)) {
      return 'presencePenalty, frequencyPenalty and stop are not supported by reasoning models';
    }
  }
  if (model.includes('qwen3') && effort !== undefined && !['none', 'default'].includes(effort)) return '`reasoning_effort` must be one of `none` or `default`';
  if (model.includes('gpt-oss') && effort !== undefined && !['low', 'medium', 'high'].includes(effort)) return 'reasoning_effort must be one of low, medium, high';
  if (model === 'deepseek-reasoner') {
    const i = (body.messages as any[]).findIndex((m) => m.role === 'assistant' && Array.isArray(m.tool_calls) && typeof m.reasoning_content !== 'string');
    if (i !== -1) return `Missing \`reasoning_content\` field in the assistant message at message index ${i}.`;
  }
  return undefined;
}

let h: Harness;
beforeAll(async () => {
  h = await startFixtureHarness();
  const s = h.app.service;
  h.openai.options.refuse = refusal;
  const reasoning = ['chat', 'tools', 'json', 'reasoning'] as const;
  const add = async (provider_id: string, model_name: string) => {
    await s.createModel({ provider_id, model_name, input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 256_000, capabilities: [...reasoning], quality: 80 });
  };
  await s.createProvider({ id: 'xa', name: 'xAI fake', type: 'xai', base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
  await add('xa', 'grok-4');
  await add('xa', 'grok-3-mini');
  await s.createProvider({ id: 'gq', name: 'Groq fake', type: 'groq', base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
  await add('gq', 'qwen/qwen3-32b');
  await add('gq', 'openai/gpt-oss-20b');
  await s.createProvider({ id: 'ds', name: 'DeepSeek fake', type: 'deepseek', base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
  await add('ds', 'deepseek-reasoner');
});
afterAll(async () => { await h?.close(); });

const dropped = (res: RawResponse): string[] => String(res.headers['x-switchboard-dropped'] ?? '').split(',').filter(Boolean).sort();
const sent = (): any => h.openai.requests.at(-1)!.body;

function expectServed(res: RawResponse, model: string): void {
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  expect(res.headers['x-switchboard-model']).toBe(model);
}

/** Claude Code's turn after a Bash call (adaptive thinking, effort medium), with a stop sequence added. */
function claudeCode(): ReturnType<typeof recording> {
  const rec = recording('anthropic', 'claude-code-tool-result');
  return { ...rec, body: { ...rec.body, stop_sequences: ['<END>'] } };
}

/** Codex's turn after a tool call, its reasoning effort set as `model_reasoning_effort = "minimal"` sends it. */
function codex(effort = 'minimal'): ReturnType<typeof recording> {
  const body = responsesFixture('codex-tool-result.request.json');
  return { body: { ...body, reasoning: { ...body.reasoning, effort } }, headers: { 'content-type': 'application/json' } };
}

describe('xAI', () => {
  it('Claude Code with thinking reaches Grok 4 without reasoning_effort or stop, both named', async () => {
    const res = await replay(h, '/v1/messages', claudeCode(), 'xa/grok-4');
    expectServed(res, 'xa/grok-4');
    expect(sent().reasoning_effort).toBeUndefined();
    expect(sent().stop).toBeUndefined();
    // named as Claude Code sent them (Anthropic's thinking and stop_sequences)
    expect(dropped(res)).toEqual(expect.arrayContaining(['thinking', 'stop_sequences']));
  });

  it('Codex reaches Grok 4 without reasoning_effort, and grok-3-mini with low for minimal, named', async () => {
    const res = await replay(h, '/v1/responses', codex(), 'xa/grok-4');
    expectServed(res, 'xa/grok-4');
    expect(sent().reasoning_effort).toBeUndefined();
    expect(dropped(res)).toContain('reasoning');

    const mini = await replay(h, '/v1/responses', codex(), 'xa/grok-3-mini');
    expectServed(mini, 'xa/grok-3-mini');
    expect(sent().reasoning_effort).toBe('low');
    expect(dropped(mini)).toContain('reasoning');
  });
});

describe('Groq', () => {
  // no thinking blocks in the history, which would be named `thinking` too, as the effort is for Anthropic clients
  const unthought = (c: any) => (Array.isArray(c) ? c.filter((b: any) => b.type !== 'thinking' && b.type !== 'redacted_thinking') : c);

  it('Claude Code reaches Qwen 3 with reasoning_effort default (its level named), and Codex gpt-oss with low for minimal', async () => {
    const rec = recording('anthropic', 'claude-code-tool-result');
    const body = { ...rec.body, messages: rec.body.messages.map((m: any) => ({ ...m, content: unthought(m.content) })) };
    const cc = await replay(h, '/v1/messages', { ...rec, body }, 'gq/qwen/qwen3-32b');
    expectServed(cc, 'gq/qwen/qwen3-32b');
    expect(sent().reasoning_effort).toBe('default');
    expect(dropped(cc)).toContain('thinking');

    const cx = await replay(h, '/v1/responses', codex(), 'gq/openai/gpt-oss-20b');
    expectServed(cx, 'gq/openai/gpt-oss-20b');
    expect(sent().reasoning_effort).toBe('low');
    expect(dropped(cx)).toContain('reasoning');
  });

  it('thinking turned off reaches Qwen 3 as reasoning_effort none, nothing named for it', async () => {
    const rec = recording('anthropic', 'claude-code-tool-result');
    // no effort anywhere (Claude Code also sets it on its mid-conversation system message)
    const { output_config: _effort, ...body } = rec.body;
    body.messages = body.messages.map(({ output_config: _turnEffort, ...m }: any) => ({ ...m, content: unthought(m.content) }));
    const res = await replay(h, '/v1/messages', { ...rec, body: { ...body, thinking: { type: 'disabled' } } }, 'gq/qwen/qwen3-32b');
    expectServed(res, 'gq/qwen/qwen3-32b');
    expect(sent().reasoning_effort).toBe('none');
    expect(dropped(res)).not.toContain('thinking');

    const cx = await replay(h, '/v1/responses', codex('none'), 'gq/qwen/qwen3-32b');
    expectServed(cx, 'gq/qwen/qwen3-32b');
    expect(sent().reasoning_effort).toBe('none');
  });
});

describe('DeepSeek', () => {
  const withCalls = (): any[] => sent().messages.filter((m: any) => m.role === 'assistant' && m.tool_calls);

  it("Claude Code's turn after a tool call reaches deepseek-reasoner with its thinking as reasoning_content", async () => {
    const res = await replay(h, '/v1/messages', recording('anthropic', 'claude-code-tool-result'), 'ds/deepseek-reasoner');
    expectServed(res, 'ds/deepseek-reasoner');
    expect(withCalls().map((m) => m.reasoning_content)).toEqual(['I will run the command.']);
  });

  it("Codex's turn after a tool call reaches it with the reasoning summary, or an empty reasoning_content where only encrypted reasoning came back", async () => {
    const res = await replay(h, '/v1/responses', codex('high'), 'ds/deepseek-reasoner');
    expectServed(res, 'ds/deepseek-reasoner');
    expect(withCalls().map((m) => m.reasoning_content)).toEqual(['']);

    const rec = codex('high');
    rec.body.input = rec.body.input.map((item: any) => (item.type === 'reasoning' ? { ...item, summary: [{ type: 'summary_text', text: 'Run the echo.' }] } : item));
    const summarized = await replay(h, '/v1/responses', rec, 'ds/deepseek-reasoner');
    expectServed(summarized, 'ds/deepseek-reasoner');
    expect(withCalls().map((m) => m.reasoning_content)).toEqual(['Run the echo.']);
  });
});
