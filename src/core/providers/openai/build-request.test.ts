import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical';
import type { ProviderType } from '../../../shared/types';
import { jsonModeInstruction } from '../json-mode-instruction';
import { openaiAdapter } from './index';

const base: CanonicalRequest = {
  model: 'auto',
  system: ['Be brief.', 'Second system.'],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  stream: false,
  includeUsage: false,
};

const OUT_SCHEMA = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };

function build(req: Partial<CanonicalRequest>, target: Partial<Parameters<typeof openaiAdapter.buildChatRequest>[1]> = {}) {
  const http = openaiAdapter.buildChatRequest({ ...base, ...req }, { baseUrl: 'https://api.openai.com/v1', modelName: 'gpt-4o-mini', ...target });
  return { http, body: JSON.parse(http.body!) };
}

describe('JSON mode to LM Studio, which refuses json_object', () => {
  const lmstudio = { baseUrl: 'http://127.0.0.1:1234/v1', modelName: 'qwen/qwen3-4b', providerType: 'lmstudio' as const };
  const anyObject = { type: 'json_schema', json_schema: { name: 'json_object', schema: { type: 'object' } } };

  it('is sent as a json_schema of any object, translated or forwarded; a schema the client gave goes as it was', () => {
    expect(build({ responseFormat: { type: 'json_object' } }, lmstudio).body.response_format).toEqual(anyObject);
    const forward = (format: unknown) => JSON.parse(openaiAdapter.buildForwardRequest({ model: 'x', messages: [{ role: 'user', content: 'Hi' }], response_format: format }, lmstudio, { stream: false }).body!);
    expect(forward({ type: 'json_object' }).response_format).toEqual(anyObject);
    const schema = { type: 'json_schema', json_schema: { name: 'city', schema: { type: 'object', properties: { name: { type: 'string' } } } } };
    expect(forward(schema).response_format).toEqual(schema);
    expect(build({ responseFormat: { type: 'json_schema', name: 'city', schema: { type: 'object' } } }, lmstudio).body.response_format.json_schema.name).toBe('city');
  });

  it('stays json_object for every other provider', () => {
    for (const providerType of ['openai', 'ollama', 'openai-compatible'] as const) {
      expect(build({ responseFormat: { type: 'json_object' } }, { providerType }).body.response_format, providerType).toEqual({ type: 'json_object' });
    }
  });
});

describe('json_object, which OpenAI takes only with "json" in the messages', () => {
  const said = { role: 'system', content: jsonModeInstruction({ type: 'json_object' }) };

  it('says it in a system message after the client\'s where no system or user text does (a Gemini client\'s JSON mode)', () => {
    const { body } = build({ responseFormat: { type: 'json_object' } });
    expect(body.messages).toEqual([{ role: 'system', content: 'Be brief.' }, { role: 'system', content: 'Second system.' }, said, { role: 'user', content: 'Hi' }]);
    expect(body.response_format).toEqual({ type: 'json_object' });
  });

  it('adds nothing where the prompt says it, in any case, or where no json_object is sent', () => {
    const user = (text: string) => ({ messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text }] }] });
    expect(build({ responseFormat: { type: 'json_object' }, ...user('answer as Json') }).body.messages).toHaveLength(3);
    expect(build({ responseFormat: { type: 'json_object' }, system: ['Reply in JSON.'] }).body.messages).toHaveLength(2);
    expect(build({ responseFormat: { type: 'json_object' } }, { providerType: 'lmstudio' }).body.messages).toHaveLength(3);
    expect(build({}).body.messages).toHaveLength(3);
  });
});

