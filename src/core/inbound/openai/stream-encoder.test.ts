import { ChatCompletionStream } from 'openai/lib/ChatCompletionStream';
import { Stream } from 'openai/streaming';
import { describe, expect, it, vi } from 'vitest';
import type { StreamPart } from '../../canonical';
import { createSseParser } from '../../sse';
import { openaiInbound } from './index';

function encode(parts: StreamPart[], includeUsage: boolean): string {
  const enc = openaiInbound.createStreamEncoder({ id: 'abc', servedModel: 'openai/gpt-4o-mini', includeUsage, estimatedInputTokens: 0 });
  return parts.map((p) => enc.encode(p)).join('') + enc.end();
}

function events(text: string): unknown[] {
  const p = createSseParser();
  return [...p.push(text), ...p.end()].map((e) => (e.data === '[DONE]' ? '[DONE]' : JSON.parse(e.data)));
}

/** What the official SDK's stream helper assembles from our SSE text. */
async function sdkFinal(text: string) {
  const sse = Stream.fromSSEResponse(new Response(text), new AbortController());
  const chunks: any[] = [];
  for await (const c of sse) chunks.push(c);
  const again = Stream.fromSSEResponse(new Response(text), new AbortController());
  const final = await ChatCompletionStream.fromReadableStream(again.toReadableStream()).finalChatCompletion();
  return { chunks, final };
}

const usage = { inputTokens: 12, outputTokens: 5, cachedInputTokens: 4, reasoningTokens: 1 };

const TEXT_PARTS: StreamPart[] = [
  { type: 'start', id: 'up-1', model: 'gpt-4o-mini-2024-07-18' },
  { type: 'text-delta', text: 'Hel' },
  { type: 'text-delta', text: 'lo "world"\n' },
  { type: 'finish', finishReason: 'stop' },
  { type: 'usage', usage },
];

