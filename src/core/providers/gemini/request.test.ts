// Gemini requests: the generateContent URL and headers, and the conversation as contents (images, tool calls
// and their results, thought signatures). Tools, sampling, JSON and thinking settings: request-config.test.ts.
import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical';
import { geminiAdapter } from './index';
import { guessImageMimeType, needsThoughtSignature, SKIP_THOUGHT_SIGNATURE, toGeminiRequestBody } from './request';
import { hiRequest as req } from '../../../../test/helpers/canonical-requests';

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

  it('sends an empty last user message as a user turn of its own, named dropped, not ending on the model\'s turn', () => {
    const text = (t: string) => [{ type: 'text' as const, text: t }];
    const dropped: string[] = [];
    const body = toGeminiRequestBody(req({
      messages: [{ role: 'user', content: text('Write a haiku') }, { role: 'assistant', content: text('Autumn moon rises') }, { role: 'user', content: text('') }],
    }), 'gemini-2.5-flash', true, dropped);
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Write a haiku' }] },
      { role: 'model', parts: [{ text: 'Autumn moon rises' }] },
      { role: 'user', parts: [{ text: '(empty message)' }] },
    ]);
    expect(dropped).toEqual(['messages.content']);
    // alone (content [] too), and beside instructions, which stay the systemInstruction
    for (const content of [text(''), []]) {
      const names: string[] = [];
      const lone = toGeminiRequestBody(req({ system: ['Be terse.'], messages: [{ role: 'user', content }] }), 'gemini-2.5-flash', true, names);
      expect(lone.systemInstruction).toEqual({ parts: [{ text: 'Be terse.' }] });
      expect(lone.contents).toEqual([{ role: 'user', parts: [{ text: '(empty message)' }] }]);
      expect(names).toEqual(['messages.content']);
    }
    // an empty model message alone: Gemini refuses empty contents
    const none = toGeminiRequestBody(req({ messages: [{ role: 'assistant', content: text('') }] }), 'gemini-2.5-flash');
    expect(none.contents).toEqual([{ role: 'user', parts: [{ text: '(empty message)' }] }]);
    // an empty message after the user's own turn adds nothing, and is not named
    const names: string[] = [];
    const after = toGeminiRequestBody(req({ messages: [{ role: 'user', content: text('hi') }, { role: 'user', content: text('') }] }), 'gemini-2.5-flash', true, names);
    expect(after.contents).toEqual([{ role: 'user', parts: [{ text: 'hi' }] }]);
    expect(names).toEqual([]);
  });

  it('an empty message after a tool result holding an image is text in the results\' turn, named dropped', () => {
    const dropped: string[] = [];
    const body = toGeminiRequestBody(req({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'shot?' }] },
        { role: 'assistant', content: [], toolCalls: [{ id: 'c1', name: 'screenshot', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'c1', content: [{ type: 'text', text: 'here' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } }] },
        { role: 'user', content: [{ type: 'text', text: '' }] },
      ],
    }), 'gemini-2.5-flash', true, dropped);
    const last = body.contents.at(-1)!;
    expect(last.role).toBe('user');
    expect(last.parts.some((p) => p.functionResponse !== undefined)).toBe(true);
    expect(last.parts.at(-1)).toEqual({ text: '(empty message)' });
    expect(dropped).toEqual(['messages.content']);
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

  it('puts the responses before the user turn\u2019s other parts, strays and repeated ids in the order they came', () => {
    const body = toGeminiRequestBody(req({
      messages: [
        { role: 'assistant', content: [], toolCalls: [{ id: 'a', name: 'f', arguments: '{}' }, { id: 'b', name: 'g', arguments: '{}' }] },
        { role: 'user', content: [{ type: 'text', text: 'first' }] },
        { role: 'tool', toolCallId: 's1', content: [{ type: 'text', text: 'stray 1' }] },
        { role: 'tool', toolCallId: 'b', content: [{ type: 'text', text: 'b1' }] },
        { role: 'tool', toolCallId: 's2', content: [{ type: 'text', text: 'stray 2' }] },
        { role: 'tool', toolCallId: 'b', content: [{ type: 'text', text: 'b2' }] },
        { role: 'tool', toolCallId: 'a', content: [{ type: 'text', text: 'a' }] },
      ],
    }), 'gemini-2.5-flash');
    expect(body.contents[1]?.parts.map((p) => p.functionResponse?.response.content ?? p.text)).toEqual(['a', 'b1', 'b2', 'stray 1', 'stray 2', 'first']);
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
