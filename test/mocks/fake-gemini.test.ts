// The fake Gemini over real HTTP, driven by plain fetch and by the Gemini adapter itself.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamFailure } from '../../src/core/canonical';
import type { CanonicalRequest, SseEvent, StreamPart, UpstreamHttpRequest } from '../../src/core/canonical';
import { geminiAdapter } from '../../src/core/providers/gemini';
import { startFakeGemini } from './fake-gemini';
import { FAKE_TOOL_ARGS } from './types';
import type { FakeProvider } from './types';

const KEY = 'AIzaSyFAKE_fake_fake_fake_fake_fake_123';

/** Data-only SSE as Google frames it; enough for these tests (no multi-line data). */
function parseSse(text: string): SseEvent[] {
  return text
    .split(/\r\n\r\n|\n\n/)
    .flatMap((block) => block.split(/\r\n|\n/).filter((l) => l.startsWith('data:')))
    .map((l) => ({ data: l.slice(5).trim() }));
}

function send(http: UpstreamHttpRequest, signal?: AbortSignal): Promise<Response> {
  return fetch(http.url, { method: http.method, headers: http.headers, body: http.body, signal });
}

function chat(over: Partial<CanonicalRequest> = {}): CanonicalRequest {
  return { model: 'x', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello' }] }], stream: false, includeUsage: true, ...over };
}

const weatherTool = { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

async function decodeStream(res: Response): Promise<{ raw: string; parts: StreamPart[] }> {
  const raw = await res.text();
  const d = geminiAdapter.createStreamDecoder();
  return { raw, parts: [...parseSse(raw).flatMap((e) => d.push(e)), ...d.end()] };
}

let fake: FakeProvider;
let target: { baseUrl: string; modelName: string; apiKey: string };

beforeEach(async () => {
  fake = await startFakeGemini({ apiKey: KEY });
  target = { baseUrl: fake.url, modelName: 'fake-small', apiKey: KEY };
});
afterEach(async () => {
  await fake.close();
});

describe('fake Gemini: happy paths', () => {
  it('answers generateContent with the default text and usage, and records the request', async () => {
    const res = await send(geminiAdapter.buildChatRequest(chat(), target));
    expect(res.status).toBe(200);
    const parsed = geminiAdapter.parseChatResponse(await res.json());
    expect(parsed).toMatchObject({ text: 'Hello from the fake gemini provider!', model: 'fake-small', finishReason: 'stop', usage: { inputTokens: 21, outputTokens: 7 } });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/v1beta/models/fake-small:generateContent', aborted: false });
    expect(fake.requests[0]?.headers['x-goog-api-key']).toBe(KEY);
    expect(fake.requests[0]?.body.contents).toEqual([{ role: 'user', parts: [{ text: 'Say hello' }] }]);
  });

  it('streams data-only SSE with CRLF framing and cumulative usage on the last chunk', async () => {
    fake.options.usage = { input: 30, output: 12, cached: 10, reasoning: 4 };
    const res = await send(geminiAdapter.buildChatRequest(chat({ stream: true }), target));
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const { raw, parts } = await decodeStream(res);
    expect(raw.startsWith('data: {')).toBe(true);
    expect(raw).toContain('}\r\n\r\ndata: ');
    expect(parts.filter((p) => p.type === 'text-delta')).toHaveLength(5);
    expect(parts.flatMap((p) => (p.type === 'text-delta' ? [p.text] : [])).join('')).toBe('Hello from the fake gemini provider!');
    expect(parts.filter((p) => p.type === 'usage')).toEqual([{ type: 'usage', usage: { inputTokens: 30, outputTokens: 12, cachedInputTokens: 10, reasoningTokens: 4 } }]);
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
    expect(fake.requests[0]?.path).toBe('/v1beta/models/fake-small:streamGenerateContent?alt=sse');
  });

  it('calls options.callTool until a function response is in; refuses unknown roles and unpaired responses', async () => {
    fake.options.callTool = { name: 'get_weather', arguments: { city: 'Rome' } };
    const first = geminiAdapter.parseChatResponse(await (await send(geminiAdapter.buildChatRequest(chat({ tools: [weatherTool] }), target))).json());
    expect(first.toolCalls).toMatchObject([{ name: 'get_weather', arguments: '{"city":"Rome"}' }]);
    const followUp = chat({
      tools: [weatherTool],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
        { role: 'assistant', content: [], toolCalls: [{ id: 'c1', name: 'get_weather', arguments: '{"city":"Rome"}' }] },
        { role: 'tool', toolCallId: 'c1', content: [{ type: 'text', text: 'sunny' }] },
      ],
    });
    expect(geminiAdapter.parseChatResponse(await (await send(geminiAdapter.buildChatRequest(followUp, target))).json()).text).toBe('Hello from the fake gemini provider!');
    const post = (contents: unknown) => fetch(`${fake.url}/v1beta/models/fake-small:generateContent`, {
      method: 'POST', headers: { 'x-goog-api-key': KEY, 'content-type': 'application/json' }, body: JSON.stringify({ contents }),
    });
    expect((await post([{ role: 'system', parts: [{ text: 'x' }] }])).status).toBe(400);
    expect((await post([{ role: 'user', parts: [{ functionResponse: { name: 'f', response: {} } }] }])).status).toBe(400);
  });

  it('refuses a function name Gemini does not take (a leading digit, past 64 characters), as the real API does', async () => {
    const post = (name: string) => fetch(`${fake.url}/v1beta/models/fake-small:generateContent`, {
      method: 'POST', headers: { 'x-goog-api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }], tools: [{ functionDeclarations: [{ ...weatherTool, name }] }] }),
    });
    for (const name of ['2fa', 'a'.repeat(65), 'has space']) {
      const res = await post(name);
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toContain('Invalid function name');
    }
    for (const name of ['mcp_tix_tickets.lookup', '_x:y-z', 'a'.repeat(64)]) expect((await post(name)).status).toBe(200);
  });

  it('honours text and chunk options', async () => {
    fake.options.text = 'abcdef';
    fake.options.chunks = 3;
    const { parts } = await decodeStream(await send(geminiAdapter.buildChatRequest(chat({ stream: true }), target)));
    expect(parts.flatMap((p) => (p.type === 'text-delta' ? [p.text] : []))).toEqual(['ab', 'cd', 'ef']);
  });

  it('calls the first tool for weather, whole, then answers the tool result with text', async () => {
    const ask = chat({ messages: [{ role: 'user', content: [{ type: 'text', text: "What's the weather in Paris?" }] }], tools: [weatherTool] });
    const first = geminiAdapter.parseChatResponse(await (await send(geminiAdapter.buildChatRequest(ask, target))).json());
    expect(first.finishReason).toBe('tool_calls');
    // signed, as Gemini signs the first call of a turn
    expect(first.toolCalls).toEqual([{ id: expect.stringMatching(/^call_0_/), name: 'get_weather', arguments: FAKE_TOOL_ARGS, signature: expect.any(String) }]);

    const streamed = await decodeStream(await send(geminiAdapter.buildChatRequest({ ...ask, stream: true }, target)));
    expect(streamed.parts.map((p) => p.type)).toEqual(['start', 'tool-call-start', 'tool-call-delta', 'usage', 'finish']);
    expect(streamed.parts[2]).toMatchObject({ argumentsDelta: FAKE_TOOL_ARGS });

    const call = first.toolCalls[0]!;
    const followUp = chat({
      tools: [weatherTool],
      messages: [
        ...ask.messages,
        { role: 'assistant', content: [], toolCalls: [call] },
        { role: 'tool', toolCallId: call.id, content: [{ type: 'text', text: '18C, cloudy' }] },
      ],
    });
    const second = geminiAdapter.parseChatResponse(await (await send(geminiAdapter.buildChatRequest(followUp, target))).json());
    expect(second).toMatchObject({ text: 'Hello from the fake gemini provider!', finishReason: 'stop' });
    expect(fake.requests[2]?.body.contents.at(-1)).toEqual({
      role: 'user',
      parts: [{ functionResponse: { name: 'get_weather', response: { content: '18C, cloudy' } } }],
    });
  });

  it('as Gemini 3, refuses a function call of the current turn without a thoughtSignature; the sentinel passes', async () => {
    const post = (contents: unknown[]) => fetch(`${fake.url}/v1beta/models/gemini-3-flash-preview:generateContent`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': KEY }, body: JSON.stringify({ contents }),
    });
    const turn = (signature?: string) => [
      { role: 'user', parts: [{ text: 'weather?' }] },
      { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: {} }, ...(signature ? { thoughtSignature: signature } : {}) }, { functionCall: { name: 'get_time', args: {} } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: {} } }, { functionResponse: { name: 'get_time', response: {} } }] },
    ];
    const refused = await post(turn());
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.message).toContain('missing a thought_signature');
    expect((await post(turn('skip_thought_signature_validator'))).status).toBe(200);
    // an earlier turn (before the last user text) is not checked
    expect((await post([...turn(), { role: 'model', parts: [{ text: 'ok' }] }, { role: 'user', parts: [{ text: 'thanks' }] }])).status).toBe(200);
  });

  /** generateContent of `model` with this thinkingConfig (in snake_case when `snake`). */
  const post = (model: string, thinkingConfig: Record<string, unknown>, snake = false) => fetch(`${fake.url}/v1beta/models/${model}:generateContent`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': KEY },
    body: JSON.stringify({
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      ...(snake ? { generation_config: { thinking_config: thinkingConfig } } : { generationConfig: { thinkingConfig } }),
    }),
  });

  it("as Gemini, refuses thoughts asked of 2.5 Flash-Lite (which thinks only when asked) with its thinking off; a budget turns it on", async () => {
    for (const [model, cfg] of [['gemini-2.5-flash-lite', { includeThoughts: true }], ['gemini-2.5-flash-lite-preview-06-17', { includeThoughts: true, thinkingBudget: 0 }], ['gemini-2.0-flash', { includeThoughts: true }]] as const) {
      const refused = await post(model, cfg);
      expect(refused.status, model).toBe(400);
      expect((await refused.json()).error, model).toMatchObject({ status: 'INVALID_ARGUMENT', message: expect.stringContaining('Thinking_config.include_thoughts is only enabled when thinking is enabled') });
    }
    expect((await post('gemini-2.5-flash-lite', { includeThoughts: true, thinkingBudget: 512 })).status).toBe(200);
    expect((await post('gemini-2.5-flash-lite', { thinkingBudget: 0 })).status).toBe(200);
    // 2.5 Flash and Pro think unless told not to
    expect((await post('gemini-2.5-flash', { includeThoughts: true })).status).toBe(200);
  });

  it("as Gemini, refuses Gemini 3's thinkingLevel on a 2.x model; Gemini 3 takes it", async () => {
    const high = { includeThoughts: true, thinkingLevel: 'HIGH' };
    for (const model of ['gemini-2.5-flash', 'gemini-2.5-pro']) {
      const refused = await post(model, high);
      expect(refused.status, model).toBe(400);
      expect((await refused.json()).error, model).toMatchObject({ status: 'INVALID_ARGUMENT', message: 'Thinking level is not supported for this model.' });
    }
    expect((await post('gemini-3-flash-preview', high)).status).toBe(200);
  });

  it('as Gemini, refuses a thinkingLevel the Gemini 3 model has not got: 3 Pro only low and high, no minimal on later Pros or Flash from 3.7', async () => {
    for (const [model, level, snake] of [['gemini-3-pro-preview', 'medium', false], ['gemini-3-pro-preview', 'MINIMAL', true], ['gemini-3.1-pro-preview', 'minimal', false], ['gemini-3.7-flash', 'MINIMAL', false]] as const) {
      const refused = await post(model, snake ? { thinking_level: level } : { thinkingLevel: level }, snake);
      expect(refused.status, `${model} ${level}`).toBe(400);
      expect((await refused.json()).error).toEqual({
        code: 400, status: 'INVALID_ARGUMENT', message: `Thinking level ${level.toUpperCase()} is not supported for this model. Please retry with other thinking level.`,
      });
    }
    for (const [model, level] of [['gemini-3-pro-preview', 'LOW'], ['gemini-3-pro-preview', 'high'], ['gemini-3.1-pro-preview', 'MEDIUM'], ['gemini-3-flash-preview', 'MINIMAL'], ['gemini-3.1-flash-lite-preview', 'minimal']] as const) {
      expect((await post(model, { thinkingLevel: level })).status, `${model} ${level}`).toBe(200);
    }
  });

  it('embeds: vectors of 8, first element the input index + 1', async () => {
    const http = geminiAdapter.buildEmbeddingsRequest({ model: 'e', input: ['alpha', 'beta', 'gamma'] }, target);
    const res = geminiAdapter.parseEmbeddingsResponse(await (await send(http)).json());
    expect(res.data.map((v) => v.length)).toEqual([8, 8, 8]);
    expect(res.data.map((v) => v[0])).toEqual([1, 2, 3]);
    expect(fake.requests[0]?.path).toBe('/v1beta/models/fake-small:batchEmbedContents');
  });

  it('lists its models', async () => {
    fake.options.models = ['gemini-a', 'gemini-b'];
    const res = await send(geminiAdapter.buildListModelsRequest({ baseUrl: `${fake.url}/v1beta/`, apiKey: KEY }));
    expect(geminiAdapter.parseListModels(await res.json())).toEqual(['gemini-a', 'gemini-b']);
    expect(fake.requests[0]).toMatchObject({ method: 'GET', path: '/v1beta/models?pageSize=1000' });
  });
});

