// The adapter against samples written from Google's documented formats (test/fixtures/gemini).
import { describe, expect, it } from 'vitest';
import { UpstreamFailure } from '../../canonical';
import type { CanonicalRequest, StreamPart } from '../../canonical';
import { geminiAdapter } from './index';
import { decodeAll, sseEventsFromFixture } from '../../../../test/fixtures/gemini/replay';
import textResponse from '../../../../test/fixtures/gemini/text.response.json';
import textChunks from '../../../../test/fixtures/gemini/text.chunks.txt?raw';
import callResponse from '../../../../test/fixtures/gemini/function-call.response.json';
import callChunks from '../../../../test/fixtures/gemini/function-call.chunks.txt?raw';
import callRequest from '../../../../test/fixtures/gemini/function-call.request.json';
import thoughtsResponse from '../../../../test/fixtures/gemini/thoughts.response.json';
import thoughtsChunks from '../../../../test/fixtures/gemini/thoughts.chunks.txt?raw';
import blockedResponse from '../../../../test/fixtures/gemini/blocked-prompt.response.json';
import safetyResponse from '../../../../test/fixtures/gemini/safety.response.json';
import apiKeyError from '../../../../test/fixtures/gemini/error-api-key.response.json';
import rateLimitError from '../../../../test/fixtures/gemini/error-rate-limit.response.json';
import overloadedError from '../../../../test/fixtures/gemini/error-overloaded.response.json';
import contextError from '../../../../test/fixtures/gemini/error-context-length.response.json';
import embeddingsResponse from '../../../../test/fixtures/gemini/embeddings.response.json';
import modelsResponse from '../../../../test/fixtures/gemini/models.response.json';

const decode = (text: string): StreamPart[] => decodeAll(geminiAdapter.createStreamDecoder(), sseEventsFromFixture(text));

describe('text', () => {
  it('parses the response', () => {
    expect(geminiAdapter.parseChatResponse(textResponse)).toEqual({
      id: 'mAitaLmkHPPlz7IPvtfUqQc',
      model: 'gemini-2.5-flash',
      text: 'The capital of France is Paris.',
      toolCalls: [],
      finishReason: 'stop',
      usage: { inputTokens: 9, outputTokens: 7 },
    });
  });

  it('decodes the stream to the same text and the final usage, once', () => {
    const parts = decode(textChunks);
    expect(parts[0]).toEqual({ type: 'start', id: 'nAitaKa3Eu3Qz7IP0ZbH0Qg', model: 'gemini-2.5-flash', inputTokens: 9 });
    expect(parts.flatMap((p) => (p.type === 'text-delta' ? [p.text] : [])).join('')).toBe('The capital of France is Paris.');
    expect(parts.filter((p) => p.type === 'usage')).toEqual([{ type: 'usage', usage: { inputTokens: 9, outputTokens: 7 } }]);
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
  });
});

