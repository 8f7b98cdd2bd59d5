// Same format in and out: the client's body reaches the provider as sent (only what the proxy owns
// changes). Across formats: what has an equivalent is translated, what has none is named in
// x-switchboard-dropped, and requests holding what only one API carries prefer that API's models.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { MODELS, routeAmongFakesOnly, startHarness, type Harness } from './helpers/app-harness';
import { authJson, httpRequest, sseData } from './helpers/hardening-kit';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // power-level routing here must choose among the three fakes only
  await routeAmongFakesOnly(h);
});
afterAll(async () => { await h?.close(); });

const last = (fake: Harness['openai']): any => fake.requests[fake.requests.length - 1]!.body;
const chat = (body: Record<string, unknown>) =>
  httpRequest(h.url, '/v1/chat/completions', { method: 'POST', headers: authJson(h.token), body: JSON.stringify(body) });
const messages = (body: Record<string, unknown>, extra: Record<string, string> = {}) =>
  httpRequest(h.url, '/v1/messages', { method: 'POST', headers: authJson(h.token, extra), body: JSON.stringify(body) });

const OPENAI_EXTRAS = {
  seed: 42, logprobs: true, top_logprobs: 2, frequency_penalty: 0.3, presence_penalty: -0.2,
  logit_bias: { 1234: -50 }, store: true, metadata: { run: 'x' }, service_tier: 'flex', verbosity: 'low', prediction: { type: 'content', content: 'x' },
};

describe('a tool call asked for with no tool to call', () => {
  it('is named as dropped in the client\'s terms when the request crosses formats', async () => {
    const toAnthropic = await chat({ model: MODELS.anthropic, tool_choice: 'required', messages: [{ role: 'user', content: 'hi' }] });
    expect(toAnthropic.status).toBe(200);
    expect(String(toAnthropic.headers['x-switchboard-dropped']).split(',')).toContain('tool_choice');
    const gemini = await httpRequest(h.url, `/v1beta/models/${encodeURIComponent(MODELS.anthropic)}:generateContent`, {
      method: 'POST', headers: authJson(h.token),
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }], toolConfig: { functionCallingConfig: { mode: 'ANY' } } }),
    });
    expect(gemini.status).toBe(200);
    expect(String(gemini.headers['x-switchboard-dropped']).split(',')).toContain('toolConfig');
  });
});

describe('same format in and out', () => {
  it('OpenAI chat to an OpenAI-compatible provider: every field arrives, only model changed', async () => {
    const sent = { model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }], ...OPENAI_EXTRAS };
    const res = await chat(sent);
    expect(res.status).toBe(200);
    expect(res.headers['x-switchboard-dropped']).toBeUndefined();
    expect(last(h.openai)).toEqual({ ...sent, model: 'gpt-fake' });
  });

  it('a stream gets the usage option it needs added to what the client asked for, and nothing else', async () => {
    const sent = { model: MODELS.openai, stream: true, stream_options: { include_obfuscation: false }, messages: [{ role: 'user', content: 'hi' }] };
    const res = await chat(sent);
    expect(res.status).toBe(200);
    expect(last(h.openai)).toEqual({ ...sent, model: 'gpt-fake', stream_options: { include_obfuscation: false, include_usage: true } });
    // the usage chunk the client did not ask for is not passed on
    expect(sseData(res.text).some((d: any) => d?.usage)).toBe(false);
  });
});

