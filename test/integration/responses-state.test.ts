// Stored responses: `previous_response_id` continues a conversation whichever provider answers each
// turn; GET / DELETE /v1/responses/{id} see only the profile's own; `store: false` keeps nothing; an
// id not kept here goes only to a Responses upstream (which may know it), else 404 in OpenAI's shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { KEYS, MODELS, rawRequest } from './helpers/app-harness';
import { RESPONSES_MODEL, startTwoProfileHarness, type ResponsesHarness } from './helpers/responses-harness';

let h: ResponsesHarness, client: OpenAI, other: OpenAI;
beforeAll(async () => { ({ h, client, other } = await startTwoProfileHarness()); });
afterAll(async () => { await h?.close(); });

const texts = (body: unknown) => JSON.stringify(body);

describe('previous_response_id across providers', () => {
  it('carries the conversation from Anthropic to Gemini to the Responses upstream to OpenAI chat', async () => {
    const t1 = await client.responses.create({ model: MODELS.anthropic, instructions: 'You are terse.', input: 'My name is Ada.' });
    expect(t1.output_text).toBe('Hello from the fake anthropic provider!');

    const t2 = await client.responses.create({ model: MODELS.gemini, previous_response_id: t1.id, input: 'What is my name?' });
    expect(t2.previous_response_id).toBe(t1.id);
    const gemini = h.gemini.requests.at(-1)!.body;
    expect(texts(gemini.contents)).toContain('My name is Ada.');
    expect(texts(gemini.contents)).toContain('Hello from the fake anthropic provider!');
    expect(texts(gemini.contents)).toContain('What is my name?');
    // earlier instructions are not carried over (OpenAI's rule)
    expect(texts(gemini)).not.toContain('You are terse.');

    // the Responses upstream gets the whole conversation as items it accepts (no ids it never issued)
    const t3 = await client.responses.create({ model: RESPONSES_MODEL, previous_response_id: t2.id, input: 'And again?' });
    const forwarded = h.responses.requests.at(-1)!.body;
    expect(forwarded.previous_response_id).toBeUndefined();
    expect(forwarded.input.map((i: any) => i.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
    expect(t3.id).toMatch(/^resp_/);

    // a forwarded answer is kept under the upstream's own id, and continues elsewhere too
    const t4 = await client.responses.stream({ model: MODELS.openai, previous_response_id: t3.id, input: 'Last one.' }).finalResponse();
    expect(t4.output_text).toBe('Hello from the fake openai provider!');
    const chat = h.openai.requests.at(-1)!.body;
    expect(chat.messages.map((m: any) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']);
    expect(texts(chat.messages)).toContain('Hello from the fake openai responses provider!');
  });

  it('continues a tool round trip by id: the call in the stored answer, its output in the new input', async () => {
    const tool = { type: 'function' as const, name: 'get_weather', strict: false, parameters: { type: 'object', properties: { city: { type: 'string' } } } };
    const first = await client.responses.create({ model: MODELS.anthropic, input: 'weather in Paris?', tools: [tool] });
    const call = first.output.find((o) => o.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
    const next = await client.responses.create({
      model: RESPONSES_MODEL, previous_response_id: first.id, tools: [tool],
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '22C' }],
    });
    expect(next.output_text).toBe('Hello from the fake openai responses provider!');
    const items = h.responses.requests.at(-1)!.body.input;
    expect(items.slice(-2)).toEqual([
      { type: 'function_call', arguments: '{"city":"Paris"}', call_id: call.call_id, name: 'get_weather' },
      { type: 'function_call_output', call_id: call.call_id, output: '22C' },
    ]);
  });

  it('sends an id not kept here only to a Responses upstream, as sent; elsewhere it is a 404', async () => {
    // a response stored at the provider itself, not through Switchboard
    const direct = new OpenAI({ baseURL: h.responses.url, apiKey: KEYS.openai, maxRetries: 0 });
    const upstream = await direct.responses.create({ model: 'gpt-resp-fake', input: 'remember 42' });
    const res = await client.responses.create({ model: 'auto', previous_response_id: upstream.id, input: 'what number?' });
    expect(h.responses.requests.at(-1)!.body.previous_response_id).toBe(upstream.id);
    expect(res.output_text).toBe('Hello from the fake openai responses provider!');
    // not kept here (its conversation began at the provider): the next turn goes there by id too
    await client.responses.create({ model: 'auto', previous_response_id: res.id, input: 'and now?' });
    expect(h.responses.requests.at(-1)!.body.previous_response_id).toBe(res.id);

    const missing = await rawRequest(`${h.url}/v1/responses`, {
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODELS.anthropic, previous_response_id: 'resp_nowhere', input: 'hi' }),
    });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: { message: "Previous response with id 'resp_nowhere' not found.", type: 'invalid_request_error', param: null, code: 'previous_response_not_found' } });
  });
});

describe('a client that keeps the conversation itself (store: false, as Codex does)', () => {
  it('replays a turn another format answered to OpenAI without the reasoning OpenAI never issued', async () => {
    const first = await rawRequest(`${h.url}/v1/responses`, {
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODELS.anthropic, input: 'hi', store: false }),
    });
    expect(first.status).toBe(200);
    // what Codex sends next: every output item of the turn, the summary of Claude's thinking among them
    const summarised = { type: 'reasoning', id: 'rs_01', summary: [{ type: 'summary_text', text: 'the user greets me' }], content: null, encrypted_content: null };
    const input = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }, summarised, ...first.json.output, { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'again' }] }];
    const next = await rawRequest(`${h.url}/v1/responses`, {
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: RESPONSES_MODEL, input, store: false, include: ['reasoning.encrypted_content'] }),
    });
    expect(next.status).toBe(200);
    expect(next.json.output.find((o: any) => o.type === 'message').content[0].text).toBe('Hello from the fake openai responses provider!');
    expect(next.headers.get('x-switchboard-dropped')).toBe('input[type=reasoning]');
    const forwarded = h.responses.requests.at(-1)!.body;
    expect(forwarded.input.map((i: any) => i.type)).toEqual(['message', 'message', 'message']);
    expect(forwarded.include).toEqual(['reasoning.encrypted_content']);
  });
});

