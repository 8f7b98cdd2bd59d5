import { describe, expect, it, vi } from 'vitest';
import type { SseEvent, StreamPart } from '../../canonical';
import { anthropicChunks } from '../../../../test/fixtures/anthropic/load-fixture';
import { anthropicAdapter } from './index';
import { checkReportedUsage } from '../../usage-sanity';

function decode(events: SseEvent[], end = true): StreamPart[] {
  const decoder = anthropicAdapter.createStreamDecoder();
  const parts = events.flatMap((e) => decoder.push(e));
  return end ? [...parts, ...decoder.end()] : parts;
}

describe('anthropic stream decoder', () => {
  it('tells the figures message_start stated (its output count included), for a stream cut short', () => {
    const d = anthropicAdapter.createStreamDecoder();
    expect(d.runningUsage!()).toBeUndefined();
    d.push({ event: 'message_start', data: JSON.stringify({ type: 'message_start', message: { id: 'm', model: 'c', usage: { input_tokens: 10, cache_read_input_tokens: 300, cache_creation_input_tokens: 20, output_tokens: 1 } } }) });
    expect(d.runningUsage!()).toEqual({ inputTokens: 330, cachedInputTokens: 300, cacheCreationInputTokens: 20, outputTokens: 1 });
  });

  it('decodes a text stream with usage before the finish', () => {
    expect(decode(anthropicChunks('text'))).toEqual([
      { type: 'start', id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY', model: 'claude-sonnet-4-5-20250929' },
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: '!' },
      { type: 'usage', usage: { inputTokens: 25, outputTokens: 15, cachedInputTokens: 0, cacheCreationInputTokens: 0 } },
      { type: 'finish', finishReason: 'stop' },
    ]);
  });

  it('reads deltas of the open block without a parse, and gives what a parse would for every other spelling', () => {
    const ev = (data: string): SseEvent => ({ event: 'content_block_delta', data });
    const text = (index: number, t: string) => ev(`{"type":"content_block_delta","index":${index},"delta":{"type":"text_delta","text":"${t}"}}`);
    const events: SseEvent[] = [
      { event: 'message_start', data: '{"type":"message_start","message":{"id":"m1","model":"c","usage":{"input_tokens":3,"output_tokens":1}}}' },
      { event: 'content_block_start', data: '{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}' },
      ev('{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hm \\"q\\""}}'),
      ev('{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"sig"}}'),
      { event: 'content_block_stop', data: '{"type":"content_block_stop","index":0}' },
      { event: 'content_block_start', data: '{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}' },
      text(1, 'plain'), text(1, 'tab\\t \\u00e9'), text(1, 'back\\\\'), text(1, ''),
      // spaced, another key order, another block's index: parsed, the same parts
      ev('{"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "spaced"}}'),
      ev('{"index":1,"type":"content_block_delta","delta":{"text":"reordered","type":"text_delta"}}'),
      text(0, 'block 0'),
      // the frame around a second member: parsed, and the member seen
      text(1, 'a","citations":"x'),
      { event: 'content_block_stop', data: '{"type":"content_block_stop","index":1}' },
      { event: 'content_block_start', data: '{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"t1","name":"f","input":{}}}' },
      ev('{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}'),
      ev('{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\\"a\\":1}"}}'),
      { event: 'content_block_stop', data: '{"type":"content_block_stop","index":2}' },
      { event: 'message_delta', data: '{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":9}}' },
      { event: 'message_stop', data: '{"type":"message_stop"}' },
    ];
    expect(decode(events)).toEqual([
      { type: 'start', id: 'm1', model: 'c' },
      { type: 'at-work', thinking: true },
      { type: 'reasoning-delta', text: 'hm "q"' },
      { type: 'text-delta', text: 'plain' }, { type: 'text-delta', text: 'tab\t \u00e9' }, { type: 'text-delta', text: 'back\\' },
      { type: 'text-delta', text: 'spaced' }, { type: 'text-delta', text: 'reordered' }, { type: 'text-delta', text: 'block 0' },
      { type: 'text-delta', text: 'a' },
      { type: 'tool-call-start', index: 0, id: 't1', name: 'f', thinking: [{ type: 'thinking', thinking: 'hm "q"', signature: 'sig' }] },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"a":1}' },
      { type: 'usage', usage: { inputTokens: 3, outputTokens: 9 } },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
    // a broken piece in the frame is no text: parsed, and found not to be JSON
    for (const bad of ['x\\', 'x\u0001', 'x\\q']) {
      expect(decode([events[5]!, text(1, bad)], false).at(-1), bad).toMatchObject({ type: 'error', error: { message: expect.stringContaining('not JSON') } });
    }
    // a block without an index has no frame: a delta spelled with NaN is not JSON
    const noIndex = decode([events[0]!, { event: 'content_block_start', data: '{"type":"content_block_start","content_block":{"type":"text","text":""}}' },
      ev('{"type":"content_block_delta","index":NaN,"delta":{"type":"text_delta","text":"hi"}}')], false);
    expect(noIndex.at(-1)).toMatchObject({ type: 'error', error: { message: expect.stringContaining('not JSON') } });
    // the plain ones are not parsed at all
    const parse = vi.spyOn(JSON, 'parse');
    try {
      decode([events[5]!, ...Array.from({ length: 10 }, (_, i) => text(1, `w${i}`))], false);
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });

  it('decodes tool use with input_json_delta fragments and a no-argument call', () => {
    const parts = decode(anthropicChunks('tool-use'));
    expect(parts.filter((p) => p.type === 'tool-call-start')).toEqual([
      { type: 'tool-call-start', index: 0, id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather' },
      { type: 'tool-call-start', index: 1, id: 'toolu_02NoArgs', name: 'get_time' },
    ]);
    const args = (i: number) => parts.flatMap((p) => (p.type === 'tool-call-delta' && p.index === i ? [p.argumentsDelta] : [])).join('');
    expect(JSON.parse(args(0))).toEqual({ location: 'San Francisco, CA', unit: 'fahrenheit' });
    expect(args(1)).toBe('{}');
    expect(parts.slice(-2)).toEqual([
      { type: 'usage', usage: { inputTokens: 472, outputTokens: 89 } },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
  });

  it('turns thinking into reasoning deltas and ignores signatures', () => {
    const parts = decode(anthropicChunks('thinking'));
    expect(parts.filter((p) => p.type === 'reasoning-delta').map((p) => (p as { text: string }).text).join(''))
      .toBe('Let me solve this step by step:\n\n1. First break down 27 * 453\n2. 453 = 400 + 50 + 3');
    expect(parts.filter((p) => p.type === 'text-delta')).toEqual([{ type: 'text-delta', text: '27 * 453 = 12,231' }]);
    expect(parts.some((p) => p.type === 'error')).toBe(false);
  });

  it('keeps a thinking block for the calls after it whole, its pieces joined once it ends; forwarded, keeps none', () => {
    const ev = (data: Record<string, unknown>): SseEvent => ({ event: String(data.type), data: JSON.stringify(data) });
    const thought = (pieces: string[], opening = ''): SseEvent[] => [
      ev({ type: 'message_start', message: { id: 'm', model: 'c', usage: { input_tokens: 3, output_tokens: 1 } } }),
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: opening, signature: '' } }),
      ...pieces.map((thinking) => ev({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking } })),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'SIG' } }),
      ev({ type: 'content_block_stop', index: 0 }),
      ev({ type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: 'ENC' } }),
      ev({ type: 'content_block_stop', index: 1 }),
      ev({ type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 't1', name: 'f', input: {} } }),
    ];
    const call = (parts: StreamPart[]) => parts.find((p) => p.type === 'tool-call-start');
    const pieces = ['First, the 13 characters', ' and more: ', 'a third piece of thought'];
    expect(call(decode(thought(pieces, 'opened '), false))).toEqual({
      type: 'tool-call-start', index: 0, id: 't1', name: 'f',
      thinking: [{ type: 'thinking', thinking: `opened ${pieces.join('')}`, signature: 'SIG' }, { type: 'redacted_thinking', data: 'ENC' }],
    });
    expect(call(decode(thought([pieces[0]!]), false))).toMatchObject({ thinking: [{ type: 'thinking', thinking: pieces[0] }, { type: 'redacted_thinking' }] });
    // forwarded (Claude Code): the client has the thinking as sent, nothing is kept of it
    const forwarded = anthropicAdapter.createStreamDecoder({ forwarded: true });
    const parts = thought(pieces).flatMap((e) => forwarded.push(e));
    expect(call(parts)).toEqual({ type: 'tool-call-start', index: 0, id: 't1', name: 'f' });
    expect(parts.filter((p) => p.type === 'reasoning-delta').map((p) => (p as { text: string }).text)).toEqual(pieces);
  });

  it('says the model is at work when a block begins that brings no answer yet: thinking before its first delta, redacted thinking, a server tool', () => {
    const begun = (block: Record<string, unknown>) => decode([
      { event: 'content_block_start', data: JSON.stringify({ type: 'content_block_start', index: 0, content_block: block }) },
    ], false);
    expect(begun({ type: 'thinking', thinking: '' })).toEqual([{ type: 'at-work', thinking: true }]);
    expect(begun({ type: 'redacted_thinking', data: 'EmwKAhgB' })).toEqual([{ type: 'at-work', thinking: true }]);
    expect(begun({ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} })).toEqual([{ type: 'at-work', thinking: false }]);
    // thinking already in the block is the thinking itself
    expect(begun({ type: 'thinking', thinking: 'hm' })).toEqual([{ type: 'reasoning-delta', text: 'hm' }]);
  });

  it('combines cache figures from message_start and message_delta into one usage part', () => {
    const usage = decode(anthropicChunks('cache-usage')).filter((p) => p.type === 'usage');
    expect(usage).toEqual([{ type: 'usage', usage: { inputTokens: 21 + 188086 + 1000, outputTokens: 393, cachedInputTokens: 1000, cacheCreationInputTokens: 188086 } }]);
  });

  it('counts the web searches message_delta reports, run after message_start counted none', () => {
    const ev = (type: string, body: Record<string, unknown>): SseEvent => ({ event: type, data: JSON.stringify({ type, ...body }) });
    const usage = decode([
      ev('message_start', { message: { id: 'm', model: 'claude-haiku-4-5', usage: { input_tokens: 1000, output_tokens: 1, server_tool_use: { web_search_requests: 0 } } } }),
      ev('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 200, server_tool_use: { web_search_requests: 3, web_fetch_requests: 2 } } }),
      ev('message_stop', {}),
    ]).filter((p) => p.type === 'usage');
    expect(usage).toEqual([{ type: 'usage', usage: { inputTokens: 1000, outputTokens: 200, webSearchCalls: 3 } }]);
  });

  it('leaves the input missing when message_start states none, so the sanity check refuses the usage (the row is estimated)', () => {
    const ev = (type: string, body: Record<string, unknown>): SseEvent => ({ event: type, data: JSON.stringify({ type, ...body }) });
    const d = anthropicAdapter.createStreamDecoder();
    const parts = [
      ev('message_start', { message: { id: 'm', model: 'c', usage: {} } }),
      ev('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 13 } }),
      ev('message_stop', {}),
    ].flatMap((e) => d.push(e));
    const usage = parts.find((p) => p.type === 'usage');
    expect(usage?.type === 'usage' && checkReportedUsage(usage.usage).ok).toBe(false);
    expect(checkReportedUsage(d.runningUsage!()!).ok).toBe(false);
    // stated input and no output yet: the input still stands for a stream cut short
    const cut = anthropicAdapter.createStreamDecoder();
    cut.push(ev('message_start', { message: { id: 'm', model: 'c', usage: { input_tokens: 40 } } }));
    expect(cut.runningUsage!()).toEqual({ inputTokens: 40, outputTokens: 0 });
  });

  it('keeps the speed fast mode reports, in message_start or message_delta', () => {
    const ev = (type: string, body: Record<string, unknown>): SseEvent => ({ event: type, data: JSON.stringify({ type, ...body }) });
    for (const [start, delta] of [[{ speed: 'fast' }, {}], [{}, { speed: 'fast' }]]) {
      const usage = decode([
        ev('message_start', { message: { id: 'm', model: 'claude-opus-4-6', usage: { input_tokens: 10, output_tokens: 1, ...start } } }),
        ev('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 20, ...delta } }),
        ev('message_stop', {}),
      ]).find((p) => p.type === 'usage');
      expect(usage).toEqual({ type: 'usage', usage: { inputTokens: 10, outputTokens: 20, speed: 'fast' } });
    }
  });

  it('keeps where the inference ran, as message_start reports it', () => {
    const ev = (type: string, body: Record<string, unknown>): SseEvent => ({ event: type, data: JSON.stringify({ type, ...body }) });
    const usage = decode([
      ev('message_start', { message: { id: 'm', model: 'claude-opus-4-6', usage: { input_tokens: 10, output_tokens: 1, inference_geo: 'us' } } }),
      ev('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 20 } }),
      ev('message_stop', {}),
    ]).find((p) => p.type === 'usage');
    expect(usage).toEqual({ type: 'usage', usage: { inputTokens: 10, outputTokens: 20, inferenceGeo: 'us' } });
  });

  it('keeps the compaction iterations message_delta reports, billed apart from the top-level figures', () => {
    const ev = (type: string, body: Record<string, unknown>): SseEvent => ({ event: type, data: JSON.stringify({ type, ...body }) });
    const iterations = [
      { type: 'compaction', input_tokens: 180000, output_tokens: 3500, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
      { type: 'message', input_tokens: 23000, output_tokens: 1000, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
    ];
    const usage = decode([
      ev('message_start', { message: { id: 'm', model: 'claude-sonnet-4-6', usage: { input_tokens: 23000, output_tokens: 1 } } }),
      ev('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { input_tokens: 23000, output_tokens: 1000, iterations } }),
      ev('message_stop', {}),
    ]).find((p) => p.type === 'usage');
    expect(usage).toEqual({
      type: 'usage',
      usage: {
        inputTokens: 23000, outputTokens: 1000,
        compactions: [{ inputTokens: 180000, outputTokens: 3500, cachedInputTokens: 0, cacheCreationInputTokens: 0 }],
      },
    });
  });

  it('turns an error event into an error part and says nothing more at end()', () => {
    const decoder = anthropicAdapter.createStreamDecoder();
    const parts = anthropicChunks('error').flatMap((e) => decoder.push(e));
    expect(parts.at(-1)).toEqual({ type: 'error', error: { kind: 'overloaded', status: 529, message: 'Overloaded' } });
    expect(decoder.end()).toEqual([]);
    const rate = decode([{ event: 'error', data: '{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}' }]);
    expect(rate[0]).toMatchObject({ type: 'error', error: { kind: 'rate_limit' } });
  });

  it('reports a stream that ends before message_stop, and malformed JSON', () => {
    const cut = decode(anthropicChunks('text').slice(0, 4));
    expect(cut.at(-1)).toMatchObject({ type: 'error', error: { kind: 'stream' } });
    const bad = decode([anthropicChunks('text')[0]!, { event: 'content_block_delta', data: '{not json' }]);
    expect(bad.at(-1)).toMatchObject({ type: 'error', error: { kind: 'stream' } });
    expect(bad.filter((p) => p.type === 'error')).toHaveLength(1);
  });

  it('uses the event name when data carries no type, and ignores unknown events', () => {
    const parts = decode([
      { event: 'message_start', data: '{"message":{"id":"m","model":"c","usage":{"input_tokens":3,"output_tokens":1}}}' },
      { event: 'future_event', data: '{"type":"future_event"}' },
      { event: 'message_delta', data: '{"delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":2}}' },
      { event: 'message_stop', data: '{}' },
    ]);
    expect(parts).toEqual([
      { type: 'start', id: 'm', model: 'c' },
      { type: 'usage', usage: { inputTokens: 3, outputTokens: 2 } },
      { type: 'finish', finishReason: 'length' },
    ]);
  });
});