describe('fake Gemini: keys', () => {
  it('refuses a request without a key (403) or with a wrong one (400 API_KEY_INVALID), like Google', async () => {
    const missing = await send(geminiAdapter.buildChatRequest(chat(), { ...target, apiKey: '' }));
    expect(missing.status).toBe(403);
    expect((await missing.json()).error.status).toBe('PERMISSION_DENIED');

    const wrongKey = 'AIzaSyWRONG_wrong_wrong_wrong_wrong_456';
    const wrong = await send(geminiAdapter.buildChatRequest(chat(), { ...target, apiKey: wrongKey }));
    expect(wrong.status).toBe(400);
    const text = await wrong.text();
    expect(text).toContain('API_KEY_INVALID');
    const err = geminiAdapter.classifyError(wrong.status, text, {});
    expect(err).toMatchObject({ kind: 'auth' });
    expect(err.message).not.toContain(wrongKey);
  });

  it('accepts anything when it was given no key', async () => {
    const open = await startFakeGemini();
    try {
      const res = await send(geminiAdapter.buildChatRequest(chat(), { baseUrl: open.url, modelName: 'm' }));
      expect(res.status).toBe(200);
    } finally {
      await open.close();
    }
  });

  it('answers 404 in Google\'s shape for an unknown method', async () => {
    const res = await fetch(`${fake.url}/v1beta/models/x:predict`, { method: 'POST', headers: { 'x-goog-api-key': KEY }, body: '{}' });
    expect(res.status).toBe(404);
    expect((await res.json()).error.status).toBe('NOT_FOUND');
  });
});

