import { describe, expect, it } from 'vitest';
import type { CanonicalRequest, CanonicalResponse, StreamDecoder, StreamPart } from '../canonical';
import { anthropicToCanonical } from '../inbound/anthropic/parse-request';
import { anthropicAdapter } from './anthropic';
import { geminiAdapter } from './gemini';
import { openaiAdapter } from './openai';
import { openaiResponsesAdapter } from './openai-responses';
import { droppedPrefill, strippingEchoedPrefix, withoutEchoedPrefix } from './prefill';

const PREFILL = '{"a":';
const withPrefill = (last: unknown = { role: 'assistant', content: PREFILL }): CanonicalRequest =>
  anthropicToCanonical({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'JSON please' }, last] }).request;
const target = { baseUrl: 'http://127.0.0.1:1/v1', modelName: 'x', apiKey: 'k' };

describe('the Anthropic reader', () => {
  it('marks a conversation ending on the assistant\'s text as a prefill', () => {
    expect(withPrefill().prefill).toBe(true);
    expect(withPrefill({ role: 'assistant', content: [{ type: 'text', text: PREFILL }] }).prefill).toBe(true);
  });

  it('marks nothing when the user has the last turn or the assistant\'s last turn is a tool call', () => {
    expect(withPrefill({ role: 'user', content: 'more' }).prefill).toBeUndefined();
    expect(withPrefill({ role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f', input: {} }] }).prefill).toBeUndefined();
  });
});

describe('builders', () => {
  it('Mistral is asked to continue it (prefix: true) and says its answer repeats it', () => {
    const built = openaiAdapter.buildChatRequest(withPrefill(), { ...target, providerType: 'mistral' });
    expect(JSON.parse(built.body!).messages.at(-1)).toEqual({ role: 'assistant', content: PREFILL, prefix: true });
    expect(built.prefill).toEqual({ echoed: PREFILL });
    expect(droppedPrefill(withPrefill(), built)).toEqual([]);
  });

  it('Anthropic continues it by itself', () => {
    expect(droppedPrefill(withPrefill(), anthropicAdapter.buildChatRequest(withPrefill(), target))).toEqual([]);
  });

  it.each([
    ['OpenAI', openaiAdapter, 'openai'],
    ['DeepSeek (prefix completion only on its beta URL)', openaiAdapter, 'deepseek'],
    ['Responses', openaiResponsesAdapter, 'openai'],
    ['Gemini', geminiAdapter, 'gemini'],
  ] as const)('%s cannot be asked: the prefill is named', (_name, adapter, providerType) => {
    const built = adapter.buildChatRequest(withPrefill(), { ...target, providerType });
    expect(built.body).not.toContain('"prefix"');
    expect(droppedPrefill(withPrefill(), built)).toEqual(['prefill']);
  });

  it('names nothing for a request with no prefill', () => {
    const req = withPrefill({ role: 'user', content: 'more' });
    expect(droppedPrefill(req, openaiAdapter.buildChatRequest(req, target))).toEqual([]);
  });
});

const answer = (text: string): CanonicalResponse => ({ id: 'r', model: 'm', text, toolCalls: [], finishReason: 'stop' });

describe('the echoed prefill', () => {
  it('is left out of a whole answer that opens with it; another answer is kept as it came', () => {
    expect(withoutEchoedPrefix(answer(`${PREFILL} 4}`), PREFILL).text).toBe(' 4}');
    expect(withoutEchoedPrefix(answer('4'), PREFILL).text).toBe('4');
  });

  /** The text a decoder gives for events each carrying one part. */
  function streamed(parts: StreamPart[]): StreamPart[] {
    let i = 0;
    const inner: StreamDecoder = { push: () => [parts[i++]!], end: () => [] };
    const decoder = strippingEchoedPrefix(inner, PREFILL);
    return [...parts.flatMap(() => decoder.push({ data: '' })), ...decoder.end()];
  }
  const texts = (parts: StreamPart[]): string[] => parts.flatMap((p) => (p.type === 'text-delta' ? [p.text] : []));

  it('is left out of a stream, across chunks', () => {
    const out = streamed([{ type: 'start', id: 'r', model: 'm' }, { type: 'text-delta', text: '{"' }, { type: 'text-delta', text: 'a": 4' }, { type: 'text-delta', text: '}' }, { type: 'finish', finishReason: 'stop' }]);
    expect(texts(out)).toEqual([' 4', '}']);
    expect(out.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
  });

  it('a stream that does not open with it goes as it came, text held meanwhile let go whole', () => {
    expect(texts(streamed([{ type: 'text-delta', text: '{"' }, { type: 'text-delta', text: 'b": 1}' }]))).toEqual(['{"b": 1}']);
    const cut = streamed([{ type: 'text-delta', text: '{"' }, { type: 'finish', finishReason: 'length' }]);
    expect(cut).toEqual([{ type: 'text-delta', text: '{"' }, { type: 'finish', finishReason: 'length' }]);
  });
});
