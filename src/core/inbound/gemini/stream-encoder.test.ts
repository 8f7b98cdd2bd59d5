import { GoogleGenAI, type GenerateContentResponse } from '@google/genai';
import { describe, expect, it } from 'vitest';
import type { StreamDecoder, StreamPart } from '../../canonical';
import { anthropicChunks } from '../../../../test/fixtures/anthropic/load-fixture';
import { openaiChunkStream } from '../../../../test/fixtures/openai/load';
import { anthropicAdapter } from '../../providers/anthropic';
import { openaiAdapter } from '../../providers/openai';
import { createSseParser, DEFAULT_MAX_STREAM_CHARS } from '../../sse';
import { createJsonArrayFraming } from './array-framing';
import { createGeminiStreamEncoder } from './stream-encoder';

function encode(parts: StreamPart[], includeThoughts = false): string {
  const enc = createGeminiStreamEncoder({ id: 'sbr_1', servedModel: 'fo/gpt-x', includeUsage: true, estimatedInputTokens: 9, includeThoughts });
  return parts.map((p) => enc.encode(p)).join('') + enc.end();
}

const events = (sse: string): any[] => createSseParser().push(sse).map((e) => JSON.parse(e.data));

/** What the official SDK assembles from this SSE text, chunk by chunk. */
async function sdkChunks(sse: string): Promise<GenerateContentResponse[]> {
  const ai = new GoogleGenAI({
    apiKey: 'test',
    httpOptions: { baseUrl: 'http://sdk.test', fetch: async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }) } as never,
  });
  const out: GenerateContentResponse[] = [];
  for await (const chunk of await ai.models.generateContentStream({ model: 'x', contents: 'hi' })) out.push(chunk);
  return out;
}

function decodeAll(decoder: StreamDecoder, sse: string): StreamPart[] {
  return [...createSseParser().push(sse).flatMap((e) => decoder.push(e)), ...decoder.end()];
}

