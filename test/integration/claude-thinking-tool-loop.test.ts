// Claude thinks on through another API's tool loop: its signed thinking blocks, which a chat or Responses
// client has no place for, are kept by the proxy with the calls they came before and go back first in that
// turn, so the next request keeps thinking on (Anthropic refuses thinking without them). The fake Anthropic
// thinks as Claude does (signed block first) and refuses a thinking block it did not sign. Ends with the
// real Codex CLI at model_reasoning_effort=high through one exec_command round trip.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESPONSES_MODEL, startResponsesHarness, twoProfileClients, type ResponsesHarness } from './helpers/responses-harness';
import { sealOf, startRecordingProxy } from './helpers/recording-proxy';
import { CODEX, codexHomeDirs, runProcess } from './helpers/codex';
import { openThinking, sealThinking } from '../../src/core/switchboard-thinking';
import { activityEntryOf } from './helpers/routing-harness';
import { MODELS } from './helpers/app-harness';

const MODEL = 'fa/claude-sonnet-4-5';
const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'exec_command', parameters: { type: 'object', properties: { cmd: { type: 'string' } } } } }];

let h: ResponsesHarness;
let client: OpenAI;
let other: OpenAI;
const scratch: string[] = [];

beforeAll(async () => {
  h = await startResponsesHarness({ fake: { thinks: true, callTool: { name: 'exec_command', arguments: { cmd: 'echo sb-think' } } } });
  await h.app.service.createModel({
    provider_id: 'fa', model_name: 'claude-sonnet-4-5', input_cost_per_1m: 3, output_cost_per_1m: 15, context_length: 200000, max_output_tokens: 64000,
    capabilities: ['chat', 'tools', 'json', 'reasoning'], quality: 80,
  });
  await h.app.service.createModel({
    provider_id: 'fa', model_name: 'claude-opus-4-5', input_cost_per_1m: 5, output_cost_per_1m: 25, context_length: 200000, max_output_tokens: 64000,
    capabilities: ['chat', 'tools', 'json', 'reasoning'], quality: 90,
  });
  ({ client, other } = await twoProfileClients(h));
});
afterAll(async () => {
  await h?.close();
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

const posts = () => h.anthropic.requests.filter((r) => r.method === 'POST');

/** A chat round trip: the call, then its result; what the fake received the second time. */
async function chatLoop(stream: boolean, second: { client?: OpenAI; model?: string } = {}): Promise<{ body: any; status: number }> {
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'run it' }];
  const ask = { model: MODEL, reasoning_effort: 'high' as const, tools };
  let call: OpenAI.ChatCompletionMessageToolCall;
  if (stream) {
    const s = client.chat.completions.stream({ ...ask, messages, stream: true });
    call = (await s.finalChatCompletion()).choices[0]!.message.tool_calls![0]!;
  } else {
    call = (await client.chat.completions.create({ ...ask, messages })).choices[0]!.message.tool_calls![0]!;
  }
  expect(JSON.stringify(call)).not.toMatch(/sig_fake/);
  messages.push({ role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: 'sb-think' });
  const res = await (second.client ?? client).chat.completions.create({ ...ask, model: second.model ?? MODEL, messages }).withResponse();
  return { body: posts().at(-1)!.body, status: res.response.status };
}

describe('Claude thinking through a chat client\'s tool loop', () => {
  it.each([false, true])('the next step thinks, its turn beginning with the signed block of the step before (streamed: %s)', async (stream) => {
    const { body, status } = await chatLoop(stream);
    expect(status).toBe(200);
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 24576 });
    expect(body.messages[1].content.map((b: any) => b.type)).toEqual(['thinking', 'tool_use']);
    // the block the fake signed on the step before (it refuses any other), not a copy made here
    const first = posts().at(-2)!;
    expect(first.body.thinking).toEqual({ type: 'enabled', budget_tokens: 24576 });
    expect(body.messages[1].content[0]).toMatchObject({ type: 'thinking', thinking: expect.any(String), signature: expect.stringMatching(/^sig_fake_\d+_/) });
  });

  it('another profile sending the same call ids, or another model: thinking off as before, no block sent', async () => {
    for (const second of [{ client: other }, { model: 'fa/claude-opus-4-5' }]) {
      const { body, status } = await chatLoop(false, second);
      expect(status).toBe(200);
      expect(body.thinking).toBeUndefined();
      expect(JSON.stringify(body.messages)).not.toMatch(/"thinking"/);
    }
  });
});