const TOOL_PARTS: StreamPart[] = [
  { type: 'start', id: 'up-2', model: 'claude' },
  { type: 'reasoning-delta', text: 'thinking' },
  { type: 'tool-call-start', index: 0, id: 'call_1', name: 'get_weather' },
  { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":' },
  { type: 'tool-call-delta', index: 0, argumentsDelta: '"Paris"}' },
  { type: 'tool-call-start', index: 1, id: 'call_2', name: 'get_time' },
  { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' },
  { type: 'usage', usage },
  { type: 'finish', finishReason: 'tool_calls' },
];

describe('openai stream encoder', () => {
  it('writes chunks exactly as the API frames them', () => {
    const text = encode(TEXT_PARTS, true);
    const lines = text.split('\n\n').filter(Boolean);
    expect(lines).toHaveLength(6);
    for (const l of lines) expect(l.startsWith('data: ')).toBe(true);
    const evs = events(text) as any[];
    const created = evs[0].created;
    expect(Number.isInteger(created)).toBe(true);
    expect(evs[0]).toEqual({
      id: 'chatcmpl-abc', object: 'chat.completion.chunk', created, model: 'openai/gpt-4o-mini',
      choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }], usage: null,
    });
    expect(evs[1].choices[0].delta).toEqual({ content: 'Hel' });
    expect(evs[2].choices[0].delta).toEqual({ content: 'lo "world"\n' });
    expect(evs[3].choices[0]).toEqual({ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' });
    expect(evs[4]).toEqual({
      id: 'chatcmpl-abc', object: 'chat.completion.chunk', created, model: 'openai/gpt-4o-mini', choices: [],
      usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 1 } },
    });
    expect(evs[5]).toBe('[DONE]');
  });

  it('omits usage (and the usage:null fields) when the client did not ask', () => {
    const evs = events(encode(TEXT_PARTS, false)) as any[];
    expect(evs).toHaveLength(5);
    expect(evs.some((e) => typeof e === 'object' && 'usage' in e)).toBe(false);
  });

  it('is read by the official SDK: text', async () => {
    const { chunks, final } = await sdkFinal(encode(TEXT_PARTS, true));
    expect(chunks.at(-1).usage.total_tokens).toBe(17);
    expect(final.choices[0]!.message.content).toBe('Hello "world"\n');
    expect(final.choices[0]!.finish_reason).toBe('stop');
  });

  it('is read by the official SDK: a refusal in delta.refusal, ending with stop (content_filter stays for a filter without one)', async () => {
    const parts: StreamPart[] = [
      { type: 'start', id: 'up-3', model: 'gpt-5' },
      { type: 'text-delta', text: "I can't ", refusal: true },
      { type: 'text-delta', text: 'help.', refusal: true },
      { type: 'finish', finishReason: 'content_filter' },
    ];
    const { chunks, final } = await sdkFinal(encode(parts, false));
    expect(chunks.map((c) => c.choices[0].delta)).toContainEqual({ refusal: "I can't " });
    expect(final.choices[0]).toMatchObject({ finish_reason: 'stop', message: { refusal: "I can't help." } });
    expect(final.choices[0]!.message.content || null).toBeNull();
    const filtered = events(encode([{ type: 'text-delta', text: 'a' }, { type: 'finish', finishReason: 'content_filter' }], false));
    expect(filtered).toContainEqual(expect.objectContaining({ choices: [expect.objectContaining({ finish_reason: 'content_filter' })] }));
  });

  it('is read by the official SDK: parallel tool calls with argument fragments', async () => {
    const { final } = await sdkFinal(encode(TOOL_PARTS, true));
    const msg = final.choices[0]!.message;
    expect(msg.tool_calls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
    ]);
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('writes reasoning as reasoning_content and tool calls in the documented delta shape', () => {
    const evs = events(encode(TOOL_PARTS, false)) as any[];
    expect(evs[1].choices[0].delta).toEqual({ reasoning_content: 'thinking' });
    expect(evs[2].choices[0].delta).toEqual({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] });
    expect(evs[3].choices[0].delta).toEqual({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] });
  });

  it('sends the role chunk lazily, once, and closes a stream that had no finish', () => {
    const enc = openaiInbound.createStreamEncoder({ id: 'chatcmpl-keep', servedModel: 'm', includeUsage: false, estimatedInputTokens: 0 });
    const first = enc.encode({ type: 'text-delta', text: 'a' });
    expect(events(first).map((e: any) => e.choices[0].delta)).toEqual([{ role: 'assistant', content: '', refusal: null }, { content: 'a' }]);
    expect((events(first)[0] as any).id).toBe('chatcmpl-keep');
    expect(enc.encode({ type: 'start', id: 'x', model: 'y' })).toBe('');
    expect(enc.encode({ type: 'text-delta', text: '' })).toBe('');
    expect(enc.encode({ type: 'error', error: { kind: 'stream', message: 'x' } })).toBe('');
    const end = events(enc.end()) as any[];
    expect(end[0].choices[0].finish_reason).toBe('stop');
    expect(end[1]).toBe('[DONE]');
  });

  it('maps the error finish reason to stop and reports zero usage if none arrived', () => {
    const evs = events(encode([{ type: 'finish', finishReason: 'error' }], true)) as any[];
    expect(evs[1].choices[0].finish_reason).toBe('stop');
    expect(evs[2].usage.total_tokens).toBe(0);
  });

  it('is cheap per part: one JSON.stringify of the delta text, framed by strings built once', () => {
    // speed is `npm run bench`'s (streamed cells); the shape that keeps it is checked here by count
    const enc = openaiInbound.createStreamEncoder({ id: 'x', servedModel: 'openai/gpt-4o-mini', includeUsage: true, estimatedInputTokens: 0 });
    enc.encode({ type: 'text-delta', text: 'first' });
    const texts = Array.from({ length: 1_000 }, (_, i) => `Hello world, ${i} `);
    const real = JSON.stringify;
    const stringified: unknown[] = [];
    const spy = vi.spyOn(JSON, 'stringify').mockImplementation((value: unknown, replacer?: (string | number)[] | null, space?: string | number) => {
      stringified.push(value);
      return real(value, replacer, space);
    });
    let out: string[];
    try {
      out = texts.map((text) => enc.encode({ type: 'text-delta', text }));
    } finally {
      spy.mockRestore();
    }
    expect(stringified).toEqual(texts);
    // each chunk is the shared frame around its delta, whatever went before it
    const frame = out[0]!.length - JSON.stringify(texts[0]).length;
    out.forEach((chunk, i) => expect(chunk.length - JSON.stringify(texts[i]).length).toBe(frame));
    expect(events(out.join('')).map((e: any) => e.choices[0].delta.content)).toEqual(texts);
  });
});

