// A conversation that goes on after the model's tool call without its result (an empty user message right
// after the call, the result never sent) reaches every other format with an error result for the call, as
// each upstream requires one (the fakes refuse it as the real APIs do); and an empty user message sent
// mid-conversation reaches the Responses API as '' rather than an empty content list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { MODELS, routeAmongFakesOnly } from './helpers/app-harness';
import { authJson, httpRequest } from './helpers/hardening-kit';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';
import { UNANSWERED_CALL_TEXT } from '../../src/core/providers/unanswered-calls';

let h: ResponsesHarness;
let client: OpenAI;
beforeAll(async () => {
  h = await startResponsesHarness();
  await routeAmongFakesOnly(h);
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

const weather = { name: 'get_weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } };
type Fake = 'openai' | 'anthropic' | 'gemini' | 'responses';

/** The body the fake last received. */
const lastBody = (fake: Fake): any => h[fake].requests.at(-1)!.body;

/** The result the fake last received for the call, as [text, marked as an error]. */
function resultSent(fake: Fake, id: string): [string, boolean] | undefined {
  const body = lastBody(fake);
  if (fake === 'anthropic') {
    const block = body.messages.flatMap((m: any) => m.content).find((b: any) => b.type === 'tool_result' && b.tool_use_id === id);
    return block && [block.content.map((b: any) => b.text).join(''), block.is_error === true];
  }
  if (fake === 'gemini') {
    const part = body.contents.flatMap((c: any) => c.parts).find((p: any) => p.functionResponse);
    return part && [part.functionResponse.response.error ?? part.functionResponse.response.content, 'error' in part.functionResponse.response];
  }
  if (fake === 'openai') {
    const message = body.messages.find((m: any) => m.role === 'tool' && m.tool_call_id === id);
    return message && [message.content, false];
  }
  const item = body.input.find((it: any) => it.type === 'function_call_output' && it.call_id === id);
  return item && [item.output, false];
}

// a client of the upstream's own API has its body forwarded as sent, and that API's answer to it
const upstreams: [Fake, string][] = [['anthropic', MODELS.anthropic], ['gemini', MODELS.gemini], ['openai', MODELS.openai], ['responses', RESPONSES_MODEL]];
const otherThan = (own: Fake): [Fake, string][] => upstreams.filter(([fake]) => fake !== own);

describe.each(otherThan('openai'))('a tool call an OpenAI chat client left unanswered, to the %s fake', (fake, model) => {
  it('an empty message after the call: the call gets an error result', async () => {
    const before = h[fake].requests.length;
    const data = await client.chat.completions.create({
      model,
      tools: [{ type: 'function', function: weather }],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'user', content: '' },
      ],
    });
    expect(data.choices[0]!.message).toBeTruthy();
    expect(h[fake].requests.length).toBe(before + 1);
    // Gemini has no ids: its response answers the call by position
    expect(resultSent(fake, 'call_1')).toEqual([UNANSWERED_CALL_TEXT, fake === 'anthropic' || fake === 'gemini']);
  });
});

describe.each(otherThan('anthropic'))('a tool call an Anthropic client left unanswered, to the %s fake', (fake, model) => {
  it('a new question after the tool_use, one of its two calls without a tool_result: that call gets an error result', async () => {
    const res = await httpRequest(h.url, '/v1/messages', {
      method: 'POST', headers: authJson(h.token),
      body: JSON.stringify({
        model, max_tokens: 100, tools: [{ name: weather.name, description: weather.description, input_schema: weather.parameters }],
        messages: [
          { role: 'user', content: 'Weather in Paris?' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }, { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Lyon' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_2', content: 'Rain' }, { type: 'text', text: 'Never mind Paris.' }] },
        ],
      }),
    });
    expect(res.status).toBe(200);
    if (fake !== 'gemini') expect(resultSent(fake, 'toolu_1')).toEqual([UNANSWERED_CALL_TEXT, false]);
    else expect(lastBody('gemini').contents[2].parts.map((p: any) => p.functionResponse?.response ?? p.text)).toEqual([{ error: UNANSWERED_CALL_TEXT }, { content: 'Rain' }, 'Never mind Paris.']);
  });
});