describe('fake Gemini: faults', () => {
  it('consumes queued faults one per request, in order, then succeeds', async () => {
    fake.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '3' } }, { kind: 'status', status: 503 });
    const a = await send(geminiAdapter.buildChatRequest(chat(), target));
    expect(a.status).toBe(429);
    expect(geminiAdapter.classifyError(429, await a.text(), { 'retry-after': a.headers.get('retry-after') ?? undefined }))
      .toMatchObject({ kind: 'rate_limit', retryAfterMs: 3000 });
    const b = await send(geminiAdapter.buildChatRequest(chat(), target));
    expect(geminiAdapter.classifyError(b.status, await b.text(), {})).toMatchObject({ kind: 'overloaded', status: 503 });
    expect((await send(geminiAdapter.buildChatRequest(chat(), target))).status).toBe(200);
  });

  it('applies a persistent fault to every request while set', async () => {
    fake.persistentFault = { kind: 'status', status: 500, body: { error: { code: 500, message: 'boom', status: 'INTERNAL' } } };
    for (let i = 0; i < 2; i++) {
      const res = await send(geminiAdapter.buildChatRequest(chat(), target));
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: { code: 500, message: 'boom', status: 'INTERNAL' } });
    }
    fake.persistentFault = null;
    expect((await send(geminiAdapter.buildChatRequest(chat(), target))).status).toBe(200);
  });

  it('delays the first byte', async () => {
    fake.faults.push({ kind: 'slow-first-byte', ms: 250 });
    const t0 = Date.now();
    const res = await send(geminiAdapter.buildChatRequest(chat(), target));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
    expect(res.status).toBe(200);
  });

  it('resets before headers', async () => {
    fake.faults.push({ kind: 'reset-before-headers' });
    await expect(send(geminiAdapter.buildChatRequest(chat(), target))).rejects.toThrow();
    expect(fake.requests[0]?.aborted).toBe(false);
  });

  it('resets mid-stream after N chunks: the decoder sees no finish', async () => {
    fake.faults.push({ kind: 'reset-mid-stream', afterChunks: 2 });
    const res = await send(geminiAdapter.buildChatRequest(chat({ stream: true }), target));
    const reader = res.body!.getReader();
    let raw = '';
    await expect((async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        raw += new TextDecoder().decode(value);
      }
    })()).rejects.toThrow();
    const d = geminiAdapter.createStreamDecoder();
    const parts = [...parseSse(raw).flatMap((e) => d.push(e)), ...d.end()];
    expect(parts.filter((p) => p.type === 'text-delta')).toHaveLength(2);
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'stream' } });
  });

  it('cuts a non-streaming body in half on reset-mid-stream', async () => {
    fake.faults.push({ kind: 'reset-mid-stream', afterChunks: 0 });
    const res = await send(geminiAdapter.buildChatRequest(chat(), target));
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('stalls after N chunks and records the client giving up', async () => {
    fake.faults.push({ kind: 'stall', afterChunks: 1 });
    const ctrl = new AbortController();
    const res = await send(geminiAdapter.buildChatRequest(chat({ stream: true }), target), ctrl.signal);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(parseSse(new TextDecoder().decode(first.value))).toHaveLength(1);
    const next = await Promise.race([reader.read().then(() => 'data'), new Promise((r) => setTimeout(() => r('silence'), 300))]);
    expect(next).toBe('silence');
    ctrl.abort();
    await expect.poll(() => fake.requests[0]?.aborted).toBe(true);
  });

  it('reports no usage', async () => {
    fake.faults.push({ kind: 'no-usage' }, { kind: 'no-usage' });
    const { parts } = await decodeStream(await send(geminiAdapter.buildChatRequest(chat({ stream: true }), target)));
    expect(parts.some((p) => p.type === 'usage')).toBe(false);
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
    const body = await (await send(geminiAdapter.buildChatRequest(chat(), target))).json();
    expect(body.usageMetadata).toBeUndefined();
  });

  it('answers 200 with an error object, plain and streamed', async () => {
    fake.faults.push({ kind: 'error-body-200', message: 'try later' }, { kind: 'error-body-200' });
    const plain = await send(geminiAdapter.buildChatRequest(chat(), target));
    expect(plain.status).toBe(200);
    const body = await plain.json();
    expect(() => geminiAdapter.parseChatResponse(body)).toThrow(UpstreamFailure);
    const { parts } = await decodeStream(await send(geminiAdapter.buildChatRequest(chat({ stream: true }), target)));
    expect(parts).toEqual([{ type: 'error', error: expect.objectContaining({ kind: 'overloaded' }) }]);
  });

  it('ends an answer with a finishReason, after N chunks, plain and streamed', async () => {
    fake.faults.push({ kind: 'finish-reason', reason: 'MALFORMED_FUNCTION_CALL', message: 'Malformed function call: f(' }, { kind: 'finish-reason', reason: 'MALFORMED_FUNCTION_CALL', afterChunks: 2 });
    const body = await (await send(geminiAdapter.buildChatRequest(chat(), target))).json();
    expect(body.candidates).toEqual([{ finishReason: 'MALFORMED_FUNCTION_CALL', finishMessage: 'Malformed function call: f(', index: 0 }]);
    expect(body.usageMetadata).toEqual({ promptTokenCount: 21, totalTokenCount: 21 });
    const { raw, parts } = await decodeStream(await send(geminiAdapter.buildChatRequest(chat({ stream: true }), target)));
    expect(parseSse(raw).map((e) => JSON.parse(e.data).candidates[0].finishReason)).toEqual([undefined, undefined, 'MALFORMED_FUNCTION_CALL']);
    expect(parts.map((p) => p.type)).toEqual(['start', 'text-delta', 'text-delta', 'usage', 'error']);
  });

  it('sends a malformed stream event', async () => {
    fake.faults.push({ kind: 'malformed-sse' });
    const { parts } = await decodeStream(await send(geminiAdapter.buildChatRequest(chat({ stream: true }), target)));
    expect(parts.map((p) => p.type)).toEqual(['start', 'text-delta', 'error']);
    expect(parts.at(-1)).toMatchObject({ error: { kind: 'stream' } });
  });

  it('spaces chunks out, and records a client that leaves mid-stream', async () => {
    fake.faults.push({ kind: 'chunk-delay', ms: 60 });
    const t0 = Date.now();
    await decodeStream(await send(geminiAdapter.buildChatRequest(chat({ stream: true }), target)));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(4 * 60 - 10);
    expect(fake.requests[0]?.aborted).toBe(false);

    fake.faults.push({ kind: 'chunk-delay', ms: 200 });
    const ctrl = new AbortController();
    const res = await send(geminiAdapter.buildChatRequest(chat({ stream: true }), target), ctrl.signal);
    await res.body!.getReader().read();
    ctrl.abort();
    await expect.poll(() => fake.requests[1]?.aborted).toBe(true);
  });
});

