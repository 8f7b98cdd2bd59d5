import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../canonical';
import { anthropicAdapter } from '../../providers/anthropic';
import { openaiAdapter } from '../../providers/openai';
import { geminiToCanonical } from './parse-request';
import { toolId } from './parse-contents';
import firstTurn from '../../../../test/fixtures/gemini/cli-first-turn.request.json';
import toolResult from '../../../../test/fixtures/gemini/cli-tool-result.request.json';
import classifier from '../../../../test/fixtures/gemini/cli-classifier.request.json';

const call = { model: 'balanced', stream: true };
const translate = (body: unknown, c = call) => geminiToCanonical(body as Record<string, unknown>, c);
const target = { baseUrl: 'https://api.example.com/v1', modelName: 'm', reasoning: true };

describe('Gemini CLI 0.61 requests, translated', () => {
  it('the first turn: system, the user turn, every function with its JSON Schema, sampling, thinking', () => {
    const { request: r, dropped } = translate(firstTurn);
    expect(dropped).toEqual([]);
    expect(r.system).toHaveLength(1);
    expect(r.system[0]).toContain('Gemini CLI');
    expect(r.messages.map((m) => m.role)).toEqual(['user']);
    expect(r.messages[0]!.content[1]).toEqual({ type: 'text', text: 'PLEASE_READ notes.txt' });
    expect(r.tools).toHaveLength(15);
    const readFile = r.tools!.find((t) => t.name === 'read_file')!;
    expect(readFile.parameters).toMatchObject({ type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] });
    expect(r).toMatchObject({ stream: true, temperature: 1, topP: 0.95, topK: 64, reasoningEffort: 'high', includeThoughts: true });
  });

  it('a tool round trip keeps the CLI\'s call id on both sides; the skip signature is not named as dropped', () => {
    const { request: r, dropped } = translate(toolResult);
    expect(dropped).toEqual([]);
    const id = 'read_file_1796215202178_0';
    expect(r.messages[1]).toEqual({
      role: 'assistant', content: [],
      toolCalls: [{ id, name: 'read_file', arguments: JSON.stringify({ file_path: '/home/user/project/notes.txt' }) }],
    });
    expect(r.messages[2]).toEqual({ role: 'tool', toolCallId: id, content: [{ type: 'text', text: 'secret content 42\n' }] });

    const openai = JSON.parse(openaiAdapter.buildChatRequest(r, target).body!);
    expect(openai.messages.at(-2).tool_calls[0].id).toBe(id);
    expect(openai.messages.at(-1)).toEqual({ role: 'tool', tool_call_id: id, content: 'secret content 42\n' });
    const anthropic = JSON.parse(anthropicAdapter.buildChatRequest(r, target).body!);
    expect(anthropic.messages.map((m: any) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(anthropic.messages[2].content[0]).toMatchObject({ type: 'tool_result', tool_use_id: id });
  });

  it('the router classifier: upper-case OpenAPI types become a JSON schema', () => {
    const { request: r } = translate(classifier, { model: 'x', stream: false });
    expect(r.responseFormat).toEqual({
      type: 'json_schema', name: 'response',
      schema: {
        type: 'object',
        properties: {
          complexity_reasoning: { type: 'string', description: 'Brief explanation for the score.' },
          complexity_score: { type: 'integer', description: 'Complexity score from 1-100.' },
        },
        required: ['complexity_reasoning', 'complexity_score'],
        // Gemini answers no properties beyond those named
        additionalProperties: false,
      },
      // Gemini enforces the schema
      strict: true,
    });
    const openai = JSON.parse(openaiAdapter.buildChatRequest(r, target).body!);
    expect(openai.response_format.type).toBe('json_schema');
  });
});

describe('geminiToCanonical', () => {
  const fc = (name: string, extra = {}) => ({ functionCall: { name, args: { q: name }, ...extra } });
  const fr = (name: string, response: unknown, extra = {}) => ({ functionResponse: { name, response, ...extra } });

  it('makes up ids for calls without one, the same on every resend, and pairs results by name in order', () => {
    const body = {
      contents: [
        { role: 'user', parts: [{ text: 'go' }] },
        { role: 'model', parts: [{ text: 'two calls' }, fc('a'), fc('b'), fc('a')] },
        { role: 'user', parts: [fr('a', { output: 'A1' }), fr('b', { content: 'B' }), fr('a', { error: 'boom' })] },
      ],
    };
    const { request: r } = translate(body);
    expect(r.messages[1]).toMatchObject({ role: 'assistant', toolCalls: [{ id: 'call_1_1' }, { id: 'call_1_2' }, { id: 'call_1_3' }] });
    expect(r.messages.slice(2)).toEqual([
      { role: 'tool', toolCallId: 'call_1_1', content: [{ type: 'text', text: 'A1' }] },
      { role: 'tool', toolCallId: 'call_1_2', content: [{ type: 'text', text: 'B' }] },
      { role: 'tool', toolCallId: 'call_1_3', content: [{ type: 'text', text: 'boom' }], isError: true },
    ]);
    expect(translate(body).request).toEqual(r);
  });

  it('pairs results across a turn sent a call a content: one with an id takes its call, one without the first call of its name left', () => {
    const body = {
      contents: [
        { role: 'user', parts: [{ text: 'go' }] },
        // the @google/genai SDK's chats keep each streamed chunk as a model content: one turn
        { role: 'model', parts: [fc('a', { id: 'x' })] },
        { role: 'model', parts: [fc('a')] },
        { role: 'model', parts: [fc('a', { id: 'y' })] },
        { role: 'model', parts: [fc('b')] },
        { role: 'user', parts: [fr('a', { output: '3' }, { id: 'y' }), fr('a', { output: '1' }), fr('a', { output: '2' }), fr('b', { output: '4' }), fr('a', { output: '5' })] },
      ],
    };
    const { request: r } = translate(body);
    expect(r.messages[1]).toMatchObject({ role: 'assistant', toolCalls: [{ id: 'x' }, { id: 'call_2_0' }, { id: 'y' }, { id: 'call_4_0' }] });
    // y answered by id, out of order: the ones without an id take x, then call_2_0, passing over y; none left for the last
    expect(r.messages.slice(2).map((m) => m.role === 'tool' && m.toolCallId)).toEqual(['y', 'x', 'call_2_0', 'call_4_0', 'call_a']);
  });

  it("drops a functionResponse repeating one in its turn (Gemini CLI 0.61's resumed session), naming it; OpenAI gets one tool message", () => {
    const body = {
      contents: [
        { role: 'user', parts: [{ text: 'read notes.txt' }] },
        { role: 'model', parts: [fc('read_file', { id: 'read_file_1' })] },
        { role: 'user', parts: [fr('read_file', { output: 'hello' }, { id: 'read_file_1' }), fr('read_file', { output: 'hello' }, { id: 'read_file_1' })] },
      ],
    };
    const { request: r, dropped } = translate(body);
    expect(r.messages.slice(2)).toEqual([{ role: 'tool', toolCallId: 'read_file_1', content: [{ type: 'text', text: 'hello' }] }]);
    expect(dropped).toEqual(['functionResponse[repeated]']);
    const openai = JSON.parse(openaiAdapter.buildChatRequest(r, target).body!);
    expect(openai.messages.filter((m: { role: string }) => m.role === 'tool')).toHaveLength(1);
    // without ids: the same name and response twice with one call is a repeat; with two calls, two answers
    const noIds = (calls: number) => translate({
      contents: [
        { role: 'user', parts: [{ text: 'go' }] },
        { role: 'model', parts: Array.from({ length: calls }, () => fc('a')) },
        { role: 'user', parts: [fr('a', { output: 'same' }), fr('a', { output: 'same' })] },
      ],
    });
    expect(noIds(1).request.messages.filter((m) => m.role === 'tool')).toHaveLength(1);
    expect(noIds(1).dropped).toEqual(['functionResponse[repeated]']);
    expect(noIds(2).request.messages.filter((m) => m.role === 'tool').map((m) => m.role === 'tool' && m.toolCallId)).toEqual(['call_1_0', 'call_1_1']);
    expect(noIds(2).dropped).toEqual([]);
  });

  it('reads consecutive model contents (the SDK chats keep each streamed chunk as one) as one assistant turn', () => {
    const sig = { thoughtSignature: 'c2ln' };
    const body = {
      contents: [
        { role: 'user', parts: [{ text: 'weather in Paris and Rome?' }] },
        { role: 'model', parts: [{ text: 'Let me ' }] },
        { role: 'model', parts: [{ text: 'check.' }, { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, ...sig }] },
        { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Rome' } } }] },
        { role: 'model', parts: [{ text: '' }] },
        { role: 'user', parts: [fr('get_weather', { output: 'sunny' }), fr('get_weather', { output: 'rain' })] },
        { role: 'model', parts: [{ text: 'The answer ' }] },
        { role: 'model', parts: [{ text: 'is forty' }] },
        { role: 'model', parts: [{ text: ' two.' }] },
        { role: 'model', parts: [{ text: '' }] },
        { role: 'user', parts: [{ text: 'thanks' }] },
      ],
    };
    const { request: r, dropped } = translate(body);
    expect(r.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [{ type: 'text', text: 'Let me check.' }],
        toolCalls: [{ id: 'call_2_1', name: 'get_weather', arguments: '{"city":"Paris"}' }, { id: 'call_3_0', name: 'get_weather', arguments: '{"city":"Rome"}' }],
      },
      { role: 'tool', toolCallId: 'call_2_1', content: [{ type: 'text', text: 'sunny' }] },
      { role: 'tool', toolCallId: 'call_3_0', content: [{ type: 'text', text: 'rain' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'The answer is forty two.' }] },
      { role: 'user', content: [{ type: 'text', text: 'thanks' }] },
    ]);
    expect(dropped).toEqual(['thoughtSignature']);
    // OpenAI takes it: each call answered right after the one assistant message holding both
    const openai = JSON.parse(openaiAdapter.buildChatRequest(r, target).body!);
    expect(openai.messages.map((m: any) => m.role)).toEqual(['user', 'assistant', 'tool', 'tool', 'assistant', 'user']);
    expect(openai.messages[1].tool_calls.map((c: any) => c.id)).toEqual(['call_2_1', 'call_3_0']);
  });

  it('shortens ids OpenAI would refuse, the same way for the call and its result', () => {
    const long = 'list_background_processes_1796215202178_10';
    expect(long.length).toBeGreaterThan(40);
    const short = toolId(long);
    expect(short.length).toBeLessThanOrEqual(40);
    expect(toolId(long)).toBe(short);
    const { request: r } = translate({
      contents: [
        { role: 'model', parts: [fc('list_background_processes', { id: long })] },
        { role: 'user', parts: [fr('list_background_processes', { x: 1 }, { id: long }), { text: 'and then?' }] },
      ],
    });
    expect(r.messages[0]).toMatchObject({ toolCalls: [{ id: short }] });
    // results first, then the user's words; a response of another shape travels as JSON
    expect(r.messages[1]).toEqual({ role: 'tool', toolCallId: short, content: [{ type: 'text', text: '{"x":1}' }] });
    expect(r.messages[2]).toEqual({ role: 'user', content: [{ type: 'text', text: 'and then?' }] });
  });

  it('carries images, PDFs, audio and text files; names what it cannot carry', () => {
    const { request: r, dropped } = translate({
      contents: [
        {
          role: 'user',
          parts: [
            { inlineData: { mimeType: 'image/png', data: 'iVBO' } },
            { inlineData: { mimeType: 'application/pdf', data: 'JVBE' } },
            { inlineData: { mimeType: 'audio/mpeg', data: 'SUQz' } },
            { inlineData: { mimeType: 'text/plain', data: btoa('plain words') } },
            { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/cat.jpg' } },
            { inlineData: { mimeType: 'video/mp4', data: 'AAAA' } },
          ],
        },
        { role: 'model', parts: [{ text: 'thinking...', thought: true }, { text: 'seen', thoughtSignature: 'sig' }, { executableCode: { code: 'print(1)' } }] },
      ],
      cachedContent: 'cachedContents/x',
      safety_settings: [],
      tools: [{ googleSearch: {} }],
      generationConfig: { mediaResolution: 'MEDIA_RESOLUTION_LOW', candidateCount: 1 },
    });
    expect(r.messages[0]!.content).toEqual([
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBO' } },
      { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBE' } },
      { type: 'audio', data: 'SUQz', format: 'mp3' },
      { type: 'text', text: 'plain words' },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
    expect(r.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'seen' }] });
    expect(dropped.sort()).toEqual([
      'cachedContent', 'contents.parts[executableCode]', 'generationConfig.mediaResolution', 'inlineData[mimeType=video/mp4]',
      'safetySettings', 'thought', 'thoughtSignature', 'tools.googleSearch',
    ]);
  });

  it('maps generationConfig, toolConfig and thinking', () => {
    const base = { contents: [{ parts: [{ text: 'x' }] }], tools: [{ functionDeclarations: [{ name: 'a' }, { name: 'b', parameters: { type: 'OBJECT', properties: { n: { type: 'INTEGER', nullable: true } } } }] }] };
    const { request: r } = translate({
      ...base,
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['b'] } },
      generationConfig: {
        maxOutputTokens: 100, stopSequences: ['STOP'], seed: 7, presencePenalty: 0.5, frequencyPenalty: 0.2,
        responseLogprobs: true, logprobs: 3, thinkingConfig: { thinkingBudget: 2048 }, responseMimeType: 'application/json',
      },
    });
    expect(r).toMatchObject({
      maxTokens: 100, stop: ['STOP'], seed: 7, presencePenalty: 0.5, frequencyPenalty: 0.2, logprobs: true, topLogprobs: 3,
      thinkingBudgetTokens: 2048, toolChoice: { name: 'b' }, responseFormat: { type: 'json_object' },
    });
    expect(r.tools![0]).toEqual({ name: 'a', parameters: { type: 'object', properties: {} } });
    expect(r.tools![1]!.parameters).toEqual({ type: 'object', properties: { n: { type: ['integer', 'null'] } } });
    const pick = (toolConfig: unknown, gc: unknown = {}) => translate({ ...base, toolConfig, generationConfig: gc }).request;
    expect(pick({ functionCallingConfig: { mode: 'NONE' } }).toolChoice).toBe('none');
    expect(pick({ functionCallingConfig: { mode: 'AUTO' } }).toolChoice).toBe('auto');
    const any = pick({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['a', 'b'] } });
    expect(any.toolChoice).toBe('required');
    expect(any.tools!.map((t) => t.name)).toEqual(['a', 'b']);
    // VALIDATED: the model decides, among the allowed functions only
    const validated = pick({ functionCallingConfig: { mode: 'VALIDATED', allowedFunctionNames: ['a'] } });
    expect(validated.toolChoice).toBe('auto');
    expect(validated.tools!.map((t) => t.name)).toEqual(['a']);
    expect(pick({ functionCallingConfig: { mode: 'VALIDATED' } }).tools!.map((t) => t.name)).toEqual(['a', 'b']);
    expect(pick(undefined, { thinkingConfig: { thinkingBudget: 0 } }).thinkingBudgetTokens).toBe(0);
    expect(pick(undefined, { thinkingConfig: { thinkingBudget: -1 } }).reasoningEffort).toBe('medium');
    expect(pick(undefined, { thinkingConfig: { thinking_level: 'low' } }).reasoningEffort).toBe('low');
  });

  it.each([
    ['a functionCall without a name', { contents: [{ role: 'model', parts: [{ functionCall: { args: {} } }] }] }],
    ['functionCall args that are not an object', { contents: [{ role: 'model', parts: [{ functionCall: { name: 'f', args: [1] } }] }] }],
    ['inlineData without data', { contents: [{ parts: [{ inlineData: { mimeType: 'image/png' } }] }] }],
    ['a function without a name', { contents: [{ parts: [{ text: 'x' }] }], tools: [{ functionDeclarations: [{}] }] }],
    ['a temperature that is not a number', { contents: [{ parts: [{ text: 'x' }] }], generationConfig: { temperature: 'hot' } }],
  ])('refuses %s', (_what, body) => {
    expect(() => translate(body)).toThrow(RequestValidationError);
  });
});