describe("the model's turn sent as messages in a row, to the OpenAI chat fake", () => {
  /** The messages the OpenAI fake last received, as role, content and tool call ids or the call answered. */
  const sent = (): unknown[] => lastBody('openai').messages.map((m: any) => [m.role, m.content, m.tool_calls?.map((c: any) => c.id) ?? m.tool_call_id]);
  const anthropicTurns = (results: unknown[]) => JSON.stringify({
    model: MODELS.openai, max_tokens: 100, tools: [{ name: weather.name, description: weather.description, input_schema: weather.parameters }],
    messages: [
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Lyon' } }] },
      { role: 'user', content: results },
    ],
  });

  it('an Anthropic client\'s tool_use in two assistant messages goes as one message with both calls, answered or not', async () => {
    const both = await httpRequest(h.url, '/v1/messages', { method: 'POST', headers: authJson(h.token), body: anthropicTurns([{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'Sun' }, { type: 'tool_result', tool_use_id: 'toolu_2', content: 'Rain' }]) });
    expect(both.status).toBe(200);
    expect(sent()).toEqual([['user', 'Weather?', undefined], ['assistant', null, ['toolu_1', 'toolu_2']], ['tool', 'Sun', 'toolu_1'], ['tool', 'Rain', 'toolu_2']]);
    const one = await httpRequest(h.url, '/v1/messages', { method: 'POST', headers: authJson(h.token), body: anthropicTurns([{ type: 'tool_result', tool_use_id: 'toolu_2', content: 'Rain' }, { type: 'text', text: 'go' }]) });
    expect(one.status).toBe(200);
    expect(sent()).toEqual([['user', 'Weather?', undefined], ['assistant', null, ['toolu_1', 'toolu_2']], ['tool', 'Rain', 'toolu_2'], ['tool', UNANSWERED_CALL_TEXT, 'toolu_1'], ['user', 'go', undefined]]);
  });

  it('a Responses client\'s calls with a message between them go as one message with the text and both calls', async () => {
    const res = await httpRequest(h.url, '/v1/responses', {
      method: 'POST', headers: authJson(h.token),
      body: JSON.stringify({
        model: MODELS.openai, tools: [{ type: 'function', ...weather }],
        input: [
          { role: 'user', content: 'Weather?' },
          { type: 'function_call', call_id: 'c1', name: 'get_weather', arguments: '{}' },
          { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Also Lyon.' }] },
          { type: 'function_call', call_id: 'c2', name: 'get_weather', arguments: '{}' },
          { type: 'function_call_output', call_id: 'c2', output: 'Rain' },
          { role: 'user', content: 'go' },
        ],
      }),
    });
    expect(res.status).toBe(200);
    expect(sent()).toEqual([['user', 'Weather?', undefined], ['assistant', 'Also Lyon.', ['c1', 'c2']], ['tool', 'Rain', 'c2'], ['tool', UNANSWERED_CALL_TEXT, 'c1'], ['user', 'go', undefined]]);
  });
});

describe('an empty user message to the Responses API', () => {
  /** The input messages the Responses fake last received, as role and content. */
  const messagesSent = (): unknown[] => lastBody('responses').input.map((it: any) => [it.role, it.content]);

  it('an Anthropic client\'s empty message ("" and []) mid-conversation and last goes as \'\', never an empty list', async () => {
    for (const content of ['', []]) {
      const res = await httpRequest(h.url, '/v1/messages', {
        method: 'POST', headers: authJson(h.token),
        body: JSON.stringify({
          model: RESPONSES_MODEL, max_tokens: 100,
          messages: [{ role: 'user', content }, { role: 'assistant', content: 'Say something?' }, { role: 'user', content: 'A haiku' }, { role: 'assistant', content: 'Autumn moon rises' }, { role: 'user', content }],
        }),
      });
      expect(res.status).toBe(200);
      expect(messagesSent()).toEqual([
        ['user', ''], ['assistant', 'Say something?'], ['user', [{ type: 'input_text', text: 'A haiku' }]], ['assistant', 'Autumn moon rises'], ['user', ''],
      ]);
    }
  });

  it('a Gemini client\'s content of no parts goes as \'\'', async () => {
    const res = await httpRequest(h.url, `/v1beta/models/${encodeURIComponent(RESPONSES_MODEL)}:generateContent`, {
      method: 'POST', headers: authJson(h.token),
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'A haiku' }] }, { role: 'model', parts: [{ text: 'Autumn moon rises' }] }, { role: 'user', parts: [] }] }),
    });
    expect(res.status).toBe(200);
    expect(messagesSent().at(-1)).toEqual(['user', '']);
  });
});