const rtools: OpenAI.Responses.Tool[] = [{ type: 'function', name: 'exec_command', parameters: { type: 'object', properties: { cmd: { type: 'string' } } }, strict: false }];

/** A Responses round trip's first step, streamed, and the input that sends the call's result back. */
async function responsesStep(include: boolean): Promise<OpenAI.Responses.ResponseInputItem[]> {
  const input: OpenAI.Responses.ResponseInputItem[] = [{ role: 'user', content: 'run it' }];
  const first = await client.responses.stream({
    model: MODEL, input, tools: rtools, store: false, reasoning: { effort: 'high', summary: 'auto' }, ...(include ? { include: ['reasoning.encrypted_content'] } : {}),
  }).finalResponse();
  const call = first.output.find((o) => o.type === 'function_call')!;
  return [...input, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { type: 'function_call_output', call_id: call.call_id, output: 'sb-think' }];
}

describe('Claude thinking sealed for a Responses client that asks for encrypted reasoning (Codex)', () => {
  it('comes back in the reasoning item before the call and alone brings the thinking back, for that profile only', async () => {
    const input = await responsesStep(true);
    expect(input.map((i) => ('type' in i ? i.type : 'message'))).toEqual(['message', 'reasoning', 'reasoning', 'function_call', 'function_call_output']);
    // the call sent back under another id: what the proxy keeps in memory by the id cannot match, the sealed item alone carries the thinking
    const renamed = input.map((i) => ('call_id' in i ? { ...i, call_id: 'call_renamed' } : i)) as OpenAI.Responses.ResponseInputItem[];
    const res = await client.responses.create({ model: MODEL, input: renamed, tools: rtools, store: false, reasoning: { effort: 'high' } }).withResponse();
    expect(res.response.status).toBe(200);
    const body = posts().at(-1)!.body;
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 24576 });
    expect(body.messages[1].content[0]).toMatchObject({ type: 'thinking', signature: expect.stringMatching(/^sig_fake_\d+_/) });
    // another profile, or the sealed value altered: nothing put back, thinking off for the step
    const sealed = input[2] as { encrypted_content: string };
    const bytes = Buffer.from(sealed.encrypted_content, 'base64');
    bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 1;
    const altered = renamed.map((i) => (i === renamed[2] ? { ...sealed, encrypted_content: bytes.toString('base64') } : i)) as OpenAI.Responses.ResponseInputItem[];
    for (const [who, items] of [[other, renamed], [client, altered]] as const) {
      const r = await who.responses.create({ model: MODEL, input: items, tools: rtools, store: false, reasoning: { effort: 'high' } }).withResponse();
      expect(r.response.status).toBe(200);
      expect(posts().at(-1)!.body.thinking).toBeUndefined();
      expect(JSON.stringify(posts().at(-1)!.body.messages)).not.toMatch(/"thinking"/);
    }
    // to another model, nothing of it
    await other.responses.create({ model: 'fa/claude-opus-4-5', input, tools: rtools, store: false, reasoning: { effort: 'high' } });
    expect(posts().at(-1)!.body.thinking).toBeUndefined();
    expect(JSON.stringify(posts().at(-1)!.body.messages)).not.toMatch(/"thinking"/);
    // to OpenAI's Responses API, never as OpenAI's own (it refuses encrypted content it did not issue)
    const forwarded = await other.responses.create({ model: RESPONSES_MODEL, input, tools: rtools, store: false }).withResponse();
    expect(forwarded.response.status).toBe(200);
    expect(JSON.stringify(h.responses.requests.at(-1)!.body)).not.toMatch(/SBthinkingV1/);
  });

  it('its summary item, sent back with the sealed one of the same step, is not named dropped when the thinking goes; a summary-only item alone still is', async () => {
    const input = await responsesStep(true);
    const [summary, sealed] = [input[1] as { id: string; summary: unknown[] }, input[2] as { id: string; encrypted_content: string }];
    expect(summary.id).toMatch(/^rs_sb/);
    expect(summary.summary.length).toBeGreaterThan(0);
    expect(sealed.encrypted_content).toMatch(/^SBthinkingV1/);
    const next = async (items: unknown[], model = MODEL) => {
      const res = await client.responses.create({ model, input: items as OpenAI.Responses.ResponseInputItem[], tools: rtools, store: false, reasoning: { effort: 'high', summary: 'auto' } }).withResponse();
      expect(res.response.status).toBe(200);
      expect(res.response.headers.get('x-switchboard-model')).toBe(model);
      const header = res.response.headers.get('x-switchboard-dropped') ?? '';
      const entry = await activityEntryOf(h.app, { headers: res.response.headers });
      return { header, dropped: entry.dropped ?? [], body: posts().at(-1)!.body };
    };
    const both = await next(input);
    expect(both.header.split(',')).not.toContain('input[type=reasoning]');
    expect(both.dropped).not.toContain('input[type=reasoning]');
    expect(both.body.messages[1].content[0]).toMatchObject({ type: 'thinking', thinking: expect.any(String), signature: expect.stringMatching(/^sig_fake_\d+_/) });
    // without its sealed companion, or a summary-only item Switchboard did not issue: the summary alone goes, named
    const alone = await next(input.filter((i) => i !== input[2]));
    expect(alone.header.split(',')).toContain('input[type=reasoning]');
    const foreign = await next([...input.slice(0, 1), { type: 'reasoning', id: 'rs_0123abcd', summary: [{ type: 'summary_text', text: 'elsewhere' }] }, ...input.slice(1)]);
    expect(foreign.header.split(',')).toContain('input[type=reasoning]');
    expect(foreign.dropped).toContain('input[type=reasoning]');
    // served by another Claude model (the signature is the sonnet's), by OpenAI chat or by Gemini: neither the
    // thinking nor its summary reaches the provider, and both sealed and summary items are named
    const named: Record<string, boolean[]> = {};
    for (const model of ['fa/claude-opus-4-5', MODELS.openai, MODELS.gemini]) {
      const elsewhere = await next(input, model);
      named[model] = [elsewhere.header.split(',').includes('input[type=reasoning]'), elsewhere.dropped.includes('input[type=reasoning]')];
    }
    expect(named).toEqual({ 'fa/claude-opus-4-5': [true, true], [MODELS.openai]: [true, true], [MODELS.gemini]: [true, true] });
    expect(JSON.stringify(posts().at(-1)!.body.messages)).not.toMatch(/"thinking"/);
    expect(JSON.stringify(h.openai.requests.at(-1)!.body)).not.toMatch(/sig_fake|SBthinkingV1/);
    expect(JSON.stringify(h.gemini.requests.at(-1)!.body)).not.toMatch(/sig_fake|SBthinkingV1/);
  });

  it('thinking put back that Anthropic refuses (a signature it no longer takes): the step is sent once more with thinking off', async () => {
    const input = await responsesStep(true);
    const stale = sealThinking(sealOf(h.dataDir, 'default'), MODEL, [{ type: 'thinking', thinking: 'old', signature: 'sig_no_longer_valid' }]);
    const items = input.map((i) => ('call_id' in i ? { ...i, call_id: 'call_stale' } : i === input[2] ? { ...i, encrypted_content: stale } : i)) as OpenAI.Responses.ResponseInputItem[];
    const before = posts().length;
    const res = await client.responses.create({ model: MODEL, input: items, tools: rtools, store: false, reasoning: { effort: 'high' } }).withResponse();
    expect(res.response.status).toBe(200);
    const sent = posts().slice(before);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.body.messages[1].content[0]).toMatchObject({ type: 'thinking', signature: 'sig_no_longer_valid' });
    expect(sent[1]!.body.thinking).toBeUndefined();
    expect(JSON.stringify(sent[1]!.body.messages)).not.toMatch(/"thinking"/);
    // what went in the end had no thinking: named, in the header and the row
    expect((res.response.headers.get('x-switchboard-dropped') ?? '').split(',')).toContain('input[type=reasoning]');
    expect((await activityEntryOf(h.app, { headers: res.response.headers })).dropped).toContain('input[type=reasoning]');
  });

  it('not asked for: no sealed item, and another profile gets thinking off as before', async () => {
    const input = await responsesStep(false);
    expect(JSON.stringify(input)).not.toMatch(/SBthinkingV1|sig_fake/);
    await other.responses.create({ model: MODEL, input, tools: rtools, store: false, reasoning: { effort: 'high' } });
    expect(posts().at(-1)!.body.thinking).toBeUndefined();
  });
});

