// Cursor's agent, with a custom OpenAI base URL, posts the Responses API's shape (`input`, flat
// function tools, `reasoning`, `include`, `stream_options`) to /v1/chat/completions and reads the
// answer as chat completions. Switchboard answers it in chat's shape from every upstream format,
// translating (never forwarding the mixed body), and a tool round trip completes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest } from './helpers/app-harness';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';
import type { FakeProvider } from '../mocks/types';
import { usageRows } from './helpers/usage-csv';

let h: ResponsesHarness;
beforeAll(async () => { h = await startResponsesHarness(); });
afterAll(async () => { await h?.close(); });

const weather = { type: 'function', name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

/** What Cursor's backend sends (the shape its forum reports show), for one user turn. */
function cursorBody(model: string, input: unknown[], stream: boolean): Record<string, unknown> {
  return {
    model, input, stream, store: false, include: ['reasoning.encrypted_content'], reasoning: { effort: 'medium', summary: 'auto' },
    text: { verbosity: 'low' }, tools: [weather], tool_choice: 'auto', parallel_tool_calls: true, truncation: 'auto',
    ...(stream ? { stream_options: { include_usage: true } } : {}),
  };
}

const post = (body: unknown) => rawRequest(`${h.url}/v1/chat/completions`, {
  headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
});

function chunks(text: string): any[] {
  const data = text.split('\n\n').filter((b) => b.startsWith('data: ')).map((b) => b.slice(6));
  expect(data.at(-1)).toBe('[DONE]');
  return data.slice(0, -1).map((d) => JSON.parse(d));
}

const developer = { role: 'developer', content: 'You are Cursor\u2019s agent.' };
const cases: [string, string, () => FakeProvider, string][] = [
  ['OpenAI chat', MODELS.openai, () => h.openai, 'Hello from the fake openai provider!'],
  ['Anthropic', MODELS.anthropic, () => h.anthropic, 'Hello from the fake anthropic provider!'],
  ['Gemini', MODELS.gemini, () => h.gemini, 'Hello from the fake gemini provider!'],
  ['OpenAI Responses', RESPONSES_MODEL, () => h.responses, 'Hello from the fake openai responses provider!'],
];

describe.each(cases)('a Responses-shaped body on /v1/chat/completions -> %s', (_name, model, fake, answer) => {
  it('is answered as a chat completion, and streamed as chat completion chunks', async () => {
    const plain = await post(cursorBody(model, [developer, { role: 'user', content: [{ type: 'input_text', text: 'hello' }] }], false));
    expect(plain.status, plain.text).toBe(200);
    expect(plain.json).toMatchObject({ object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: answer } }] });
    expect(plain.json.usage.prompt_tokens).toBeGreaterThan(0);
    // translated for the upstream, not the client's mixed body forwarded
    const sent = fake().requests.at(-1)!.body;
    expect(sent.truncation).toBeUndefined();
    expect(sent.include).toBeUndefined();
    expect(JSON.stringify(sent)).toContain('You are Cursor');
    // truncation 'auto' honoured: a request sent whole fits the model or is refused, nothing cut unsaid
    expect(plain.headers.get('x-switchboard-dropped') ?? '').not.toContain('truncation');

    const streamed = await post(cursorBody(model, [developer, { role: 'user', content: 'hello' }], true));
    expect(streamed.status, streamed.text).toBe(200);
    expect(streamed.headers.get('content-type')).toContain('text/event-stream');
    const events = chunks(streamed.text);
    expect(events.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(events.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe(answer);
    expect(events.at(-1).usage.completion_tokens).toBeGreaterThan(0);
  });

  it('completes a tool round trip: the call as chat tool_calls, its output back as Responses items', async () => {
    const ask = { role: 'user', content: 'What is the weather in Paris?' };
    const first = await post(cursorBody(model, [developer, ask], false));
    expect(first.status, first.text).toBe(200);
    const call = first.json.choices[0].message.tool_calls[0];
    expect(first.json.choices[0].finish_reason).toBe('tool_calls');
    expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
    expect(JSON.parse(call.function.arguments)).toEqual(expect.any(Object));

    const next = await post(cursorBody(model, [
      developer, ask,
      { type: 'function_call', call_id: call.id, name: 'get_weather', arguments: call.function.arguments },
      { type: 'function_call_output', call_id: call.id, output: '22C and sunny' },
    ], true));
    expect(next.status, next.text).toBe(200);
    expect(chunks(next.text).map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe(answer);
    expect(JSON.stringify(fake().requests.at(-1)!.body)).toContain('22C and sunny');
  });
});

describe('what only the Responses API carries', () => {
  it('narrows no route: an item stored at OpenAI or a hosted tool is dropped and named, and a chat model answers', async () => {
    const body = cursorBody(MODELS.openai, [{ type: 'item_reference', id: 'msg_at_openai' }, { role: 'user', content: 'hello' }], false);
    const res = await post({ ...body, tools: [weather, { type: 'web_search' }] });
    expect(res.status, res.text).toBe(200);
    expect(res.json.choices[0].message.content).toBe('Hello from the fake openai provider!');
    expect(res.headers.get('x-switchboard-dropped')).toContain('input[type=item_reference]');
  });
});

describe('the usage row of such a request', () => {
  it('is the chat endpoint\u2019s, with the model that served it', async () => {
    await post(cursorBody(MODELS.openai, [{ role: 'user', content: 'count me' }], false));
    const row = (await usageRows(h.app)).at(-1)!;
    expect(row).toMatchObject({ endpoint: 'chat', model_id: MODELS.openai, status: '200' });
  });
});
