import Anthropic from '@anthropic-ai/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CanonicalRequest, SseEvent, StreamPart } from '../../src/core/canonical';
import { anthropicAdapter } from '../../src/core/providers/anthropic';
import { startFakeAnthropic } from './fake-anthropic';
import { FAKE_TOOL_ARGS } from './types';
import type { FakeProvider } from './types';

const weatherTool = { name: 'get_weather', description: 'weather', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } } };

let fake: FakeProvider;
let client: Anthropic;

beforeEach(async () => {
  fake = await startFakeAnthropic({ apiKey: 'sk-ant-fake-key-1234567890abcdef', usage: { input: 30, output: 9, cached: 10 } });
  client = new Anthropic({ apiKey: 'sk-ant-fake-key-1234567890abcdef', baseURL: fake.url, maxRetries: 0 });
});
afterEach(async () => {
  await fake.close();
});

/** Naive SSE split: enough for the fake's well-formed framing. */
function sseEvents(text: string): SseEvent[] {
  return text.split('\n\n').filter((b) => b.trim() !== '').map((block) => {
    const lines = block.split('\n');
    const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
    const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
    return event === undefined ? { data } : { event, data };
  });
}

async function rawStream(body: unknown): Promise<string> {
  const res = await fetch(`${fake.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': 'sk-ant-fake-key-1234567890abcdef', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return res.text();
}

const hello = { model: 'fake-small', max_tokens: 50, messages: [{ role: 'user' as const, content: 'hi' }] };

describe('fake anthropic with the official SDK', () => {
  it('answers non-stream with Anthropic usage and records the request', async () => {
    const msg = await client.messages.create(hello);
    expect(msg.content).toEqual([{ type: 'text', text: 'Hello from the fake anthropic provider!' }]);
    expect(msg.stop_reason).toBe('end_turn');
    expect(msg.usage).toMatchObject({ input_tokens: 20, cache_read_input_tokens: 10, output_tokens: 9 });
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/v1/messages', aborted: false, body: { model: 'fake-small' } });
    expect(fake.requests[0]!.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('streams the text in chunks with usage in message_start and message_delta', async () => {
    fake.options.chunks = 4;
    const stream = client.messages.stream(hello);
    const deltas: string[] = [];
    stream.on('text', (t) => deltas.push(t));
    const msg = await stream.finalMessage();
    expect(deltas).toHaveLength(4);
    expect(deltas.join('')).toBe('Hello from the fake anthropic provider!');
    expect(msg.usage).toMatchObject({ input_tokens: 20, cache_read_input_tokens: 10, output_tokens: 9 });
  });

  it('calls the first tool when the last user message mentions weather, streamed in 3 fragments', async () => {
    const body = { ...hello, tools: [weatherTool], messages: [{ role: 'user' as const, content: 'weather in Paris?' }] };
    const msg = await client.messages.create(body);
    expect(msg.stop_reason).toBe('tool_use');
    expect(msg.content).toEqual([{ type: 'tool_use', id: expect.any(String), name: 'get_weather', input: JSON.parse(FAKE_TOOL_ARGS) }]);

    const streamed = await client.messages.stream(body).finalMessage();
    expect(streamed.content).toMatchObject([{ type: 'tool_use', name: 'get_weather', input: { city: 'Paris' } }]);
    const events = sseEvents(await rawStream({ ...body, stream: true }));
    expect(events.filter((e) => e.data.includes('input_json_delta'))).toHaveLength(3);

    // the tool loop's follow-up (tool_result only) gets the text answer
    const followUp = await client.messages.create({
      ...hello, tools: [weatherTool],
      messages: [
        { role: 'user', content: 'weather in Paris?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' }] },
      ],
    });
    expect(followUp.content[0]).toMatchObject({ type: 'text' });
  });

  it('calls options.callTool while no tool result is in, then answers text', async () => {
    fake.options.callTool = { name: 'Bash', arguments: { command: 'echo hi' } };
    const bash = { name: 'Bash', input_schema: { type: 'object' as const, properties: { command: { type: 'string' } } } };
    const first = await client.messages.stream({ ...hello, tools: [weatherTool, bash] }).finalMessage();
    expect(first.content).toMatchObject([{ type: 'tool_use', name: 'Bash', input: { command: 'echo hi' } }]);
    const id = (first.content[0] as { id: string }).id;
    const next = await client.messages.create({
      ...hello, tools: [bash],
      messages: [hello.messages[0]!, { role: 'assistant', content: first.content as never }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'hi' }] }],
    });
    expect(next.content[0]).toMatchObject({ type: 'text' });
  });

  it('refuses what the real API refuses: a tool_result without its tool_use, a thinking budget over max_tokens, a fifth cache mark', async () => {
    const orphan = await client.messages.create({
      ...hello, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'x' }] }],
    }).catch((e: unknown) => e);
    expect(orphan).toBeInstanceOf(Anthropic.BadRequestError);
    expect((orphan as Error).message).toMatch(/tool_use_id/);
    const budget = await client.messages.create({ ...hello, thinking: { type: 'enabled', budget_tokens: 2048 } }).catch((e: unknown) => e);
    expect(budget).toBeInstanceOf(Anthropic.BadRequestError);
    const mark = { cache_control: { type: 'ephemeral' as const } };
    const text = (t: string) => ({ type: 'text' as const, text: t, ...mark });
    const five = await client.messages.create({
      ...hello, system: [text('a'), text('b')], messages: [{ role: 'user', content: [text('c'), text('d'), text('e')] }],
    }).catch((e: unknown) => e);
    expect((five as Error).message).toMatch(/maximum of 4 blocks with cache_control/);
    const call = { role: 'assistant' as const, content: [{ type: 'tool_use' as const, id: 'toolu_1', name: 'f', input: {} }] };
    const loop = [hello.messages[0]!, call, { role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: 'toolu_1', content: 'x' }] }];
    const unsigned = await client.messages.create({ ...hello, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 }, messages: loop }).catch((e: unknown) => e);
    expect((unsigned as Error).message).toMatch(/final `assistant` message must start with a thinking block/);
    const clearing = await client.beta.messages.create({ ...hello, context_management: { edits: [{ type: 'clear_thinking_20251015' }] } }).catch((e: unknown) => e);
    expect((clearing as Error).message).toMatch(/requires `thinking` to be enabled or adaptive/);
  });

  it('refuses the kind of thinking a Claude generation does not take, as the real API does', async () => {
    const ask = (model: string, thinking: Anthropic.ThinkingConfigParam) => client.messages.create({ ...hello, model, max_tokens: 4096, thinking }).catch((e: unknown) => e);
    const budget = { type: 'enabled', budget_tokens: 2048 } as const;
    const adaptive = { type: 'adaptive' } as const;
    expect((await ask('claude-opus-4-7', budget) as Error).message).toMatch(/thinking.type.enabled is not supported for this model/);
    expect((await ask('claude-sonnet-4-5-20250929', adaptive) as Error).message).toMatch(/adaptive thinking is not supported on this model/);
    for (const [model, thinking] of [['claude-sonnet-4-5', budget], ['claude-opus-4-7', adaptive], ['claude-opus-4-6', budget], ['claude-opus-4-6', adaptive], ['claude-fake', budget]] as const) {
      expect(await ask(model, thinking), model).not.toBeInstanceOf(Error);
    }
  });

  it('lists models and rejects a wrong key with a 401 that echoes part of it', async () => {
    fake.options.models = ['claude-a', 'claude-b'];
    const page = await client.models.list();
    expect(page.data.map((m) => m.id)).toEqual(['claude-a', 'claude-b']);
    const wrong = new Anthropic({ apiKey: 'sk-ant-wrong-key-abcdefghijklmnop', baseURL: fake.url, maxRetries: 0 });
    const err = await wrong.messages.create(hello).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((err as Error).message).toContain('sk-ant-wrong-key');
  });

  it('injects status faults, 529 overloaded by default', async () => {
    fake.faults.push({ kind: 'status', status: 529 }, { kind: 'status', status: 429, headers: { 'retry-after': '3' } });
    const overloaded = await client.messages.create(hello).catch((e: unknown) => e);
    expect(overloaded).toBeInstanceOf(Anthropic.APIError);
    expect((overloaded as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((overloaded as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    const limited = await client.messages.create(hello).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    // faults are consumed: the next request succeeds
    expect((await client.messages.create(hello)).content).toHaveLength(1);
  });
});

describe('fake anthropic faults, seen through the Anthropic adapter', () => {
  const canonical: CanonicalRequest = {
    model: 'auto', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: true, includeUsage: true,
  };

  async function viaAdapter(signal?: AbortSignal): Promise<StreamPart[]> {
    const built = anthropicAdapter.buildChatRequest(canonical, { baseUrl: fake.url, modelName: 'fake-small', apiKey: 'sk-ant-fake-key-1234567890abcdef' });
    const decoder = anthropicAdapter.createStreamDecoder();
    try {
      const res = await fetch(built.url, { method: built.method, headers: built.headers, body: built.body ?? null, signal: signal ?? null });
      return [...sseEvents(await res.text()).flatMap((e) => decoder.push(e)), ...decoder.end()];
    } catch {
      return decoder.end();
    }
  }

  it('decodes a normal stream to text, usage and finish', async () => {
    const parts = await viaAdapter();
    expect(parts.filter((p) => p.type === 'text-delta').map((p) => (p as { text: string }).text).join('')).toBe('Hello from the fake anthropic provider!');
    expect(parts.slice(-2)).toEqual([
      {
        type: 'usage',
        usage: { inputTokens: 30, outputTokens: 9, cachedInputTokens: 10, cacheCreationInputTokens: 0, cacheWrite5mInputTokens: 0, cacheWrite1hInputTokens: 0 },
      },
      { type: 'finish', finishReason: 'stop' },
    ]);
  });

  it('no-usage, error-body-200 and malformed-sse', async () => {
    fake.faults.push({ kind: 'no-usage' }, { kind: 'error-body-200', message: 'busy' }, { kind: 'malformed-sse' });
    expect((await viaAdapter()).some((p) => p.type === 'usage')).toBe(false);
    expect(await viaAdapter()).toEqual([{ type: 'error', error: { kind: 'overloaded', status: 529, message: 'busy' } }]);
    expect((await viaAdapter()).at(-1)).toMatchObject({ type: 'error', error: { kind: 'stream' } });
  });

  it('reset-mid-stream cuts after N chunks without marking the request aborted', async () => {
    fake.faults.push({ kind: 'reset-mid-stream', afterChunks: 2 });
    const parts = await viaAdapter();
    expect(parts.filter((p) => p.type === 'text-delta').length).toBeLessThanOrEqual(2);
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'stream' } });
    expect(fake.requests[0]!.aborted).toBe(false);
  });

  it('records a client that gives up on a stalled stream, and a slow first byte, as aborted', async () => {
    fake.faults.push({ kind: 'stall', afterChunks: 1 }, { kind: 'slow-first-byte', ms: 5000 });
    await viaAdapter(AbortSignal.timeout(300));
    await viaAdapter(AbortSignal.timeout(300));
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.requests.map((r) => r.aborted)).toEqual([true, true]);
  });

  it('reset-before-headers fails the connection; chunk-delay slows the stream', async () => {
    fake.faults.push({ kind: 'reset-before-headers' });
    const err = await fetch(`${fake.url}/v1/messages`, { method: 'POST', body: JSON.stringify(hello) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    fake.persistentFault = { kind: 'chunk-delay', ms: 40 };
    const started = Date.now();
    const parts = await viaAdapter();
    expect(Date.now() - started).toBeGreaterThanOrEqual(5 * 40);
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
  });

  it('rejects a request without max_tokens like the real API', async () => {
    const res = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST', headers: { 'x-api-key': 'sk-ant-fake-key-1234567890abcdef' }, body: JSON.stringify({ model: 'x', messages: [] }),
    });
    expect(res.status).toBe(400);
    expect(anthropicAdapter.classifyError(res.status, await res.text(), {})).toMatchObject({ kind: 'bad_request' });
  });
});
