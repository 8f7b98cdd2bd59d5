import { describe, expect, it, vi } from 'vitest';
import { responsesChunkEvents, responsesFixture } from '../../../../test/fixtures/responses/load';
import { UpstreamFailure, type CanonicalRequest, type StreamPart } from '../../canonical';
import { responsesToCanonical } from '../../inbound/responses';
import { itemId } from '../../inbound/responses/response-object';
import { adapterForApi } from '../index';
import { openaiResponsesAdapter as adapter } from './index';

// a schema OpenAI's strict mode takes
const CLOSED = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };

const target = { baseUrl: 'https://api.openai.com/v1', modelName: 'gpt-5.1-codex', apiKey: 'sk-test', providerType: 'openai' as const, reasoning: true };

function decode(name: string): StreamPart[] {
  const d = adapter.createStreamDecoder();
  return [...responsesChunkEvents(name).flatMap((e) => d.push(e)), ...d.end()];
}

describe('openaiResponsesAdapter', () => {
  it('is the adapter of the responses API', () => {
    expect(adapterForApi('responses')).toBe(adapter);
    expect(adapter.api).toBe('responses');
  });

  it('builds a Responses request from a canonical one: instructions, items, strict-off tools, format, effort, no storage', () => {
    const req: CanonicalRequest = {
      model: 'auto', system: ['be brief', 'be kind'], stream: true, includeUsage: true, maxTokens: 200, temperature: 0.3, topP: 0.8, user: 'u', promptCacheKey: 'k',
      tools: [{ name: 'get_weather', description: 'weather', parameters: { type: 'object' } }], toolChoice: { name: 'get_weather' }, parallelToolCalls: false,
      responseFormat: { type: 'json_schema', name: 'w', schema: CLOSED, strict: true }, thinkingBudgetTokens: 20_000, includeThoughts: true,
      stop: ['END'], seed: 1, topK: 3,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'weather?' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBO' } }] },
        { role: 'assistant', content: [{ type: 'text', text: 'checking' }], toolCalls: [{ id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
        { role: 'tool', toolCallId: 'toolu_1', content: [{ type: 'text', text: '22C' }] },
        { role: 'system', content: [{ type: 'text', text: 'answer in French' }] },
        { role: 'user', content: [{ type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBE' }, filename: 'r.pdf' }] },
      ],
    };
    const http = adapter.buildChatRequest(req, target);
    expect(http.url).toBe('https://api.openai.com/v1/responses');
    expect(http.headers.authorization).toBe('Bearer sk-test');
    // a Codex model reasons: OpenAI refuses its temperature other than 1 and top_p
    expect(http.dropped).toEqual(['temperature', 'top_p', 'stop', 'seed', 'top_k']);
    expect(JSON.parse(http.body!)).toEqual({
      model: 'gpt-5.1-codex', instructions: 'be brief\n\nbe kind',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'weather?' }, { type: 'input_image', detail: 'auto', image_url: 'data:image/png;base64,iVBO' }] },
        { role: 'assistant', content: 'checking' },
        { type: 'function_call', call_id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'toolu_1', output: '22C' },
        { role: 'developer', content: 'answer in French' },
        { role: 'user', content: [{ type: 'input_file', file_data: 'data:application/pdf;base64,JVBE', filename: 'r.pdf' }] },
      ],
      tools: [{ type: 'function', name: 'get_weather', description: 'weather', parameters: { type: 'object' }, strict: false }],
      tool_choice: { type: 'function', name: 'get_weather' }, parallel_tool_calls: false,
      max_output_tokens: 200, user: 'u', prompt_cache_key: 'k',
      text: { format: { type: 'json_schema', name: 'w', schema: CLOSED, strict: true } },
      reasoning: { effort: 'high', summary: 'auto' }, store: false, stream: true,
      // a reasoning model with functions: its encrypted reasoning comes back, for the calls' next turn
      include: ['reasoning.encrypted_content'],
    });
    const plain = JSON.parse(adapter.buildChatRequest({ ...req, reasoningEffort: 'low' }, { ...target, reasoning: false }).body!);
    expect(plain.reasoning).toBeUndefined();
    expect(plain.include).toBeUndefined();
  });

  it("sends a tool's strict as the client set it, and false when it said nothing (this API's default is true)", () => {
    const req: CanonicalRequest = { model: 'auto', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: false, includeUsage: false };
    const tools = [{ name: 'a', parameters: { type: 'object' }, strict: true }, { name: 'b', parameters: { type: 'object' }, strict: false }, { name: 'c', parameters: { type: 'object' } }];
    const sent = JSON.parse(adapter.buildChatRequest({ ...req, tools }, target).body!).tools;
    expect(sent.map((t: any) => t.strict)).toEqual([true, false, false]);
  });

  it('sends at least 16 output tokens, the floor OpenAI refuses below (Claude Desktop probes with max_tokens 1)', () => {
    const req: CanonicalRequest = { model: 'auto', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: false, includeUsage: false };
    const sent = (maxTokens: number): unknown => JSON.parse(adapter.buildChatRequest({ ...req, maxTokens }, target).body!).max_output_tokens;
    expect(sent(1)).toBe(16);
    expect(sent(15)).toBe(16);
    expect(sent(17)).toBe(17);
  });

  it("sends a user longer than OpenAI's 64 characters as its SHA-256 (Claude Code's metadata.user_id is some 150)", () => {
    const req: CanonicalRequest = { model: 'auto', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: false, includeUsage: false };
    const sent = (user: string): unknown => JSON.parse(adapter.buildChatRequest({ ...req, user }, target).body!).user;
    const claudeCode = '{"device_id":"5f1c0e0a3c2b4d8e9f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e","account_uuid":"","session_id":"0b6c2f7e-3d4a-4b8e-9c1d-2e3f4a5b6c7d"}';
    expect(sent(claudeCode)).toMatch(/^[0-9a-f]{64}$/);
    expect(sent(claudeCode)).toBe(sent(claudeCode));
    expect(sent(claudeCode.replace('0b6c', '1b6c'))).not.toBe(sent(claudeCode));
    expect(sent('u'.repeat(64))).toBe('u'.repeat(64));
  });

  it("forwards a Responses body as sent, model swapped: Codex's encrypted reasoning, hosted tools and cache key survive", () => {
    const body = responsesFixture('codex-tool-result.request.json');
    const http = adapter.buildForwardRequest(body, target, { stream: true });
    expect(http.url).toBe('https://api.openai.com/v1/responses');
    expect(JSON.parse(http.body!)).toEqual({ ...body, model: 'gpt-5.1-codex' });
    expect(http.dropped).toBeUndefined();
  });

  it("forwards to a model routing chose an effort it lacks as the nearest it takes, where its levels are known (Codex's minimal to o3-pro: low)", () => {
    const body = { ...responsesFixture('codex-tool-result.request.json'), reasoning: { effort: 'minimal', summary: 'auto' } };
    const o3pro = { ...target, modelName: 'o3-pro', providerType: 'openai' as const };
    const http = adapter.buildForwardRequest(body, o3pro, { stream: true, routed: true });
    expect(JSON.parse(http.body!).reasoning).toEqual({ effort: 'low', summary: 'auto' });
    expect(http.dropped).toEqual(['reasoning']);
    // a level the model takes, a model nothing is known of, or a model the client named: as sent
    expect(adapter.buildForwardRequest({ ...body, reasoning: { effort: 'high', summary: 'auto' } }, o3pro, { stream: true, routed: true }).dropped).toBeUndefined();
    const unknown = adapter.buildForwardRequest(body, { ...target, modelName: 'acme-reasoner' }, { stream: true, routed: true });
    expect(JSON.parse(unknown.body!).reasoning).toEqual({ effort: 'minimal', summary: 'auto' });
    const named = adapter.buildForwardRequest(body, o3pro, { stream: true });
    expect(JSON.parse(named.body!).reasoning).toEqual({ effort: 'minimal', summary: 'auto' });
  });

  it("forwards to an OpenAI model routing chose that does not reason no reasoning and no encrypted reasoning asked back, named", () => {
    const fixture = responsesFixture('codex-tool-result.request.json');
    const body = { ...fixture, reasoning: { effort: 'high', summary: 'auto' } };
    const gpt4o = { ...target, modelName: 'gpt-4o', reasoning: false };
    const routed = (b: Record<string, unknown>, t = gpt4o) => {
      const http = adapter.buildForwardRequest(b, t, { stream: true, routed: true });
      return { body: JSON.parse(http.body!) as Record<string, unknown>, dropped: http.dropped };
    };
    const sent = routed(body);
    expect(sent.body).not.toHaveProperty('reasoning');
    expect(sent.body).not.toHaveProperty('include');
    expect(sent.body.prompt_cache_key).toBe(fixture.prompt_cache_key);
    expect(sent.dropped).toEqual(['reasoning', 'include']);
    // the summary alone (Codex's own body) the same; another include kept
    const kept = routed({ ...fixture, include: ['reasoning.encrypted_content', 'web_search_call.action.sources'] });
    expect([kept.body.reasoning, kept.body.include, kept.dropped]).toEqual([undefined, ['web_search_call.action.sources'], ['reasoning', 'include']]);
    // a model the client named gets the body as sent; so do o-series and gpt-5 names the catalog has as chat only
    const named = adapter.buildForwardRequest(body, gpt4o, { stream: true });
    expect(JSON.parse(named.body!)).toEqual({ ...body, model: 'gpt-4o' });
    expect(routed(body, { ...gpt4o, modelName: 'o3' }).body.reasoning).toEqual({ effort: 'high', summary: 'auto' });
    // o1-mini and o1-preview take no effort at all
    expect(routed(body, { ...gpt4o, modelName: 'o1-mini' }).body).not.toHaveProperty('reasoning');
    // elsewhere a catalog's no is often a default for a model that reasons: as sent
    const compatible = routed(body, { ...gpt4o, modelName: 'gpt-5', providerType: 'openai-compatible' as never });
    expect([compatible.body.reasoning, compatible.body.include, compatible.dropped]).toEqual([body.reasoning, body.include, undefined]);
  });

  it('leaves out reasoning OpenAI could not look up under store: false (a summary Switchboard made of another format\'s thinking)', () => {
    const body = responsesFixture('codex-tool-result.request.json');
    const summarised = { type: 'reasoning', id: 'rs_sb01', summary: [{ type: 'summary_text', text: 'Claude thought' }], content: null, encrypted_content: null };
    const input = [...(body.input as unknown[])];
    input.splice(4, 0, summarised);
    const http = adapter.buildForwardRequest({ ...body, input }, target, { stream: true });
    expect(JSON.parse(http.body!).input).toEqual(body.input);
    expect(http.dropped).toEqual(['input[type=reasoning]']);
    // store left on: OpenAI looks its own ids up, so they go as sent; one Switchboard made it never issued
    const own = [...(body.input as unknown[])];
    own.splice(4, 0, { ...summarised, id: 'rs_0496282' });
    const stored = adapter.buildForwardRequest({ ...body, store: true, input: own }, target, { stream: true });
    expect(JSON.parse(stored.body!).input).toEqual(own);
    expect(stored.dropped).toBeUndefined();
    const ours = [...(body.input as unknown[])];
    ours.splice(4, 0, { ...summarised, id: itemId('rs', 'resp_0123abcd', 0) });
    const kept = adapter.buildForwardRequest({ ...body, store: true, input: ours }, target, { stream: true });
    expect(JSON.parse(kept.body!).input).toEqual(body.input);
    expect(kept.dropped).toEqual(['input[type=reasoning]']);
  });

  it('a Codex turn crosses into canonical and back to a Responses upstream with its calls and outputs paired', () => {
    const { request } = responsesToCanonical(responsesFixture('codex-tool-result.request.json'));
    const body = JSON.parse(adapter.buildChatRequest(request, target).body!);
    expect(body.input.slice(-2)).toEqual([
      { type: 'function_call', call_id: 'call_1', name: 'exec_command', arguments: '{"cmd":"echo sb-roundtrip"}' },
      { type: 'function_call_output', call_id: 'call_1', output: expect.stringContaining('sb-roundtrip') },
    ]);
    expect(body.tools.map((t: any) => t.name)).toContain('multi_agent_v1__wait_agent');
  });

  it('parses a response: text, reasoning summary, usage with cached and reasoning tokens', () => {
    expect(adapter.parseChatResponse(responsesFixture('text.response.json'))).toEqual({
      id: 'resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b', model: 'gpt-5.1-codex-2025-11-13',
      text: 'Hello! How can I help you today?', reasoning: '**Greeting**\n\nThe user says hello.', toolCalls: [], finishReason: 'stop',
      usage: { inputTokens: 1036, outputTokens: 87, cachedInputTokens: 1024, reasoningTokens: 64 },
    });
  });

  it('counts web_search_call items that searched (opening or finding in a page is free), streamed or not', () => {
    const output = [
      { id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'a' } },
      { id: 'ws_2', type: 'web_search_call', status: 'completed' },
      { id: 'ws_3', type: 'web_search_call', status: 'completed', action: { type: 'open_page', url: 'https://example.com' } },
      { id: 'ws_4', type: 'web_search_call', status: 'completed', action: { type: 'find_in_page', url: 'https://example.com', pattern: 'x' } },
      { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Found.' }] },
    ];
    const response = { id: 'resp_1', object: 'response', status: 'completed', model: 'gpt-5.4', output, usage: { input_tokens: 1000, output_tokens: 200 } };
    expect(adapter.parseChatResponse(response).usage).toEqual({ inputTokens: 1000, outputTokens: 200, webSearchCalls: 2 });
    expect(adapter.parseChatResponse({ ...response, service_tier: 'flex' }).usage).toMatchObject({ serviceTier: 'flex' });
    const decoder = adapter.createStreamDecoder();
    const parts = [
      { type: 'response.created', response: { ...response, status: 'in_progress', output: [], usage: null } },
      { type: 'response.completed', response },
    ].flatMap((e) => decoder.push({ event: e.type, data: JSON.stringify(e) }));
    expect(parts.find((p) => p.type === 'usage')).toEqual({ type: 'usage', usage: { inputTokens: 1000, outputTokens: 200, webSearchCalls: 2 } });
  });

  it("reads an audio model's audio tokens in and out, whole and streamed", () => {
    const usage = {
      input_tokens: 10_100, input_tokens_details: { cached_tokens: 0, audio_tokens: 10_000 },
      output_tokens: 5_050, output_tokens_details: { reasoning_tokens: 0, audio_tokens: 5_000 }, total_tokens: 15_150,
    };
    const response = { id: 'resp_1', object: 'response', status: 'completed', model: 'gpt-audio', output: [], usage };
    const want = { inputTokens: 10_100, outputTokens: 5_050, cachedInputTokens: 0, reasoningTokens: 0, audioInputTokens: 10_000, audioOutputTokens: 5_000 };
    expect(adapter.parseChatResponse(response).usage).toEqual(want);
    const decoder = adapter.createStreamDecoder();
    const parts = [{ type: 'response.completed', response }].flatMap((e) => decoder.push({ event: e.type, data: JSON.stringify(e) }));
    expect(parts.find((p) => p.type === 'usage')).toEqual({ type: 'usage', usage: want });
  });

  it('parses function calls (a namespaced one under its flat name) and an incomplete answer', () => {
    const res = adapter.parseChatResponse(responsesFixture('tool-call.response.json'));
    expect(res.finishReason).toBe('tool_calls');
    expect(res.toolCalls).toEqual([
      { id: 'call_CZFiQhUzOKhtoWiUGJFpMXHB', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'call_9aZNyUc0XKrfbqbeG1yWxyJt', name: 'multi_agent_v1__close_agent', arguments: '{"target":"agent-1"}' },
    ]);
    const cut = adapter.parseChatResponse(responsesFixture('incomplete.response.json'));
    expect(cut).toMatchObject({ finishReason: 'length', text: 'Once upon a time, in a land far' });
  });

  it('refuses a failed response or an error body as a classified failure', () => {
    const failed = { ...responsesFixture('text.response.json'), status: 'failed', error: { code: 'rate_limit_exceeded', message: 'slow down' } };
    expect(() => adapter.parseChatResponse(failed)).toThrow(UpstreamFailure);
    try { adapter.parseChatResponse(failed); } catch (e) { expect((e as UpstreamFailure).error.kind).toBe('rate_limit'); }
    // JSON that is no response: a server failure (failed over, tried again), as a body that is not JSON
    try { adapter.parseChatResponse({ hello: 'world' }); expect.unreachable(); } catch (e) { expect((e as UpstreamFailure).error).toMatchObject({ kind: 'server', message: expect.stringMatching(/no output array/) }); }
    try { adapter.parseChatResponse({ object: 'response', usage: { input_tokens: 40, output_tokens: 2 } }); expect.unreachable(); } catch (e) {
      expect((e as UpstreamFailure).error).toMatchObject({ kind: 'server', billed: { inputTokens: 40, outputTokens: 2 } });
    }
    const err = adapter.classifyError(400, JSON.stringify(responsesFixture('error-context.response.json')), {});
    expect(err.kind).toBe('context_length');
  });

  it('decodes a stream: reasoning summary, text, then usage and the finish from response.completed', () => {
    expect(decode('text.chunks.txt')).toEqual([
      { type: 'start', id: 'resp_68b0c1a9d5f08190a1e2c3d4e5f60718', model: 'gpt-5.1-codex-2025-11-13' },
      { type: 'at-work', thinking: true },
      { type: 'reasoning-delta', text: '**Saying' },
      { type: 'reasoning-delta', text: ' hi**' },
      { type: 'at-work', thinking: false },
      { type: 'text-delta', text: 'Hi' },
      { type: 'text-delta', text: ' there!' },
      { type: 'usage', usage: { inputTokens: 2310, outputTokens: 45, cachedInputTokens: 2048, reasoningTokens: 20 } },
      { type: 'finish', finishReason: 'stop' },
    ]);
  });

  it('parses no event it reads nothing from once started (in_progress repeats the whole request)', () => {
    const events = responsesChunkEvents('text.chunks.txt');
    const unread = events.filter((e) => /"type":"response\.(?:in_progress|content_part\.|output_text\.done|reasoning_summary_(?:part\.|text\.done))/.test(e.data));
    expect(unread.length).toBeGreaterThan(3);
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const d = adapter.createStreamDecoder();
      for (const e of events) d.push(e);
      const parsed = new Set(parse.mock.calls.map(([text]) => text));
      for (const e of unread) expect(parsed.has(e.data), e.data.slice(0, 60)).toBe(false);
    } finally {
      parse.mockRestore();
    }
    // before anything started, such an event still starts the stream
    const first = adapter.createStreamDecoder().push({ data: '{"type":"response.in_progress","sequence_number":0,"response":{"id":"resp_1","model":"m"}}' });
    expect(first).toEqual([{ type: 'start', id: 'resp_1', model: 'm' }]);
  });

  it('decodes streamed function calls, a namespaced one under its flat name', () => {
    const parts = decode('tool-call.chunks.txt');
    expect(parts.filter((p) => p.type === 'tool-call-start')).toEqual([
      { type: 'tool-call-start', index: 0, id: 'call_Xj3kTq9wZ8b1', name: 'exec_command' },
      { type: 'tool-call-start', index: 1, id: 'call_Ns4Ag7', name: 'multi_agent_v1__wait_agent' },
    ]);
    const args = (i: number) => parts.filter((p) => p.type === 'tool-call-delta' && p.index === i).map((p) => (p as any).argumentsDelta).join('');
    expect(args(0)).toBe('{"cmd":"echo sb-roundtrip"}');
    expect(args(1)).toBe('{}');
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'tool_calls' });
  });

  it('reads items a server sends whole, without deltas', () => {
    const d = adapter.createStreamDecoder();
    const parts = [
      { type: 'response.created', response: { id: 'r', model: 'm' } },
      { type: 'response.output_item.done', output_index: 0, item: { id: 'm1', type: 'message', content: [{ type: 'output_text', text: 'whole' }] } },
      { type: 'response.output_item.done', output_index: 1, item: { id: 'f1', type: 'function_call', call_id: 'c', name: 'f', arguments: '{"a":1}' } },
      { type: 'response.completed', response: { status: 'completed', usage: { input_tokens: 3, output_tokens: 4 } } },
    ].flatMap((e) => d.push({ data: JSON.stringify(e) }));
    expect(parts.slice(1)).toEqual([
      { type: 'text-delta', text: 'whole' },
      { type: 'tool-call-start', index: 0, id: 'c', name: 'f' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"a":1}' },
      { type: 'usage', usage: { inputTokens: 3, outputTokens: 4 } },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
  });

  it('ends a refusal alone as content_filter (OpenAI completes it; other clients read it from the finish), whole, streamed or sent whole', () => {
    const refusal = { id: 'm1', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'refusal', refusal: "I'm sorry, I can't help with that." }] };
    const body = { ...responsesFixture('text.response.json'), output: [refusal] };
    expect(adapter.parseChatResponse(body)).toMatchObject({ text: "I'm sorry, I can't help with that.", refusal: "I'm sorry, I can't help with that.", finishReason: 'content_filter' });
    const answer = { ...refusal, content: [{ type: 'output_text', text: 'Sure.', annotations: [] }] };
    expect(adapter.parseChatResponse({ ...body, output: [answer] }).finishReason).toBe('stop');
    expect(adapter.parseChatResponse({ ...body, output: [answer] })).not.toHaveProperty('refusal');
    // an answer beside a refusal: the refusal ends the text, and is told apart
    const both = { ...refusal, content: [{ type: 'refusal', refusal: 'Not that.' }, { type: 'output_text', text: 'Sure.', annotations: [] }] };
    expect(adapter.parseChatResponse({ ...body, output: [both] })).toMatchObject({ text: 'Sure.Not that.', refusal: 'Not that.', finishReason: 'stop' });
    const stream = (events: object[]) => {
      const d = adapter.createStreamDecoder();
      return events.flatMap((e) => d.push({ data: JSON.stringify(e) }));
    };
    const created = { type: 'response.created', response: { id: 'r', model: 'm' } };
    const completed = { type: 'response.completed', response: { status: 'completed', usage: { input_tokens: 3, output_tokens: 4 } } };
    const streamed = stream([
      created,
      { type: 'response.refusal.delta', item_id: 'm1', output_index: 0, content_index: 0, delta: "I'm sorry" },
      { type: 'response.output_item.done', output_index: 0, item: refusal },
      completed,
    ]);
    expect(streamed.filter((p) => p.type === 'text-delta')).toEqual([{ type: 'text-delta', text: "I'm sorry", refusal: true }]);
    expect(streamed.at(-1)).toEqual({ type: 'finish', finishReason: 'content_filter' });
    const whole = stream([created, { type: 'response.output_item.done', output_index: 0, item: refusal }, completed]);
    expect(whole.filter((p) => p.type === 'text-delta')).toEqual([{ type: 'text-delta', text: "I'm sorry, I can't help with that.", refusal: true }]);
    expect(whole.at(-1)).toEqual({ type: 'finish', finishReason: 'content_filter' });
    expect(stream([created, { type: 'response.output_text.delta', item_id: 'm1', output_index: 0, delta: 'Sure.' }, completed]).at(-1))
      .toEqual({ type: 'finish', finishReason: 'stop' });
  });

  it('turns response.failed, an error event and an early end into error parts', () => {
    const failed = decode('failed.chunks.txt');
    expect(failed.at(-1)).toEqual({ type: 'error', error: expect.objectContaining({ kind: 'server', message: expect.stringContaining('invalid content') }) });
    const d = adapter.createStreamDecoder();
    expect(d.push({ event: 'error', data: '{"type":"error","code":"rate_limit_exceeded","message":"Rate limit reached","param":null}' }))
      .toEqual([{ type: 'error', error: expect.objectContaining({ kind: 'rate_limit' }) }]);
    const cut = adapter.createStreamDecoder();
    cut.push({ data: '{"type":"response.created","response":{"id":"r"}}' });
    expect(cut.end()).toEqual([{ type: 'error', error: { kind: 'stream', message: expect.stringContaining('before response.completed') } }]);
    expect(adapter.createStreamDecoder().push({ data: '{nope' })).toEqual([{ type: 'error', error: expect.objectContaining({ kind: 'stream' }) }]);
  });
});