describe('Codex CLI on a thinking Claude', () => {
  it('thinks on the step after exec_command: request 2 carries thinking and the signed block first', async () => {
    const { home, work, codexHome } = codexHomeDirs('sb-codex-think-');
    scratch.push(home);
    const recorder = await startRecordingProxy(h.url);
    writeFileSync(join(codexHome, 'config.toml'), [
      `model = "${MODEL}"`, 'model_provider = "switchboard"', 'model_reasoning_effort = "high"', '',
      '[model_providers.switchboard]', 'name = "Switchboard"', `base_url = "${recorder.url}/v1"`, 'env_key = "SWITCHBOARD_TOKEN"',
      'wire_api = "responses"', 'request_max_retries = 0', 'stream_max_retries = 0', '',
    ].join('\n'));
    const before = posts().length;
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, CODEX_HOME: codexHome, SWITCHBOARD_TOKEN: h.token, LANG: 'C.UTF-8' };
    const run = await runProcess(CODEX, ['exec', '--skip-git-repo-check', '--sandbox', 'read-only', 'Run echo sb-think and tell me what it printed.'], { cwd: work, env });
    await recorder.close();
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    // Codex sent the call back after Claude's thinking, sealed for this profile, in the reasoning item before it
    const sentBack = recorder.bodies.at(-1)?.input?.filter((i: any) => i.type === 'reasoning' && typeof i.encrypted_content === 'string') ?? [];
    const opened = sentBack.map((i: any) => openThinking(sealOf(h.dataDir, 'default'), i.encrypted_content)).find(Boolean);
    expect(opened?.modelId).toBe(MODEL);
    expect(opened?.blocks[0]).toMatchObject({ type: 'thinking', signature: expect.stringMatching(/^sig_fake_\d+_/) });
    const turns = posts().slice(before);
    expect(turns).toHaveLength(2);
    expect(turns[0]!.body.thinking).toEqual({ type: 'enabled', budget_tokens: 24576 });
    expect(turns[1]!.body.thinking).toEqual({ type: 'enabled', budget_tokens: 24576 });
    expect(JSON.stringify(turns[1]!.body)).toContain('sb-think\\n');
    const turn = turns[1]!.body.messages.findLast((m: any) => m.role === 'assistant');
    expect(turn.content[0]).toMatchObject({ type: 'thinking', signature: expect.stringMatching(/^sig_fake_\d+_/) });
    expect(turn.content.at(-1)).toMatchObject({ type: 'tool_use', name: 'exec_command' });
    // Codex asked for encrypted reasoning: its session kept the sealed thinking, which it sends back after a restart
    const rollouts = readdirSync(join(codexHome, 'sessions'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.jsonl'));
    expect(rollouts.map((f) => readFileSync(join(codexHome, 'sessions', f), 'utf8')).join('')).toContain('SBthinkingV1');
  }, 180_000);
});
