// Tool names one API takes and another refuses, through the real proxy with the official SDKs. Claude
// Code names an MCP tool `mcp__<server>__<tool>`, which Anthropic takes up to 128 characters and OpenAI
// and Gemini refuse past 64; a chat client aimed at another provider may name a tool `files.read`, which
// OpenAI and Anthropic refuse, and a Responses client may name one `2fa`, which Gemini refuses (the fakes
// answer such names with the real APIs' 400). Crossing formats a tool goes under a safe name, its call
// comes back under the client's, and the replayed history matches; so too for Cursor's Responses-shaped
// body on /v1/chat/completions, answered in chat's shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { safeToolName } from '../../src/core/inbound/safe-tool-name';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';

const LONG = 'mcp__ticket-tracker__close_the_ticket_then_notify_every_watcher_of_it_now';
const DOTTED = 'files.read';
const ARGS = { city: 'Paris' };
const VALID = /^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$/;

let h: Harness;
let anthropic: Anthropic;
let openai: OpenAI;
beforeAll(async () => {
  h = await startHarness();
  await h.app.service.updateRoutingRules({ retries_per_model: 0 });
  anthropic = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
  openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

const last = (fake: Harness['openai']): any => fake.requests[fake.requests.length - 1]!.body;
/** The tool names a provider's request offered, and those of the calls (and Gemini's results) its history holds, read from its own format. */
function sentNames(body: any): { offered: string[]; called: string[] } {
  const offered = (body.tools ?? []).flatMap((t: any) => t.functionDeclarations?.map((d: any) => d.name) ?? [t.function?.name ?? t.name]);
  const called = [
    ...(body.messages ?? []).flatMap((m: any) => [
      ...(m.tool_calls ?? []).map((c: any) => c.function.name),
      ...(Array.isArray(m.content) ? m.content.filter((b: any) => b.type === 'tool_use').map((b: any) => b.name) : []),
    ]),
    ...(body.contents ?? []).flatMap((c: any) => c.parts.flatMap((p: any) => [p.functionCall?.name, p.functionResponse?.name].filter(Boolean))),
  ];
  return { offered, called };
}

describe('an Anthropic client with a 70-character MCP tool', () => {
  const tools: Anthropic.Tool[] = [
    { name: LONG, input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
    { name: 'Read', input_schema: { type: 'object', properties: {} } },
  ];
  const ask: Anthropic.MessageParam = { role: 'user', content: 'What is the weather in Paris?' };

  describe.each([['openai', MODELS.openai], ['gemini', MODELS.gemini]] as const)('served by %s', (name, model) => {
    it('gets the call back under its own name, whole and streamed, and its history goes on', async () => {
      expect(LONG.length).toBe(73);
      const msg = await anthropic.messages.create({ model, max_tokens: 100, tools, tool_choice: { type: 'tool', name: LONG }, messages: [ask] });
      expect(msg.content).toMatchObject([{ type: 'tool_use', name: LONG, input: ARGS }]);
      const offered = sentNames(last(h[name])).offered;
      expect(offered).toEqual([safeToolName(LONG), 'Read']);
      for (const n of offered) expect(n).toMatch(VALID);

      const streamed = await anthropic.messages.stream({ model, max_tokens: 100, tools, messages: [ask] }).finalMessage();
      expect(streamed.content).toMatchObject([{ type: 'tool_use', name: LONG, input: ARGS }]);

      const call = msg.content[0] as Anthropic.ToolUseBlock;
      const next = await anthropic.messages.create({
        model, max_tokens: 100, tools,
        messages: [ask, { role: 'assistant', content: [call] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'sunny' }] }],
      });
      expect(next.content[0]?.type).toBe('text');
      // (Gemini names the result too)
      expect(new Set(sentNames(last(h[name])).called)).toEqual(new Set([safeToolName(LONG)]));
    });
  });

  it('served by Anthropic: forwarded as sent, the name untouched', async () => {
    const msg = await anthropic.messages.create({ model: MODELS.anthropic, max_tokens: 100, tools, messages: [ask] });
    expect(msg.content).toMatchObject([{ type: 'tool_use', name: LONG }]);
    expect(last(h.anthropic).tools.map((t: any) => t.name)).toEqual([LONG, 'Read']);
  });
});

describe('a chat client with a dotted tool name', () => {
  const tools: OpenAI.ChatCompletionTool[] = [
    { type: 'function', function: { name: DOTTED, parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
    { type: 'function', function: { name: 'ls', parameters: { type: 'object', properties: {} } } },
  ];
  const ask: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'What is the weather in Paris?' };

  describe.each([['anthropic', MODELS.anthropic], ['gemini', MODELS.gemini]] as const)('served by %s', (name, model) => {
    it('gets the call back under its own name, whole and streamed, and its history goes on', async () => {
      const res = await openai.chat.completions.create({ model, tools, tool_choice: { type: 'function', function: { name: DOTTED } }, messages: [ask] });
      const call = res.choices[0]!.message.tool_calls![0]!;
      expect(call.type === 'function' && call.function.name).toBe(DOTTED);
      expect(JSON.parse(call.type === 'function' ? call.function.arguments : '')).toEqual(ARGS);
      expect(sentNames(last(h[name])).offered).toEqual([safeToolName(DOTTED), 'ls']);

      const stream = openai.chat.completions.stream({ model, tools, messages: [ask], stream: true });
      const final = await stream.finalChatCompletion();
      const streamedCall = final.choices[0]!.message.tool_calls![0]!;
      expect(streamedCall.type === 'function' && streamedCall.function.name).toBe(DOTTED);

      const next = await openai.chat.completions.create({
        model, tools,
        messages: [ask, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: 'sunny' }],
      });
      expect(next.choices[0]!.message.content).toEqual(expect.any(String));
      expect(new Set(sentNames(last(h[name])).called)).toEqual(new Set([safeToolName(DOTTED)]));
    });
  });
});

describe('a Responses client with plain tool names other formats refuse', () => {
  // `2fa` OpenAI and Anthropic take and Gemini refuses (a leading digit); `files.read` Anthropic refuses too
  const DIGIT = '2fa';
  const tools: OpenAI.Responses.Tool[] = [
    { type: 'function', name: DIGIT, strict: false, parameters: { type: 'object', properties: { city: { type: 'string' } } } },
    { type: 'function', name: DOTTED, strict: false, parameters: { type: 'object', properties: {} } },
  ];
  const ask: OpenAI.Responses.ResponseInputItem = { role: 'user', content: 'What is the weather in Paris?' };

  describe.each([['anthropic', MODELS.anthropic], ['gemini', MODELS.gemini]] as const)('served by %s', (name, model) => {
    it('gets the call back under its own name, whole and streamed, and its history goes on', async () => {
      const res = await openai.responses.create({ model, tools, tool_choice: { type: 'function', name: DIGIT }, input: [ask] });
      const call = res.output.find((o) => o.type === 'function_call')!;
      expect(call).toMatchObject({ type: 'function_call', name: DIGIT });
      expect(JSON.parse(call.type === 'function_call' ? call.arguments : '')).toEqual(ARGS);
      const offered = sentNames(last(h[name])).offered;
      expect(offered).toEqual([safeToolName(DIGIT), safeToolName(DOTTED)]);
      for (const n of offered) expect(n).toMatch(VALID);

      const streamed = await openai.responses.stream({ model, tools, input: [ask] }).finalResponse();
      expect(streamed.output.find((o) => o.type === 'function_call')).toMatchObject({ name: DIGIT });

      const next = await openai.responses.create({
        model, tools,
        input: [ask, call as OpenAI.Responses.ResponseFunctionToolCall, { type: 'function_call_output', call_id: (call as OpenAI.Responses.ResponseFunctionToolCall).call_id, output: 'sunny' }],
      });
      expect(next.output_text).toEqual(expect.any(String));
      expect(new Set(sentNames(last(h[name])).called)).toEqual(new Set([safeToolName(DIGIT)]));
    });
  });
});

describe('Cursor\'s Responses-shaped body on /v1/chat/completions with a dotted tool and a long namespaced one', () => {
  const params = { type: 'object', properties: { city: { type: 'string' } } };
  const NS = 'mcp_ticket_tracker_server_of_the_whole_company';
  const FN = 'close_the_ticket_then_notify_every_watcher';
  const dotted = { type: 'function', name: DOTTED, parameters: params };
  const namespaced = { type: 'namespace', name: NS, description: 'tickets', tools: [{ type: 'function', name: FN, parameters: params }] };
  const post = (model: string, tools: unknown[], stream: boolean) => rawRequest(`${h.url}/v1/chat/completions`, {
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, stream, tools, input: [{ role: 'user', content: 'What is the weather in Paris?' }] }),
  });
  const streamedNames = (text: string): string[] => text.split('\n\n').filter((b) => b.startsWith('data: {'))
    .flatMap((b) => JSON.parse(b.slice(6)).choices[0]?.delta?.tool_calls ?? []).map((c: any) => c.function?.name).filter(Boolean);

  describe.each([['anthropic', MODELS.anthropic], ['gemini', MODELS.gemini]] as const)('served by %s', (name, model) => {
    it.each([['the dotted one', [dotted, namespaced], DOTTED], ['the namespaced one', [namespaced, dotted], `${NS}__${FN}`]])(
      'names a call to %s as declared, whole and streamed', async (_what, tools, declared) => {
        const whole = await post(model, tools, false);
        expect(whole.status, whole.text).toBe(200);
        expect(whole.json.choices[0].message.tool_calls).toMatchObject([{ type: 'function', function: { name: declared } }]);
        for (const n of sentNames(last(h[name])).offered) expect(n).toMatch(VALID);
        const streamed = await post(model, tools, true);
        expect(streamed.status, streamed.text).toBe(200);
        expect(streamedNames(streamed.text)).toEqual([declared]);
      });
  });
});