describe('across formats', () => {
  it('OpenAI chat to Anthropic names what Anthropic cannot carry', async () => {
    const res = await chat({ model: MODELS.anthropic, messages: [{ role: 'user', content: 'hi' }], ...OPENAI_EXTRAS });
    expect(res.status).toBe(200);
    const dropped = String(res.headers['x-switchboard-dropped']).split(',').sort();
    expect(dropped).toEqual(['frequency_penalty', 'logit_bias', 'logprobs', 'metadata', 'prediction', 'presence_penalty', 'seed', 'service_tier', 'store', 'top_logprobs', 'verbosity']);
  });

  it('an agent\u2019s conversation translated to Anthropic carries prompt-cache marks (no client of another format can set them)', async () => {
    const tools = [{ type: 'function', function: { name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } }];
    const res = await chat({
      model: MODELS.anthropic, tools,
      messages: [
        { role: 'system', content: 'You are a coding agent.' },
        { role: 'user', content: 'read a.txt' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.txt"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'hello' },
      ],
    });
    expect(res.status, res.text).toBe(200);
    const sent = last(h.anthropic) as any;
    expect(sent.tools.at(-1).cache_control).toEqual({ type: 'ephemeral' });
    expect(sent.system).toEqual([{ type: 'text', text: 'You are a coding agent.', cache_control: { type: 'ephemeral' } }]);
    expect(sent.messages.map((m: any) => m.content.at(-1).cache_control)).toEqual([undefined, { type: 'ephemeral' }, { type: 'ephemeral' }]);
  });

  it("OpenAI chat's max_completion_tokens, which counts reasoning, holds the thinking budget to a budget-thinking Claude: not raised", async () => {
    await h.app.service.createModel({ provider_id: 'fa', model_name: 'claude-sonnet-4-5', input_cost_per_1m: 3, output_cost_per_1m: 15, context_length: 200000, max_output_tokens: 64000, capabilities: ['chat', 'reasoning'] });
    const small = await chat({ model: 'fa/claude-sonnet-4-5', max_completion_tokens: 1000, reasoning_effort: 'high', messages: [{ role: 'user', content: 'hi' }] });
    expect(small.status, small.text).toBe(200);
    expect(last(h.anthropic)).toMatchObject({ max_tokens: 1000 });
    expect(last(h.anthropic).thinking).toBeUndefined();
    expect(small.headers['x-switchboard-dropped']).toBe('reasoning_effort');
    const fits = await chat({ model: 'fa/claude-sonnet-4-5', max_completion_tokens: 4000, reasoning_effort: 'high', messages: [{ role: 'user', content: 'hi' }] });
    expect(fits.status, fits.text).toBe(200);
    expect(last(h.anthropic)).toMatchObject({ max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 3999 } });
  });

  it('OpenAI chat without max_tokens to Anthropic (which requires one) asks for what the context leaves beside the prompt', async () => {
    await h.app.service.createModel({ provider_id: 'fa', model_name: 'claude-small', input_cost_per_1m: 3, output_cost_per_1m: 15, context_length: 6000, max_output_tokens: 8192 });
    const prompt = 'The quick brown fox jumps over the lazy dog. '.repeat(400); // ~4,000 tokens
    const res = await chat({ model: 'fa/claude-small', messages: [{ role: 'user', content: prompt }] });
    expect(res.status, res.text).toBe(200);
    const asked = last(h.anthropic).max_tokens as number;
    expect(asked).toBeGreaterThanOrEqual(1024);
    expect(asked).toBeLessThanOrEqual(6000 - 3500);
  });

  it('OpenAI chat to Gemini carries seed into generationConfig; penalties (refused by Gemini 2.5 and later) and logprobs, which no translated answer carries back, are named', async () => {
    const res = await chat({ model: MODELS.gemini, messages: [{ role: 'user', content: 'hi' }], ...OPENAI_EXTRAS });
    expect(res.status).toBe(200);
    const config = last(h.gemini).generationConfig;
    expect(config).toMatchObject({ seed: 42 });
    expect(config.presencePenalty).toBeUndefined();
    expect(config.frequencyPenalty).toBeUndefined();
    expect(config.responseLogprobs).toBeUndefined();
    expect(config.logprobs).toBeUndefined();
    expect(String(res.headers['x-switchboard-dropped']).split(',').sort()).toEqual([
      'frequency_penalty', 'logit_bias', 'logprobs', 'metadata', 'prediction', 'presence_penalty', 'service_tier', 'store', 'top_logprobs', 'verbosity',
    ]);
  });

  it('an end-user id sent as safety_identifier, which Gemini has no field for, is named as the client sent it', async () => {
    const res = await chat({ model: MODELS.gemini, safety_identifier: 'hashed-alice', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    expect(res.headers['x-switchboard-dropped']).toBe('safety_identifier');
    const responses = await httpRequest(h.url, '/v1/responses', { method: 'POST', headers: authJson(h.token), body: JSON.stringify({ model: MODELS.gemini, input: 'hi', safety_identifier: 'hashed-alice' }) });
    expect(responses.status).toBe(200);
    expect(responses.headers['x-switchboard-dropped']).toBe('safety_identifier');
    const legacy = await chat({ model: MODELS.gemini, user: 'alice', messages: [{ role: 'user', content: 'hi' }] });
    expect(legacy.headers['x-switchboard-dropped']).toBe('user');
  });

  it('OpenAI chat with tools and a json_schema to Gemini 2.x (which refuses both at once) asks for the JSON in the system instruction and names response_format', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const res = await chat({
      model: MODELS.gemini,
      messages: [{ role: 'user', content: 'Where is the Louvre?' }],
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }],
      response_format: { type: 'json_schema', json_schema: { name: 'place', schema } },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.headers['x-switchboard-dropped']).toBe('response_format');
    const sent = last(h.gemini);
    expect(sent.tools[0].functionDeclarations[0].name).toBe('lookup');
    expect(sent.generationConfig?.responseMimeType).toBeUndefined();
    expect(sent.systemInstruction.parts.at(-1).text).toContain(JSON.stringify(schema));
  });

  it('a mid-conversation system message keeps its place on OpenAI and joins the system prompt on Anthropic', async () => {
    const body = {
      model: MODELS.openai, max_tokens: 32,
      system: 'first rules',
      messages: [
        { role: 'user', content: 'a' }, { role: 'assistant', content: 'b' },
        { role: 'user', content: 'c' }, { role: 'system', content: 'later rules' },
      ],
    };
    const res = await messages(body);
    expect(res.status).toBe(200);
    expect(last(h.openai).messages.map((m: any) => [m.role, m.content])).toEqual([
      ['system', 'first rules'], ['user', 'a'], ['assistant', 'b'], ['user', 'c'], ['system', 'later rules'],
    ]);
  });

  it('an Anthropic stream translated from another format announces the prompt size in message_start', async () => {
    const res = await messages({ model: MODELS.openai, max_tokens: 32, stream: true, messages: [{ role: 'user', content: 'how big is this prompt?' }] });
    const start = sseData(res.text).find((d: any) => d?.type === 'message_start') as any;
    expect(start.message.usage.input_tokens).toBeGreaterThan(0);
  });
});

