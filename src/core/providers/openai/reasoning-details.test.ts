import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../canonical';
import { createSseParser } from '../../sse';
import { openaiAdapter } from './index';
import { readReasoningDetails, reasoningDetailsGatherer } from './reasoning-details';

/** An OpenRouter chat stream through the real SSE parser and chat decoder: its finish part. */
function finishOf(chunks: unknown[]): Extract<StreamPart, { type: 'finish' }> {
  const parser = createSseParser();
  const decoder = openaiAdapter.createStreamDecoder();
  const parts: StreamPart[] = [];
  const sse = chunks.map((delta, i) => `data: ${JSON.stringify({ id: 'gen-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: i === chunks.length - 1 ? 'tool_calls' : null }] })}\n\n`).join('') + 'data: [DONE]\n\n';
  for (const ev of parser.push(sse)) parts.push(...decoder.push(ev));
  for (const ev of parser.end()) parts.push(...decoder.push(ev));
  parts.push(...decoder.end());
  return parts.find((p): p is Extract<StreamPart, { type: 'finish' }> => p.type === 'finish')!;
}

const call = (index: number, id: string) => ({ tool_calls: [{ index, id, type: 'function', function: { name: 'f', arguments: '{}' } }] });

describe('a stream\'s reasoning_details', () => {
  it('are bounded by what is kept, not by the type and format every chunk repeats', () => {
    // 40,000 chunks of 15 characters: 600,000 kept, 2.2M with each chunk's type and format counted
    const text = 'abcdefghijklmn ';
    const chunks: unknown[] = [];
    for (let i = 0; i < 40_000; i++) chunks.push({ reasoning_details: [{ type: 'reasoning.text', text, format: 'anthropic-claude-v1', index: 0 }] });
    chunks.push({ reasoning_details: [{ type: 'reasoning.text', signature: 'SIG', format: 'anthropic-claude-v1', index: 0 }] });
    chunks.push(call(0, 'call_a'), {});
    const fin = finishOf(chunks);
    expect(fin.reasoningDetails?.callIds).toEqual(['call_a']);
    expect(fin.reasoningDetails?.details).toHaveLength(1);
    expect(fin.reasoningDetails?.details[0]).toMatchObject({ type: 'reasoning.text', signature: 'SIG', format: 'anthropic-claude-v1', index: 0 });
    expect(String(fin.reasoningDetails?.details[0]?.text)).toHaveLength(40_000 * text.length);
  });

  it('past 1M characters kept are not kept at all', () => {
    const text = 'x'.repeat(100_000);
    const chunks: unknown[] = [];
    for (let i = 0; i < 11; i++) chunks.push({ reasoning_details: [{ type: 'reasoning.text', text, index: 0 }] });
    chunks.push(call(0, 'call_a'), {});
    expect(finishOf(chunks).reasoningDetails).toBeUndefined();
  });

  it('join pieces of one index only where their ids agree: two calls\' signatures stay two items', () => {
    const fin = finishOf([
      call(0, 'call_a'),
      { reasoning_details: [{ type: 'reasoning.encrypted', data: 'SIG-A', id: 'call_a', format: 'google-gemini-v1', index: 0 }] },
      call(1, 'call_b'),
      { reasoning_details: [{ type: 'reasoning.encrypted', data: 'SIG-B', id: 'call_b', format: 'google-gemini-v1', index: 0 }] },
      // one item streamed in pieces: the same id, or an id on one piece only, joins
      { reasoning_details: [{ type: 'reasoning.text', text: 'Think ', id: 'r1', index: 1 }] },
      { reasoning_details: [{ type: 'reasoning.text', text: 'more', id: 'r1', index: 1 }] },
      { reasoning_details: [{ type: 'reasoning.text', text: '.', index: 1 }] },
      {},
    ]);
    expect(fin.reasoningDetails?.details).toEqual([
      { type: 'reasoning.encrypted', data: 'SIG-A', id: 'call_a', format: 'google-gemini-v1', index: 0 },
      { type: 'reasoning.encrypted', data: 'SIG-B', id: 'call_b', format: 'google-gemini-v1', index: 0 },
      { type: 'reasoning.text', text: 'Think more.', id: 'r1', index: 1 },
    ]);
  });

  it('count a field that is not a string by its JSON: 50 items of 100 KB objects are past the bound (before: kept, ~10 MB)', () => {
    const big = { blob: 'x'.repeat(100_000) };
    const chunks: unknown[] = [];
    for (let i = 0; i < 50; i++) chunks.push({ reasoning_details: [{ type: 'reasoning.encrypted', index: i, data: big, extra: [big] }] });
    chunks.push(call(0, 'call_a'), {});
    expect(finishOf(chunks).reasoningDetails).toBeUndefined();
    // each is about 200,000 characters of JSON: five are kept (under 1M), six are not
    expect(finishOf([...chunks.slice(0, 5), call(0, 'call_a'), {}]).reasoningDetails?.details).toHaveLength(5);
    expect(finishOf([...chunks.slice(0, 6), call(0, 'call_a'), {}]).reasoningDetails).toBeUndefined();
  });

  it('charge every item at least a few characters: 100,000 items with no string are not kept (before: all kept)', () => {
    const chunks: unknown[] = [];
    for (let c = 0; c < 10; c++) chunks.push({ reasoning_details: Array.from({ length: 10_000 }, (_, i) => ({ n: c * 10_000 + i })) });
    chunks.push(call(0, 'call_a'), {});
    expect(finishOf(chunks).reasoningDetails).toBeUndefined();
    expect(finishOf([chunks[0], call(0, 'call_a'), {}]).reasoningDetails?.details).toHaveLength(10_000);
  });

  it('a field nested deeper than JSON.stringify can write is past the bound, no crash', () => {
    const deep: unknown = JSON.parse(`{"type":"reasoning.encrypted","index":0,"data":${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    const gatherer = reasoningDetailsGatherer();
    gatherer.add([{ type: 'reasoning.text', text: 'kept so far', index: 1 }]);
    gatherer.add([deep]);
    expect(gatherer.details()).toBeUndefined();
    expect(readReasoningDetails([deep])).toBeUndefined();
  });
});

describe('a response\'s reasoning_details', () => {
  it('are bounded the same way: objects by their JSON, each item at least a few characters', () => {
    const big = { blob: 'x'.repeat(100_000) };
    expect(readReasoningDetails(Array.from({ length: 50 }, () => ({ type: 'reasoning.encrypted', data: big })))).toBeUndefined();
    expect(readReasoningDetails(Array.from({ length: 100_000 }, (_, n) => ({ n })))).toBeUndefined();
    expect(readReasoningDetails([{ type: 'reasoning.encrypted', data: big }])).toHaveLength(1);
  });
});
