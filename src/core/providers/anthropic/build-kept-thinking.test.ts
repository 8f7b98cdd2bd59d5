import { describe, expect, it } from 'vitest';
import type { CanonicalMessage, CanonicalRequest, SignedThinking, UpstreamTarget } from '../../canonical';
import { anthropicAdapter } from './index';

const target: UpstreamTarget = { baseUrl: 'https://api.anthropic.com', modelName: 'claude-sonnet-4-5', apiKey: 'k', reasoning: true };
const A: SignedThinking = { type: 'thinking', thinking: 'first', signature: 'SIG_A' };
const B: SignedThinking = { type: 'redacted_thinking', data: 'ENC_B' };
const C: SignedThinking = { type: 'thinking', thinking: 'between', signature: 'SIG_C' };

function loop(calls: { id: string; thinking?: SignedThinking[] }[], earlier?: SignedThinking[]): CanonicalMessage[] {
  return [
    { role: 'user', content: [{ type: 'text', text: 'q' }] },
    { role: 'assistant', content: [], toolCalls: [{ id: 'old', name: 'f', arguments: '{}', ...(earlier ? { thinking: earlier } : {}) }] },
    { role: 'tool', toolCallId: 'old', content: [{ type: 'text', text: 'r0' }] },
    { role: 'assistant', content: [{ type: 'text', text: 'Running both.' }], toolCalls: calls.map((c) => ({ name: 'f', arguments: '{"a":1}', ...c })) },
    ...calls.map((c): CanonicalMessage => ({ role: 'tool', toolCallId: c.id, content: [{ type: 'text', text: 'r' }] })),
  ];
}

function build(messages: CanonicalMessage[], over: Partial<CanonicalRequest> = {}, t = target): { body: any; dropped: string[] | undefined } {
  const built = anthropicAdapter.buildChatRequest({ model: 'm', system: [], messages, stream: false, includeUsage: false, reasoningEffort: 'high', ...over }, t);
  return { body: JSON.parse(built.body!), dropped: built.dropped };
}

describe('a tool loop with the thinking kept for its calls', () => {
  it('keeps thinking on, the turn beginning with the first call\'s blocks and a later call\'s right before it', () => {
    const { body, dropped } = build(loop([{ id: 't1', thinking: [A, B] }, { id: 't2', thinking: [C] }], [A]));
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 24576 });
    expect(dropped).toBeUndefined();
    expect(body.messages[3].content.map((b: any) => b.type)).toEqual(['thinking', 'redacted_thinking', 'text', 'tool_use', 'thinking', 'tool_use']);
    expect(body.messages[3].content.slice(0, 2)).toEqual([A, B]);
    expect(body.messages[3].content[4]).toEqual(C);
    // an earlier turn's kept blocks go back too, as Claude Code sends them
    expect(body.messages[1].content[0]).toEqual(A);
  });

  it('an adaptive model too', () => {
    const { body } = build(loop([{ id: 't1', thinking: [A] }]), {}, { ...target, modelName: 'claude-opus-4-7' });
    expect(body.thinking).toEqual({ type: 'adaptive' });
    expect(body.messages[3].content[0]).toEqual(A);
  });

  it('a call of the last turn without its thinking, or a turn whose first call thought nothing: off as before, no blocks sent, named', () => {
    for (const calls of [[{ id: 't1', thinking: [A] }, { id: 't2' }], [{ id: 't1', thinking: [] }, { id: 't2', thinking: [C] }]]) {
      const { body, dropped } = build(loop(calls, [A]));
      expect(body.thinking).toBeUndefined();
      expect(dropped).toEqual(['reasoning_effort']);
      expect(JSON.stringify(body.messages)).not.toMatch(/thinking/);
    }
  });

  it('no thinking asked (or a model that does not reason): the kept blocks stay out', () => {
    for (const [over, t] of [[{ reasoningEffort: undefined }, target], [{}, { ...target, reasoning: false }]] as const) {
      const { body } = build(loop([{ id: 't1', thinking: [A] }]), over, t);
      expect(body.thinking).toBeUndefined();
      expect(JSON.stringify(body.messages)).not.toMatch(/thinking/);
    }
  });

  it('a turn split in two assistant messages still begins with its thinking', () => {
    const messages: CanonicalMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Let me see.' }] },
      { role: 'assistant', content: [], toolCalls: [{ id: 't1', name: 'f', arguments: '{}', thinking: [A] }] },
      { role: 'tool', toolCallId: 't1', content: [{ type: 'text', text: 'r' }] },
    ];
    const { body } = build(messages);
    expect(body.messages[1].content.map((b: any) => b.type)).toEqual(['thinking', 'text', 'tool_use']);
  });
});
