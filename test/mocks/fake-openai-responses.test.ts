// The fake Responses API against the official `openai` SDK: it must answer as the real one does
// (the SDK's stream accumulator throws on anything out of place) and refuse what the real one refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startFakeOpenAIResponses, type FakeResponsesProvider } from './fake-openai-responses';

let fake: FakeResponsesProvider;
let client: OpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAIResponses({ apiKey: 'sk-fake', usage: { input: 30, output: 9, cached: 10, reasoning: 4 } });
  client = new OpenAI({ baseURL: fake.url, apiKey: 'sk-fake', maxRetries: 0 });
});
afterAll(async () => { await fake.close(); });

const weather = { type: 'function' as const, name: 'get_weather', strict: false, parameters: { type: 'object', properties: { city: { type: 'string' } } } };

async function status(p: Promise<unknown>): Promise<{ status: number; param: unknown; code: unknown }> {
  try {
    await p;
  } catch (e) {
    const err = e as InstanceType<typeof OpenAI.APIError>;
    return { status: err.status ?? 0, param: (err.error as any)?.param ?? null, code: err.code ?? null };
  }
  throw new Error('expected a refusal');
}

describe('fake OpenAI Responses API', () => {
  it('answers text with usage, and streams the same answer as typed events', async () => {
    const res = await client.responses.create({ model: 'gpt-x', input: 'hi' });
    expect(res.output_text).toBe('Hello from the fake openai responses provider!');
    expect(res.usage).toMatchObject({ input_tokens: 30, output_tokens: 9, input_tokens_details: { cached_tokens: 10 } });
    const stream = client.responses.stream({ model: 'gpt-x', input: 'hi', reasoning: { summary: 'auto' } });
    const types: string[] = [];
    for await (const e of stream) types.push(e.type);
    const final = await stream.finalResponse();
    expect(final.output_text).toBe('Hello from the fake openai responses provider!');
    expect(final.output.map((o) => o.type)).toEqual(['reasoning', 'message']);
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(types).toContain('response.reasoning_summary_text.delta');
  });

  it('calls the first function tool for the weather, and takes its output back', async () => {
    const first = await client.responses.create({ model: 'gpt-x', input: 'weather in Paris?', tools: [weather] });
    const call = first.output.find((o) => o.type === 'function_call')!;
    expect(call).toMatchObject({ name: 'get_weather', arguments: '{"city":"Paris"}' });
    const second = await client.responses.create({
      model: 'gpt-x', tools: [weather], previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: (call as any).call_id, output: '22C' }],
    });
    expect(second.output_text).toBe('Hello from the fake openai responses provider!');
    expect((await client.responses.retrieve(second.id)).id).toBe(second.id);
    await client.responses.delete(second.id);
    expect((await status(client.responses.retrieve(second.id))).status).toBe(404);
  });

  it('answers with a refusal part when told to, whole and streamed as the SDK assembles it', async () => {
    fake.options.refusal = "I can't help with that.";
    try {
      const res = await client.responses.create({ model: 'gpt-x', input: 'hi' });
      expect(res).toMatchObject({ status: 'completed', output: [{ type: 'message', content: [{ type: 'refusal', refusal: "I can't help with that." }] }] });
      const stream = client.responses.stream({ model: 'gpt-x', input: 'hi' });
      const types: string[] = [];
      for await (const e of stream) types.push(e.type);
      expect(types).toContain('response.refusal.delta');
      expect((await stream.finalResponse()).output).toMatchObject([{ content: [{ type: 'refusal', refusal: "I can't help with that." }] }]);
    } finally {
      delete fake.options.refusal;
    }
  });

  it('refuses what the real API refuses', async () => {
    expect(await status(client.responses.create({ model: 'gpt-x', input: 'hi', frobnicate: 1 } as never))).toMatchObject({ status: 400, param: 'frobnicate' });
    expect(await status(client.responses.create({ model: 'gpt-x', input: 'hi', tools: [{ ...weather, strict: true }] })))
      .toMatchObject({ status: 400, code: 'invalid_function_parameters' });
    expect(await status(client.responses.create({ model: 'gpt-x', input: [{ type: 'function_call_output', call_id: 'call_nope', output: 'x' }] })))
      .toMatchObject({ status: 400 });
    expect(await status(client.responses.create({ model: 'gpt-x', store: false, input: [{ type: 'reasoning', id: 'rs_1', summary: [] }] })))
      .toMatchObject({ status: 404 });
    expect(await status(client.responses.create({ model: 'gpt-x', input: [{ type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'forged' }] })))
      .toMatchObject({ status: 400, code: 'invalid_encrypted_content' });
    expect(await status(client.responses.create({ model: 'gpt-x', input: 'hi', previous_response_id: 'resp_nope' })))
      .toMatchObject({ status: 400, code: 'previous_response_not_found' });
    expect(await status(client.responses.create({ model: 'gpt-x', input: 'hi', max_output_tokens: 8 }))).toMatchObject({ status: 400, param: 'max_output_tokens' });
    expect(await status(new OpenAI({ baseURL: fake.url, apiKey: 'sk-wrong', maxRetries: 0 }).responses.create({ model: 'gpt-x', input: 'hi' })))
      .toMatchObject({ status: 401 });
  });

  it('accepts encrypted reasoning it issued back in a stateless request', async () => {
    const first = await client.responses.create({ model: 'gpt-x', input: 'hi', store: false, include: ['reasoning.encrypted_content'] });
    const reasoning = first.output.find((o) => o.type === 'reasoning') as any;
    expect(reasoning.encrypted_content).toMatch(/^gAAAAAfake-/);
    const next = await client.responses.create({ model: 'gpt-x', store: false, input: [...first.output as any[], { role: 'user', content: 'again' }] });
    expect(next.status).toBe('completed');
  });

  it('fails a stream with response.failed on the error-body fault', async () => {
    fake.faults.push({ kind: 'error-body-200', message: 'boom' });
    const stream = client.responses.stream({ model: 'gpt-x', input: 'hi' });
    const types: string[] = [];
    for await (const e of stream) types.push(e.type);
    expect(types.at(-1)).toBe('response.failed');
  });
});

describe('the hosted web_search tool', () => {
  it('answers with a web_search_call (its query, the pages read when included) and a message citing them; the SDK streams it whole', async () => {
    const body = { model: 'gpt-x', input: 'Perform a web search for the query: euro 2024', tools: [{ type: 'web_search' as const }], include: ['web_search_call.action.sources' as const] };
    const res = await client.responses.create(body);
    expect(res.output.map((o) => o.type)).toEqual(['web_search_call', 'message']);
    expect(res.output[0]).toMatchObject({ action: { type: 'search', query: 'euro 2024', queries: ['euro 2024'], sources: [{ type: 'url' }, { type: 'url' }] } });
    const annotations = (res.output[1] as any).content[0].annotations;
    expect(annotations.map((a: any) => a.type)).toEqual(['url_citation', 'url_citation']);
    expect(annotations[0]).toMatchObject({ start_index: 0, end_index: res.output_text.length, title: 'Switchboard, a personal LLM router' });
    const stream = client.responses.stream(body);
    const types: string[] = [];
    for await (const e of stream) types.push(e.type);
    expect(types).toContain('response.output_text.annotation.added');
    const final = await stream.finalResponse();
    expect(final.output[0]).toMatchObject({ type: 'web_search_call', action: { query: 'euro 2024' } });
    expect((final.output[1] as any).content[0].annotations).toEqual(annotations);
  });
});
