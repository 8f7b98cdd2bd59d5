// Gemini 3 through OpenRouter: a call's thought signature comes in the answer's `reasoning_details` (streamed in a
// delta after the call began, or on the message), and OpenRouter wants them back on the assistant message carrying
// the calls, else Google refuses the call (400 "Provider returned error"). A client of another API (Claude Code,
// Codex) has no place for them: the proxy keeps them by the calls' ids and puts them back. Before, they were lost and
// the second turn of every tool loop failed. The OpenRouter here is a small server of this file's own that refuses
// a turn whose calls come back without the signature it gave them.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';

const MODEL = 'or/google/gemini-3-pro-preview';
let h: Harness;
let upstream: RawUpstream;
const bodies: any[] = [];
let n = 0;

/** what the fake gave each call: its signature, and a reasoning text streamed in two pieces */
const detailsFor = (id: string) => [
  { type: 'reasoning.text', text: 'Need to run it.', format: 'google-gemini-v1', index: 0 },
  { type: 'reasoning.encrypted', data: `SIG-${id}`, id, format: 'google-gemini-v1', index: 1 },
];

function refusal(messages: any[]): string | undefined {
  for (const m of messages) {
    if (m.role !== 'assistant' || !m.tool_calls) continue;
    for (const c of m.tool_calls) {
      if (!(m.reasoning_details ?? []).some((d: any) => d.type === 'reasoning.encrypted' && d.id === c.id && d.data === `SIG-${c.id}`)) return c.id;
    }
  }
  return undefined;
}

beforeAll(async () => {
  h = await startHarness();
  upstream = await startRawUpstream((raw, res) => {
    const body = JSON.parse(raw.toString());
    bodies.push(body);
    const missing = refusal(body.messages);
    if (missing !== undefined) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 400, message: 'Provider returned error', metadata: { provider_name: 'Google AI Studio', raw: `Function call is missing a thought_signature in functionCall parts (${missing})` } } }));
      return;
    }
    const id = `call_${++n}`;
    const toolTurn = body.messages.at(-1).role !== 'tool';
    const base = { id: `gen-${n}`, object: 'chat.completion.chunk', created: 1, model: 'google/gemini-3-pro-preview' };
    const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
    if (!body.stream) {
      const message = toolTurn
        ? { role: 'assistant', content: '', tool_calls: [{ id, type: 'function', function: { name: 'Bash', arguments: '{"command":"echo hi"}' } }], reasoning: 'Need to run it.', reasoning_details: detailsFor(id) }
        : { role: 'assistant', content: 'Done.' };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: toolTurn ? 'tool_calls' : 'stop' }], usage }));
      return;
    }
    const d = (delta: unknown, finish: string | null = null) => `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (toolTurn) {
      const [text, signature] = detailsFor(id);
      res.write(d({ role: 'assistant', content: '', reasoning: 'Need to ', reasoning_details: [{ ...text, text: 'Need to ' }] }));
      res.write(d({ content: '', reasoning: 'run it.', reasoning_details: [{ ...text, text: 'run it.' }] }));
      res.write(d({ tool_calls: [{ index: 0, id, type: 'function', function: { name: 'Bash', arguments: '' } }] }));
      // OpenRouter sends the signature after the call began
      res.write(d({ content: '', reasoning: null, reasoning_details: [signature] }));
      res.write(d({ tool_calls: [{ index: 0, function: { arguments: '{"command":"echo hi"}' } }] }));
      res.write(d({}, 'tool_calls'));
    } else {
      res.write(d({ role: 'assistant', content: 'Done.' }));
      res.write(d({}, 'stop'));
    }
    res.end(`data: ${JSON.stringify({ ...base, choices: [], usage })}\n\ndata: [DONE]\n\n`);
  });
  const s = h.app.service;
  await s.updateRoutingRules({ retries_per_model: 0 });
  await s.createProvider({ id: 'or', name: 'OpenRouter fake', type: 'openrouter', base_url: `${upstream.origin}/api/v1`, api_key: 'sk-or-v1-0123456789abcdef' });
  await s.createModel({ provider_id: 'or', model_name: 'google/gemini-3-pro-preview', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 1_000_000, capabilities: ['chat', 'tools'] });
});

afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

/** the reasoning_details on the assistant message of the last request OpenRouter was sent */
const sentBack = (): unknown => bodies.at(-1).messages.find((m: any) => m.role === 'assistant').reasoning_details;

describe('Gemini 3 through OpenRouter in a translated tool loop', () => {
  it.each([false, true])('an Anthropic client\'s second turn goes with the reasoning_details of the first (streamed: %s)', async (stream) => {
    const client = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
    const tools: Anthropic.Tool[] = [{ name: 'Bash', input_schema: { type: 'object', properties: { command: { type: 'string' } } } }];
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'run echo hi' }];
    const ask = { model: MODEL, max_tokens: 200, tools };
    const first = stream ? await client.messages.stream({ ...ask, messages }).finalMessage() : await client.messages.create({ ...ask, messages });
    const use = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')!;
    expect(use.input).toEqual({ command: 'echo hi' });
    messages.push({ role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'hi' }] });
    const second = stream ? await client.messages.stream({ ...ask, messages }).finalMessage() : await client.messages.create({ ...ask, messages });
    expect(second.content).toEqual([expect.objectContaining({ type: 'text', text: 'Done.' })]);
    // the streamed pieces joined into the items OpenRouter sent
    expect(sentBack()).toEqual(detailsFor(use.id));
  });

  it.each([false, true])('a Responses client\'s second turn goes with them too (streamed: %s)', async (stream) => {
    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
    const tools: OpenAI.Responses.Tool[] = [{ type: 'function', name: 'Bash', strict: false, parameters: { type: 'object', properties: { command: { type: 'string' } } } }];
    const input: OpenAI.Responses.ResponseInputItem[] = [{ role: 'user', content: 'run echo hi' }];
    const ask = { model: MODEL, tools, store: false };
    const first = stream ? await client.responses.stream({ ...ask, input }).finalResponse() : await client.responses.create({ ...ask, input });
    const call = first.output.find((o) => o.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
    expect(call.arguments).toBe('{"command":"echo hi"}');
    input.push(...(first.output as OpenAI.Responses.ResponseInputItem[]), { type: 'function_call_output', call_id: call.call_id, output: 'hi' });
    const second = stream ? await client.responses.stream({ ...ask, input }).finalResponse() : await client.responses.create({ ...ask, input });
    expect(second.output_text).toBe('Done.');
    expect(sentBack()).toEqual(detailsFor(call.call_id));
  });

  it('a refused turn tells the client what the provider behind OpenRouter said, not only "Provider returned error"', async () => {
    const client = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
    const tools: Anthropic.Tool[] = [{ name: 'Bash', input_schema: { type: 'object', properties: { command: { type: 'string' } } } }];
    // a call the proxy never saw (another session's): nothing to put back, so OpenRouter refuses it
    const messages: Anthropic.MessageParam[] = [
      { role: 'user', content: 'run echo hi' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'call_unknown', name: 'Bash', input: { command: 'echo hi' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_unknown', content: 'hi' }] },
    ];
    const err = await client.messages.create({ model: MODEL, max_tokens: 200, tools, messages }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect((err as Error).message).toContain('Provider returned error (Google AI Studio: Function call is missing a thought_signature in functionCall parts (call_unknown))');
  });
});
