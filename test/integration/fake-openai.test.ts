// The fake OpenAI provider checked with the official `openai` SDK, and our OpenAI adapter run
// against it over real HTTP (request built by the adapter, stream decoded by our SSE parser).
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalRequest, StreamPart } from '../../src/core/canonical';
import { openaiAdapter } from '../../src/core/providers/openai';
import { createSseParser } from '../../src/core/sse';
import { startFakeOpenAI } from '../mocks/fake-openai';
import { FAKE_TOOL_ARGS, type FakeProvider } from '../mocks/types';

const KEY = 'sk-fake-0123456789abcdefghij';
const weatherTool = { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

let fake: FakeProvider;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: KEY, usage: { input: 30, output: 9, cached: 10, reasoning: 2 } });
  client = new OpenAI({ apiKey: KEY, baseURL: fake.url, maxRetries: 0 });
});
afterAll(() => fake.close());
afterEach(() => {
  fake.faults.length = 0;
  fake.persistentFault = null;
  fake.requests.length = 0;
});

async function collect<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iter) out.push(x);
  return out;
}

describe('fake OpenAI with the official SDK', () => {
  it('answers a chat completion with usage and records the request', async () => {
    const res = await client.chat.completions.create({ model: 'fake-small', messages: [{ role: 'user', content: 'Hi' }] });
    expect(res.choices[0]!.message.content).toBe('Hello from the fake openai provider!');
    expect(res.model).toBe('fake-small');
    expect(res.usage).toMatchObject({ prompt_tokens: 30, completion_tokens: 9, total_tokens: 39, prompt_tokens_details: { cached_tokens: 10 }, completion_tokens_details: { reasoning_tokens: 2 } });
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions', aborted: false, body: { model: 'fake-small' } });
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('streams text in `chunks` pieces, with the usage chunk only when asked', async () => {
    const chunks = await collect(await client.chat.completions.create({ model: 'm', stream: true, messages: [{ role: 'user', content: 'Hi' }] }));
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Hello from the fake openai provider!');
    expect(chunks.filter((c) => c.choices[0]?.delta.content).length).toBe(5);
    expect(chunks.some((c) => c.usage)).toBe(false);
    const withUsage = await collect(await client.chat.completions.create({ model: 'm', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Hi' }] }));
    expect(withUsage.at(-1)!.choices).toEqual([]);
    expect(withUsage.at(-1)!.usage?.total_tokens).toBe(39);
  });

  it('calls the first tool when the user asks about the weather, streamed in three fragments', async () => {
    const res = await client.chat.completions.create({ model: 'm', tools: [weatherTool], messages: [{ role: 'user', content: 'What is the weather in Paris?' }] });
    expect(res.choices[0]!.finish_reason).toBe('tool_calls');
    expect(res.choices[0]!.message.tool_calls?.[0]).toMatchObject({ type: 'function', function: { name: 'get_weather', arguments: FAKE_TOOL_ARGS } });
    const stream = client.chat.completions.stream({ model: 'm', tools: [weatherTool], messages: [{ role: 'user', content: 'weather?' }] });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]!.message.tool_calls?.[0]?.function.arguments).toBe(FAKE_TOOL_ARGS);
    expect(fake.requests).toHaveLength(2);
  });

  it('calls options.callTool until a tool result is in, and refuses tool messages that answer nothing', async () => {
    fake.options.callTool = { name: 'get_weather', arguments: { city: 'Rome' } };
    try {
      const first = await client.chat.completions.create({ model: 'm', tools: [weatherTool], messages: [{ role: 'user', content: 'Hi' }] });
      const call = first.choices[0]!.message.tool_calls![0]! as { id: string; function: { arguments: string } };
      expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Rome' });
      const next = await client.chat.completions.create({
        model: 'm', tools: [weatherTool],
        messages: [{ role: 'user', content: 'Hi' }, first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: 'sunny' }],
      });
      expect(next.choices[0]!.message.content).toBe('Hello from the fake openai provider!');
    } finally {
      delete fake.options.callTool;
    }
    const orphan = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'Hi' }, { role: 'tool', tool_call_id: 'call_x', content: 'x' }] }).catch((e: unknown) => e);
    expect(orphan).toBeInstanceOf(OpenAI.BadRequestError);
    const unanswered = await client.chat.completions.create({
      model: 'm', messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'call_y', type: 'function', function: { name: 'f', arguments: '{}' } }] }, { role: 'user', content: 'Hi' }],
    }).catch((e: unknown) => e);
    expect((unanswered as Error).message).toMatch(/call_y/);
    const role = await client.chat.completions.create({ model: 'm', messages: [{ role: 'critic' as never, content: 'Hi' }] }).catch((e: unknown) => e);
    expect(role).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('answers a conversation that ends in a tool result, and makes the call a test scripts', async () => {
    const messages = [
      { role: 'user' as const, content: 'What is the weather in Paris?' },
      { role: 'assistant' as const, content: null, tool_calls: [{ id: 'call_1', type: 'function' as const, function: { name: 'get_weather', arguments: FAKE_TOOL_ARGS } }] },
      { role: 'tool' as const, tool_call_id: 'call_1', content: 'sunny' },
    ];
    const answered = await client.chat.completions.create({ model: 'm', tools: [weatherTool], messages });
    expect(answered.choices[0]!.message.content).toBe('Hello from the fake openai provider!');
    fake.options.callTool = { name: 'read_file', arguments: { file_path: '/tmp/x' }, when: /weather/i };
    const readFile = { type: 'function' as const, function: { name: 'read_file', parameters: { type: 'object', properties: { file_path: { type: 'string' } } } } };
    try {
      const res = await client.chat.completions.create({ model: 'm', tools: [weatherTool, readFile], messages: messages.slice(0, 1) });
      expect(res.choices[0]!.message.tool_calls?.[0]).toMatchObject({ function: { name: 'read_file', arguments: '{"file_path":"/tmp/x"}' } });
    } finally {
      delete fake.options.callTool;
    }
  });

  it('embeds (floats and the SDK default base64) and lists models', async () => {
    const floats = await client.embeddings.create({ model: 'emb', input: ['a', 'b'], encoding_format: 'float' });
    expect(floats.data.map((d) => d.embedding[0])).toEqual([1, 2]);
    expect(floats.data[0]!.embedding).toHaveLength(8);
    expect(floats.usage.prompt_tokens).toBe(30);
    const b64 = await client.embeddings.create({ model: 'emb', input: 'a' });
    expect(Array.from(b64.data[0]!.embedding)).toEqual([1, 0.5, -0.25, 0.125, 0, 1, -1, 0.75]);
    const models = await collect(client.models.list());
    expect(models.map((m) => m.id)).toEqual(['fake-small', 'fake-large']);
  });

  it('rejects a wrong key with a 401 that echoes the key, as the real API does', async () => {
    const bad = new OpenAI({ apiKey: 'sk-wrong-key-abcdefghijklmnop', baseURL: fake.url, maxRetries: 0 });
    const err = await bad.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(err.message).toContain('Incorrect API key provided: sk-wrong-key-abcdefghijklmnop');
    expect(err.code).toBe('invalid_api_key');
  });

  it('injects status faults once, in order, and persistent faults until cleared', async () => {
    fake.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '3' } }, { kind: 'status', status: 500 });
    const e1 = await client.models.list().catch((e) => e);
    expect(e1).toBeInstanceOf(OpenAI.RateLimitError);
    expect(e1.headers.get('retry-after')).toBe('3');
    expect(await client.models.list().catch((e) => e.status)).toBe(500);
    expect((await client.models.list()).data).toHaveLength(2);
    fake.persistentFault = { kind: 'status', status: 503, body: { error: { message: 'overloaded', type: 'server_error' } } };
    expect(await client.models.list().catch((e) => e.status)).toBe(503);
    expect(await client.models.list().catch((e) => e.status)).toBe(503);
  });

  it('resets before headers, mid-stream, and sends an error object with a 200', async () => {
    fake.faults.push({ kind: 'reset-before-headers' });
    await expect(client.models.list()).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    fake.faults.push({ kind: 'reset-mid-stream', afterChunks: 2 });
    const got: string[] = [];
    const cut = await (async () => {
      for await (const c of await client.chat.completions.create({ model: 'm', stream: true, messages: [{ role: 'user', content: 'Hi' }] })) {
        if (c.choices[0]?.delta.content) got.push(c.choices[0].delta.content);
      }
    })().catch((e) => e);
    expect(cut).toBeInstanceOf(Error);
    expect(got).toHaveLength(2);
    fake.faults.push({ kind: 'error-body-200', message: 'boom' });
    const streamErr = await collect(await client.chat.completions.create({ model: 'm', stream: true, messages: [{ role: 'user', content: 'Hi' }] })).catch((e) => e);
    expect(streamErr).toBeInstanceOf(OpenAI.APIError);
    expect(streamErr.message).toContain('boom');
    expect(fake.requests.every((r) => !r.aborted)).toBe(true);
  });

  it('waits before the first byte, delays chunks, and records a client that goes away', async () => {
    fake.faults.push({ kind: 'slow-first-byte', ms: 150 });
    const t0 = Date.now();
    await client.models.list();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    fake.faults.push({ kind: 'chunk-delay', ms: 50 });
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: 'm', stream: true, messages: [{ role: 'user', content: 'Hi' }] }, { signal: controller.signal });
    const consumed = (async () => {
      for await (const c of stream) if (c.choices[0]?.delta.content) controller.abort();
    })().catch((e) => e);
    await consumed;
    await waitFor(() => fake.requests.at(-1)!.aborted);
    expect(fake.requests.at(-1)!.aborted).toBe(true);
  });

  it('stalls after some chunks with the socket left open', async () => {
    fake.faults.push({ kind: 'stall', afterChunks: 1 });
    const controller = new AbortController();
    const res = await fetch(`${fake.url}/chat/completions`, {
      method: 'POST', signal: controller.signal,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    const reader = res.body!.getReader();
    let text = '';
    const deadline = Date.now() + 300;
    while (Date.now() < deadline) {
      const r = await Promise.race([reader.read(), sleep(100).then(() => null)]);
      if (r === null) continue;
      if (r.done) break;
      text += new TextDecoder().decode(r.value);
    }
    expect(text.split('\n\n').filter(Boolean)).toHaveLength(2);
    controller.abort();
    await waitFor(() => fake.requests.at(-1)!.aborted);
  });
});

