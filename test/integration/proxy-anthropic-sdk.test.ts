// The official `@anthropic-ai/sdk` against the running proxy (what Claude Code speaks), through
// each upstream wire format: text, tools (streamed and not), tool results, system, images, usage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import { MODELS, rawRequest, startHarness, startWithAnthropicClient, UPSTREAMS, type Harness, type Upstream } from './helpers/app-harness';
import type { FakeProvider } from '../mocks/types';

let h: Harness, client: Anthropic;
beforeAll(async () => { ({ h, client } = await startWithAnthropicClient()); });
afterAll(async () => { await h?.close(); });

const weatherTool = {
  name: 'get_weather',
  description: 'weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const upstreams = UPSTREAMS;

const fakeOf = (name: Upstream): FakeProvider => h[name];
const lastBody = (name: Upstream): any => fakeOf(name).requests.at(-1)?.body;

describe.each(upstreams)('Anthropic SDK -> %s upstream', (name, model, text) => {
  it('answers without streaming, with exact usage and the serving model header', async () => {
    const { data, response } = await client.messages
      .create({ model, max_tokens: 256, messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(data.type).toBe('message');
    expect(data.role).toBe('assistant');
    expect(data.content).toEqual([expect.objectContaining({ type: 'text', text })]);
    expect(data.stop_reason).toBe('end_turn');
    expect(data.usage).toMatchObject({ input_tokens: 21, output_tokens: 7 });
    expect(response.headers.get('x-switchboard-model')).toBe(model);
    expect(response.headers.get('x-switchboard-request-id')).toMatch(/^sbr_/);
  });

  it('streams with messages.stream(...).finalMessage()', async () => {
    const stream = client.messages.stream({ model, max_tokens: 256, messages: [{ role: 'user', content: 'hi' }] });
    let deltas = '';
    stream.on('text', (t) => { deltas += t; });
    const final = await stream.finalMessage();
    expect(deltas).toBe(text);
    expect(final.content).toEqual([expect.objectContaining({ type: 'text', text })]);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage).toMatchObject({ input_tokens: 21, output_tokens: 7 });
  });

  it('streams raw events in the documented order, message_start ... message_stop', async () => {
    // chunks paced apart, so each reaches the proxy on its own (a translated stream joins what arrives together)
    fakeOf(name).faults.push({ kind: 'chunk-delay', ms: 20 });
    const { data: stream, response } = await client.messages
      .create({ model, max_tokens: 256, stream: true, messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(response.headers.get('x-switchboard-model')).toBe(model);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const types: string[] = [];
    let out = '';
    for await (const ev of stream) {
      types.push(ev.type);
      if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') out += ev.delta.text;
    }
    expect(out).toBe(text);
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    expect(types.at(-2)).toBe('message_delta');
    const firstStart = types.indexOf('content_block_start');
    const lastStop = types.lastIndexOf('content_block_stop');
    expect(firstStart).toBeGreaterThan(0);
    expect(lastStop).toBeLessThan(types.indexOf('message_delta'));
    const deltas = types.filter((t) => t === 'content_block_delta').length;
    expect(deltas).toBeGreaterThan(1);
    // every delta sits inside a started block
    expect(types.slice(firstStart, lastStop + 1).every((t) => t.startsWith('content_block') || t === 'ping')).toBe(true);
  });

  it('returns a tool_use block without streaming', async () => {
    const res = await client.messages.create({
      model, max_tokens: 256, tools: [weatherTool], messages: [{ role: 'user', content: 'what is the weather in Paris?' }],
    });
    expect(res.stop_reason).toBe('tool_use');
    const call = res.content.find((b) => b.type === 'tool_use');
    expect(call?.type === 'tool_use' && call.name).toBe('get_weather');
    expect(call?.type === 'tool_use' && call.input).toEqual({ city: 'Paris' });
    expect(call?.type === 'tool_use' && call.id).toBeTruthy();
  });

  it('streams tool input as input_json_delta and finalMessage assembles it', async () => {
    const stream = client.messages.stream({
      model, max_tokens: 256, tools: [weatherTool], messages: [{ role: 'user', content: 'what is the weather in Paris?' }],
    });
    let json = '';
    stream.on('inputJson', (partial) => { json += partial; });
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe('tool_use');
    const call = final.content.find((b) => b.type === 'tool_use');
    expect(call?.type === 'tool_use' && call.name).toBe('get_weather');
    expect(call?.type === 'tool_use' && call.input).toEqual({ city: 'Paris' });
    expect(JSON.parse(json)).toEqual({ city: 'Paris' });
  });

  it('carries a tool_result turn upstream and answers it', async () => {
    const first = await client.messages.create({
      model, max_tokens: 256, tools: [weatherTool], messages: [{ role: 'user', content: 'what is the weather in Paris?' }],
    });
    const call = first.content.find((b) => b.type === 'tool_use');
    if (call?.type !== 'tool_use') throw new Error('expected a tool call');
    const res = await client.messages.create({
      model, max_tokens: 256, tools: [weatherTool],
      messages: [
        { role: 'user', content: 'what is the weather in Paris?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [
          { type: 'tool_result', tool_use_id: call.id, content: 'sunny, 21C' },
          { type: 'text', text: 'Thanks, now summarise.' },
        ] },
      ],
    });
    expect(res.content).toEqual([expect.objectContaining({ type: 'text', text })]);
    const sent = JSON.stringify(lastBody(name));
    expect(sent).toContain('sunny, 21C');
    expect(sent).toContain('get_weather');
  });

  it('passes the system prompt upstream', async () => {
    await client.messages.create({
      model, max_tokens: 64, system: 'You are a terse pirate.', messages: [{ role: 'user', content: 'hi' }],
    });
    expect(JSON.stringify(lastBody(name))).toContain('You are a terse pirate.');
  });

  it('passes an image block upstream', async () => {
    const res = await client.messages.create({
      model, max_tokens: 64,
      messages: [{ role: 'user', content: [
        { type: 'text', text: 'what is this?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
      ] }],
    });
    expect(res.content).toEqual([expect.objectContaining({ type: 'text', text })]);
    expect(JSON.stringify(lastBody(name))).toContain(PNG);
  });
});

describe('Anthropic SDK: auth, count_tokens, anthropic-beta', () => {
  it('authenticates with authToken (Bearer) and with x-api-key', async () => {
    const bearer = new Anthropic({ baseURL: h.url, authToken: h.token, maxRetries: 0 });
    const a = await bearer.messages.create({ model: MODELS.anthropic, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
    expect(a.content[0]?.type).toBe('text');

    const res = await rawRequest(`${h.url}/v1/messages`, {
      headers: { 'content-type': 'application/json', 'x-api-key': h.token, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: MODELS.anthropic, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    expect(res.json.content[0].text).toBe('Hello from the fake anthropic provider!');
  });

  it('rejects a wrong key through the SDK with AuthenticationError', async () => {
    const bad = new Anthropic({ baseURL: h.url, apiKey: 'sb-not-a-real-token-000000000000', maxRetries: 0 });
    await expect(bad.messages.create({ model: MODELS.anthropic, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }))
      .rejects.toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it('counts tokens at /v1/messages/count_tokens without calling a provider', async () => {
    const before = h.openai.requests.length + h.anthropic.requests.length + h.gemini.requests.length;
    const res = await client.messages.countTokens({
      model: MODELS.anthropic, system: 'be brief', tools: [weatherTool],
      messages: [{ role: 'user', content: 'How many tokens is this sentence, roughly?' }],
    });
    expect(res.input_tokens).toBeGreaterThan(5);
    const after = h.openai.requests.length + h.anthropic.requests.length + h.gemini.requests.length;
    expect(after).toBe(before);
  });

  it('refuses count_tokens for a model it does not know, as messages.create is refused: 404 not_found_error', async () => {
    const body = { model: 'claude-nope', messages: [{ role: 'user' as const, content: 'hi' }] };
    for (const call of [() => client.messages.countTokens(body), () => client.messages.create({ ...body, max_tokens: 16 })]) {
      const err = await call().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(Anthropic.NotFoundError);
      expect((err as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({ type: 'error', error: { type: 'not_found_error', message: expect.stringContaining("unknown model 'claude-nope'") } });
    }
  });

  it('passes anthropic-beta through to an Anthropic upstream, but not the client key', async () => {
    await client.messages.create(
      { model: MODELS.anthropic, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] },
      { headers: { 'anthropic-beta': 'prompt-caching-2024-07-31,fine-grained-tool-streaming-2025-05-14', 'anthropic-version': '2023-06-01' } },
    );
    const rec = h.anthropic.requests.at(-1)!;
    expect(rec.headers['anthropic-beta']).toBe('prompt-caching-2024-07-31,fine-grained-tool-streaming-2025-05-14');
    expect(rec.headers['anthropic-version']).toBe('2023-06-01');
    expect(JSON.stringify(rec.headers)).not.toContain(h.token);
  });

  it('records a usage row for every proxied request', async () => {
    const summary = await h.app.service.getUsage({ days: 1 });
    // 8 per upstream above plus the auth checks; count_tokens and 401s are not usage
    expect(summary.total_requests).toBeGreaterThanOrEqual(3 * 9 + 3);
    const byModel = new Map(summary.by_model.map((m) => [m.model, m]));
    for (const [, model] of upstreams) expect(byModel.get(model)?.requests).toBeGreaterThanOrEqual(9);
    expect(summary.total_input_tokens).toBeGreaterThan(0);
    expect(summary.total_cost_usd).toBeGreaterThan(0);
  });
});

describe('Anthropic SDK: cached prompt tokens', () => {
  let hc: Harness;
  let c: Anthropic;
  beforeAll(async () => {
    hc = await startHarness({ fake: { usage: { input: 1200, output: 30, cached: 1000 } } });
    c = new Anthropic({ baseURL: hc.url, apiKey: hc.token, maxRetries: 0 });
  });
  afterAll(async () => { await hc?.close(); });

  it.each(upstreams)('reports cache_read_input_tokens from a %s upstream, streamed and not', async (_n, model) => {
    const res = await c.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.usage).toMatchObject({ input_tokens: 200, cache_read_input_tokens: 1000, output_tokens: 30 });
    const final = await c.messages.stream({ model, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    expect(final.usage).toMatchObject({ input_tokens: 200, cache_read_input_tokens: 1000, output_tokens: 30 });
  });

  it('stores cached tokens in the usage rows', async () => {
    const summary = await hc.app.service.getUsage({ days: 1 });
    expect(summary.total_requests).toBe(6);
    expect(summary.total_input_tokens).toBe(6 * 1200);
    expect(summary.total_output_tokens).toBe(6 * 30);
  });
});

describe('Anthropic SDK: a refusal from an OpenAI model', () => {
  const refusal = "I'm sorry, I can't help with that.";
  beforeAll(() => { h.openai.options.refusal = refusal; });
  afterAll(() => { delete h.openai.options.refusal; });

  it('ends with stop_reason refusal, streamed and not (OpenAI says stop, the text in its refusal field)', async () => {
    const res = await client.messages.create({ model: MODELS.openai, max_tokens: 64, messages: [{ role: 'user', content: 'something harmful' }] });
    expect(res.content).toEqual([expect.objectContaining({ type: 'text', text: refusal })]);
    expect(res.stop_reason).toBe('refusal');
    const final = await client.messages.stream({ model: MODELS.openai, max_tokens: 64, messages: [{ role: 'user', content: 'something harmful' }] }).finalMessage();
    expect(final.content).toEqual([expect.objectContaining({ type: 'text', text: refusal })]);
    expect(final.stop_reason).toBe('refusal');
  });
});

describe('Anthropic SDK: a server web search beside a client tool', () => {
  const tools = [weatherTool, { type: 'web_search_20250305' as const, name: 'web_search' as const }];

  it('forced by name, is not sent to an OpenAI model that would answer without searching: BadRequestError saying why', async () => {
    const before = h.openai.requests.length;
    const err = await client.messages.create({
      model: MODELS.openai, max_tokens: 64, tools, tool_choice: { type: 'tool', name: 'web_search' },
      messages: [{ role: 'user', content: 'news today?' }],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect((err as Error).message).toContain("this request's web search tool (web_search_20250305) needs a model on the Anthropic API");
    expect(h.openai.requests.length).toBe(before);
  });

  it('left to the model, reaches an OpenAI model with the client tool alone, the search named dropped', async () => {
    const { data, response } = await client.messages.create({
      model: MODELS.openai, max_tokens: 64, tools, messages: [{ role: 'user', content: 'news today?' }],
    }).withResponse();
    expect(data.content).toEqual([expect.objectContaining({ type: 'text', text: 'Hello from the fake openai provider!' })]);
    const sent = lastBody('openai');
    expect(sent.tools.map((t: any) => t.function.name)).toEqual(['get_weather']);
    expect(response.headers.get('x-switchboard-dropped')?.split(',')).toEqual(['tools[type=web_search_20250305]']);
  });
});

describe('Anthropic: the deprecated top-level output_format (older SDKs), translated', () => {
  it('reaches an OpenAI-compatible model as its json_schema response_format, best effort there (no strict mode: named)', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'number' } }, required: ['answer'], additionalProperties: false };
    const res = await rawRequest(`${h.url}/v1/messages`, {
      headers: { 'content-type': 'application/json', 'x-api-key': h.token, 'anthropic-version': '2023-06-01', 'anthropic-beta': 'structured-outputs-2025-11-13' },
      body: JSON.stringify({ model: MODELS.openai, max_tokens: 64, output_format: { type: 'json_schema', schema }, messages: [{ role: 'user', content: '2+2?' }] }),
    });
    expect(res.status).toBe(200);
    expect(lastBody('openai').response_format).toMatchObject({ type: 'json_schema', json_schema: { schema } });
    // the harness's OpenAI fake is an openai-compatible provider, which documents no strict mode (6829898): the
    // schema Anthropic would have enforced goes best effort, and the client is told, in the Messages API's name
    expect(lastBody('openai').response_format.json_schema.strict).toBeUndefined();
    expect(res.headers.get('x-switchboard-dropped')).toBe('output_config.format');
  });
});

describe('Anthropic SDK: an endpoint Switchboard lacks (the Files API)', () => {
  it('answers files.upload with a 404 in Anthropic\'s error shape, read after the upload, on fresh and kept-alive connections', async () => {
    const { toFile } = await import('@anthropic-ai/sdk');
    const file = Buffer.alloc(256 * 1024, 'a');
    for (let i = 0; i < 6; i++) {
      // a fresh client each other time: its first request opens the connection, the next reuses it
      const c = i % 2 === 0 ? new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 }) : client;
      const err = await c.beta.files.upload({ file: await toFile(file, 'notes.txt', { type: 'text/plain' }) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Anthropic.NotFoundError);
      expect((err as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({ type: 'error', error: { type: 'not_found_error', message: expect.stringContaining('/v1/files') } });
      // the connection is still good for the next call
      const ok = await c.messages.create({ model: MODELS.anthropic, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
      expect(ok.type).toBe('message');
    }
  });
});