describe('openaiAdapter.buildChatRequest', () => {
  it('names a tool call asked for with no tool to call as dropped (OpenAI would refuse it), and sends no tool_choice', () => {
    const { http, body } = build({ toolChoice: { name: 'f' } });
    expect(http.dropped).toContain('tool_choice');
    expect(body.tool_choice).toBeUndefined();
    expect(build({ toolChoice: 'none' }).http.dropped ?? []).not.toContain('tool_choice');
  });

  it('names a tool result marked as an error as dropped: chat and Responses carry no such flag', async () => {
    const messages: CanonicalRequest['messages'] = [
      { role: 'user', content: [{ type: 'text', text: 'Read it' }] },
      { role: 'assistant', content: [], toolCalls: [{ id: 'call_1', name: 'read', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: 'No such file' }], isError: true },
    ];
    expect(build({ messages }).http.dropped).toEqual(['is_error']);
    expect(build({ messages: messages.map((m) => (m.role === 'tool' ? { ...m, isError: false } : m)) }).http.dropped).toBeUndefined();
    const { openaiResponsesAdapter } = await import('../openai-responses');
    expect(openaiResponsesAdapter.buildChatRequest({ ...base, messages }, { baseUrl: 'https://api.openai.com/v1', modelName: 'gpt-5' }).dropped).toEqual(['is_error']);
  });

  it('posts to /chat/completions with a bearer key and JSON', () => {
    const { http, body } = build({}, { apiKey: 'sk-test-123' });
    expect(http.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(http.method).toBe('POST');
    expect(http.headers).toEqual({ 'content-type': 'application/json', authorization: 'Bearer sk-test-123' });
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'Second system.' },
      { role: 'user', content: 'Hi' },
    ]);
    expect(body.stream).toBeUndefined();
  });

  it('tolerates a trailing slash and sends no authorization without a key', () => {
    const { http } = build({}, { baseUrl: 'http://127.0.0.1:11434/v1/', providerType: 'ollama' });
    expect(http.url).toBe('http://127.0.0.1:11434/v1/chat/completions');
    expect(http.headers.authorization).toBeUndefined();
  });

  it('maps images, assistant tool calls and tool results', () => {
    const { body } = build({
      system: [],
      messages: [
        { role: 'user', content: [
          { type: 'text', text: 'Look' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
        ] },
        { role: 'assistant', content: [], toolCalls: [{ id: 'call_1', name: 'lookup', arguments: '{"q":1}' }] },
        { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: 'result' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: [
        { type: 'text', text: 'Look' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
      ] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":1}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'result' },
      { role: 'assistant', content: 'Done.' },
    ]);
  });

  it('moves images out of tool results into a user message after the tool results', () => {
    const { body } = build({
      system: [],
      messages: [
        { role: 'assistant', content: [], toolCalls: [{ id: 'a', name: 'shot', arguments: '{}' }, { id: 'b', name: 'shot', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'a', content: [{ type: 'text', text: 'see image' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: 'QQ==' } }] },
        { role: 'tool', toolCallId: 'b', content: [{ type: 'text', text: 'ok' }], isError: true },
      ],
    });
    expect(body.messages.map((m: { role: string }) => m.role)).toEqual(['assistant', 'tool', 'tool', 'user']);
    expect(body.messages[3].content).toEqual([{ type: 'image_url', image_url: { url: 'data:image/jpeg;base64,QQ==' } }]);
  });

  it('maps tools, tool choice, sampling, stop, response format and reasoning effort', () => {
    const { body } = build({
      tools: [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: {} } }],
      toolChoice: { name: 'get_weather' },
      parallelToolCalls: false,
      temperature: 0.2,
      topP: 0.5,
      stop: ['END'],
      responseFormat: { type: 'json_schema', name: 'out', schema: OUT_SCHEMA, strict: true },
      reasoningEffort: 'high',
      maxTokens: 99,
      user: 'u1',
    }, { providerType: 'openai' });
    expect(body.tools).toEqual([{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: {} } } }]);
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });
    expect(body.parallel_tool_calls).toBe(false);
    expect(body.temperature).toBe(0.2);
    expect(body.top_p).toBe(0.5);
    expect(body.stop).toEqual(['END']);
    expect(body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'out', schema: OUT_SCHEMA, strict: true } });
    expect(body.reasoning_effort).toBe('high');
    expect(body.max_completion_tokens).toBe(99);
    expect(body.max_tokens).toBeUndefined();
    expect(body.user).toBe('u1');
  });

  it('names thinking turned off as dropped for a reasoning model without an off (gpt-5), sent its lowest level', async () => {
    const { openaiResponsesAdapter } = await import('../openai-responses');
    const target = { baseUrl: 'https://api.openai.com/v1', modelName: 'gpt-5', reasoning: true };
    for (const adapter of [openaiAdapter, openaiResponsesAdapter]) {
      const off = adapter.buildChatRequest({ ...base, thinkingBudgetTokens: 0 }, target);
      expect(off.dropped, adapter.api).toEqual(['reasoning_effort']);
      const sent = JSON.parse(off.body!);
      expect(sent.reasoning_effort ?? sent.reasoning?.effort, adapter.api).toBe('minimal');
      // a model nothing is known of thinks at its default: nothing sent
      const unknown = JSON.parse(adapter.buildChatRequest({ ...base, thinkingBudgetTokens: 0 }, { ...target, modelName: 'my-reasoner' }).body!);
      expect(unknown.reasoning_effort ?? unknown.reasoning, adapter.api).toBeUndefined();
      // a model that does not reason is off anyway; an effort the client also gave is sent
      expect(adapter.buildChatRequest({ ...base, thinkingBudgetTokens: 0 }, { ...target, reasoning: false }).dropped, adapter.api).toBeUndefined();
      expect(adapter.buildChatRequest({ ...base, thinkingBudgetTokens: 0, reasoningEffort: 'low' }, target).dropped, adapter.api).toBeUndefined();
    }
  });

  it("sends a tool's strict as the client set it, and nothing when it said nothing", () => {
    const tools = [{ name: 'a', parameters: { type: 'object' }, strict: true }, { name: 'b', parameters: { type: 'object' }, strict: false }, { name: 'c', parameters: { type: 'object' } }];
    expect(build({ tools }).body.tools.map((t: any) => t.function.strict)).toEqual([true, false, undefined]);
  });

  it('sends user to the providers that document it, and names it as dropped for the others', () => {
    for (const providerType of ['openai', 'openrouter', 'groq', 'xai'] as const) {
      const { http, body } = build({ user: 'u1' }, { providerType });
      expect(body.user, providerType).toBe('u1');
      expect(http.dropped, providerType).toBeUndefined();
    }
    for (const providerType of ['mistral', 'together', 'deepseek', 'ollama', 'openai-compatible'] as const) {
      const { http, body } = build({ user: 'u1' }, { providerType });
      expect(body.user, providerType).toBeUndefined();
      expect(http.dropped, providerType).toEqual(['user']);
    }
  });

  it("sends prompt_cache_key to OpenAI's Chat Completions, which takes it, and names it as dropped for the others", () => {
    const sent = build({ promptCacheKey: 'session-1' }, { providerType: 'openai' });
    expect(sent.body.prompt_cache_key).toBe('session-1');
    expect(sent.http.dropped).toBeUndefined();
    for (const providerType of ['mistral', 'openrouter', 'groq', 'xai', 'deepseek', 'ollama', 'openai-compatible'] as const) {
      const { http, body } = build({ promptCacheKey: 'session-1' }, { providerType });
      expect(body.prompt_cache_key, providerType).toBeUndefined();
      expect(http.dropped, providerType).toEqual(['prompt_cache_key']);
    }
  });

  it("sends a Responses client's verbosity to a GPT-5 model of an OpenAI-compatible provider but Mistral; metadata, which wants store, is named", () => {
    for (const providerType of ['openai', 'openrouter', 'groq', 'xai', 'deepseek', 'together', 'ollama', 'openai-compatible'] as const) {
      const { http, body } = build({ verbosity: 'low' }, { providerType, modelName: providerType === 'openrouter' ? 'openai/gpt-5.1' : 'gpt-5.1' });
      expect(body.verbosity, providerType).toBe('low');
      expect(http.dropped, providerType).toBeUndefined();
    }
    // verbosity only to the GPT-5 family, which takes it (gpt-4o answers 400 to any value but medium)
    for (const modelName of ['gpt-4o-mini', 'llama-3.3-70b-versatile', 'openai/gpt-4.1']) {
      const { http, body } = build({ verbosity: 'low' }, { providerType: 'openai', modelName });
      expect(body.verbosity, modelName).toBeUndefined();
      expect(http.dropped, modelName).toEqual(['verbosity']);
    }
    const mistral = build({ verbosity: 'low', serviceTier: 'flex' }, { providerType: 'mistral' });
    expect([mistral.body.verbosity, mistral.body.service_tier]).toEqual([undefined, undefined]);
    expect(mistral.http.dropped).toEqual(['verbosity', 'service_tier']);
    const withMetadata = build({ metadata: { run: 'x' } }, { providerType: 'openai' });
    expect(withMetadata.body.metadata).toBeUndefined();
    expect(withMetadata.http.dropped).toEqual(['metadata']);
  });

  it("forwards a chat client's service_tier as sent to the model it named, and to a model routing chose only a tier its provider takes", () => {
    const fwd = (providerType: 'openai' | 'groq' | 'deepseek', modelName: string, tier: string, routed: boolean) => {
      const http = openaiAdapter.buildForwardRequest({ model: 'auto', service_tier: tier, messages: [{ role: 'user', content: 'Hi' }] }, { baseUrl: 'http://h/v1', modelName, providerType }, { stream: false, ...(routed ? { routed } : {}) });
      return { tier: JSON.parse(http.body!).service_tier, dropped: http.dropped ?? [] };
    };
    expect(fwd('deepseek', 'deepseek-chat', 'priority', false)).toEqual({ tier: 'priority', dropped: [] });
    expect(fwd('openai', 'gpt-5.1', 'flex', true)).toEqual({ tier: 'flex', dropped: [] });
    expect(fwd('openai', 'gpt-4o', 'flex', true)).toEqual({ tier: undefined, dropped: ['service_tier'] });
    expect(fwd('groq', 'llama-3.3-70b-versatile', 'default', true)).toEqual({ tier: 'on_demand', dropped: [] });
    expect(fwd('deepseek', 'deepseek-chat', 'priority', true)).toEqual({ tier: undefined, dropped: ['service_tier'] });
  });

  it("sends a Responses client's service_tier only as each provider takes it, else names it (a tier it does not list is a 400)", () => {
    const tierOf = (serviceTier: string, providerType: ProviderType, modelName = 'gpt-5.1') => {
      const { http, body } = build({ serviceTier }, { providerType, modelName });
      return [body.service_tier, http.dropped] as const;
    };
    // OpenAI: as sent, but flex only to the models that have it (o-series, GPT-5): gpt-4o answers 400 "Unsupported service_tier: flex"
    for (const tier of ['auto', 'default', 'flex', 'priority', 'scale']) expect(tierOf(tier, 'openai'), tier).toEqual([tier, undefined]);
    for (const modelName of ['o3', 'o4-mini', 'gpt-5-mini']) expect(tierOf('flex', 'openai', modelName), modelName).toEqual(['flex', undefined]);
    for (const modelName of ['gpt-4o', 'gpt-4.1-mini']) {
      expect(tierOf('flex', 'openai', modelName), modelName).toEqual([undefined, ['service_tier']]);
      expect(tierOf('priority', 'openai', modelName), modelName).toEqual(['priority', undefined]);
    }
    // Groq takes auto, on_demand, flex and performance: default is its on_demand; priority and scale it refuses
    const llama = 'llama-3.3-70b-versatile';
    for (const tier of ['auto', 'flex', 'on_demand', 'performance']) expect(tierOf(tier, 'groq', llama), tier).toEqual([tier, undefined]);
    expect(tierOf('default', 'groq', llama)).toEqual(['on_demand', undefined]);
    for (const tier of ['priority', 'scale']) expect(tierOf(tier, 'groq', llama), tier).toEqual([undefined, ['service_tier']]);
    // xAI documents default and priority
    for (const tier of ['default', 'priority']) expect(tierOf(tier, 'xai', 'grok-4'), tier).toEqual([tier, undefined]);
    for (const tier of ['flex', 'auto']) expect(tierOf(tier, 'xai', 'grok-4'), tier).toEqual([undefined, ['service_tier']]);
    // the others never said they take it
    for (const providerType of ['openrouter', 'deepseek', 'together', 'ollama', 'lmstudio', 'openai-compatible', 'mistral'] as const) {
      expect(tierOf('flex', providerType), providerType).toEqual([undefined, ['service_tier']]);
    }
  });

  it("sends a user longer than OpenAI's 64 characters as its SHA-256, the same for the same id (Claude Code's metadata.user_id is some 150)", () => {
    const claudeCode = '{"device_id":"5f1c0e0a3c2b4d8e9f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e","account_uuid":"","session_id":"0b6c2f7e-3d4a-4b8e-9c1d-2e3f4a5b6c7d"}';
    for (const providerType of ['openai', 'openrouter'] as const) {
      const { http, body } = build({ user: claudeCode }, { providerType });
      expect(body.user, providerType).toMatch(/^[0-9a-f]{64}$/);
      expect(body.user, providerType).toBe(build({ user: claudeCode }, { providerType }).body.user);
      expect(http.dropped, providerType).toBeUndefined();
    }
    expect(build({ user: 'u'.repeat(64) }, { providerType: 'openai' }).body.user).toBe('u'.repeat(64));
    // a client of this format sent it as it is: forwarded untouched
    const forwarded = openaiAdapter.buildForwardRequest({ model: 'x', user: claudeCode, messages: [{ role: 'user', content: 'Hi' }] }, { baseUrl: 'http://h/v1', modelName: 'm', providerType: 'openai' }, { stream: false });
    expect(JSON.parse(forwarded.body!).user).toBe(claudeCode);
  });

  it('forwards user as sent where it is documented, and names it where it is left out (Mistral refuses unknown fields)', () => {
    const forward = (providerType: NonNullable<Parameters<typeof openaiAdapter.buildForwardRequest>[1]['providerType']>) => {
      const http = openaiAdapter.buildForwardRequest({ model: 'x', user: 'u1', messages: [{ role: 'user', content: 'Hi' }] }, { baseUrl: 'http://h/v1', modelName: 'm', providerType }, { stream: false });
      return { http, body: JSON.parse(http.body!) };
    };
    for (const providerType of ['openai', 'openrouter', 'groq', 'xai'] as const) {
      expect(forward(providerType).body.user, providerType).toBe('u1');
      expect(forward(providerType).http.dropped, providerType).toBeUndefined();
    }
    for (const providerType of ['mistral', 'together', 'deepseek', 'ollama', 'lmstudio', 'openai-compatible'] as const) {
      expect(forward(providerType).body.user, providerType).toBeUndefined();
      expect(forward(providerType).http.dropped, providerType).toEqual(['user']);
    }
    // user: null asked for nothing: left out, and not named
    const none = openaiAdapter.buildForwardRequest({ model: 'x', user: null, messages: [{ role: 'user', content: 'Hi' }] }, { baseUrl: 'http://h/v1', modelName: 'm', providerType: 'openai-compatible' }, { stream: false });
    expect('user' in JSON.parse(none.body!)).toBe(false);
    expect(none.dropped).toBeUndefined();
  });

  it('sends at most 4 stop sequences (OpenAI refuses more) and names stop when it cut some', () => {
    const cut = build({ stop: ['a', 'b', 'c', 'd', 'e'] });
    expect(cut.body.stop).toEqual(['a', 'b', 'c', 'd']);
    expect(cut.http.dropped).toEqual(['stop']);
    const four = build({ stop: ['a', 'b', 'c', 'd'] });
    expect(four.body.stop).toEqual(['a', 'b', 'c', 'd']);
    expect(four.http.dropped).toBeUndefined();
  });

  it('sends tool_choice strings and json_object; drops tool_choice without tools', () => {
    expect(build({ tools: [{ name: 't', parameters: {} }], toolChoice: 'required' }).body.tool_choice).toBe('required');
    expect(build({ toolChoice: 'none', parallelToolCalls: true }).body).not.toHaveProperty('tool_choice');
    expect(build({ toolChoice: 'none', parallelToolCalls: true }).body).not.toHaveProperty('parallel_tool_calls');
    expect(build({ responseFormat: { type: 'json_object' } }).body.response_format).toEqual({ type: 'json_object' });
    expect(build({ responseFormat: { type: 'json_schema', name: 'w', description: 'The weather', schema: { type: 'object' } } }).body.response_format)
      .toEqual({ type: 'json_schema', json_schema: { name: 'w', description: 'The weather', schema: { type: 'object' } } });
    expect(build({ responseFormat: { type: 'text' } }).body).not.toHaveProperty('response_format');
  });

  it('uses max_tokens for every provider but OpenAI', () => {
    for (const providerType of ['openrouter', 'groq', 'deepseek', 'ollama', 'openai-compatible'] as const) {
      const { body } = build({ maxTokens: 50 }, { providerType });
      expect(body.max_tokens).toBe(50);
      expect(body.max_completion_tokens).toBeUndefined();
    }
    expect(build({ maxTokens: 50 }).body.max_tokens).toBe(50);
  });

  it('always asks for usage when streaming, even if the client did not', () => {
    const { body } = build({ stream: true, includeUsage: false }, { providerType: 'groq' });
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
  });

  it('asks OpenRouter to cache an Anthropic model\'s prompt for a conversation or an agent, once, and only there', () => {
    const openrouter = { providerType: 'openrouter' as const, baseUrl: 'https://openrouter.ai/api/v1', modelName: 'anthropic/claude-sonnet-4.5' };
    const turns: CanonicalRequest['messages'] = [
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Hello' }] },
      { role: 'user', content: [{ type: 'text', text: 'Again' }] },
    ];
    expect(build({ messages: turns }, openrouter).body.cache_control).toEqual({ type: 'ephemeral' });
    expect(build({ tools: [{ name: 'f', parameters: {} }] }, openrouter).body.cache_control).toEqual({ type: 'ephemeral' });
    // a lone question (system prompts aside), another vendor's model, another provider: nothing
    expect(build({}, openrouter).body.cache_control).toBeUndefined();
    expect(build({ messages: turns }, { ...openrouter, modelName: 'openai/gpt-5' }).body.cache_control).toBeUndefined();
    expect(build({ messages: turns }, { providerType: 'together' }).body.cache_control).toBeUndefined();

    // forwarded: added unless the client marked its prompt itself
    const forward = (client: Record<string, unknown>) => JSON.parse(openaiAdapter.buildForwardRequest(client, openrouter, { stream: false }).body!);
    const chat = [{ role: 'system', content: 'sys' }, { role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }, { role: 'user', content: 'Again' }];
    expect(forward({ model: 'x', messages: chat }).cache_control).toEqual({ type: 'ephemeral' });
    const marked = [...chat.slice(0, 3), { role: 'user', content: [{ type: 'text', text: 'Again', cache_control: { type: 'ephemeral' } }] }];
    expect(forward({ model: 'x', messages: marked }).cache_control).toBeUndefined();
    expect(forward({ model: 'x', messages: chat.slice(0, 2) }).cache_control).toBeUndefined();
  });

  it("asks Groq's think-tag reasoning models for parsed reasoning (its default puts <think> in the answer), and no other model", () => {
    const groq = { providerType: 'groq' as const, baseUrl: 'https://api.groq.com/openai/v1', modelName: 'qwen/qwen3-32b', reasoning: true };
    expect(build({}, groq).body.reasoning_format).toBe('parsed');
    expect(build({ tools: [{ name: 'f', parameters: {} }], stream: true }, groq).body.reasoning_format).toBe('parsed');
    // gpt-oss refuses reasoning_format (it takes include_reasoning); a model that does not reason has no thinking to place
    expect(build({}, { ...groq, modelName: 'openai/gpt-oss-120b' }).body).not.toHaveProperty('reasoning_format');
    expect(build({}, { ...groq, modelName: 'llama-3.3-70b-versatile', reasoning: false }).body).not.toHaveProperty('reasoning_format');
    expect(build({}, { ...groq, reasoning: undefined }).body).not.toHaveProperty('reasoning_format');
    expect(build({}, { ...groq, providerType: 'openrouter' }).body).not.toHaveProperty('reasoning_format');
    // a chat client's own body to Groq goes as it sent it
    const forwarded = JSON.parse(openaiAdapter.buildForwardRequest({ model: 'x', messages: [{ role: 'user', content: 'Hi' }] }, groq, { stream: false }).body!);
    expect(forwarded).not.toHaveProperty('reasoning_format');
  });

  it('fits Mistral: no stream_options, 9-character alphanumeric tool ids', () => {
    const { body } = build({
      stream: true,
      system: [],
      messages: [
        { role: 'assistant', content: [], toolCalls: [{ id: 'toolu_01A09q90qw90lq917835lq9', name: 'f', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'toolu_01A09q90qw90lq917835lq9', content: [{ type: 'text', text: 'x' }] },
      ],
    }, { providerType: 'mistral', baseUrl: 'https://api.mistral.ai/v1' });
    expect(body.stream_options).toBeUndefined();
    const id = body.messages[0].tool_calls[0].id;
    expect(id).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(body.messages[1].tool_call_id).toBe(id);
  });
});
