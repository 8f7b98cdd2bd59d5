// A call of a tool without parameters, answered by an OpenAI-format provider with arguments "" (some
// OpenAI-compatible servers do): every client of another format gets "{}", the JSON text its API always
// gives. Before, a Responses client got "" and the openai SDK's parse() and stream().finalResponse()
// with a strict tool threw "Unexpected end of JSON input", the answer lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { MODELS } from './helpers/app-harness';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

const tool = {
  type: 'function' as const, name: 'now', strict: true,
  parameters: { type: 'object', properties: {}, required: [], additionalProperties: false },
};
const chatTool = { type: 'function' as const, function: { name: 'now', parameters: { type: 'object', properties: {} } } };

let h: ResponsesHarness;
let openai: OpenAI;
beforeAll(async () => {
  // the chat and Responses fakes call `now` with arguments "" (the Anthropic and Gemini fakes are not asked)
  h = await startResponsesHarness({ fake: { callTool: { name: 'now', arguments: {}, argumentsText: '' } } });
  openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

describe('a no-argument call from an OpenAI chat provider (arguments "")', () => {
  it('reaches a Responses client as "{}": create, parse() and stream().finalResponse() with a strict tool', async () => {
    const created = await openai.responses.create({ model: MODELS.openai, input: 'what time is it?', tools: [tool] });
    expect(created.output).toMatchObject([{ type: 'function_call', name: 'now', arguments: '{}' }]);
    const parsed = await openai.responses.parse({ model: MODELS.openai, input: 'what time is it?', tools: [tool] });
    expect(parsed.output).toMatchObject([{ type: 'function_call', name: 'now', arguments: '{}', parsed_arguments: {} }]);
    const streamed = await openai.responses.stream({ model: MODELS.openai, input: 'what time is it?', tools: [tool] }).finalResponse();
    expect(streamed.output).toMatchObject([{ type: 'function_call', name: 'now', arguments: '{}' }]);
  });

  // and shows the fake answers "": the "{}" above is Switchboard's
  it('stays "" for a chat client of the same format: its answer is forwarded as the provider sent it', async () => {
    const res = await openai.chat.completions.create({ model: MODELS.openai, messages: [{ role: 'user', content: 'what time is it?' }], tools: [chatTool] });
    expect(res.choices[0]!.message.tool_calls![0]).toMatchObject({ function: { name: 'now', arguments: '' } });
  });
});

describe('a no-argument call from an OpenAI Responses provider (arguments "")', () => {
  it('reaches a chat client as "{}", streamed and not', async () => {
    const messages = [{ role: 'user' as const, content: 'what time is it?' }];
    const whole = await openai.chat.completions.create({ model: RESPONSES_MODEL, messages, tools: [chatTool] });
    expect(whole.choices[0]!.message.tool_calls![0]).toMatchObject({ function: { name: 'now', arguments: '{}' } });
    const streamed = await openai.chat.completions.stream({ model: RESPONSES_MODEL, messages, tools: [chatTool] }).finalChatCompletion();
    expect(streamed.choices[0]!.message.tool_calls![0]).toMatchObject({ function: { name: 'now', arguments: '{}' } });
  });
});