describe('inlineData in URL-safe base64 (what the Python SDK, google-genai, sends)', () => {
  // bytes whose standard base64 holds both + and /, so the URL-safe form differs from it
  const bytes = Buffer.from([0xfb, 0xff, 0xbf, 0x3e, 0x3f, 0x00, 0xfa]);
  const std = bytes.toString('base64');
  const urlSafe = bytes.toString('base64url');
  const inline = (mimeType: string, data: string) => ({ inlineData: { mimeType, data } });

  it('carries images, PDFs, audio and text files in standard base64, in a message and in a function response', () => {
    expect(std).toMatch(/[+/]/);
    expect(urlSafe).toMatch(/[-_]/);
    const { request: r } = translate({
      contents: [
        { role: 'model', parts: [{ functionCall: { name: 'shot', args: {} } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'shot', response: { output: 'done' }, parts: [inline('image/png', urlSafe)] } }] },
        {
          role: 'user',
          parts: [
            inline('image/png', urlSafe),
            inline('application/pdf', urlSafe),
            inline('audio/wav', urlSafe),
            inline('text/plain', Buffer.from('10 > 9 ??? and ~~~ done').toString('base64url')),
          ],
        },
      ],
    });
    expect(r.messages[1]!.content[1]).toEqual({ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: std } });
    expect(r.messages[2]!.content).toEqual([
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: std } },
      { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: std } },
      { type: 'audio', data: std, format: 'wav' },
      { type: 'text', text: '10 > 9 ??? and ~~~ done' },
    ]);
    // what the providers are sent: Anthropic refuses URL-safe base64, OpenAI's data URLs carry it as given
    // (Anthropic takes no audio)
    const noAudio = { ...r, messages: r.messages.map((m) => ({ ...m, content: m.content.filter((p) => p.type !== 'audio') })) } as typeof r;
    const anthropic = JSON.stringify(JSON.parse(anthropicAdapter.buildChatRequest(noAudio, target).body!));
    const openai = JSON.stringify(JSON.parse(openaiAdapter.buildChatRequest(r, target).body!));
    for (const sent of [anthropic, openai]) {
      expect(sent).toContain(std);
      expect(sent).not.toContain(urlSafe);
    }
  });

  it('takes base64 without its padding or broken into lines, as Google does', () => {
    const data = (sent: string) => (translate({ contents: [{ parts: [inline('image/png', sent)] }] }).request.messages[0]!.content[0] as any).source.data;
    expect(data(urlSafe.replace(/=+$/, ''))).toBe(std);
    expect(data(`${std.slice(0, 4)}\r\n${std.slice(4)}\n`)).toBe(std);
  });

  it.each([
    ['a character outside both alphabets', 'iVBO*w0K'],
    ['padding before the end', 'iV=Ow0KG'],
    ['a last group of one character', 'iVBOw'],
  ])('refuses %s with a 400 naming the part', (_what, bad) => {
    for (const mimeType of ['image/png', 'application/pdf', 'audio/mpeg', 'text/plain']) {
      const body = { contents: [{ parts: [{ text: 'see' }, inline(mimeType, bad)] }] };
      expect(() => translate(body)).toThrow(new RequestValidationError('contents[0].parts[1].inlineData.data: must be base64 (standard or URL-safe)', 'contents[0].parts[1].inlineData.data'));
    }
    const nested = { contents: [{ role: 'model', parts: [{ functionCall: { name: 'f', args: {} } }] }, { parts: [{ functionResponse: { name: 'f', response: {}, parts: [inline('image/png', bad)] } }] }] };
    expect(() => translate(nested)).toThrow(/contents\[1\]\.parts\[0\]\.functionResponse\.parts\[0\]\.inlineData\.data: must be base64/);
  });

  it('does not read the data of a part it drops', () => {
    const { dropped } = translate({ contents: [{ parts: [{ text: 'see' }, inline('video/mp4', 'not base64 at all!')] }] });
    expect(dropped).toEqual(['inlineData[mimeType=video/mp4]']);
  });
});
