// Gemini serving another API's tool loop, through the proxy with the official SDKs: two calls of one tool
// in a turn, the results sent back in the order they finished, reach Gemini paired with their calls
// (Gemini pairs by position, having no ids), and with the thought signature Gemini gave its first call
// (the client never sees it); a call Gemini did not make gets Google's sentinel on Gemini 3.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { MODELS, startHarness, type Harness } from './helpers/app-harness';

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

const SIGNATURE = 'ZmFrZS10aG91Z2h0LXNpZ25hdHVyZQ=='; // the fake Gemini's, on the first call of a turn
const GEMINI_3 = 'fg/gemini-3-fake';

beforeAll(async () => {
  h = await startHarness();
  await h.app.service.createModel({ provider_id: 'fg', model_name: 'gemini-3-fake', input_cost_per_1m: 0.5, output_cost_per_1m: 1.5, context_length: 1000000, capabilities: ['chat', 'tools'] });
  openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

const COMMANDS = [{ command: 'echo aaa' }, { command: 'echo bbb' }];
const schema = { type: 'object' as const, properties: { command: { type: 'string' } }, required: ['command'] };

/** Two Bash calls from the fake Gemini: `run(model)` makes the first turn, answers the calls in reverse, returns what Gemini got next. */
async function pairing(run: (model: string) => Promise<unknown>, model: string): Promise<{ calls: unknown[]; responses: unknown[]; signatures: unknown[] }> {
  h.gemini.options.callTool = { name: 'Bash', arguments: {} };
  h.gemini.options.parallelArgs = COMMANDS;
  try {
    // what the client was shown never holds the signature
    expect(JSON.stringify(await run(model))).not.toContain(SIGNATURE);
  } finally {
    delete h.gemini.options.callTool;
    delete h.gemini.options.parallelArgs;
  }
  const contents = h.gemini.requests.at(-1)!.body.contents as any[];
  const model_ = contents.findLast((c) => c.role === 'model');
  const user = contents.at(-1);
  return {
    calls: model_.parts.filter((p: any) => p.functionCall).map((p: any) => p.functionCall.args.command),
    signatures: model_.parts.filter((p: any) => p.functionCall).map((p: any) => p.thoughtSignature),
    responses: user.parts.filter((p: any) => p.functionResponse).map((p: any) => p.functionResponse.response.content),
  };
}

const output = (command: string): string => command.replace('echo ', '');

describe.each([MODELS.gemini, GEMINI_3])('%s answering parallel calls of one tool, results sent back out of order', (served) => {
  const expected = { calls: ['echo aaa', 'echo bbb'], responses: ['aaa', 'bbb'], signatures: [SIGNATURE, undefined] };

  it('chat completions (openai SDK)', async () => {
    const got = await pairing(async (model) => {
      const tools = [{ type: 'function' as const, function: { name: 'Bash', parameters: schema } }];
      const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'run both' }];
      const first = await openai.chat.completions.create({ model, messages, tools });
      const calls = first.choices[0]!.message.tool_calls!.filter((c) => c.type === 'function');
      expect(calls).toHaveLength(2);
      messages.push(first.choices[0]!.message);
      for (const c of [...calls].reverse()) messages.push({ role: 'tool', tool_call_id: c.id, content: output(JSON.parse(c.function.arguments).command) });
      await openai.chat.completions.create({ model, messages, tools });
      return first;
    }, served);
    expect(got).toEqual(expected);
  });

  it('messages (@anthropic-ai/sdk, streamed as Claude Code does)', async () => {
    const got = await pairing(async (model) => {
      const tools = [{ name: 'Bash', input_schema: schema }];
      const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'run both' }];
      const first = await anthropic.messages.stream({ model, max_tokens: 1000, messages, tools }).finalMessage();
      const uses = first.content.filter((b) => b.type === 'tool_use');
      expect(uses).toHaveLength(2);
      messages.push({ role: 'assistant', content: first.content });
      messages.push({
        role: 'user',
        content: [...uses].reverse().map((u) => ({ type: 'tool_result' as const, tool_use_id: u.id, content: output((u.input as { command: string }).command) })),
      });
      await anthropic.messages.create({ model, max_tokens: 1000, messages, tools });
      return first;
    }, served);
    expect(got).toEqual(expected);
  });

  it('responses (openai SDK)', async () => {
    const got = await pairing(async (model) => {
      const tools = [{ type: 'function' as const, name: 'Bash', parameters: schema, strict: false }];
      const first = await openai.responses.create({ model, input: 'run both', tools, store: false });
      const calls = first.output.filter((i) => i.type === 'function_call');
      expect(calls).toHaveLength(2);
      const input: OpenAI.Responses.ResponseInputItem[] = [{ role: 'user', content: 'run both' }, ...calls];
      for (const c of [...calls].reverse()) input.push({ type: 'function_call_output', call_id: c.call_id, output: output(JSON.parse(c.arguments).command) });
      await openai.responses.create({ model, input, tools, store: false });
      return first;
    }, served);
    expect(got).toEqual(expected);
  });
});

describe('Gemini 3 sent a call it did not make, or another profile\'s', () => {
  const tools = [{ type: 'function' as const, function: { name: 'Bash', parameters: schema } }];
  const replay = (client: OpenAI, id: string) => client.chat.completions.create({
    model: GEMINI_3, tools,
    messages: [
      { role: 'user', content: 'run it' },
      { role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name: 'Bash', arguments: '{"command":"echo aaa"}' } }] },
      { role: 'tool', tool_call_id: id, content: 'aaa' },
    ],
  });
  const sentSignature = (): unknown => (h.gemini.requests.at(-1)!.body.contents as any[])[1].parts[0].thoughtSignature;

  it('gets the sentinel for an id it never gave, and for one it gave another profile', async () => {
    await replay(openai, 'toolu_from_another_model');
    expect(sentSignature()).toBe('skip_thought_signature_validator');
    h.gemini.options.callTool = { name: 'Bash', arguments: { command: 'echo aaa' } };
    let id: string;
    try {
      const first = await openai.chat.completions.create({ model: GEMINI_3, tools, messages: [{ role: 'user', content: 'run it' }] });
      id = first.choices[0]!.message.tool_calls![0]!.id;
    } finally {
      delete h.gemini.options.callTool;
    }
    await h.app.service.createUser({ id: 'mallory', name: 'Mallory' });
    const other = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: (await h.app.service.issueToken({ id: 'mallory', name: 't' })).token, maxRetries: 0 });
    await replay(other, id);
    expect(sentSignature()).toBe('skip_thought_signature_validator');
    await replay(openai, id);
    expect(sentSignature()).toBe(SIGNATURE);
  });
});
