// The official `openai` SDK's Responses calls against the running proxy, through each upstream
// format: text, streams (the SDK's accumulator checks every event), tools and their round trip,
// structured output, images; usage and costs exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import type { FakeProvider } from '../mocks/types';
import { KEYS, MODELS } from './helpers/app-harness';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';
import { usageRows } from './helpers/usage-csv';

let h: ResponsesHarness;
let client: OpenAI;
beforeAll(async () => {
  h = await startResponsesHarness();
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

const weather = {
  type: 'function' as const, name: 'get_weather', description: 'weather for a city', strict: false,
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

type Up = 'responses' | 'openai' | 'anthropic' | 'gemini';
const upstreams: [Up, string, string, { input: number; output: number }][] = [
  ['responses', RESPONSES_MODEL, 'Hello from the fake openai responses provider!', { input: 2, output: 8 }],
  ['openai', MODELS.openai, 'Hello from the fake openai provider!', { input: 1, output: 2 }],
  ['anthropic', MODELS.anthropic, 'Hello from the fake anthropic provider!', { input: 3, output: 15 }],
  ['gemini', MODELS.gemini, 'Hello from the fake gemini provider!', { input: 0.5, output: 1.5 }],
];
const fakeOf = (up: Up): FakeProvider => h[up];
const lastBody = (up: Up): any => fakeOf(up).requests.at(-1)?.body;

describe.each(upstreams)('OpenAI SDK responses -> %s upstream', (up, model, text, price) => {
  it('answers without streaming: output text, usage, the serving model; one exact usage row', async () => {
    const { data, response } = await client.responses.create({ model, input: 'hi', store: false }).withResponse();
    expect(data.object).toBe('response');
    expect(data.status).toBe('completed');
    expect(data.output_text).toBe(text);
    expect(data.usage).toMatchObject({ input_tokens: 21, output_tokens: 7, total_tokens: 28, input_tokens_details: { cached_tokens: 0 } });
    expect(response.headers.get('x-switchboard-model')).toBe(model);
    const id = response.headers.get('x-switchboard-request-id');
    const row = (await usageRows(h.app)).find((r) => r.request_id === id)!;
    expect(row).toMatchObject({ inbound_api: 'responses', endpoint: 'responses', model_id: model, stream: 'false', estimated: 'false', status: '200' });
    expect(Math.abs(Number(row.cost_usd) - (21 * price.input + 7 * price.output) / 1e6)).toBeLessThan(1e-12);
  });

  it('streams the typed events in order, numbered, into the same final response', async () => {
    const stream = client.responses.stream({ model, input: 'hi', store: false });
    const events: { type: string; sequence_number: number }[] = [];
    let deltas = '';
    for await (const e of stream) {
      events.push(e);
      if (e.type === 'response.output_text.delta') deltas += e.delta;
    }
    const final = await stream.finalResponse();
    expect(final.output_text).toBe(text);
    expect(deltas).toBe(text);
    expect(final.usage).toMatchObject({ input_tokens: 21, output_tokens: 7 });
    const types = events.map((e) => e.type);
    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(types.at(-1)).toBe('response.completed');
    for (const t of ['response.output_item.added', 'response.content_part.added', 'response.output_text.done', 'response.output_item.done']) expect(types).toContain(t);
    const seq = events.map((e) => e.sequence_number);
    expect(seq).toEqual([...seq].sort((a, b) => a - b));
  });

  it('calls a function tool, streamed and not, then answers its output', async () => {
    const input = [{ role: 'user' as const, content: 'what is the weather in Paris?' }];
    const first = await client.responses.create({ model, input, tools: [weather], store: false });
    const call = first.output.find((o) => o.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather' });
    expect(JSON.parse(call.arguments)).toEqual({ city: 'Paris' });

    const stream = client.responses.stream({ model, input, tools: [weather], store: false });
    const argDeltas: string[] = [];
    stream.on('response.function_call_arguments.delta', (e) => argDeltas.push(e.delta));
    const streamed = (await stream.finalResponse()).output.find((o) => o.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
    expect(JSON.parse(streamed.arguments)).toEqual({ city: 'Paris' });
    expect(argDeltas.join('')).toBe(streamed.arguments);

    const answer = await client.responses.create({
      model, tools: [weather], store: false,
      input: [...input, { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
        { type: 'function_call_output', call_id: call.call_id, output: '{"temperature_c":22}' }],
    });
    expect(answer.output_text).toBe(text);
    expect(JSON.stringify(lastBody(up))).toContain('temperature_c');
  });

  it('asks for structured output in the upstream format and returns the JSON', async () => {
    const json = '{"city":"Paris","celsius":22}';
    fakeOf(up).options.text = json;
    try {
      const schema = { type: 'object', properties: { city: { type: 'string' }, celsius: { type: 'number' } }, required: ['city', 'celsius'], additionalProperties: false };
      const res = await client.responses.create({ model, input: 'weather as JSON', store: false, text: { format: { type: 'json_schema', name: 'weather', schema, strict: true } } });
      expect(JSON.parse(res.output_text)).toEqual({ city: 'Paris', celsius: 22 });
      // the schema travels in the upstream's own way (Anthropic: in the system prompt)
      expect(JSON.stringify(lastBody(up))).toContain('celsius');
    } finally {
      delete fakeOf(up).options.text;
    }
  });

  it('passes an image upstream', async () => {
    const res = await client.responses.create({
      model, store: false, input: [{ role: 'user', content: [{ type: 'input_text', text: 'what is this?' }, { type: 'input_image', image_url: PNG, detail: 'auto' }] }],
    });
    expect(res.output_text).toBe(text);
    expect(JSON.stringify(lastBody(up))).toContain('iVBORw0KGgo');
  });
});

describe.each(upstreams.filter(([up]) => up !== 'responses'))('OpenAI SDK responses, a custom (freeform) tool -> %s upstream', (up, model, text) => {
  const shout = { type: 'custom' as const, name: 'shout', description: 'Says the text out loud.', format: { type: 'text' as const } };
  it('the call comes back as a custom_tool_call, streamed and not, and its output is answered', async () => {
    const fake = fakeOf(up);
    fake.options.callTool = { name: 'shout', arguments: { input: 'HELLO "WORLD"' }, when: /shout/ };
    try {
      const input = [{ role: 'user' as const, content: 'shout hello world' }];
      const first = await client.responses.create({ model, input, tools: [shout], store: false });
      const call = first.output.find((o) => o.type === 'custom_tool_call') as OpenAI.Responses.ResponseCustomToolCall;
      expect(call).toMatchObject({ type: 'custom_tool_call', name: 'shout', input: 'HELLO "WORLD"' });

      const stream = client.responses.stream({ model, input, tools: [shout], store: false });
      const deltas: string[] = [];
      stream.on('response.custom_tool_call_input.delta', (e) => deltas.push(e.delta));
      const streamed = (await stream.finalResponse()).output.find((o) => o.type === 'custom_tool_call') as OpenAI.Responses.ResponseCustomToolCall;
      expect(streamed.input).toBe('HELLO "WORLD"');
      expect(deltas.join('')).toBe(streamed.input);

      const answer = await client.responses.create({
        model, tools: [shout], store: false,
        input: [...input, { type: 'custom_tool_call', call_id: call.call_id, name: 'shout', input: call.input },
          { type: 'custom_tool_call_output', call_id: call.call_id, output: 'shouted' }],
      });
      expect(answer.output_text).toBe(text);
      expect(JSON.stringify(lastBody(up))).toContain('shouted');
    } finally {
      delete fake.options.callTool;
    }
  });
});

describe('across formats, what the Responses API alone carries', () => {
  it('names the hosted tools and OpenAI options it could not carry in x-switchboard-dropped', async () => {
    const { response } = await client.responses.create({
      model: MODELS.anthropic, input: 'hi', store: false, tools: [weather, { type: 'web_search' }], include: ['reasoning.encrypted_content'], prompt_cache_key: 'k',
    }).withResponse();
    const dropped = response.headers.get('x-switchboard-dropped')!.split(',');
    expect(dropped).toEqual(expect.arrayContaining(['tools[type=web_search]', 'include', 'prompt_cache_key']));
    expect(lastBody('anthropic').tools.map((t: any) => t.name)).toEqual(['get_weather']);
  });

  it("carries an image's detail to Chat Completions as image_url.detail, and names it input_image.detail where it has no place", async () => {
    const send = (model: string) => client.responses.create({
      model, store: false, input: [{ role: 'user', content: [{ type: 'input_text', text: 'what is this?' }, { type: 'input_image', image_url: PNG, detail: 'high' }] }],
    }).withResponse();
    const openai = await send(MODELS.openai);
    expect(lastBody('openai').messages[0].content[1]).toEqual({ type: 'image_url', image_url: { url: PNG, detail: 'high' } });
    expect(openai.response.headers.get('x-switchboard-dropped')).toBeNull();
    for (const [up, model] of [['anthropic', MODELS.anthropic], ['gemini', MODELS.gemini]] as const) {
      const { response } = await send(model);
      expect(JSON.stringify(lastBody(up)), up).toContain('iVBORw0KGgo');
      expect(response.headers.get('x-switchboard-dropped'), up).toBe('input_image.detail');
    }
  });

  it("carries prompt_cache_key to OpenAI's Chat Completions, which takes it, and to no other chat provider", async () => {
    await h.app.service.createProvider({ id: 'oa', name: 'OpenAI chat', type: 'openai', base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
    await h.app.service.createModel({ provider_id: 'oa', model_name: 'gpt-fake', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 128000 });
    try {
      const send = (model: string) => client.responses.create({ model, input: 'hi', store: false, prompt_cache_key: 'codex-session-1' }).withResponse();
      const openai = await send('oa/gpt-fake');
      expect(lastBody('openai')).toMatchObject({ model: 'gpt-fake', prompt_cache_key: 'codex-session-1' });
      expect(openai.response.headers.get('x-switchboard-dropped')).toBeNull();
      // an OpenAI-compatible server never said it takes one (Mistral refuses any field it does not list)
      const other = await send(MODELS.openai);
      expect(lastBody('openai').prompt_cache_key).toBeUndefined();
      expect(other.response.headers.get('x-switchboard-dropped')).toBe('prompt_cache_key');
    } finally {
      await h.app.service.deleteProvider({ id: 'oa' });
    }
  });

  it('routes a request with hosted tools to a Responses upstream first', async () => {
    const { response } = await client.responses.create({ model: 'auto', input: 'hi', store: false, tools: [{ type: 'web_search' }] }).withResponse();
    expect(response.headers.get('x-switchboard-model')).toBe(RESPONSES_MODEL);
    expect(response.headers.get('x-switchboard-dropped')).toBeNull();
    expect(lastBody('responses').tools).toEqual([{ type: 'web_search' }]);
  });

  it('answers a bad request in OpenAI\'s error shape', async () => {
    const err = await client.responses.create({ model: MODELS.anthropic, input: 5 as never }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('input') });
  });
});
