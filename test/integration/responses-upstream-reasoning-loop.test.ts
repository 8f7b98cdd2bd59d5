// A reasoning model on OpenAI's Responses API serving a chat client's tool loop: sent store false (the client of
// another API never asked OpenAI to keep anything), it is asked for its encrypted reasoning, which the proxy keeps
// with the call after it and sends back before that call on the next step. The fake Responses API issues the
// encrypted part only when asked, and refuses one it did not issue.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESPONSES_MODEL, startResponsesHarness, twoProfileClients, type ResponsesHarness } from './helpers/responses-harness';

const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'exec_command', parameters: { type: 'object', properties: { cmd: { type: 'string' } } } } }];
let h: ResponsesHarness;
let client: OpenAI;
let other: OpenAI;

beforeAll(async () => {
  h = await startResponsesHarness({ fake: { callTool: { name: 'exec_command', arguments: { cmd: 'echo hi' } } } });
  ({ client, other } = await twoProfileClients(h));
  // the fake as OpenAI itself: only there is the encrypted reasoning asked for
  await h.app.service.updateProvider({ id: 'fr', patch: { type: 'openai' } });
});
afterAll(() => h?.close());

describe('a Responses reasoning model in a chat client\'s tool loop', () => {
  it.each([false, true])('gets its encrypted reasoning back before its call on the next step (streamed: %s)', async (stream) => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'run it' }];
    const ask = { model: RESPONSES_MODEL, reasoning_effort: 'high' as const, tools };
    const call = stream
      ? (await client.chat.completions.stream({ ...ask, messages, stream: true }).finalChatCompletion()).choices[0]!.message.tool_calls![0]!
      : (await client.chat.completions.create({ ...ask, messages })).choices[0]!.message.tool_calls![0]!;
    const first = h.responses.requests.at(-1)!.body;
    expect(first).toMatchObject({ store: false, include: ['reasoning.encrypted_content'] });
    messages.push({ role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: 'hi' });
    const res = await client.chat.completions.create({ ...ask, messages }).withResponse();
    expect(res.response.status).toBe(200);
    const input: any[] = h.responses.requests.at(-1)!.body.input;
    const at = input.findIndex((i) => i.type === 'function_call');
    expect(input[at - 1]).toMatchObject({ type: 'reasoning', summary: [], encrypted_content: expect.stringMatching(/^gAAAAAfake-/) });
    // another profile's request with the same call id gets none of it
    await other.chat.completions.create({ ...ask, messages });
    expect(h.responses.requests.at(-1)!.body.input.some((i: any) => i.type === 'reasoning')).toBe(false);
  });

  it('on another server of the Responses API (an openai-compatible base URL) is asked for none, and its loop goes on', async () => {
    await h.app.service.updateProvider({ id: 'fr', patch: { type: 'openai-compatible' } });
    try {
      const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'run it' }];
      const ask = { model: RESPONSES_MODEL, reasoning_effort: 'high' as const, tools };
      const call = (await client.chat.completions.create({ ...ask, messages })).choices[0]!.message.tool_calls![0]!;
      expect(h.responses.requests.at(-1)!.body).toMatchObject({ store: false });
      expect(h.responses.requests.at(-1)!.body.include).toBeUndefined();
      messages.push({ role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: 'hi' });
      expect((await client.chat.completions.create({ ...ask, messages }).withResponse()).response.status).toBe(200);
      expect(h.responses.requests.at(-1)!.body.input.some((i: any) => i.type === 'reasoning')).toBe(false);
    } finally {
      await h.app.service.updateProvider({ id: 'fr', patch: { type: 'openai' } });
    }
  });
});