const toolParts: StreamPart[] = [
  { type: 'start', id: 'chatcmpl-1', model: 'gpt-x' },
  { type: 'reasoning-delta', text: 'pondering' },
  { type: 'text-delta', text: 'Let me ' },
  { type: 'text-delta', text: 'check.' },
  { type: 'tool-call-start', index: 0, id: 'call_a', name: 'get_weather' },
  { type: 'tool-call-start', index: 1, id: 'call_b', name: 'get_time' },
  { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":' },
  { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' },
  { type: 'tool-call-delta', index: 0, argumentsDelta: '"Paris"}' },
  { type: 'finish', finishReason: 'tool_calls' },
  { type: 'usage', usage: { inputTokens: 50, outputTokens: 20, cachedInputTokens: 30, reasoningTokens: 5 } },
];

describe('gemini stream encoder', () => {
  it('ends with the proxy\u2019s output count when the provider reported none', () => {
    const enc = createGeminiStreamEncoder({ id: 'sbr_1', servedModel: 'fo/gpt-x', includeUsage: true, estimatedInputTokens: 9 });
    const sse = enc.encode({ type: 'text-delta', text: 'Hi' }) + enc.end({ inputTokens: 8, outputTokens: 4 });
    expect(events(sse).at(-1).usageMetadata).toMatchObject({ promptTokenCount: 8, candidatesTokenCount: 4, totalTokenCount: 12 });
  });

  it('streams text as it comes, then whole function calls with the finish reason and usage', async () => {
    const out = events(encode(toolParts));
    expect(out.map((e) => e.candidates[0].content.parts)).toEqual([
      [{ text: 'Let me ' }],
      [{ text: 'check.' }],
      [
        { functionCall: { id: 'call_a', name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'skip_thought_signature_validator' },
        { functionCall: { id: 'call_b', name: 'get_time', args: {} } },
      ],
    ]);
    expect(out.every((e) => e.modelVersion === 'fo/gpt-x' && e.responseId === 'sbr_1')).toBe(true);
    expect(out.at(-1).candidates[0].finishReason).toBe('STOP');
    expect(out.at(-1).usageMetadata).toEqual({
      promptTokenCount: 50, candidatesTokenCount: 15, thoughtsTokenCount: 5, cachedContentTokenCount: 30, totalTokenCount: 70,
    });
    const chunks = await sdkChunks(encode(toolParts));
    expect(chunks.map((c) => c.text ?? '').join('')).toBe('Let me check.');
    expect(chunks.at(-1)!.functionCalls).toEqual([
      { id: 'call_a', name: 'get_weather', args: { city: 'Paris' } },
      { id: 'call_b', name: 'get_time', args: {} },
    ]);
  });

  it('leaves out a call cut off inside its arguments (max_tokens), which Gemini CLI would run with {}', () => {
    const cut = encode([
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 'read_file' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"file_path":"a.txt"}' },
      { type: 'tool-call-start', index: 1, id: 'call_b', name: 'write_file' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"file_path":"b.txt","content":"half' },
      { type: 'finish', finishReason: 'length' },
    ]);
    const last = events(cut).at(-1).candidates[0];
    expect(last.content.parts).toEqual([{ functionCall: { id: 'call_a', name: 'read_file', args: { file_path: 'a.txt' } }, thoughtSignature: 'skip_thought_signature_validator' }]);
    expect(last.finishReason).toBe('MAX_TOKENS');
    // a call cut before any argument is left out too; one of no arguments in a whole answer is {}
    const none = (finishReason: 'length' | 'tool_calls') => events(encode([{ type: 'tool-call-start', index: 0, id: 'c', name: 'list' }, { type: 'finish', finishReason }])).at(-1).candidates[0].content.parts;
    expect(none('length')).toEqual([{ text: '' }]);
    expect(none('tool_calls')).toEqual([{ functionCall: { id: 'c', name: 'list', args: {} }, thoughtSignature: 'skip_thought_signature_validator' }]);
  });

  it('shows thoughts as thought parts only to a client that asked for them', () => {
    expect(encode(toolParts)).not.toContain('pondering');
    expect(events(encode(toolParts, true))[0].candidates[0].content.parts).toEqual([{ text: 'pondering', thought: true }]);
  });

  it('announces the provider\'s prompt size, else its own estimate, when no usage came', () => {
    expect(events(encode([{ type: 'text-delta', text: 'x' }])).at(-1).usageMetadata).toEqual({ promptTokenCount: 9, totalTokenCount: 9 });
    const told = encode([{ type: 'start', id: 'r', model: 'm', inputTokens: 33 }, { type: 'text-delta', text: 'x' }]);
    expect(events(told).at(-1).usageMetadata).toEqual({ promptTokenCount: 33, totalTokenCount: 33 });
  });

  it('maps finish reasons', () => {
    const reasonOf = (finishReason: 'length' | 'content_filter' | 'error') => events(encode([{ type: 'text-delta', text: 'x' }, { type: 'finish', finishReason }])).at(-1).candidates[0].finishReason;
    expect([reasonOf('length'), reasonOf('content_filter'), reasonOf('error')]).toEqual(['MAX_TOKENS', 'SAFETY', 'OTHER']);
  });

  it('writes an error event the SDK throws on, and nothing after it', async () => {
    const enc = createGeminiStreamEncoder({ id: 'r', servedModel: 'm', includeUsage: true, estimatedInputTokens: 0 });
    const sse = enc.encode({ type: 'text-delta', text: 'par' }) + enc.encode({ type: 'error', error: { kind: 'overloaded', message: 'busy' } })
      + enc.encode({ type: 'text-delta', text: 'more' }) + enc.end();
    expect(events(sse).at(-1)).toEqual({ error: { code: 503, message: 'busy', status: 'UNAVAILABLE' } });
    await expect(sdkChunks(sse)).rejects.toMatchObject({ status: 503 });
  });

  it('carries OpenAI and Anthropic upstream streams to the SDK', async () => {
    const fromOpenAI = decodeAll(openaiAdapter.createStreamDecoder(), openaiChunkStream('tools.chunks.txt'));
    const calls = (await sdkChunks(encode(fromOpenAI))).flatMap((c) => c.functionCalls ?? []);
    expect(calls.map((c) => c.name)).toContain('get_current_weather');
    expect(calls.every((c) => typeof c.id === 'string' && typeof c.args === 'object')).toBe(true);

    const decoder = anthropicAdapter.createStreamDecoder();
    const fromAnthropic = [...anthropicChunks('cache-usage').flatMap((e) => decoder.push(e)), ...decoder.end()];
    const last = (await sdkChunks(encode(fromAnthropic))).at(-1)!;
    expect(last.usageMetadata).toMatchObject({ promptTokenCount: 21 + 1000 + 188086, cachedContentTokenCount: 1000, candidatesTokenCount: 393 });
    expect(last.candidates![0]!.finishReason).toBe('MAX_TOKENS');
  });
});

describe('the JSON-array framing', () => {
  it('turns events into array elements, across any chunking, and closes the array', () => {
    const f = createJsonArrayFraming();
    const sse = encode([{ type: 'text-delta', text: 'a' }, { type: 'text-delta', text: 'b' }]);
    let out = '';
    for (let i = 0; i < sse.length; i += 7) out += f.frame(sse.slice(i, i + 7));
    out += f.close();
    expect(f.close()).toBe('');
    const arr = JSON.parse(out);
    expect(arr.map((c: any) => c.candidates[0].content.parts[0]?.text ?? null)).toEqual(['a', 'b', '']);
    expect(out.startsWith('[{"candidates"')).toBe(true);
    expect(f.contentType).toMatch(/^application\/json/);
  });

  it('closes an array nothing went into', () => {
    expect(JSON.parse(createJsonArrayFraming().close())).toEqual([]);
  });

  it('sets no limit of its own on what the relay let through: a translated answer may outgrow the stream it came from', () => {
    const f = createJsonArrayFraming();
    const event = `data: {"candidates":[{"content":{"parts":[{"text":"${'x'.repeat(1024 * 1024)}"}]}}]}\n\n`;
    let elements = 0;
    for (let sent = 0; sent <= DEFAULT_MAX_STREAM_CHARS; sent += event.length) elements += f.frame(event).length > 0 ? 1 : 0;
    expect(elements).toBeGreaterThan(DEFAULT_MAX_STREAM_CHARS / event.length);
    expect(f.close()).toBe('\n]');
  });
});
