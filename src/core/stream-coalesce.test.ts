import { describe, expect, it } from 'vitest';
import type { StreamPart } from './canonical';
import { coalesceDeltas } from './stream-coalesce';

describe('coalesceDeltas', () => {
  it('joins runs of text, of reasoning and of one call\'s arguments, in order, and leaves the rest as it is', () => {
    const parts: StreamPart[] = [
      { type: 'start', id: 'x', model: 'm' },
      { type: 'reasoning-delta', text: 'Let ' },
      { type: 'reasoning-delta', text: 'me think.' },
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo' },
      { type: 'text-delta', text: '!' },
      { type: 'tool-call-start', index: 0, id: 'c0', name: 'f' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"a"' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: ':1}' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' },
      { type: 'text-delta', text: 'after' },
      { type: 'usage', usage: { inputTokens: 1, outputTokens: 2 } },
      { type: 'finish', finishReason: 'tool_calls' },
    ];
    expect(coalesceDeltas(parts)).toEqual([
      { type: 'start', id: 'x', model: 'm' },
      { type: 'reasoning-delta', text: 'Let me think.' },
      { type: 'text-delta', text: 'Hello!' },
      { type: 'tool-call-start', index: 0, id: 'c0', name: 'f' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"a":1}' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' },
      { type: 'text-delta', text: 'after' },
      { type: 'usage', usage: { inputTokens: 1, outputTokens: 2 } },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
  });

  it('keeps refusal text apart from answer text (a chat client gets it in its own field)', () => {
    const parts: StreamPart[] = [
      { type: 'text-delta', text: 'a' },
      { type: 'text-delta', text: 'No', refusal: true },
      { type: 'text-delta', text: 'pe.', refusal: true },
      { type: 'text-delta', text: 'b' },
    ];
    expect(coalesceDeltas(parts)).toEqual([
      { type: 'text-delta', text: 'a' },
      { type: 'text-delta', text: 'Nope.', refusal: true },
      { type: 'text-delta', text: 'b' },
    ]);
  });

  it('never changes the parts it was given', () => {
    const a: StreamPart = { type: 'text-delta', text: 'a' };
    const b: StreamPart = { type: 'text-delta', text: 'b' };
    const c: StreamPart = { type: 'text-delta', text: 'c' };
    expect(coalesceDeltas([a, b, c])).toEqual([{ type: 'text-delta', text: 'abc' }]);
    expect([a, b, c]).toEqual([{ type: 'text-delta', text: 'a' }, { type: 'text-delta', text: 'b' }, { type: 'text-delta', text: 'c' }]);
  });
});
