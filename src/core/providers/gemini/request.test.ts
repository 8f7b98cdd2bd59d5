import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical';
import { geminiAdapter } from './index';
import { guessImageMimeType, needsThoughtSignature, SKIP_THOUGHT_SIGNATURE, toGeminiRequestBody } from './request';

function req(over: Partial<CanonicalRequest> = {}): CanonicalRequest {
  return {
    model: 'auto',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    stream: false,
    includeUsage: false,
    ...over,
  };
}

const target = { baseUrl: 'https://generativelanguage.googleapis.com', modelName: 'gemini-2.5-flash', apiKey: 'AIzaSyTESTKEY0123456789abcdefghijklmnop' };

describe('buildChatRequest', () => {
  it('names a tool call asked for with no tool to call as dropped, no toolConfig sent', () => {
    const r = geminiAdapter.buildChatRequest(req({ toolChoice: 'required' }), target);
    expect(r.dropped).toContain('tool_choice');
    expect(JSON.parse(r.body!).toolConfig).toBeUndefined();
    expect(geminiAdapter.buildChatRequest(req({ toolChoice: 'auto' }), target).dropped ?? []).not.toContain('tool_choice');
  });

  it('posts to generateContent with the key in x-goog-api-key only', () => {
    const r = geminiAdapter.buildChatRequest(req(), target);
    expect(r.method).toBe('POST');
    expect(r.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent');
    expect(r.headers['x-goog-api-key']).toBe(target.apiKey);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.url).not.toContain(target.apiKey);
    expect(r.url).not.toContain('key=');
  });

  it('streams through streamGenerateContent?alt=sse', () => {
    const r = geminiAdapter.buildChatRequest(req({ stream: true }), target);
    expect(r.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(r.headers.accept).toBe('text/event-stream');
  });

  it.each([
    'https://generativelanguage.googleapis.com/',
    'https://generativelanguage.googleapis.com/v1beta',
    'https://generativelanguage.googleapis.com/v1beta/',
    'https://generativelanguage.googleapis.com/v1',
  ])('tolerates base URL %s', (baseUrl) => {
    const r = geminiAdapter.buildChatRequest(req(), { ...target, baseUrl });
    expect(r.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent');
  });

  it('accepts a model name that already carries models/', () => {
    const r = geminiAdapter.buildChatRequest(req(), { ...target, modelName: 'models/gemini-2.5-pro' });
    expect(r.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent');
  });

  it('sends no key header when there is no key, and never the inbound pass-through headers', () => {
    const r = geminiAdapter.buildChatRequest(req({ passHeaders: { 'anthropic-beta': 'x' } }), { ...target, apiKey: undefined });
    expect(r.headers['x-goog-api-key']).toBeUndefined();
    expect(r.headers['anthropic-beta']).toBeUndefined();
  });
});

describe('toGeminiRequestBody: messages', () => {
  it('maps system prompts to systemInstruction', () => {
    const body = toGeminiRequestBody(req({ system: ['Be brief.', 'Use French.'] }), 'gemini-2.5-flash');
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }, { text: 'Use French.' }] });
    expect(body.contents).toEqual([{ role: 'user', parts: [{ text: 'hi' }] }]);
  });

  it('omits systemInstruction and generationConfig when there is nothing to say', () => {
    const body = toGeminiRequestBody(req(), 'gemini-2.5-flash');
    expect(body).toEqual({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
  });

  it('maps base64 images to inlineData and URL images to fileData with a guessed type', () => {
    const body = toGeminiRequestBody(req({
      messages: [{
        role: 'user',
        content: [
          { type: 'text', text: 'what is this?' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.webp?size=2' } },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/photo' } },
        ],
      }],
    }), 'gemini-2.5-flash');
    expect(body.contents[0]?.parts).toEqual([
      { text: 'what is this?' },
      { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
      { fileData: { mimeType: 'image/webp', fileUri: 'https://example.com/cat.webp?size=2' } },
      { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/photo' } },
    ]);
  });

  it('labels base64 images by their bytes, or with the standard spelling of their type', () => {
    const body = toGeminiRequestBody(req({
      messages: [{
        role: 'user',
        content: [
          { type: 'image', source: { kind: 'base64', mediaType: 'image/jpg', data: 'AAAA' } },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: '/9j/4AAQSkZJRgABAQ' } },
          { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: '/9j/4AAQSkZJRgABAQ' } },
        ],
      }],
    }), 'gemini-2.5-flash');
    expect(body.contents[0]?.parts?.map((p) => p.inlineData?.mimeType)).toEqual(['image/jpeg', 'image/jpeg', 'application/pdf']);
  });

  it('guesses image types from the extension', () => {
    expect(guessImageMimeType('https://x/a.PNG')).toBe('image/png');
    expect(guessImageMimeType('https://x/a.jpg#frag')).toBe('image/jpeg');
    expect(guessImageMimeType('https://x/a.gif')).toBe('image/gif');
    expect(guessImageMimeType('https://x/a')).toBe('image/jpeg');
  });

  it('merges consecutive same-role turns and drops empty ones', () => {
    const body = toGeminiRequestBody(req({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'one' }] },
        { role: 'user', content: [{ type: 'text', text: 'two' }] },
        { role: 'assistant', content: [{ type: 'text', text: '' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'three' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'four' }] },
      ],
    }), 'gemini-2.5-flash');
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'one' }, { text: 'two' }] },
      { role: 'model', parts: [{ text: 'three' }, { text: 'four' }] },
    ]);
  });

  it('round-trips a tool call: functionCall in the model turn, functionResponse named after the call', () => {
    const body = toGeminiRequestBody(req({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'weather in Paris and Rome?' }] },
        {
          role: 'assistant',
          content: [],
          toolCalls: [
            { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
            { id: 'call_b', name: 'get_forecast', arguments: '{"city":"Rome","days":2}' },
          ],
        },
        { role: 'tool', toolCallId: 'call_b', content: [{ type: 'text', text: 'sunny' }] },
        { role: 'tool', toolCallId: 'call_a', content: [{ type: 'text', text: 'no such city' }], isError: true },
      ],
    }), 'gemini-2.5-flash');
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'weather in Paris and Rome?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
          { functionCall: { name: 'get_forecast', args: { city: 'Rome', days: 2 } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', response: { error: 'no such city' } } },
          { functionResponse: { name: 'get_forecast', response: { content: 'sunny' } } },
        ],
      },
    ]);
  });

  it('puts the function responses in the order of the model turn\'s calls, matched by id (Gemini pairs them by position)', () => {
    const body = toGeminiRequestBody(req({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'run both' }] },
        {
          role: 'assistant', content: [],
          toolCalls: [{ id: 'call_A', name: 'Bash', arguments: '{"command":"echo aaa"}' }, { id: 'call_B', name: 'Bash', arguments: '{"command":"echo bbb"}' }],
        },
        // Claude Code returns the results in the order the commands finished
        { role: 'tool', toolCallId: 'call_B', content: [{ type: 'text', text: 'bbb' }] },
        { role: 'tool', toolCallId: 'stray', content: [{ type: 'text', text: 'no call' }] },
        { role: 'tool', toolCallId: 'call_A', content: [{ type: 'text', text: 'aaa' }] },
        { role: 'user', content: [{ type: 'text', text: 'and?' }] },
      ],
    }), 'gemini-2.5-flash');
    expect(body.contents[2]?.parts).toEqual([
      { functionResponse: { name: 'Bash', response: { content: 'aaa' } } },
      { functionResponse: { name: 'Bash', response: { content: 'bbb' } } },
      // a result for no call of the turn keeps its place after the others
      { functionResponse: { name: 'stray', response: { content: 'no call' } } },
      { text: 'and?' },
    ]);
  });

  it('keeps a tool result\u2019s images as parts after the turn\u2019s function responses', () => {
    const png = { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } } as const;
    const body = toGeminiRequestBody(req({
      messages: [
        { role: 'assistant', content: [], toolCalls: [{ id: 'a', name: 'screenshot', arguments: '{}' }, { id: 'b', name: 'read', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'a', content: [{ type: 'text', text: 'the screen' }, png] },
        { role: 'tool', toolCallId: 'b', content: [{ type: 'text', text: 'file text' }] },
      ],
    }), 'gemini-2.5-flash');
    expect(body.contents[1]).toEqual({
      role: 'user',
      parts: [
        { functionResponse: { name: 'screenshot', response: { content: 'the screen' } } },
        { functionResponse: { name: 'read', response: { content: 'file text' } } },
        { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
      ],
    });
  });

  it('names a tool result after the most recent call with its id', () => {
    const body = toGeminiRequestBody(req({
      messages: [
        { role: 'assistant', content: [], toolCalls: [{ id: 'call_0', name: 'first', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'call_0', content: [{ type: 'text', text: 'a' }] },
        { role: 'assistant', content: [], toolCalls: [{ id: 'call_0', name: 'second', arguments: '' }] },
        { role: 'tool', toolCallId: 'call_0', content: [{ type: 'text', text: 'b' }] },
      ],
    }), 'gemini-2.5-flash');
    const names = body.contents.flatMap((c) => c.parts.flatMap((p) => (p.functionResponse ? [p.functionResponse.name] : [])));
    expect(names).toEqual(['first', 'second']);
    expect(body.contents[2]?.parts[0]?.functionCall?.args).toEqual({});
  });

  it('keeps malformed replayed arguments visible instead of failing', () => {
    const body = toGeminiRequestBody(req({
      messages: [{ role: 'assistant', content: [], toolCalls: [{ id: 'c', name: 'f', arguments: '{"city":' }] }],
    }), 'gemini-2.5-flash');
    expect(body.contents[0]?.parts[0]?.functionCall?.args).toEqual({ _raw: '{"city":' });
  });

  it('gives Gemini 3 the documented sentinel signature on the first call of each model turn', () => {
    const messages: CanonicalRequest['messages'] = [
      { role: 'user', content: [{ type: 'text', text: 'go' }] },
      { role: 'assistant', content: [], toolCalls: [{ id: 'a', name: 'f', arguments: '{}' }, { id: 'b', name: 'g', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'a', content: [{ type: 'text', text: '1' }] },
      { role: 'tool', toolCallId: 'b', content: [{ type: 'text', text: '2' }] },
    ];
    const g3 = toGeminiRequestBody(req({ messages }), 'gemini-3-pro-preview');
    expect(g3.contents[1]?.parts.map((p) => p.thoughtSignature)).toEqual([SKIP_THOUGHT_SIGNATURE, undefined]);
    const g25 = toGeminiRequestBody(req({ messages }), 'gemini-2.5-pro');
    expect(g25.contents[1]?.parts.some((p) => p.thoughtSignature !== undefined)).toBe(false);
    expect(needsThoughtSignature('models/gemini-3.1-flash')).toBe(true);
    expect(needsThoughtSignature('gemini-flash-latest')).toBe(true);
    expect(needsThoughtSignature('gemini-2.0-flash')).toBe(false);
    expect(needsThoughtSignature('gemma-3-27b-it')).toBe(false);
  });

  it('sends a call\'s own signature where the proxy kept it, the sentinel only for a first call without one', () => {
    const turn = (a?: string, b?: string): CanonicalRequest['messages'] => [
      { role: 'user', content: [{ type: 'text', text: 'go' }] },
      {
        role: 'assistant', content: [],
        toolCalls: [{ id: 'a', name: 'f', arguments: '{}', ...(a ? { signature: a } : {}) }, { id: 'b', name: 'g', arguments: '{}', ...(b ? { signature: b } : {}) }],
      },
      { role: 'tool', toolCallId: 'a', content: [{ type: 'text', text: '1' }] },
      { role: 'tool', toolCallId: 'b', content: [{ type: 'text', text: '2' }] },
    ];
    const signatures = (messages: CanonicalRequest['messages'], model: string) => toGeminiRequestBody(req({ messages }), model).contents[1]?.parts.map((p) => p.thoughtSignature);
    expect(signatures(turn('c2lnLWE='), 'gemini-3-pro-preview')).toEqual(['c2lnLWE=', undefined]);
    expect(signatures(turn(undefined, 'c2lnLWI='), 'gemini-3-pro-preview')).toEqual([SKIP_THOUGHT_SIGNATURE, 'c2lnLWI=']);
    // Gemini 2.5 signs its calls too when it thinks, and takes them back
    expect(signatures(turn('c2lnLWE='), 'gemini-2.5-pro')).toEqual(['c2lnLWE=', undefined]);
  });

  it('never sends the canonical tool call id to Gemini', () => {
    const body = toGeminiRequestBody(req({
      messages: [
        { role: 'assistant', content: [], toolCalls: [{ id: 'toolu_01XYZ', name: 'f', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'toolu_01XYZ', content: [{ type: 'text', text: 'x' }] },
      ],
    }), 'gemini-2.5-flash');
    expect(JSON.stringify(body)).not.toContain('toolu_01XYZ');
  });
});

describe('toGeminiRequestBody: instructions alone', () => {
  it('says the last instruction as the user turn when the conversation holds nothing else (Gemini refuses empty contents)', () => {
    const body = toGeminiRequestBody(req({ system: ['Be terse.', 'Translate "hello" into French.'], messages: [] }), 'gemini-2.5-flash');
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be terse.' }] });
    expect(body.contents).toEqual([{ role: 'user', parts: [{ text: 'Translate "hello" into French.' }] }]);
    const lone = toGeminiRequestBody(req({ system: ['Say hi.'], messages: [] }), 'gemini-2.5-flash');
    expect(lone.systemInstruction).toBeUndefined();
    expect(lone.contents).toEqual([{ role: 'user', parts: [{ text: 'Say hi.' }] }]);
    expect(toGeminiRequestBody(req({ system: ['Say hi.'] }), 'gemini-2.5-flash').systemInstruction).toEqual({ parts: [{ text: 'Say hi.' }] });
  });
});

describe('toGeminiRequestBody: tools and config', () => {
  const weather = {
    name: 'get_weather',
    description: 'Weather',
    parameters: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { city: { type: 'string', default: 'Paris', examples: ['Rome'] } },
      required: ['city'],
      additionalProperties: false,
    },
  };

  it('declares functions with cleaned parameters and AUTO by default', () => {
    const body = toGeminiRequestBody(req({ tools: [weather, { name: 'now', parameters: { type: 'object', properties: {} } }], toolChoice: 'auto' }), 'gemini-2.5-flash');
    expect(body.tools).toEqual([{
      functionDeclarations: [
        { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
        { name: 'now' },
      ],
    }]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
  });

  it.each([
    ['none', { mode: 'NONE' }],
    ['required', { mode: 'ANY' }],
    [{ name: 'get_weather' }, { mode: 'ANY', allowedFunctionNames: ['get_weather'] }],
  ] as const)('maps tool choice %j', (choice, expected) => {
    const body = toGeminiRequestBody(req({ tools: [weather], toolChoice: choice }), 'gemini-2.5-flash');
    expect(body.toolConfig).toEqual({ functionCallingConfig: expected });
  });

  it('leaves toolConfig out when the client chose nothing', () => {
    expect(toGeminiRequestBody(req({ tools: [weather] }), 'gemini-2.5-flash').toolConfig).toBeUndefined();
  });

  it('maps sampling settings into generationConfig', () => {
    const body = toGeminiRequestBody(req({ temperature: 0.3, topP: 0.9, maxTokens: 100, stop: ['a', 'b', 'c', 'd', 'e', 'f'] }), 'gemini-2.5-flash');
    expect(body.generationConfig).toEqual({ temperature: 0.3, topP: 0.9, maxOutputTokens: 100, stopSequences: ['a', 'b', 'c', 'd', 'e'] });
  });

  it('names tools[strict] as dropped when a tool asked for strict arguments (Gemini has no such mode)', () => {
    const tool = { name: 'a', parameters: { type: 'object' } };
    expect(geminiAdapter.buildChatRequest(req({ tools: [{ ...tool, strict: true }] }), target).dropped).toEqual(['tools[strict]']);
    expect(geminiAdapter.buildChatRequest(req({ tools: [{ ...tool, strict: false }, tool] }), target).dropped).toBeUndefined();
  });

  it('names user, prompt_cache_key and parallel_tool_calls false as dropped: generateContent has no place for them', () => {
    const tools = [{ name: 'a', parameters: { type: 'object' } }];
    expect(geminiAdapter.buildChatRequest(req({ tools, parallelToolCalls: false, user: 'u1', promptCacheKey: 'k' }), target).dropped).toEqual(['parallel_tool_calls', 'user', 'prompt_cache_key']);
    expect(geminiAdapter.buildChatRequest(req({ tools, parallelToolCalls: true }), target).dropped).toBeUndefined();
  });

  it('names stop as dropped when it cut the stop sequences to Gemini\'s five', () => {
    expect(geminiAdapter.buildChatRequest(req({ stop: ['a', 'b', 'c', 'd', 'e', 'f'] }), target).dropped).toEqual(['stop']);
    expect(geminiAdapter.buildChatRequest(req({ stop: ['a', 'b', 'c', 'd', 'e'] }), target).dropped).toBeUndefined();
  });

  it('sends penalties only to the models that take them (2.5 and later answer 400 "Penalty is not enabled"), names them elsewhere', () => {
    const penalised = req({ presencePenalty: 0.5, frequencyPenalty: -0.3 });
    for (const model of ['gemini-2.0-flash', 'gemini-2.0-flash-001', 'gemini-2.0-flash-lite', 'gemini-1.5-flash-002']) {
      const dropped: string[] = [];
      expect(toGeminiRequestBody(penalised, model, true, dropped).generationConfig, model).toEqual({ presencePenalty: 0.5, frequencyPenalty: -0.3 });
      expect(dropped).toEqual([]);
    }
    for (const model of ['gemini-2.5-flash', 'models/gemini-2.5-pro', 'gemini-3-pro-preview', 'gemini-2.0-flash-thinking-exp-01-21', 'gemini-1.5-pro', 'gemini-flash-latest']) {
      const http = geminiAdapter.buildChatRequest(penalised, { ...target, modelName: model });
      expect(JSON.parse(http.body!).generationConfig, model).toBeUndefined();
      expect(http.dropped, model).toEqual(['presence_penalty', 'frequency_penalty']);
    }
    // a zero penalty is the default: nothing lost, nothing named
    const zero = geminiAdapter.buildChatRequest(req({ presencePenalty: 0, frequencyPenalty: 0 }), target);
    expect(JSON.parse(zero.body!).generationConfig).toBeUndefined();
    expect(zero.dropped).toBeUndefined();
  });

  it('asks for JSON for json_object and passes the schema for json_schema', () => {
    const obj = toGeminiRequestBody(req({ responseFormat: { type: 'json_object' } }), 'gemini-2.5-flash');
    expect(obj.generationConfig).toEqual({ responseMimeType: 'application/json' });
    const schema = { $schema: 'x', type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
    const js = toGeminiRequestBody(req({ responseFormat: { type: 'json_schema', name: 'out', schema, strict: true } }), 'gemini-2.5-flash');
    expect(js.generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false },
    });
    const text = toGeminiRequestBody(req({ responseFormat: { type: 'text' } }), 'gemini-2.5-flash');
    expect(text.generationConfig).toBeUndefined();
  });

  it('asks Gemini 2.x for JSON in the system instruction when tools come too (it refuses both), naming response_format; Gemini 3 gets both', () => {
    const tools = [{ name: 'lookup', parameters: { type: 'object', properties: {} } }];
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
    const build = (over: Partial<CanonicalRequest>, modelName: string) => {
      const r = geminiAdapter.buildChatRequest(req({ system: ['Be brief.'], tools, ...over }), { ...target, modelName });
      return { body: JSON.parse(r.body!), dropped: r.dropped };
    };
    for (const modelName of ['gemini-2.5-flash', 'models/gemini-2.0-flash', 'gemini-flash-latest']) {
      const js = build({ responseFormat: { type: 'json_schema', name: 'out', schema } }, modelName);
      expect(js.body.tools[0].functionDeclarations[0].name).toBe('lookup');
      expect(js.body.generationConfig).toBeUndefined();
      expect(js.body.systemInstruction.parts[0]).toEqual({ text: 'Be brief.' });
      expect(js.body.systemInstruction.parts[1].text).toContain(JSON.stringify(schema));
      expect(js.dropped).toEqual(['response_format']);
      const obj = build({ responseFormat: { type: 'json_object' }, temperature: 0.2 }, modelName);
      expect(obj.body.generationConfig).toEqual({ temperature: 0.2 });
      expect(obj.body.systemInstruction.parts[1].text).toMatch(/JSON object/);
    }
    // what the format is for goes where Gemini has a place for it: the schema's own description, before the schema's
    const described = toGeminiRequestBody(req({ responseFormat: { type: 'json_schema', name: 'w', description: 'The weather', schema: { ...schema, description: 'One city' } } }), 'gemini-2.5-flash');
    expect(described.generationConfig?.responseJsonSchema).toEqual({ ...schema, description: 'The weather\n\nOne city' });
    const three = build({ responseFormat: { type: 'json_schema', name: 'out', schema } }, 'gemini-3-flash-preview');
    expect(three.body.generationConfig).toMatchObject({ responseMimeType: 'application/json', responseJsonSchema: schema });
    expect(three.body.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }] });
    expect(three.dropped).toBeUndefined();
    // without tools, every model gets JSON mode as a setting
    const alone = build({ tools: undefined, responseFormat: { type: 'json_object' } }, 'gemini-2.5-flash');
    expect(alone.body.generationConfig).toEqual({ responseMimeType: 'application/json' });
    expect(alone.dropped).toBeUndefined();
  });

  it('maps reasoning effort and thinking budgets to thinkingConfig', () => {
    const cfg = (over: Partial<CanonicalRequest>) => toGeminiRequestBody(req(over), 'gemini-2.5-pro').generationConfig?.thinkingConfig;
    expect(cfg({ reasoningEffort: 'low' })).toEqual({ thinkingBudget: 1024, includeThoughts: true });
    expect(cfg({ reasoningEffort: 'medium' })).toEqual({ thinkingBudget: 8192, includeThoughts: true });
    expect(cfg({ reasoningEffort: 'high' })).toEqual({ thinkingBudget: 24576, includeThoughts: true });
    // xhigh: the largest budget the model takes
    expect(cfg({ reasoningEffort: 'xhigh' })).toEqual({ thinkingBudget: 32_768, includeThoughts: true });
    expect(cfg({ reasoningEffort: 'max' })).toEqual({ thinkingBudget: 32_768, includeThoughts: true });
    expect(toGeminiRequestBody(req({ reasoningEffort: 'max' }), 'gemini-2.5-flash').generationConfig?.thinkingConfig).toEqual({ thinkingBudget: 24_576, includeThoughts: true });
    expect(toGeminiRequestBody(req({ reasoningEffort: 'xhigh' }), 'gemini-2.5-flash').generationConfig?.thinkingConfig).toEqual({ thinkingBudget: 24_576, includeThoughts: true });
    // ultra (OpenAI's, above max): the largest budget too, named, as it asks more than that
    const ultra = geminiAdapter.buildChatRequest(req({ reasoningEffort: 'ultra' }), { ...target, modelName: 'gemini-2.5-pro' });
    expect(JSON.parse(ultra.body!).generationConfig.thinkingConfig).toEqual({ thinkingBudget: 32_768, includeThoughts: true });
    expect(ultra.dropped).toEqual(['reasoning_effort']);
    expect(cfg({ thinkingBudgetTokens: 3000, reasoningEffort: 'low' })).toEqual({ thinkingBudget: 3000, includeThoughts: true });
    // the client said it will not show thoughts (Anthropic's thinking display "omitted"): none asked back
    expect(cfg({ reasoningEffort: 'medium', includeThoughts: false })).toEqual({ thinkingBudget: 8192, includeThoughts: false });
    expect(cfg({})).toBeUndefined();
  });

  it("fits a thinking budget into the model's documented range (Gemini 400s outside it)", () => {
    const budget = (model: string, tokens: number) =>
      toGeminiRequestBody(req({ thinkingBudgetTokens: tokens }), model).generationConfig?.thinkingConfig?.thinkingBudget;
    // Claude Code's budget_tokens 31999 / 32000
    expect(budget('gemini-2.5-flash', 32_000)).toBe(24_576);
    expect(budget('models/gemini-2.5-flash-lite', 31_999)).toBe(24_576);
    expect(budget('gemini-2.5-pro', 64_000)).toBe(32_768);
    expect(budget('gemini-2.5-pro', 100)).toBe(128);
    expect(budget('gemini-2.5-flash-lite', 200)).toBe(512);
    expect(budget('gemini-2.5-flash', 3000)).toBe(3000);
    expect(budget('gemini-2.5-flash', -1)).toBe(-1);
  });

  it("keeps a thinking budget below the client's output limit, which Gemini counts thinking against", () => {
    const fit = (modelName: string, over: Partial<CanonicalRequest>) => {
      const http = geminiAdapter.buildChatRequest(req(over), { ...target, modelName });
      const cfg = JSON.parse(http.body!).generationConfig;
      return { max: cfg?.maxOutputTokens, thinking: cfg?.thinkingConfig, dropped: http.dropped };
    };
    // reasoning_effort high (24,576) with max_completion_tokens 2,000: the budget leaves the answer room
    expect(fit('gemini-2.5-flash', { reasoningEffort: 'high', maxTokens: 2000 })).toEqual({ max: 2000, thinking: { thinkingBudget: 1999, includeThoughts: true }, dropped: undefined });
    expect(fit('gemini-2.5-pro', { reasoningEffort: 'low', maxTokens: 500 })).toEqual({ max: 500, thinking: { thinkingBudget: 499, includeThoughts: true }, dropped: undefined });
    expect(fit('gemini-2.5-flash', { thinkingBudgetTokens: 3000, maxTokens: 10_000 }).thinking).toEqual({ thinkingBudget: 3000, includeThoughts: true });
    expect(fit('gemini-2.5-flash', { thinkingBudgetTokens: -1, maxTokens: 100 }).thinking).toEqual({ thinkingBudget: -1, includeThoughts: true });
    // no room for the model's least budget: off where it can be, named
    expect(fit('gemini-2.5-flash-lite', { reasoningEffort: 'medium', maxTokens: 300 })).toEqual({ max: 300, thinking: { thinkingBudget: 0 }, dropped: ['reasoning_effort'] });
    expect(fit('gemini-2.5-flash', { reasoningEffort: 'low', maxTokens: 1 })).toEqual({ max: 1, thinking: { thinkingBudget: 0 }, dropped: ['reasoning_effort'] });
    // 2.5 Pro cannot turn it off: its least, 128, named
    expect(fit('gemini-2.5-pro', { reasoningEffort: 'ultra', maxTokens: 100 })).toEqual({ max: 100, thinking: { thinkingBudget: 128 }, dropped: ['reasoning_effort'] });
  });

  it('turns thinking off where the model allows it, sends the least elsewhere and names the wish', () => {
    const off = (modelName: string, reasoning = true) => {
      const http = geminiAdapter.buildChatRequest(req({ thinkingBudgetTokens: 0 }), { ...target, modelName, reasoning });
      return { thinking: JSON.parse(http.body!).generationConfig?.thinkingConfig, dropped: http.dropped };
    };
    expect(off('gemini-2.5-flash')).toEqual({ thinking: { thinkingBudget: 0 }, dropped: undefined });
    expect(off('gemini-2.5-flash-lite')).toEqual({ thinking: { thinkingBudget: 0 }, dropped: undefined });
    // "Budget 0 is invalid. This model only works in thinking mode."
    expect(off('gemini-2.5-pro')).toEqual({ thinking: { thinkingBudget: 128 }, dropped: ['reasoning_effort'] });
    expect(off('gemini-3-pro-preview')).toEqual({ thinking: { thinkingLevel: 'low' }, dropped: ['reasoning_effort'] });
    expect(off('gemini-3-flash-preview')).toEqual({ thinking: { thinkingLevel: 'minimal' }, dropped: ['reasoning_effort'] });
    // models that do not think get nothing
    expect(off('gemini-2.0-flash')).toEqual({ thinking: undefined, dropped: undefined });
    expect(off('gemini-2.5-flash', false)).toEqual({ thinking: undefined, dropped: undefined });
  });
});
