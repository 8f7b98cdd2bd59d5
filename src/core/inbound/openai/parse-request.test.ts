import { describe, expect, it } from 'vitest';
import { openaiFixture } from '../../../../test/fixtures/openai/load';
import { RequestValidationError, type CanonicalRequest } from '../../canonical';
import { openaiInbound } from './index';

const parse = (body: unknown): CanonicalRequest => openaiInbound.toCanonical(body as Record<string, unknown>).request;

const ok = { model: 'auto', messages: [{ role: 'user', content: 'Hi' }] };

function rejection(body: unknown): RequestValidationError {
  try {
    parse(body);
  } catch (e) {
    if (e instanceof RequestValidationError) return e;
    throw e;
  }
  throw new Error(`expected a RequestValidationError for ${JSON.stringify(body).slice(0, 200)}`);
}

function withField(field: string, value: unknown): Record<string, unknown> {
  return { ...ok, [field]: value };
}

function withMessage(message: unknown): Record<string, unknown> {
  return { ...ok, messages: [message] };
}

describe('openaiInbound.toCanonical', () => {
  it('parses the text fixture', () => {
    expect(parse(openaiFixture('text.request.json'))).toEqual({
      model: 'gpt-4o-mini',
      system: ['You are a helpful assistant.'],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello!' }] }],
      temperature: 0.7,
      maxTokens: 256,
      stream: true,
      includeUsage: true,
    });
  });

  it('parses tools, tool choice and parallel tool calls', () => {
    const req = parse(openaiFixture('tools.request.json'));
    expect(req.tools).toEqual([{
      name: 'get_current_weather',
      description: 'Get the current weather in a given location',
      parameters: openaiFixture('tools.request.json').tools[0].function.parameters,
    }]);
    expect(req.toolChoice).toBe('auto');
    expect(req.parallelToolCalls).toBe(true);
    expect(req.maxTokens).toBe(1024);
    expect(req.stream).toBe(false);
    expect(req.includeUsage).toBe(false);
  });

  it('parses a tool-result conversation with developer text parts, stop string and a named tool choice', () => {
    const req = parse(openaiFixture('tool-results.request.json'));
    expect(req.system).toEqual(['Answer briefly.']);
    expect(req.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: "What's the weather like in Paris today?" }] },
      { role: 'assistant', content: [], toolCalls: [{ id: 'call_abc123', name: 'get_current_weather', arguments: '{"location": "Paris, France"}' }] },
      { role: 'tool', toolCallId: 'call_abc123', content: [{ type: 'text', text: '{"temperature": 22, "unit": "celsius"}' }] },
    ]);
    expect(req.toolChoice).toEqual({ name: 'get_current_weather' });
    expect(req.tools?.[0]?.description).toBeUndefined();
    expect(req.stop).toEqual(['\n\n']);
    expect(req.topP).toBe(0.9);
    expect(req.user).toBe('user-1234');
  });

  it('carries prompt_cache_key, and safety_identifier as the end-user id (before user)', () => {
    const req = parse({ ...ok, prompt_cache_key: 'k1', safety_identifier: 'hashed-alice', user: 'alice' });
    expect(req).toMatchObject({ promptCacheKey: 'k1', user: 'hashed-alice', userField: 'safety_identifier' });
    // a builder that cannot carry the id names it as the client sent it
    expect(parse({ ...ok, user: 'alice' }).userField).toBeUndefined();
    expect(openaiInbound.toCanonical({ ...ok, prompt_cache_key: 'k1', safety_identifier: 's' }).dropped).toEqual([]);
    // one id is carried: a user sent beside safety_identifier is named, never dropped silently
    expect(openaiInbound.toCanonical({ ...ok, safety_identifier: 's', user: 'alice' }).dropped).toEqual(['user']);
  });

  it('parses image parts (URL and base64 data URL) and a json_schema response format', () => {
    const req = parse(openaiFixture('vision.request.json'));
    const content = req.messages[0]!.content;
    // the resolution hint goes with the image, for OpenAI's APIs (the other formats' builders name it)
    expect(content[1]).toEqual({ type: 'image', source: { kind: 'url', url: expect.stringMatching(/^https:\/\/upload/) }, detail: 'low' });
    expect(content[2]).toEqual({ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: expect.stringMatching(/^iVBORw0KGgo/) } });
    expect(req.responseFormat).toEqual({ type: 'json_schema', name: 'image_description', strict: true, schema: expect.objectContaining({ type: 'object' }) });
    // what the format is for, which the model reads, goes along
    const described = parse({ ...ok, response_format: { type: 'json_schema', json_schema: { name: 'w', description: 'The weather', schema: { type: 'object' } } } });
    expect(described.responseFormat).toEqual({ type: 'json_schema', name: 'w', description: 'The weather', schema: { type: 'object' } });
    expect(req.maxTokens).toBe(300);
  });

  it('maps reasoning effort, prefers max_completion_tokens and ignores unknown fields', () => {
    const req = parse({
      ...ok, reasoning_effort: 'minimal', max_tokens: 10, max_completion_tokens: 20,
      api_base: 'http://evil.example', api_key: 'sk-x', metadata: { a: 1 }, seed: 3, n: 1, stream: false,
      stream_options: null, temperature: null,
    });
    expect(req).toEqual({
      model: 'auto', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      stream: false, includeUsage: false, reasoningEffort: 'minimal', maxTokens: 20, seed: 3, metadata: { a: 1 },
    });
    // none: thinking off (a budget of 0), not "no preference"
    expect(parse({ ...ok, reasoning_effort: 'none' }).reasoningEffort).toBeUndefined();
    expect(parse({ ...ok, reasoning_effort: 'none' }).thinkingBudgetTokens).toBe(0);
    expect(parse({ ...ok, reasoning_effort: 'low' }).thinkingBudgetTokens).toBeUndefined();
    // xhigh as asked: the builders send it where the model takes it, else the nearest level, named
    expect(parse({ ...ok, reasoning_effort: 'xhigh' }).reasoningEffort).toBe('xhigh');
    // max, the openai SDK's highest (6.49), is taken, not refused with a 400
    expect(parse({ ...ok, reasoning_effort: 'max' }).reasoningEffort).toBe('max');
  });

  it('includes usage only for streams that ask for it', () => {
    expect(parse({ ...ok, stream_options: { include_usage: true } }).includeUsage).toBe(false);
    expect(parse({ ...ok, stream: true, stream_options: { include_usage: true } }).includeUsage).toBe(true);
    expect(parse({ ...ok, stream: true }).includeUsage).toBe(false);
  });

  it('accepts legacy functions, function_call and function-role results', () => {
    const req = parse({
      model: 'm',
      functions: [{ name: 'lookup', parameters: { type: 'object' } }],
      function_call: { name: 'lookup' },
      messages: [
        { role: 'user', content: 'find' },
        { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{}' } },
        { role: 'function', name: 'lookup', content: 'found' },
      ],
    });
    expect(req.tools).toEqual([{ name: 'lookup', parameters: { type: 'object' } }]);
    expect(req.toolChoice).toEqual({ name: 'lookup' });
    // that API answers one call a turn: the model is asked for no more (a client's parallel_tool_calls: true is named)
    expect(req.parallelToolCalls).toBe(false);
    // implied by that API, not sent: a provider with no switch for it does not name it
    expect(req.parallelToolCallsImplied).toBe(true);
    const functions = [{ name: 'lookup' }];
    const asked = openaiInbound.toCanonical({ model: 'm', messages: [{ role: 'user', content: 'find' }], functions, parallel_tool_calls: true });
    expect([asked.request.parallelToolCalls, asked.request.parallelToolCallsImplied, asked.dropped]).toEqual([false, undefined, ['parallel_tool_calls']]);
    const own = parse({ model: 'm', messages: [{ role: 'user', content: 'find' }], functions, parallel_tool_calls: false });
    expect([own.parallelToolCalls, own.parallelToolCallsImplied]).toEqual([false, undefined]);
    // tools beside them are what the model is given: parallel calls as the client asked
    expect(parse({ model: 'm', messages: [{ role: 'user', content: 'find' }], functions, tools: [{ type: 'function', function: { name: 'x' } }] }).parallelToolCalls).toBeUndefined();
    const call = req.messages[1]!;
    expect(call.role === 'assistant' && call.toolCalls?.[0]?.name).toBe('lookup');
    const id = call.role === 'assistant' ? call.toolCalls?.[0]?.id : undefined;
    expect(req.messages[2]).toEqual({ role: 'tool', toolCallId: id, content: [{ type: 'text', text: 'found' }] });
  });

  it('keeps assistant text and a refusal as text', () => {
    const req = parse({ model: 'm', messages: [
      { role: 'assistant', content: [{ type: 'text', text: 'a' }, { type: 'refusal', refusal: 'no' }] },
    ] });
    expect(req.messages[0]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'no' }] });
  });

  it("names a message's name (a participant's) as dropped: other formats have no place for it", () => {
    const named = openaiInbound.toCanonical({ model: 'm', messages: [{ role: 'user', name: 'alice', content: 'hi' }] });
    expect(named.dropped).toEqual(['messages.name']);
    expect(openaiInbound.toCanonical({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).dropped).toEqual([]);
  });

  it("carries a tool's strict, and leaves it unset when the client did not say", () => {
    const { request } = openaiInbound.toCanonical({
      model: 'm', messages: [{ role: 'user', content: 'hi' }],
      tools: [{ type: 'function', function: { name: 'a', strict: true } }, { type: 'function', function: { name: 'b' } }],
    });
    expect(request.tools!.map((t) => t.strict)).toEqual([true, undefined]);
  });

  it('carries an allowed_tools choice as its mode over only the allowed functions', () => {
    const tools = ['a', 'b', 'c'].map((name) => ({ type: 'function', function: { name } }));
    const allowed = (mode: string, names: string[]): unknown => ({
      type: 'allowed_tools', allowed_tools: { mode, tools: names.map((name) => ({ type: 'function', function: { name } })) },
    });
    const auto = openaiInbound.toCanonical({ ...ok, tools, tool_choice: allowed('auto', ['a', 'c']) });
    expect(auto.request.toolChoice).toBe('auto');
    expect(auto.request.tools?.map((t) => t.name)).toEqual(['a', 'c']);
    expect(auto.dropped).toEqual([]);
    const required = parse({ ...ok, tools, tool_choice: allowed('required', ['b']) });
    expect(required.toolChoice).toBe('required');
    expect(required.tools?.map((t) => t.name)).toEqual(['b']);
    // none of the allowed tools is a function another format can be given: the tools go (calls in the
    // history need them on Anthropic) with no call allowed; forcing a call cannot be carried
    const none = openaiInbound.toCanonical({ ...ok, tools, tool_choice: allowed('required', ['zz']) });
    expect(none.request.tools?.map((t) => t.name)).toEqual(['a', 'b', 'c']);
    expect(none.request.toolChoice).toBe('none');
    expect(none.dropped).toEqual(['tool_choice']);
    const autoNone = openaiInbound.toCanonical({ ...ok, tools, tool_choice: allowed('auto', []) });
    expect(autoNone.request.tools?.map((t) => t.name)).toEqual(['a', 'b', 'c']);
    expect(autoNone.request.toolChoice).toBe('none');
    expect(autoNone.dropped).toEqual([]);
  });

  it('names a custom tool choice as dropped, as its custom tool is', () => {
    const { request, dropped } = openaiInbound.toCanonical({
      ...ok,
      tools: [{ type: 'function', function: { name: 'f' } }, { type: 'custom', custom: { name: 'grammar' } }],
      tool_choice: { type: 'custom', custom: { name: 'grammar' } },
    });
    expect(request.toolChoice).toBeUndefined();
    expect(request.tools?.map((t) => t.name)).toEqual(['f']);
    expect(dropped.sort()).toEqual(['tool_choice[type=custom]', 'tools[type=custom]']);
  });

  it('carries files, audio, later system messages and sampling extras, and names what it cannot carry', () => {
    const { request, dropped } = openaiInbound.toCanonical({
      model: 'm', seed: 7, presence_penalty: 0.5, frequency_penalty: -0.5, logprobs: true, top_logprobs: 3,
      logit_bias: { 50256: -100 }, store: true, metadata: { a: 'b' }, service_tier: 'flex', verbosity: 'low',
      tools: [{ type: 'function', function: { name: 'f' } }, { type: 'custom', custom: { name: 'grammar' } }],
      messages: [
        { role: 'developer', content: 'be brief' },
        { role: 'user', content: [
          { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0x' } },
          { type: 'input_audio', input_audio: { data: 'UklGR', format: 'wav' } },
          { type: 'hologram', hologram: {} },
        ] },
        { role: 'system', content: 'now answer in French' },
        { role: 'robot', content: 'beep' },
      ],
    });
    expect(request.system).toEqual(['be brief']);
    expect(request.messages).toEqual([
      { role: 'user', content: [
        { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0x' }, filename: 'a.pdf' },
        { type: 'audio', data: 'UklGR', format: 'wav' },
      ] },
      { role: 'system', content: [{ type: 'text', text: 'now answer in French' }] },
    ]);
    expect(request).toMatchObject({ seed: 7, presencePenalty: 0.5, frequencyPenalty: -0.5, logprobs: true, topLogprobs: 3 });
    // what the Responses API takes too: its builder sends them, the other formats' builders name them
    expect(request).toMatchObject({ metadata: { a: 'b' }, serviceTier: 'flex', verbosity: 'low' });
    expect(request.tools?.map((t) => t.name)).toEqual(['f']);
    expect(dropped.sort()).toEqual([
      'logit_bias', 'messages.content[type=hologram]', 'messages[role=robot]', 'store', 'tools[type=custom]',
    ]);
    // store: false asks that nothing be kept, which every crossing honours: not named
    expect(openaiInbound.toCanonical({ model: 'm', store: false, messages: [{ role: 'user', content: 'x' }] }).dropped).toEqual([]);
  });
});

describe('openaiInbound.toCanonical validation', () => {
  const cases: [string, unknown, string | undefined][] = [
    ['body not an object', [1, 2], undefined],
    ['body null', null, undefined],
    ['model missing', { messages: ok.messages }, 'model'],
    ['model not a string', { ...ok, model: 5 }, 'model'],
    ['model empty', { ...ok, model: '  ' }, 'model'],
    ['messages missing', { model: 'm' }, 'messages'],
    ['messages not an array', { model: 'm', messages: 'hi' }, 'messages'],
    ['messages empty', { model: 'm', messages: [] }, 'messages'],
    ['message not an object', withMessage('hi'), 'messages[0]'],
    ['role missing', withMessage({ content: 'x' }), 'messages[0].role'],
    ['user content missing', withMessage({ role: 'user' }), 'messages[0].content'],
    ['user content a number', withMessage({ role: 'user', content: 5 }), 'messages[0].content'],
    ['content part not an object', withMessage({ role: 'user', content: ['x'] }), 'messages[0].content[0]'],
    ['audio part without data', withMessage({ role: 'user', content: [{ type: 'input_audio', input_audio: {} }] }), 'messages[0].content[0].input_audio.data'],
    ['file part without inline data', withMessage({ role: 'user', content: [{ type: 'file', file: { file_id: 'file-1' } }] }), 'messages[0].content[0].file.file_data'],
    ['text part without text', withMessage({ role: 'user', content: [{ type: 'text' }] }), 'messages[0].content[0].text'],
    ['image_url without url', withMessage({ role: 'user', content: [{ type: 'image_url', image_url: {} }] }), 'messages[0].content[0].image_url.url'],
    ['image_url with a file URL', withMessage({ role: 'user', content: [{ type: 'image_url', image_url: { url: 'file:///etc/passwd' } }] }), 'messages[0].content[0].image_url.url'],
    ['data URL not base64', withMessage({ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png,abc' } }] }), 'messages[0].content[0].image_url.url'],
    ['system content null', withMessage({ role: 'system', content: null }), 'messages[0].content'],
    ['tool message without tool_call_id', withMessage({ role: 'tool', content: 'r' }), 'messages[0].tool_call_id'],
    ['tool content wrong type', withMessage({ role: 'tool', tool_call_id: 'c', content: { a: 1 } }), 'messages[0].content'],
    ['assistant tool_calls not an array', withMessage({ role: 'assistant', tool_calls: {} }), 'messages[0].tool_calls'],
    ['assistant tool call without function', withMessage({ role: 'assistant', tool_calls: [{ id: 'c', type: 'function' }] }), 'messages[0].tool_calls[0].function'],
    ['assistant tool call without id', withMessage({ role: 'assistant', tool_calls: [{ type: 'function', function: { name: 'f', arguments: '{}' } }] }), 'messages[0].tool_calls[0].id'],
    ['assistant tool call arguments not a string', withMessage({ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: {} } }] }), 'messages[0].tool_calls[0].function.arguments'],
    ['function message without a matching call', withMessage({ role: 'function', name: 'f', content: 'r' }), 'messages[0].name'],
    ['tools not an array', withField('tools', { type: 'function' }), 'tools'],
    ['tool not an object', withField('tools', ['f']), 'tools[0]'],
    ['tool without function', withField('tools', [{ type: 'function' }]), 'tools[0].function'],
    ['tool without function.name', withField('tools', [{ type: 'function', function: { parameters: {} } }]), 'tools[0].function.name'],
    ['tool parameters not an object', withField('tools', [{ type: 'function', function: { name: 'f', parameters: 'x' } }]), 'tools[0].function.parameters'],
    ['tool_choice unknown', withField('tool_choice', 'sometimes'), 'tool_choice'],
    ['tool_choice object without a name', withField('tool_choice', { type: 'function', function: {} }), 'tool_choice'],
    ['allowed_tools without its object', withField('tool_choice', { type: 'allowed_tools' }), 'tool_choice.allowed_tools'],
    ['allowed_tools mode unknown', withField('tool_choice', { type: 'allowed_tools', allowed_tools: { mode: 'none', tools: [] } }), 'tool_choice.allowed_tools.mode'],
    ['allowed_tools tools not an array', withField('tool_choice', { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: {} } }), 'tool_choice.allowed_tools.tools'],
    ['n = 2', withField('n', 2), 'n'],
    ['stream not boolean', withField('stream', 'yes'), 'stream'],
    ['stream_options not an object', { ...ok, stream: true, stream_options: true }, 'stream_options'],
    ['include_usage not boolean', { ...ok, stream: true, stream_options: { include_usage: 'yes' } }, 'stream_options.include_usage'],
    ['temperature a string', withField('temperature', '0.5'), 'temperature'],
    ['temperature out of range', withField('temperature', 2.5), 'temperature'],
    ['top_p out of range', withField('top_p', 1.5), 'top_p'],
    ['top_p negative', withField('top_p', -0.1), 'top_p'],
    ['max_tokens zero', withField('max_tokens', 0), 'max_tokens'],
    ['max_tokens fractional', withField('max_tokens', 10.5), 'max_tokens'],
    ['max_tokens a string', withField('max_tokens', '100'), 'max_tokens'],
    ['max_completion_tokens negative', withField('max_completion_tokens', -1), 'max_completion_tokens'],
    ['stop a number', withField('stop', 5), 'stop'],
    ['stop with a non-string', withField('stop', ['a', 1]), 'stop[1]'],
    ['response_format unknown type', withField('response_format', { type: 'yaml' }), 'response_format.type'],
    ['response_format not an object', withField('response_format', 'json'), 'response_format'],
    ['json_schema without json_schema', withField('response_format', { type: 'json_schema' }), 'response_format.json_schema'],
    ['json_schema without name', withField('response_format', { type: 'json_schema', json_schema: { schema: {} } }), 'response_format.json_schema.name'],
    ['parallel_tool_calls not boolean', withField('parallel_tool_calls', 'true'), 'parallel_tool_calls'],
    ['reasoning_effort unknown', withField('reasoning_effort', 'extreme'), 'reasoning_effort'],
    ['user not a string', withField('user', 42), 'user'],
  ];

  it.each(cases)('rejects %s', (_name, body, param) => {
    const err = rejection(body);
    expect(err.param).toBe(param);
    expect(err.message.length).toBeGreaterThan(10);
  });
});
