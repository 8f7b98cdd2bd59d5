import { describe, expect, it } from 'vitest';
import type { CanonicalRequest, UpstreamTarget } from '../../canonical';
import { takesAdaptiveThinking } from './claude-thinking';
import type { AnthropicMessagesRequest } from './wire-types';
import { anthropicAdapter } from './index';
import { webSearchBlocks } from '../../inbound/anthropic/web-search-blocks';
import { readAnthropicRequest } from '../../inbound/anthropic/read';

const target: UpstreamTarget = { baseUrl: 'https://api.anthropic.com', modelName: 'claude-sonnet-4-5', apiKey: 'sk-ant-test-key' };

function req(over: Partial<CanonicalRequest> = {}): CanonicalRequest {
  return { model: 'auto', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: false, includeUsage: false, ...over };
}

function body(r: CanonicalRequest, t: UpstreamTarget = target): any {
  return JSON.parse(anthropicAdapter.buildChatRequest(r, t).body ?? 'null');
}

describe('anthropic buildChatRequest', () => {
  it('names a tool call asked for with no tool to call as dropped (required or a named tool); auto and none say nothing', () => {
    for (const toolChoice of ['required', { name: 'f' }] as const) {
      const built = anthropicAdapter.buildChatRequest(req({ toolChoice }), target);
      expect(built.dropped).toContain('tool_choice');
      expect(JSON.parse(built.body!).tool_choice).toBeUndefined();
    }
    for (const toolChoice of ['auto', 'none'] as const) expect(anthropicAdapter.buildChatRequest(req({ toolChoice }), target).dropped ?? []).not.toContain('tool_choice');
    const tools = [{ name: 'f', parameters: { type: 'object' } }];
    expect(anthropicAdapter.buildChatRequest(req({ toolChoice: 'required', tools }), target).dropped ?? []).not.toContain('tool_choice');
  });

  it('posts to /v1/messages with the auth and version headers, whatever the base URL looks like', () => {
    for (const baseUrl of ['https://api.anthropic.com', 'https://api.anthropic.com/', 'https://api.anthropic.com/v1', 'https://api.anthropic.com/v1/']) {
      const built = anthropicAdapter.buildChatRequest(req({ passHeaders: { 'anthropic-beta': 'prompt-caching-2024-07-31', 'X-API-KEY': 'evil', 'anthropic-version': '2026-10-21' } }), { ...target, baseUrl });
      expect(built.url).toBe('https://api.anthropic.com/v1/messages');
      expect(built.method).toBe('POST');
      expect(built.headers).toEqual({
        'x-api-key': 'sk-ant-test-key',
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
        'anthropic-beta': 'prompt-caching-2024-07-31',
      });
    }
  });

  it('maps the basics: model, max_tokens default chain, system, sampling, stop, user, stream', () => {
    expect(body(req()).max_tokens).toBe(4096);
    expect(body(req(), { ...target, defaultMaxTokens: 8192 }).max_tokens).toBe(8192);
    const b = body(req({ system: ['be brief'], maxTokens: 100, temperature: 0.3, stop: ['END', '  '], user: 'u1', stream: true }));
    expect(b).toEqual({
      model: 'claude-sonnet-4-5', max_tokens: 100, system: 'be brief',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      temperature: 0.3, stop_sequences: ['END'], metadata: { user_id: 'u1' }, stream: true,
    });
    expect(body(req({ system: ['a', 'b'] })).system).toEqual([{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }]);
    // metadata.user_id takes at most 256 characters: a longer id goes as its SHA-256
    expect(body(req({ user: 'u'.repeat(256) })).metadata).toEqual({ user_id: 'u'.repeat(256) });
    expect(body(req({ user: 'u'.repeat(257) })).metadata).toEqual({ user_id: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(body(req({ temperature: 1.7 })).temperature).toBe(1);
    expect(body(req({ topP: 0.9 })).top_p).toBe(0.9);
    expect(body(req({ topP: 0.9, temperature: 0.2 })).top_p).toBeUndefined();
  });

  it('names temperature as dropped when it is above the 0-1 Anthropic takes and 1 is sent instead', () => {
    const hot = anthropicAdapter.buildChatRequest(req({ temperature: 1.7 }), target);
    expect(JSON.parse(hot.body!).temperature).toBe(1);
    expect(hot.dropped).toEqual(['temperature']);
    for (const temperature of [0, 0.7, 1]) {
      const ok = anthropicAdapter.buildChatRequest(req({ temperature }), target);
      expect(JSON.parse(ok.body!).temperature).toBe(temperature);
      expect(ok.dropped).toBeUndefined();
    }
  });

  it('names tools[strict] as dropped when a tool asked for strict arguments (a beta another format never asked for)', () => {
    const tool = { name: 'a', parameters: { type: 'object' } };
    expect(anthropicAdapter.buildChatRequest(req({ tools: [{ ...tool, strict: true }] }), target).dropped).toEqual(['tools[strict]']);
    expect(anthropicAdapter.buildChatRequest(req({ tools: [{ ...tool, strict: false }, tool] }), target).dropped).toBeUndefined();
  });

  it('names stop as dropped when a stop sequence of whitespace alone (which Anthropic refuses) is left out', () => {
    const built = anthropicAdapter.buildChatRequest(req({ stop: ['END', '  ', '\n'] }), target);
    expect(JSON.parse(built.body!).stop_sequences).toEqual(['END']);
    expect(built.dropped).toEqual(['stop']);
    expect(anthropicAdapter.buildChatRequest(req({ stop: ['END'] }), target).dropped).toBeUndefined();
  });

  it('says the last instruction as the user turn when the conversation holds nothing else (Anthropic refuses empty messages)', () => {
    const b = body(req({ system: ['Be terse.', 'Translate "hello" into French.'], messages: [] }));
    expect(b.system).toBe('Be terse.');
    expect(b.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Translate "hello" into French.' }] }]);
    const lone = body(req({ system: ['Say hi.'], messages: [] }));
    expect(lone.system).toBeUndefined();
    expect(lone.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Say hi.' }] }]);
    // a conversation with a turn keeps its instructions where they were
    expect(body(req({ system: ['Say hi.'] })).system).toBe('Say hi.');
  });

  it('labels base64 images as Anthropic takes them: image/jpg as image/jpeg, and by their bytes where the label is wrong', () => {
    const jpeg = '/9j/4AAQSkZJRgABAQ';
    const b = body(req({ messages: [
      { role: 'user', content: [
        { type: 'image', source: { kind: 'base64', mediaType: 'image/jpg', data: 'AAAA' } },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: jpeg } },
      ] },
      { role: 'assistant', content: [], toolCalls: [{ id: 'toolu_1', name: 'shot', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'toolu_1', content: [{ type: 'image', source: { kind: 'base64', mediaType: 'image/pjpeg', data: jpeg } }] },
    ] }));
    expect(b.messages[0].content.map((c: any) => c.source.media_type)).toEqual(['image/jpeg', 'image/jpeg']);
    expect(b.messages[2].content[0].content[0].source.media_type).toBe('image/jpeg');
  });

  it('maps images, assistant tool calls, tool results, and merges same-role neighbours', () => {
    const b = body(req({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } }] },
        { role: 'user', content: [{ type: 'image', source: { kind: 'url', url: 'https://x/y.png' } }] },
        {
          role: 'assistant', content: [{ type: 'text', text: 'calling' }],
          toolCalls: [
            { id: 'call_1', name: 'a', arguments: '{"x":1}' },
            { id: 'call.2', name: 'b', arguments: 'not json' },
          ],
        },
        { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: 'one' }] },
        { role: 'tool', toolCallId: 'call.2', content: [{ type: 'text', text: 'boom' }], isError: true },
        { role: 'user', content: [{ type: 'text', text: 'thanks' }] },
      ],
    }));
    expect(b.messages).toEqual([
      {
        role: 'user', content: [
          { type: 'text', text: 'look' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
          { type: 'image', source: { type: 'url', url: 'https://x/y.png' } },
        ],
      },
      {
        role: 'assistant', content: [
          { type: 'text', text: 'calling' },
          { type: 'tool_use', id: 'call_1', name: 'a', input: { x: 1 } },
          { type: 'tool_use', id: 'call_2', name: 'b', input: {}, cache_control: { type: 'ephemeral' } },
        ],
      },
      {
        role: 'user', content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: [{ type: 'text', text: 'one' }] },
          { type: 'tool_result', tool_use_id: 'call_2', content: [{ type: 'text', text: 'boom' }], is_error: true },
          { type: 'text', text: 'thanks', cache_control: { type: 'ephemeral' } },
        ],
      },
    ]);
  });

  it('sends an empty last user message as a user turn of its own, named dropped, not the answer before it as a prefill', () => {
    const text = (t: string) => [{ type: 'text' as const, text: t }];
    const haiku = req({ messages: [{ role: 'user', content: text('Write a haiku') }, { role: 'assistant', content: text('Autumn moon rises ') }, { role: 'user', content: text('') }] });
    const built = anthropicAdapter.buildChatRequest(haiku, target);
    const b = JSON.parse(built.body!);
    expect(b.messages.map((m: any) => m.role)).toEqual(['user', 'assistant', 'user']);
    // the answer before is kept as said, not trimmed as a prefill
    expect(b.messages[1].content[0].text).toBe('Autumn moon rises ');
    expect(b.messages[2].content).toEqual([{ type: 'text', text: '(empty message)', cache_control: { type: 'ephemeral' } }]);
    expect(built.dropped).toContain('messages.content');
    // alone (content [] too), and beside instructions, which stay the system prompt
    // whitespace only too: Anthropic refuses a text block without non-whitespace text
    for (const content of [text(''), [], text(' \n ')]) {
      const lone = anthropicAdapter.buildChatRequest(req({ system: ['Be terse.'], messages: [{ role: 'user', content }] }), target);
      expect(JSON.parse(lone.body!)).toMatchObject({ system: 'Be terse.', messages: [{ role: 'user', content: [{ type: 'text', text: '(empty message)' }] }] });
      expect(lone.dropped).toContain('messages.content');
    }
    // an empty assistant message alone: Anthropic refuses an empty `messages`
    const none = anthropicAdapter.buildChatRequest(req({ messages: [{ role: 'assistant', content: text('') }] }), target);
    expect(JSON.parse(none.body!).messages).toMatchObject([{ role: 'user', content: [{ type: 'text', text: '(empty message)' }] }]);
    expect(none.dropped).toContain('messages.content');
    // an empty message after the user's own turn adds nothing, and is not named
    const after = anthropicAdapter.buildChatRequest(req({ messages: [{ role: 'user', content: text('hi') }, { role: 'user', content: text('') }] }), target);
    expect(JSON.parse(after.body!).messages).toMatchObject([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
    expect(JSON.parse(after.body!).messages).toHaveLength(1);
    expect(after.dropped ?? []).not.toContain('messages.content');
  });

  it('drops empty messages and trims a trailing-whitespace prefill', () => {
    const b = body(req({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        { role: 'assistant', content: [{ type: 'text', text: '' }] },
        { role: 'user', content: [{ type: 'text', text: 'again' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Sure: ' }] },
      ],
    }));
    expect(b.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'text', text: 'again', cache_control: { type: 'ephemeral' } }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Sure:', cache_control: { type: 'ephemeral' } }] },
    ]);
  });

  it('maps tools and every tool choice', () => {
    const tools = [{ name: 'get_weather', description: 'w', parameters: { type: 'object', properties: { city: { type: 'string' } } } }, { name: 'noop', parameters: {} }];
    const b = body(req({ tools }));
    expect(b.tools).toEqual([
      { name: 'get_weather', description: 'w', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
      { name: 'noop', input_schema: { type: 'object', properties: {} }, cache_control: { type: 'ephemeral' } },
    ]);
    expect(b.tool_choice).toBeUndefined();
    expect(body(req({ tools, toolChoice: 'auto' })).tool_choice).toEqual({ type: 'auto' });
    expect(body(req({ tools, toolChoice: 'none' })).tool_choice).toEqual({ type: 'none' });
    expect(body(req({ tools, toolChoice: 'required' })).tool_choice).toEqual({ type: 'any' });
    expect(body(req({ tools, toolChoice: { name: 'noop' }, parallelToolCalls: false })).tool_choice)
      .toEqual({ type: 'tool', name: 'noop', disable_parallel_tool_use: true });
    expect(body(req({ tools, parallelToolCalls: false })).tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    // no tools: Anthropic rejects a tool_choice on its own
    expect(body(req({ toolChoice: 'required' })).tool_choice).toBeUndefined();
  });

  it('marks prompt-cache breakpoints for a conversation or an agent: last tool, system, the last two messages (4 at most)', () => {
    const ephemeral = { type: 'ephemeral' };
    const tools = [{ name: 'a', parameters: {} }, { name: 'b', parameters: {} }];
    const turns: CanonicalRequest['messages'] = [
      { role: 'user', content: [{ type: 'text', text: 'one' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'two' }] },
      { role: 'user', content: [{ type: 'text', text: 'three' }, { type: 'text', text: 'four' }] },
    ];
    const b: AnthropicMessagesRequest = body(req({ system: ['You are terse.'], tools, messages: turns }));
    expect(b.tools!.map((t) => t.cache_control)).toEqual([undefined, ephemeral]);
    expect(b.system).toEqual([{ type: 'text', text: 'You are terse.', cache_control: ephemeral }]);
    expect(b.messages.map((m) => m.content.map((c) => c.cache_control))).toEqual([[undefined], [ephemeral], [undefined, ephemeral]]);
    const marks = JSON.stringify(b).split('"cache_control"').length - 1;
    expect(marks).toBe(4);
    // without tools and a system prompt, the third-to-last message still goes unmarked (two sliding marks)
    const plain: AnthropicMessagesRequest = body(req({ messages: turns }));
    expect(plain.messages.map((m) => m.content.map((c) => c.cache_control))).toEqual([[undefined], [ephemeral], [undefined, ephemeral]]);
    // a lone question: nothing would read a cache back
    const lone = body(req({ system: ['s'], messages: [turns[0]!] }));
    expect(JSON.stringify(lone)).not.toContain('cache_control');
    expect(lone.system).toBe('s');
  });

  it('asks for JSON mode, and a schema a model before Claude 4.5 cannot be sent, in the system prompt', () => {
    const obj = body(req({ system: ['sys'], responseFormat: { type: 'json_object' } }));
    expect(obj.system[0]).toEqual({ type: 'text', text: 'sys' });
    expect(obj.system[1].text).toMatch(/JSON object/);
    expect(obj.output_config).toBeUndefined();
    const older = { ...target, modelName: 'claude-3-7-sonnet-20250219' };
    const schema = body(req({ responseFormat: { type: 'json_schema', name: 'person', schema: { type: 'object', properties: { age: { type: 'integer' } } } } }), older);
    expect(schema.system).toContain('"age"');
    expect(schema.system).toContain('person');
    expect(schema.output_config).toBeUndefined();
    const described = body(req({ responseFormat: { type: 'json_schema', name: 'w', description: 'The weather in Paris', schema: { type: 'object' } } }));
    expect(described.system).toContain('The weather in Paris');
    expect(body(req({ responseFormat: { type: 'text' } })).system).toBeUndefined();
  });

  it('enables thinking with room for the answer, and leaves sampling off (named)', () => {
    const built = anthropicAdapter.buildChatRequest(req({ thinkingBudgetTokens: 2000, maxTokens: 8000, temperature: 0.5, topP: 0.9, topK: 5 }), target);
    const b = JSON.parse(built.body!);
    expect(b.thinking).toEqual({ type: 'enabled', budget_tokens: 2000 });
    expect(b.max_tokens).toBe(8000);
    expect(b.temperature).toBeUndefined();
    expect(built.dropped).toEqual(['temperature', 'top_p', 'top_k']);
    expect(body(req({ thinkingBudgetTokens: 10, maxTokens: 8000 })).thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    // no cap from the client: the default one, with the budget on top of it
    const uncapped = body(req({ reasoningEffort: 'high' }));
    expect(uncapped.thinking).toEqual({ type: 'enabled', budget_tokens: 24576 });
    expect(uncapped.max_tokens).toBe(24576 + 4096);
  });

  it("raises max_tokens for the thinking budget no higher than the model's own limit, the budget fitted below it (Anthropic refuses more with a 400)", () => {
    // claude-opus-4-1 writes 32,000: Codex's xhigh (no max_output_tokens) streamed gets the default of 32,000
    const opus41 = { ...target, modelName: 'claude-opus-4-1-20250805', maxOutputTokens: 32_000 };
    for (const reasoningEffort of ['xhigh', 'max'] as const) {
      const built = anthropicAdapter.buildChatRequest(req({ reasoningEffort, stream: true }), { ...opus41, defaultMaxTokens: 32_000 });
      expect(JSON.parse(built.body!)).toMatchObject({ max_tokens: 32_000, thinking: { type: 'enabled', budget_tokens: 31_999 } });
      expect(built.dropped).toBeUndefined();
    }
    // high unstreamed: the default of 8,192 on top of 24,576 would be 32,768
    expect(body(req({ reasoningEffort: 'high' }), { ...opus41, defaultMaxTokens: 8192 })).toMatchObject({ max_tokens: 32_000, thinking: { type: 'enabled', budget_tokens: 24_576 } });
    // a model with room keeps the answer's on top of the budget
    const sonnet4 = { ...target, modelName: 'claude-sonnet-4-20250514', maxOutputTokens: 64_000, defaultMaxTokens: 8192 };
    expect(body(req({ reasoningEffort: 'xhigh' }), sonnet4)).toMatchObject({ max_tokens: 40_192, thinking: { type: 'enabled', budget_tokens: 32_000 } });
  });

  it("fits the thinking budget inside the client's cap, which counts reasoning (OpenAI max_completion_tokens), and thinks not at all below the least budget", () => {
    const fitted = body(req({ reasoningEffort: 'high', maxTokens: 4000 }));
    expect(fitted.thinking).toEqual({ type: 'enabled', budget_tokens: 3999 });
    expect(fitted.max_tokens).toBe(4000);
    const small = anthropicAdapter.buildChatRequest(req({ reasoningEffort: 'high', maxTokens: 1000, temperature: 0.2 }), target);
    const b = JSON.parse(small.body!);
    expect(b.thinking).toBeUndefined();
    expect(b.max_tokens).toBe(1000);
    expect(b.temperature).toBe(0.2);
    expect(small.dropped).toEqual(['reasoning_effort']);
    // Claude Code's own max_tokens already holds its budget: unchanged
    expect(body(req({ thinkingBudgetTokens: 31_999, maxTokens: 32_000 }))).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 31_999 }, max_tokens: 32_000 });
  });

  it('names top_p as dropped when temperature is sent instead (recent Claude models refuse the two together)', () => {
    const built = anthropicAdapter.buildChatRequest(req({ temperature: 0.2, topP: 0.9 }), target);
    expect(JSON.parse(built.body!)).toMatchObject({ temperature: 0.2 });
    expect(JSON.parse(built.body!).top_p).toBeUndefined();
    expect(built.dropped).toEqual(['top_p']);
  });

  it('thinks adaptively on Claude 4.6 and later, with the effort asked for (a budget there is a 400)', () => {
    const opus = { ...target, modelName: 'claude-opus-4-7' };
    const b = body(req({ reasoningEffort: 'medium', maxTokens: 1000, temperature: 0.5 }), opus);
    expect(b.thinking).toEqual({ type: 'adaptive' });
    expect(b.output_config).toEqual({ effort: 'medium' });
    expect(b.max_tokens).toBe(1000);
    expect(b.temperature).toBeUndefined();
    // a budget from another API becomes the effort that spends about as much; high is the default
    expect(body(req({ thinkingBudgetTokens: 2000 }), opus).output_config).toEqual({ effort: 'low' });
    expect(body(req({ thinkingBudgetTokens: 30_000 }), opus)).toMatchObject({ thinking: { type: 'adaptive' } });
    expect(body(req({ thinkingBudgetTokens: 30_000 }), opus).output_config).toBeUndefined();
    // xhigh has no effort every Claude takes above high: high, the default, named
    const xhigh = anthropicAdapter.buildChatRequest(req({ reasoningEffort: 'xhigh' }), opus);
    expect(JSON.parse(xhigh.body!)).toMatchObject({ thinking: { type: 'adaptive' } });
    expect(JSON.parse(xhigh.body!).output_config).toBeUndefined();
    expect(xhigh.dropped).toEqual(['reasoning_effort']);
    // an earlier Claude gets xhigh as its largest budget
    expect(body(req({ reasoningEffort: 'xhigh' }))).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 32_000 } });
    // max every Claude since 4.6 takes, as asked; an earlier Claude gets its largest budget
    for (const modelName of ['claude-opus-4-6', 'claude-sonnet-4-6', 'claude-opus-4-7']) {
      const max = anthropicAdapter.buildChatRequest(req({ reasoningEffort: 'max' }), { ...target, modelName });
      expect(JSON.parse(max.body!)).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: 'max' } });
      expect(max.dropped ?? []).toEqual([]);
    }
    expect(body(req({ reasoningEffort: 'max' }))).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 32_000 } });
    // ultra (OpenAI's, above max) is the highest a Claude takes, named
    const ultra = anthropicAdapter.buildChatRequest(req({ reasoningEffort: 'ultra' }), { ...target, modelName: 'claude-opus-4-7' });
    expect(JSON.parse(ultra.body!)).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: 'max' } });
    expect(ultra.dropped).toEqual(['reasoning_effort']);
    const earlier = anthropicAdapter.buildChatRequest(req({ reasoningEffort: 'ultra' }), target);
    expect(JSON.parse(earlier.body!)).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 32_000 } });
    expect(earlier.dropped).toEqual(['reasoning_effort']);
  });

  it('tells the adaptive generation from the budget one by the name', () => {
    for (const name of ['claude-opus-4-6', 'claude-sonnet-4-6', 'claude-opus-4-7', 'claude-opus-4-8', 'claude-sonnet-5', 'claude-haiku-5-5', 'claude-mythos-preview', 'my-proxy-model']) {
      expect(takesAdaptiveThinking(name), name).toBe(true);
    }
    for (const name of ['claude-sonnet-4-5', 'claude-haiku-4-5-20251001', 'claude-opus-4-1-20250805', 'claude-sonnet-4-20250514', 'claude-3-7-sonnet-latest', 'claude-3-5-haiku-20241022']) {
      expect(takesAdaptiveThinking(name), name).toBe(false);
    }
  });

  it('leaves thinking off in the middle of a tool loop (no signed thinking blocks to send back), and says so', () => {
    const built = anthropicAdapter.buildChatRequest(req({
      thinkingBudgetTokens: 2000,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        { role: 'assistant', content: [], toolCalls: [{ id: 't1', name: 'f', arguments: '{}' }] },
        { role: 'tool', toolCallId: 't1', content: [{ type: 'text', text: 'r' }] },
      ],
    }), target);
    expect(JSON.parse(built.body!).thinking).toBeUndefined();
    expect(built.dropped).toEqual(['reasoning_effort']);
    // no thinking asked: nothing to name
    expect(anthropicAdapter.buildChatRequest(req(), target).dropped).toBeUndefined();
  });

  it('leaves thinking off when the tool choice forces a call (Anthropic refuses the two together)', () => {
    const tools = [{ name: 'f', parameters: { type: 'object', properties: {} } }];
    for (const toolChoice of ['required', { name: 'f' }] as const) {
      for (const model of ['claude-sonnet-4-5', 'claude-opus-4-7']) {
        const built = anthropicAdapter.buildChatRequest(req({ tools, toolChoice, reasoningEffort: 'high' }), { ...target, modelName: model });
        const b = JSON.parse(built.body!);
        expect(b.thinking, `${model} ${JSON.stringify(toolChoice)}`).toBeUndefined();
        expect(b.tool_choice.type).toMatch(/any|tool/);
        expect(built.dropped).toEqual(['reasoning_effort']);
      }
    }
    expect(body(req({ tools, toolChoice: 'auto', reasoningEffort: 'high' }), { ...target, modelName: 'claude-sonnet-4-5' }).thinking).toMatchObject({ type: 'enabled' });
  });

  it('builds the model listing request and refuses embeddings', () => {
    const list = anthropicAdapter.buildListModelsRequest({ baseUrl: 'https://api.anthropic.com/v1/', apiKey: 'k' });
    expect(list).toEqual({ url: 'https://api.anthropic.com/v1/models?limit=1000', method: 'GET', headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' } });
    expect(anthropicAdapter.parseListModels({ data: [{ id: 'claude-a', type: 'model' }, { id: 'claude-b' }, {}], has_more: false })).toEqual(['claude-a', 'claude-b']);
    expect(anthropicAdapter.parseListModels({ nope: true })).toEqual([]);
    expect(() => anthropicAdapter.buildEmbeddingsRequest({ model: 'x', input: ['a'] }, target)).toThrow(/no embeddings/);
  });

  it("forwards the search blocks Switchboard wrote for another provider's search as text blocks, Anthropic's own as they are", () => {
    const ours = webSearchBlocks({ queries: ['euro 2024'], sources: [{ url: 'https://g/1', title: 'uefa.com' }] });
    const anthropics = [
      { type: 'server_tool_use', id: 'srvtoolu_01A', name: 'web_search', input: { query: 'x' } },
      { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_01A', content: [{ type: 'web_search_result', url: 'https://a', title: 'A', encrypted_content: 'Eq', page_age: null }] },
    ];
    const messages = [{ role: 'user', content: 'who won?' }, { role: 'assistant', content: [...ours, { type: 'text', text: 'Spain.' }, ...anthropics] }, { role: 'user', content: 'and?' }];
    const forward = (m: unknown[]) => JSON.parse(anthropicAdapter.buildForwardRequest({ model: 'auto', max_tokens: 100, messages: m }, target, { stream: false, routed: true }).body ?? 'null');
    expect(forward(messages).messages[1].content).toEqual([
      { type: 'text', text: 'Searched the web for: euro 2024' }, { type: 'text', text: 'Web search results:\n- uefa.com: https://g/1' },
      { type: 'text', text: 'Spain.' }, ...anthropics,
    ]);
    expect(forward(messages.slice(0, 1)).messages).toEqual(messages.slice(0, 1));
  });

  it("walks a forwarded body's messages for Switchboard's search blocks only when its read found some", () => {
    const ours = webSearchBlocks({ queries: ['euro 2024'], sources: [] });
    const body = { model: 'auto', max_tokens: 100, messages: [{ role: 'user', content: 'who won?' }, { role: 'assistant', content: [...ours, { type: 'text', text: 'Spain.' }] }] };
    expect(readAnthropicRequest(body).ownSearch).toBe(true);
    expect(readAnthropicRequest({ ...body, messages: body.messages.slice(0, 1) }).ownSearch).toBeUndefined();
    const sent = (ownSearch?: boolean) => JSON.parse(anthropicAdapter.buildForwardRequest(body, target, { stream: false, ...(ownSearch === undefined ? {} : { ownSearch }) }).body ?? 'null').messages[1].content;
    expect(sent(true)[0]).toEqual({ type: 'text', text: 'Searched the web for: euro 2024' });
    expect(sent()[0]).toEqual({ type: 'text', text: 'Searched the web for: euro 2024' });
    // told the read found none, the messages go as they are, unwalked
    expect(sent(false)).toEqual(body.messages[1]!.content);
  });
});