describe('openai errors', () => {
  it('formats error bodies with a fitting code', () => {
    expect(openaiInbound.formatError(404, 'invalid_request_error', 'The model `x` does not exist')).toEqual({
      error: { message: 'The model `x` does not exist', type: 'invalid_request_error', param: null, code: 'model_not_found' },
    });
    expect(openaiInbound.formatError(400, 'invalid_request_error', 'bad')).toEqual({
      error: { message: 'bad', type: 'invalid_request_error', param: null, code: 'invalid_request_error' },
    });
    expect(openaiInbound.formatError(400, 'invalid_request_error', 'too long', 'context_length_exceeded')).toMatchObject({
      error: { code: 'context_length_exceeded' },
    });
    expect(openaiInbound.formatError(402, 'insufficient_quota', 'Monthly budget exhausted')).toMatchObject({ error: { code: 'budget_exceeded' } });
  });

  it('formats a mid-stream error the SDK raises as an APIError', async () => {
    const text = openaiInbound.formatStreamError(502, 'upstream_error', 'every candidate failed');
    expect(text).toBe('data: {"error":{"message":"every candidate failed","type":"upstream_error","param":null,"code":"upstream_error"}}\n\n');
    const sse = Stream.fromSSEResponse(new Response(encode([{ type: 'text-delta', text: 'a' }], false).split('data: [DONE]')[0] + text), new AbortController());
    await expect((async () => { for await (const _ of sse) void _; })()).rejects.toThrow(/every candidate failed/);
  });

  it("for a client of the deprecated functions: the first call as delta.function_call, finish_reason function_call (the API has one call a turn)", async () => {
    const named: string[] = [];
    const onDropped = (name: string) => named.push(name);
    const enc = openaiInbound.createStreamEncoder({ id: 'abc', servedModel: 'm', includeUsage: false, estimatedInputTokens: 0, legacyFunctions: true, onDropped });
    const text = TOOL_PARTS.map((p) => enc.encode(p)).join('') + enc.end();
    // the second call, left out, is named once
    expect(named).toEqual(['tool_calls']);
    expect(text).not.toContain('tool_calls');
    expect(text).not.toContain('get_time');
    const { final } = await sdkFinal(text);
    expect(final.choices[0]!.finish_reason).toBe('function_call');
    expect(final.choices[0]!.message.function_call).toEqual({ name: 'get_weather', arguments: '{"city":"Paris"}' });
    // the same answer whole
    const whole = openaiInbound.formatResponse({
      id: 'x', model: 'claude', text: '', toolCalls: [{ id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' }, { id: 'c2', name: 'get_time', arguments: '{}' }],
      finishReason: 'tool_calls',
    } as never, 'm', { legacyFunctions: true, onDropped }) as any;
    expect(named).toEqual(['tool_calls', 'tool_calls']);
    expect(whole.choices[0]).toMatchObject({ finish_reason: 'function_call', message: { content: null, function_call: { name: 'get_weather', arguments: '{"city":"Paris"}' } } });
    expect(whole.choices[0].message.tool_calls).toBeUndefined();
  });
});
