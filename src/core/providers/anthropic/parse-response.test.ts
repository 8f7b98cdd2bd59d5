import { describe, expect, it } from 'vitest';
import { UpstreamFailure } from '../../canonical';
import { anthropicFixture } from '../../../../test/fixtures/anthropic/load-fixture';
import { anthropicAdapter } from './index';
import { checkReportedUsage } from '../../usage-sanity';

describe('anthropic parseChatResponse', () => {
  it('parses a text message', () => {
    expect(anthropicAdapter.parseChatResponse(anthropicFixture('text.response.json'))).toEqual({
      id: 'msg_013Zva2CMHLNnXjNJJKqJ2EF', model: 'claude-sonnet-4-5-20250929', text: 'Hi! My name is Claude.', toolCalls: [],
      finishReason: 'stop',
      usage: { inputTokens: 2095, outputTokens: 503, cachedInputTokens: 0, cacheCreationInputTokens: 0 },
    });
  });

  it('counts the web searches server_tool_use reports (web fetches cost tokens only) and keeps the speed', () => {
    const res = anthropicAdapter.parseChatResponse({
      id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [{ type: 'text', text: 'Found it.' }],
      stop_reason: 'end_turn', usage: { input_tokens: 1000, output_tokens: 200, server_tool_use: { web_search_requests: 3, web_fetch_requests: 2 }, speed: 'fast' },
    });
    expect(res.usage).toEqual({ inputTokens: 1000, outputTokens: 200, webSearchCalls: 3, speed: 'fast' });
  });

  it('keeps where the inference ran (US-only costs more)', () => {
    const res = anthropicAdapter.parseChatResponse({
      id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-opus-4-6', content: [{ type: 'text', text: 'Hi.' }],
      stop_reason: 'end_turn', usage: { input_tokens: 25, output_tokens: 150, inference_geo: 'us' },
    });
    expect(res.usage).toEqual({ inputTokens: 25, outputTokens: 150, inferenceGeo: 'us' });
  });

  it('keeps server-side compaction apart: its tokens are billed but left out of the top-level figures', () => {
    const iteration = { cache_creation: null, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    const res = anthropicAdapter.parseChatResponse({
      id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', content: [{ type: 'text', text: 'Done.' }],
      stop_reason: 'end_turn',
      usage: {
        input_tokens: 23000, output_tokens: 1000, cache_read_input_tokens: 0, cache_creation_input_tokens: 0,
        iterations: [
          { type: 'compaction', ...iteration, input_tokens: 180000, output_tokens: 3500, cache_read_input_tokens: 2000 },
          { type: 'message', ...iteration, input_tokens: 23000, output_tokens: 1000 },
        ],
      },
    });
    expect(res.usage).toEqual({
      inputTokens: 23000, outputTokens: 1000, cachedInputTokens: 0, cacheCreationInputTokens: 0,
      compactions: [{ inputTokens: 182000, outputTokens: 3500, cachedInputTokens: 2000, cacheCreationInputTokens: 0 }],
    });
  });

  it('leaves a count the usage lacks, or gives as a non-number, missing: the sanity check refuses it (the row is estimated)', () => {
    const usageOf = (usage: unknown) => anthropicAdapter.parseChatResponse({
      id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [{ type: 'text', text: 'Hi' }], stop_reason: 'end_turn', usage,
    }).usage!;
    for (const usage of [{}, { output_tokens: 13 }, { input_tokens: '12', output_tokens: '7' }, { input_tokens: null, output_tokens: 7 }, { input_tokens: 12 }]) {
      expect(checkReportedUsage(usageOf(usage)).ok, JSON.stringify(usage)).toBe(false);
    }
    expect(usageOf({ output_tokens: 13, cache_read_input_tokens: 50 }).inputTokens).toBeUndefined();
    expect(checkReportedUsage(usageOf({ input_tokens: 0, output_tokens: 0 }))).toEqual({ ok: true });
  });

  it('parses tool use', () => {
    const res = anthropicAdapter.parseChatResponse(anthropicFixture('tool-use.response.json'));
    expect(res.text).toBe("I'll check the current weather in San Francisco for you.");
    expect(res.toolCalls).toEqual([{ id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', arguments: '{"location":"San Francisco, CA","unit":"celsius"}' }]);
    expect(res.finishReason).toBe('tool_calls');
    expect(res.usage).toEqual({ inputTokens: 472, outputTokens: 89 });
  });

  it('keeps thinking as reasoning and skips redacted thinking', () => {
    const res = anthropicAdapter.parseChatResponse(anthropicFixture('thinking.response.json'));
    expect(res.reasoning).toBe('Let me analyze this step by step...');
    expect(res.text).toBe('Based on my analysis, the answer is 42.');
  });

  it('counts cache reads and writes into canonical input', () => {
    const res = anthropicAdapter.parseChatResponse(anthropicFixture('cache-usage.response.json'));
    expect(res.usage).toEqual({ inputTokens: 21 + 188086 + 1000, outputTokens: 393, cachedInputTokens: 1000, cacheCreationInputTokens: 188086 });
    expect(res.finishReason).toBe('length');
  });

  it('maps every stop reason', () => {
    const base = anthropicFixture('text.response.json');
    const cases = { end_turn: 'stop', stop_sequence: 'stop', max_tokens: 'length', tool_use: 'tool_calls', refusal: 'content_filter', pause_turn: 'stop' };
    for (const [stop, finish] of Object.entries(cases)) {
      expect(anthropicAdapter.parseChatResponse({ ...base, stop_reason: stop }).finishReason).toBe(finish);
    }
  });

  it('throws UpstreamFailure for a 200 whose body is an error', () => {
    try {
      anthropicAdapter.parseChatResponse(anthropicFixture('overloaded.error.json'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UpstreamFailure);
      expect((e as UpstreamFailure).error).toMatchObject({ kind: 'overloaded', message: 'Overloaded' });
    }
    expect(() => anthropicAdapter.parseChatResponse('nonsense')).toThrow(UpstreamFailure);
  });

  it('throws for a 200 that is no message: a gateway error object by the status it names, other JSON as a server failure', () => {
    const failure = (body: unknown) => { try { anthropicAdapter.parseChatResponse(body); } catch (e) { return (e as UpstreamFailure).error; } return expect.unreachable(); };
    expect(failure({ error: { code: 429, message: 'slow down' } })).toMatchObject({ kind: 'rate_limit', status: 429 });
    expect(failure({ error: { message: 'Provider returned error' } })).toMatchObject({ kind: 'server', status: 502 });
    expect(failure({ hello: 'world' })).toMatchObject({ kind: 'server', message: expect.stringMatching(/no content array/) });
    expect(failure({ type: 'message', usage: { input_tokens: 40, output_tokens: 2 } })).toMatchObject({ kind: 'server', billed: { inputTokens: 40, outputTokens: 2 } });
  });
});