describe('function calls', () => {
  it('parses parallel calls', () => {
    const res = geminiAdapter.parseChatResponse(callResponse);
    expect(res.finishReason).toBe('tool_calls');
    expect(res.toolCalls.map(({ name, arguments: a }) => ({ name, a }))).toEqual([
      { name: 'get_weather', a: '{"city":"Paris","unit":"celsius"}' },
      { name: 'get_time', a: '{"timezone":"Europe/Paris"}' },
    ]);
    expect(res.usage).toEqual({ inputTokens: 74, outputTokens: 86, reasoningTokens: 55 });
  });

  it('decodes streamed calls', () => {
    const parts = decode(callChunks);
    expect(parts.map((p) => p.type)).toEqual(['start', 'tool-call-start', 'tool-call-delta', 'tool-call-start', 'tool-call-delta', 'usage', 'finish']);
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'tool_calls' });
  });

  it('builds the documented request for a call and its results (a full round trip)', () => {
    const parsed = geminiAdapter.parseChatResponse(callResponse);
    const req: CanonicalRequest = {
      model: 'gemini/gemini-2.5-pro',
      system: ['You are a terse assistant.'],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'What is the weather and the time in Paris?' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Let me check.' }], toolCalls: parsed.toolCalls },
        { role: 'tool', toolCallId: parsed.toolCalls[0]?.id ?? '', content: [{ type: 'text', text: '{"temperature":18,"sky":"cloudy"}' }] },
        { role: 'tool', toolCallId: parsed.toolCalls[1]?.id ?? '', content: [{ type: 'text', text: '14:05' }] },
        { role: 'user', content: [{ type: 'text', text: 'Answer in one sentence.' }] },
      ],
      tools: [
        {
          name: 'get_weather',
          description: 'Current weather for a city',
          parameters: {
            type: 'object',
            properties: { city: { type: 'string', description: 'City name' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'], default: 'celsius' } },
            required: ['city'],
            additionalProperties: false,
          },
        },
        { name: 'get_time', parameters: { type: 'object', properties: { timezone: { type: 'string' } }, required: ['timezone'] } },
      ],
      toolChoice: 'auto',
      temperature: 0.2,
      maxTokens: 256,
      stream: false,
      includeUsage: false,
    };
    const http = geminiAdapter.buildChatRequest(req, { baseUrl: 'https://generativelanguage.googleapis.com', modelName: 'gemini-2.5-pro', apiKey: 'k' });
    expect(JSON.parse(http.body ?? '')).toEqual(callRequest);
  });
});

describe('thoughts', () => {
  it('parses thoughts as reasoning, counted as output', () => {
    const res = geminiAdapter.parseChatResponse(thoughtsResponse);
    expect(res.reasoning).toContain('Counting the letters');
    expect(res.text).toBe('There are 3 r\'s in "strawberry".');
    expect(res.usage).toEqual({ inputTokens: 12, outputTokens: 398, cachedInputTokens: 4, reasoningTokens: 387 });
  });

  it('decodes streamed thoughts and a MAX_TOKENS finish', () => {
    const parts = decode(thoughtsChunks);
    expect(parts.filter((p) => p.type === 'reasoning-delta')).toHaveLength(1);
    expect(parts.filter((p) => p.type === 'text-delta').map((p) => (p as { text: string }).text).join('')).toBe('There are 3 r\'s in "strawberry".');
    expect(parts.filter((p) => p.type === 'usage')).toEqual([{ type: 'usage', usage: { inputTokens: 12, outputTokens: 398, cachedInputTokens: 4, reasoningTokens: 387 } }]);
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'length' });
  });
});

describe('refusals and errors', () => {
  it('throws content_filter for a blocked prompt', () => {
    expect(() => geminiAdapter.parseChatResponse(blockedResponse)).toThrow(UpstreamFailure);
    try {
      geminiAdapter.parseChatResponse(blockedResponse);
    } catch (e) {
      expect((e as UpstreamFailure).error).toMatchObject({ kind: 'content_filter' });
    }
  });

  it('reads a safety stop as content_filter', () => {
    expect(geminiAdapter.parseChatResponse(safetyResponse)).toMatchObject({ text: '', finishReason: 'content_filter', usage: { inputTokens: 18, outputTokens: 0 } });
  });

  it.each([
    [apiKeyError, 400, 'auth', undefined],
    [rateLimitError, 429, 'rate_limit', 37_000],
    [overloadedError, 503, 'overloaded', undefined],
    [contextError, 400, 'context_length', undefined],
  ] as const)('classifies error body %#', (errorBody, status, kind, retryAfterMs) => {
    const e = geminiAdapter.classifyError(status, JSON.stringify(errorBody), {});
    expect(e.kind).toBe(kind);
    expect(e.status).toBe(status);
    expect(e.retryAfterMs).toBe(retryAfterMs);
  });
});

describe('embeddings and models', () => {
  it('parses embeddings', () => {
    expect(geminiAdapter.parseEmbeddingsResponse(embeddingsResponse).data).toEqual([[0.0132, -0.0081, 0.0544, -0.0217], [-0.0043, 0.0198, 0.0312, 0.0075]]);
  });

  it('lists only chat and embedding models', () => {
    expect(geminiAdapter.parseListModels(modelsResponse)).toEqual(['gemini-2.5-flash', 'gemini-embedding-001']);
  });
});