describe('features only one API carries', () => {
  it('prompt caching marks rank Anthropic models first, even under eco', async () => {
    const plain = await messages({ model: 'eco', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
    expect(plain.headers['x-switchboard-model']).toBe(MODELS.gemini);
    const cached = await messages({
      model: 'eco', max_tokens: 16,
      system: [{ type: 'text', text: 'long rules', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(cached.headers['x-switchboard-model']).toBe(MODELS.anthropic);
    expect(last(h.anthropic).system[0].cache_control).toEqual({ type: 'ephemeral' });
  });

  it('a server-tool history goes only to a model of its own API', async () => {
    const rules = await h.app.service.getRoutingRules(undefined);
    await h.app.service.updateRoutingRules({ aliases: { ...rules.aliases, 'oa-then-an': [MODELS.openai, MODELS.anthropic] } });
    const before = h.openai.requests.length;
    const res = await messages({
      model: 'oa-then-an', max_tokens: 16,
      messages: [
        { role: 'user', content: 'search it' },
        { role: 'assistant', content: [
          { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } },
          { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
          { type: 'text', text: 'found nothing' },
        ] },
        { role: 'user', content: 'ok' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.headers['x-switchboard-model']).toBe(MODELS.anthropic);
    expect(h.openai.requests.length).toBe(before);
  });

  it('when no model of that API is left, the request is refused rather than changed', async () => {
    const res = await messages({
      model: MODELS.openai, max_tokens: 16,
      messages: [{ role: 'assistant', content: [{ type: 'server_tool_use', id: 's', name: 'web_search', input: {} }] }, { role: 'user', content: 'ok' }],
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.json).toMatchObject({ type: 'error' });
    expect(res.json.error.message).toMatch(/cannot carry/);
  });

  it('more than one choice, or spoken output, refused by a model of another API, is named as the cause, and in route preview', async () => {
    const before = h.gemini.requests.length;
    const many = await chat({ model: MODELS.gemini, n: 2, messages: [{ role: 'user', content: 'hi' }] });
    expect(many.status).toBe(400);
    expect(many.json.error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_supported' });
    expect(many.json.error.message).toContain("its API cannot carry this request's n > 1 (more than one choice)");
    const spoken = await chat({ model: MODELS.gemini, modalities: ['text', 'audio'], audio: { voice: 'alloy', format: 'wav' }, messages: [{ role: 'user', content: 'hi' }] });
    expect(spoken.json.error.message).toContain("its API cannot carry this request's audio output (modalities)");
    expect(h.gemini.requests.length).toBe(before);
    const preview = await h.app.service.previewRoute({ request: { model: 'auto', n: 3, messages: [{ role: 'user', content: 'hi' }] } });
    expect(preview.excluded.find((x) => x.model === MODELS.gemini)?.reason).toBe("its API cannot carry this request's n > 1 (more than one choice)");
    expect(preview.candidates.map((c) => c.model)).toEqual([MODELS.openai]);
  });
});

describe("OpenAI chat's deprecated functions, answered by another format", () => {
  const functions = [{ name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
  const ask = [{ role: 'user', content: 'What is the weather in Paris?' }];

  it.each([MODELS.anthropic, MODELS.gemini])('%s: the call comes back as message.function_call, finish_reason function_call', async (model) => {
    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
    const res = await client.chat.completions.create({ model, messages: ask as never, functions, function_call: 'auto' });
    const choice = res.choices[0]!;
    expect(choice.finish_reason).toBe('function_call');
    expect(choice.message.tool_calls).toBeUndefined();
    expect(choice.message.function_call?.name).toBe('get_weather');
    const args = JSON.parse(choice.message.function_call!.arguments);

    // and the legacy round trip: the assistant's function_call, then the `function` role's result
    const next = await client.chat.completions.create({
      model, functions,
      messages: [...ask, { role: 'assistant', content: null, function_call: choice.message.function_call }, { role: 'function', name: 'get_weather', content: '{"temp_c":18}' }] as never,
    });
    expect(next.choices[0]!.finish_reason).toBe('stop');
    expect(next.choices[0]!.message.content).toMatch(/\S/);
    expect(args).toEqual(expect.any(Object));
  });

  it.each([MODELS.anthropic, MODELS.gemini])('%s, streamed: delta.function_call, and the SDK assembles it', async (model) => {
    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model, messages: ask as never, functions, stream: true });
    let name = '';
    let args = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      const c = chunk.choices[0];
      if (!c) continue;
      expect(c.delta.tool_calls).toBeUndefined();
      name += c.delta.function_call?.name ?? '';
      args += c.delta.function_call?.arguments ?? '';
      finish = c.finish_reason ?? finish;
    }
    expect(name).toBe('get_weather');
    expect(JSON.parse(args)).toEqual(expect.any(Object));
    expect(finish).toBe('function_call');
  });

  it('a request with tools (the current API) still gets tool_calls', async () => {
    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
    const res = await client.chat.completions.create({ model: MODELS.anthropic, messages: ask as never, tools: functions.map((f) => ({ type: 'function' as const, function: f })) });
    expect(res.choices[0]!.finish_reason).toBe('tool_calls');
    expect(res.choices[0]!.message.tool_calls?.[0]).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
  });
});

describe("OpenAI chat's allowed_tools tool choice on a chain that starts with Anthropic", () => {
  const tools = ['get_weather', 'get_time', 'delete_everything'].map((name) => ({
    type: 'function' as const, function: { name, parameters: { type: 'object', properties: { city: { type: 'string' } } } },
  }));
  const toolChoice = {
    type: 'allowed_tools' as const,
    allowed_tools: { mode: 'required' as const, tools: [{ type: 'function', function: { name: 'get_weather' } }, { type: 'function', function: { name: 'get_time' } }] },
  };
  let alias = '';
  beforeAll(async () => {
    const rules = await h.app.service.getRoutingRules(undefined);
    alias = 'an-then-oa-allowed';
    await h.app.service.updateRoutingRules({ aliases: { ...rules.aliases, [alias]: [MODELS.anthropic, MODELS.openai] } });
  });
  const ask = () => new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 }).chat.completions.create({
    model: alias, tools, tool_choice: toolChoice, messages: [{ role: 'user', content: 'Weather in Paris?' }],
  }).withResponse();

  it('Anthropic gets only the allowed tools, with a call required of it', async () => {
    const { data, response } = await ask();
    expect(response.headers.get('x-switchboard-model')).toBe(MODELS.anthropic);
    expect(response.headers.get('x-switchboard-dropped')).toBeNull();
    const sent = last(h.anthropic);
    expect(sent.tools.map((t: any) => t.name)).toEqual(['get_weather', 'get_time']);
    expect(sent.tool_choice).toEqual({ type: 'any' });
    expect(data.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('when Anthropic fails, the OpenAI candidate gets the choice as the client sent it', async () => {
    h.anthropic.faults.push({ kind: 'status', status: 503 });
    const { response } = await ask();
    expect(response.headers.get('x-switchboard-model')).toBe(MODELS.openai);
    expect(last(h.openai).tool_choice).toEqual(toolChoice);
    expect(last(h.openai).tools).toHaveLength(3);
  });

  it('allowing no function, the tools still reach Anthropic (the history has calls) with no call allowed', async () => {
    const history: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
    ];
    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
    for (const mode of ['auto', 'required'] as const) {
      const { response } = await client.chat.completions.create({
        model: alias, tools, tool_choice: { type: 'allowed_tools', allowed_tools: { mode, tools: [] } }, messages: history,
      }).withResponse();
      expect(response.headers.get('x-switchboard-model')).toBe(MODELS.anthropic);
      // Anthropic refuses tool_use and tool_result blocks in a request that defines no tools
      const sent = last(h.anthropic);
      expect(sent.tools.map((t: any) => t.name)).toEqual(['get_weather', 'get_time', 'delete_everything']);
      expect(sent.tool_choice).toEqual({ type: 'none' });
      expect(response.headers.get('x-switchboard-dropped')).toBe(mode === 'required' ? 'tool_choice' : null);
    }
  });
});