describe('our OpenAI adapter against the fake', () => {
  const base: CanonicalRequest = { model: 'auto', system: ['Be brief.'], messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], stream: true, includeUsage: false };

  async function run(req: CanonicalRequest): Promise<StreamPart[]> {
    const http = openaiAdapter.buildChatRequest(req, { baseUrl: fake.url, modelName: 'fake-small', apiKey: KEY, providerType: 'openai' });
    const res = await fetch(http.url, { method: http.method, headers: http.headers, body: http.body });
    expect(res.status).toBe(200);
    const parser = createSseParser();
    const decoder = openaiAdapter.createStreamDecoder();
    const parts: StreamPart[] = [];
    const textDecoder = new TextDecoder();
    for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
      for (const ev of parser.push(textDecoder.decode(bytes, { stream: true }))) parts.push(...decoder.push(ev));
    }
    for (const ev of parser.end()) parts.push(...decoder.push(ev));
    parts.push(...decoder.end());
    return parts;
  }

  it('streams text and gets usage although the client did not ask for it', async () => {
    const parts = await run(base);
    expect(parts.filter((p) => p.type === 'text-delta').map((p) => (p as { text: string }).text).join('')).toBe('Hello from the fake openai provider!');
    expect(parts).toContainEqual({ type: 'usage', usage: { inputTokens: 30, outputTokens: 9, cachedInputTokens: 10, reasoningTokens: 2, serviceTier: 'default' } });
    expect(parts).toContainEqual({ type: 'finish', finishReason: 'stop' });
    expect(fake.requests[0]!.body.stream_options).toEqual({ include_usage: true });
  });

  it('streams a tool call and reports a malformed stream', async () => {
    const parts = await run({ ...base, tools: [{ name: 'get_weather', parameters: { type: 'object' } }], messages: [{ role: 'user', content: [{ type: 'text', text: 'weather in Paris?' }] }] });
    const args = parts.filter((p) => p.type === 'tool-call-delta').map((p) => (p as { argumentsDelta: string }).argumentsDelta);
    expect(args).toHaveLength(3);
    expect(args.join('')).toBe(FAKE_TOOL_ARGS);
    expect(parts).toContainEqual({ type: 'finish', finishReason: 'tool_calls' });
    fake.faults.push({ kind: 'malformed-sse' });
    expect((await run(base)).at(-1)).toMatchObject({ type: 'error', error: { kind: 'stream' } });
    fake.faults.push({ kind: 'no-usage' });
    expect((await run(base)).some((p) => p.type === 'usage')).toBe(false);
  });

  it('parses non-stream answers, 200 error bodies, models and embeddings', async () => {
    const target = { baseUrl: fake.url, modelName: 'fake-small', apiKey: KEY, providerType: 'openai' as const };
    const send = async (http: ReturnType<typeof openaiAdapter.buildChatRequest>) => {
      const res = await fetch(http.url, { method: http.method, headers: http.headers, body: http.body });
      return { status: res.status, text: await res.text() };
    };
    const ok = await send(openaiAdapter.buildChatRequest({ ...base, stream: false }, target));
    expect(openaiAdapter.parseChatResponse(JSON.parse(ok.text))).toMatchObject({ text: 'Hello from the fake openai provider!', usage: { inputTokens: 30 } });
    fake.faults.push({ kind: 'error-body-200', message: 'nope' });
    const errBody = await send(openaiAdapter.buildChatRequest({ ...base, stream: false }, target));
    expect(() => openaiAdapter.parseChatResponse(JSON.parse(errBody.text))).toThrow('nope');
    const unauthorized = await send(openaiAdapter.buildListModelsRequest({ baseUrl: fake.url, apiKey: 'sk-wrong-0123456789abcdefgh' }));
    const classified = openaiAdapter.classifyError(unauthorized.status, unauthorized.text, {});
    expect(classified.kind).toBe('auth');
    expect(classified.message).not.toContain('sk-wrong-0123456789abcdefgh');
    const models = await send(openaiAdapter.buildListModelsRequest({ baseUrl: `${fake.url}/`, apiKey: KEY }));
    expect(openaiAdapter.parseListModels(JSON.parse(models.text))).toEqual(['fake-small', 'fake-large']);
    const emb = await send(openaiAdapter.buildEmbeddingsRequest({ model: 'e', input: ['x', 'y', 'z'] }, target));
    expect(openaiAdapter.parseEmbeddingsResponse(JSON.parse(emb.text)).data.map((v) => v[0])).toEqual([1, 2, 3]);
  });
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}