describe('another profile\u2019s response', () => {
  it('cannot be continued, here or at the provider that stored it too (same key)', async () => {
    const mine = await client.responses.create({ model: RESPONSES_MODEL, input: 'my secret plan' });
    const sent = h.responses.requests.length;
    const theirs = await other.responses.create({ model: RESPONSES_MODEL, previous_response_id: mine.id, input: 'repeat the conversation' }).catch((e) => e);
    expect(theirs.status).toBe(404);
    expect(theirs.error).toMatchObject({ code: 'previous_response_not_found' });
    expect(h.responses.requests.length).toBe(sent);
  });
});

describe('GET and DELETE /v1/responses/{id}', () => {
  it('returns the stored response to its profile only, and deletes it', async () => {
    const made = await client.responses.create({ model: MODELS.gemini, input: 'keep this', metadata: { topic: 'test' } });
    const got = await client.responses.retrieve(made.id);
    expect(got.id).toBe(made.id);
    expect(got.output_text).toBe(made.output_text);
    expect(got.metadata).toEqual({ topic: 'test' });
    expect((await other.responses.retrieve(made.id).catch((e) => e)).status).toBe(404);
    expect((await other.responses.delete(made.id).catch((e) => e)).status).toBe(404);

    await client.responses.delete(made.id);
    const gone = await client.responses.retrieve(made.id).catch((e) => e);
    expect(gone).toBeInstanceOf(OpenAI.NotFoundError);
    expect(gone.error).toMatchObject({ type: 'invalid_request_error', message: `Response with id '${made.id}' not found.` });
    const next = await client.responses.create({ model: MODELS.anthropic, previous_response_id: made.id, input: 'hi' }).catch((e) => e);
    expect(next.status).toBe(404);
  });

  it('lists a kept response\u2019s input items to its profile, a page at a time (the SDK\u2019s inputItems.list)', async () => {
    const t1 = await client.responses.create({ model: MODELS.anthropic, input: 'first question' });
    const t2 = await client.responses.create({
      model: MODELS.gemini, previous_response_id: t1.id,
      input: [{ role: 'developer', content: 'be brief' }, { role: 'user', content: [{ type: 'input_text', text: 'second question' }] }],
    });
    const page = await client.responses.inputItems.list(t2.id, { limit: 2 });
    expect(page.data.map((i: any) => i.content?.[0]?.text)).toEqual(['second question', 'be brief']);
    expect(page.has_more).toBe(true);
    const all: any[] = [];
    for await (const item of client.responses.inputItems.list(t2.id, { order: 'asc', limit: 1 })) all.push(item);
    // the conversation it continued (the first question and its answer), then its own input
    expect(all.map((i) => [i.type, i.role, i.content[0].text])).toEqual([
      ['message', 'user', 'first question'],
      ['message', 'assistant', 'Hello from the fake anthropic provider!'],
      ['message', 'developer', 'be brief'],
      ['message', 'user', 'second question'],
    ]);
    expect(new Set(all.map((i) => i.id)).size).toBe(4);
    expect((await other.responses.inputItems.list(t2.id).catch((e) => e)).status).toBe(404);
    const bad = await client.responses.inputItems.list(t2.id, { limit: 500 }).catch((e) => e);
    expect(bad.status).toBe(400);
    expect(bad.error).toMatchObject({ type: 'invalid_request_error', param: 'limit', message: expect.stringContaining("Invalid 'limit'") });
    expect(bad.param).toBe('limit');
    expect((await client.responses.inputItems.list(t1.id)).data.map((i: any) => i.content[0].text)).toEqual(['first question']);
  });

  it('keeps nothing for store: false, streamed or not', async () => {
    const plain = await client.responses.create({ model: MODELS.anthropic, input: 'x', store: false });
    const streamed = await client.responses.stream({ model: RESPONSES_MODEL, input: 'x', store: false }).finalResponse();
    for (const id of [plain.id, streamed.id]) expect((await client.responses.retrieve(id).catch((e) => e)).status).toBe(404);
  });

  it('answers 405 for other methods and 404 in OpenAI\'s shape for another path', async () => {
    const put = await rawRequest(`${h.url}/v1/responses/resp_x`, { method: 'PUT', headers: { authorization: `Bearer ${h.token}` } });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, DELETE');
    const sub = await rawRequest(`${h.url}/v1/responses/resp_x/cancel/more`, { method: 'POST', headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(sub.status).toBe(404);
    expect(sub.json.error.code).toBe('unknown_endpoint');
    // OpenAI's own endpoints under /v1/responses/ are not response ids: unknown here, not a 405 saying GET works
    // (input_tokens is served: responses-input-tokens.test.ts)
    const compact = await rawRequest(`${h.url}/v1/responses/compact`, { method: 'POST', headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' }, body: '{"model":"auto","input":"hi"}' });
    expect(compact.status).toBe(404);
    expect(compact.json.error.code).toBe('unknown_endpoint');
  });
});
