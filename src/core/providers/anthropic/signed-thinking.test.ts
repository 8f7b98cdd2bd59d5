import { describe, expect, it } from 'vitest';
import type { SseEvent, StreamPart } from '../../canonical';
import { anthropicAdapter } from './index';

const thinking = { type: 'thinking', thinking: 'Let me look.', signature: 'SIG_A' };
const redacted = { type: 'redacted_thinking', data: 'ENC_B' };

describe('signed thinking kept with the calls after it', () => {
  it('a whole answer: the blocks before the first call on it, those between calls on the next, [] for a call with none of its own', () => {
    const res = anthropicAdapter.parseChatResponse({
      id: 'm', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', stop_reason: 'tool_use',
      content: [thinking, redacted, { type: 'text', text: 'Running it.' }, { type: 'tool_use', id: 'toolu_1', name: 'a', input: {} },
        { type: 'tool_use', id: 'toolu_2', name: 'b', input: {} }, { type: 'thinking', thinking: 'more', signature: 'SIG_C' }, { type: 'tool_use', id: 'toolu_3', name: 'c', input: {} }],
    });
    expect(res.toolCalls.map((c) => c.thinking)).toEqual([[thinking, redacted], [], [{ type: 'thinking', thinking: 'more', signature: 'SIG_C' }]]);
    expect(res.reasoning).toBe('Let me look.more');
  });

  it('a whole answer without thinking, or with an unsigned block, puts none on its calls', () => {
    const res = anthropicAdapter.parseChatResponse({
      id: 'm', type: 'message', role: 'assistant', model: 'c', stop_reason: 'tool_use',
      content: [{ type: 'thinking', thinking: 'x', signature: '' }, { type: 'tool_use', id: 'toolu_1', name: 'a', input: {} }],
    });
    expect(res.toolCalls[0]).not.toHaveProperty('thinking');
  });

  it('a stream: the block read from its deltas and signature_delta, whole by content_block_stop, on the next tool-call-start', () => {
    const ev = (data: object): SseEvent => ({ event: (data as { type: string }).type, data: JSON.stringify(data) });
    const events: SseEvent[] = [
      ev({ type: 'message_start', message: { id: 'm', model: 'c', usage: { input_tokens: 3, output_tokens: 1 } } }),
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
      // the framed (unparsed) spelling and the parsed one
      { event: 'content_block_delta', data: '{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me "}}' },
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'look.' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'SIG_A' } }),
      ev({ type: 'content_block_stop', index: 0 }),
      ev({ type: 'content_block_start', index: 1, content_block: redacted }),
      ev({ type: 'content_block_stop', index: 1 }),
      ev({ type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_1', name: 'a', input: {} } }),
      ev({ type: 'content_block_stop', index: 2 }),
      ev({ type: 'content_block_start', index: 3, content_block: { type: 'tool_use', id: 'toolu_2', name: 'b', input: {} } }),
      ev({ type: 'content_block_stop', index: 3 }),
      ev({ type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } }),
      ev({ type: 'message_stop' }),
    ];
    const decoder = anthropicAdapter.createStreamDecoder();
    const starts = events.flatMap((e) => decoder.push(e)).filter((p): p is Extract<StreamPart, { type: 'tool-call-start' }> => p.type === 'tool-call-start');
    expect(starts.map((p) => p.thinking)).toEqual([[thinking, redacted], []]);
  });

  it('a stream without thinking: no thinking on its calls', () => {
    const decoder = anthropicAdapter.createStreamDecoder();
    const parts = [
      { type: 'message_start', message: { id: 'm', model: 'c' } },
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'a', input: {} } },
    ].flatMap((d) => decoder.push({ event: d.type, data: JSON.stringify(d) }));
    expect(parts.find((p) => p.type === 'tool-call-start')).not.toHaveProperty('thinking');
  });
});