describe('Google Search grounding', () => {
  const search = { role: 'user' as const, content: [{ type: 'text' as const, text: 'Perform a web search for the query: euro 2024' }] };
  const asked = (stream: boolean) => chat({ stream, messages: [search], webSearch: { type: 'web_search_20250305', settings: {} } });

  it('answers a google_search request with the documented groundingMetadata on the candidate', async () => {
    const res = await send(geminiAdapter.buildChatRequest(asked(false), target));
    const body = await res.json();
    const meta = body.candidates[0].groundingMetadata;
    expect(meta.webSearchQueries).toEqual(['euro 2024']);
    expect(meta.groundingChunks).toEqual([
      { web: { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/fake-switchboard-1', title: 'switchboard.example' } },
      { web: { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/fake-routers-2', title: 'llm-routers.example' } },
    ]);
    const text = body.candidates[0].content.parts[0].text;
    expect(meta.groundingSupports).toEqual([{ segment: { startIndex: 0, endIndex: text.length, text }, groundingChunkIndices: [0, 1] }]);
    expect(meta.searchEntryPoint.renderedContent).toContain('<div');
    // a request without the tool is not grounded
    expect((await (await send(geminiAdapter.buildChatRequest(chat(), target))).json()).candidates[0].groundingMetadata).toBeUndefined();
  });

  it('streamed: on the last chunk, with the finish', async () => {
    const { raw, parts } = await decodeStream(await send(geminiAdapter.buildChatRequest(asked(true), target)));
    const events = parseSse(raw).map((e) => JSON.parse(e.data));
    expect(events.slice(0, -1).every((e) => e.candidates[0].groundingMetadata === undefined)).toBe(true);
    expect(events.at(-1).candidates[0]).toMatchObject({ finishReason: 'STOP', groundingMetadata: { webSearchQueries: ['euro 2024'] } });
    expect(parts.find((p) => p.type === 'web-search')).toMatchObject({ search: { queries: ['euro 2024'] } });
  });
});
