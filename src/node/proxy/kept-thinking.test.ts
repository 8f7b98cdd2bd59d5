import { describe, expect, it } from 'vitest';
import type { CanonicalRequest, SignedThinking } from '../../core/canonical';
import { withKeptThinking, withoutOthersThinking } from './kept-thinking';
import { keptFor, ThoughtSignatures } from './thought-signatures';
import { TWO_TOOL_CALLS } from '../../../test/helpers/canonical-requests';

const A: SignedThinking = { type: 'thinking', thinking: 'why', signature: 'SIG_A' };
const B: SignedThinking = { type: 'redacted_thinking', data: 'ENC' };
const by = (thinking: SignedThinking[]) => ({ thinking, providerId: 'fa', modelName: 'claude-sonnet-4-5' });

const req = TWO_TOOL_CALLS;

describe('kept thinking', () => {
  it('is found by profile and call id, for the model of the provider that thought it only', () => {
    const s = new ThoughtSignatures();
    s.keep('p', 'a', by([A]));
    expect(keptFor(s, 'p', 'fa', 'claude-sonnet-4-5', 'thinking')('a')).toEqual([A]);
    expect(keptFor(s, 'p', 'fa', 'claude-opus-4-5', 'thinking')('a')).toBeUndefined();
    expect(keptFor(s, 'p', 'other', 'claude-sonnet-4-5', 'thinking')('a')).toBeUndefined();
    expect(keptFor(s, 'q', 'fa', 'claude-sonnet-4-5', 'thinking')('a')).toBeUndefined();
    // a Gemini signature kept by the same id is no thinking
    s.keep('p', 'g', { signature: 'sig', providerId: 'fa', modelName: 'claude-sonnet-4-5' });
    expect(keptFor(s, 'p', 'fa', 'claude-sonnet-4-5', 'thinking')('g')).toBeUndefined();
  });

  it('counts the thinking text, signatures and redacted data against the store\'s characters', () => {
    const s = new ThoughtSignatures(100, 800);
    s.keep('p', 'a', by([{ type: 'thinking', thinking: 'x'.repeat(50), signature: 's'.repeat(40) }]));
    for (let i = 0; i < 9; i++) s.keep('p', `n${i}`, by([{ type: 'redacted_thinking', data: 'y'.repeat(90) }]));
    expect(s.find('p', 'a')).toBeUndefined();
    expect(s.size).toBe(8);
    s.keep('p', 'big', by([A, { type: 'redacted_thinking', data: 'z'.repeat(100) }]));
    expect(s.find('p', 'big')).toBeUndefined();
  });

  it('goes on the calls of a turn whose calls are all known, the first with thinking of its own', () => {
    const known: Record<string, SignedThinking[]> = { a: [A, B], b: [] };
    const out = withKeptThinking(req, (id) => known[id]);
    expect(out.messages[1]).toMatchObject({ toolCalls: [{ id: 'a', thinking: [A, B] }, { id: 'b', thinking: [] }] });
    expect((req.messages[1] as { toolCalls: object[] }).toolCalls[0]).not.toHaveProperty('thinking');
  });

  it('leaves the request as it was when a call is unknown or the first call thought nothing', () => {
    expect(withKeptThinking(req, (id) => (id === 'a' ? [A] : undefined))).toBe(req);
    expect(withKeptThinking(req, (id) => (id === 'a' ? [] : [A]))).toBe(req);
    expect(withKeptThinking(req, () => undefined)).toBe(req);
  });

  it('thinking the client brought back goes to the model that did it only', () => {
    const brought: CanonicalRequest = { ...req, messages: req.messages.map((m) => (m.role === 'assistant' ? { ...m, toolCalls: m.toolCalls!.map((c) => ({ ...c, thinking: [A], thinkingBy: 'fa/claude-sonnet-4-5' })) } : m)) };
    expect(withoutOthersThinking(brought, 'fa/claude-sonnet-4-5')).toBe(brought);
    const other = withoutOthersThinking(brought, 'fa/claude-opus-4-5');
    expect((other.messages[1] as { toolCalls: object[] }).toolCalls[0]).toEqual({ id: 'a', name: 'f', arguments: '{}' });
    expect(withoutOthersThinking(req, 'x')).toBe(req);
  });
});
