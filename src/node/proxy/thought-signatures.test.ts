import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../core/canonical';
import type { StreamDecoder } from '../../core/adapter-contracts';
import { keptFor, notingSignatures, ThoughtSignatures, withKeptSignatures } from './thought-signatures';
import { TWO_TOOL_CALLS } from '../../../test/helpers/canonical-requests';

const at = (signature: string) => ({ signature, providerId: 'fg', modelName: 'gemini-3-pro-preview' });

describe('ThoughtSignatures', () => {
  it('finds a signature by profile and call id only', () => {
    const s = new ThoughtSignatures();
    s.keep('alice', 'call_0_x', at('sig-a'));
    expect(s.find('alice', 'call_0_x')?.signature).toBe('sig-a');
    expect(s.find('bob', 'call_0_x')).toBeUndefined();
    expect(s.find('alice', 'call_1_x')).toBeUndefined();
  });

  it('forgets the least recently used past its count, and past its characters', () => {
    const s = new ThoughtSignatures(2, 1000);
    s.keep('p', 'a', at('1'));
    s.keep('p', 'b', at('2'));
    s.find('p', 'a');
    s.keep('p', 'c', at('3'));
    expect([s.find('p', 'a')?.signature, s.find('p', 'b'), s.find('p', 'c')?.signature]).toEqual(['1', undefined, '3']);
    const chars = new ThoughtSignatures(100, 800);
    chars.keep('p', 'a', at('x'.repeat(90)));
    for (let i = 0; i < 9; i++) chars.keep('p', `n${i}`, at('y'.repeat(90)));
    expect(chars.find('p', 'a')).toBeUndefined();
    expect(chars.size).toBe(8);
    // one larger than an eighth of the whole is not kept at all
    chars.keep('p', 'big', at('z'.repeat(101)));
    expect(chars.find('p', 'big')).toBeUndefined();
    expect(chars.size).toBe(8);
  });

  it('gives a signature back only to the model of the provider that made it', () => {
    const s = new ThoughtSignatures();
    s.keep('p', 'c', at('sig'));
    expect(keptFor(s, 'p', 'fg', 'gemini-3-pro-preview', 'signature')('c')).toBe('sig');
    expect(keptFor(s, 'p', 'fg', 'gemini-3-flash-preview', 'signature')('c')).toBeUndefined();
    expect(keptFor(s, 'p', 'other', 'gemini-3-pro-preview', 'signature')('c')).toBeUndefined();
    expect(keptFor(s, 'q', 'fg', 'gemini-3-pro-preview', 'signature')('c')).toBeUndefined();
    // each lookup gives its own kind only: a signature is no reasoning item, OpenAI's reasoning no signature
    expect(keptFor(s, 'p', 'fg', 'gemini-3-pro-preview', 'reasoningItem')('c')).toBeUndefined();
    const reasoningItem = { id: 'rs_1', encryptedContent: 'ENC' };
    s.keep('p', 'r', { reasoningItem, providerId: 'fo', modelName: 'gpt-5' });
    expect(keptFor(s, 'p', 'fo', 'gpt-5', 'reasoningItem')('r')).toEqual(reasoningItem);
    expect(keptFor(s, 'p', 'fo', 'gpt-5', 'signature')('r')).toBeUndefined();
    expect(keptFor(s, 'p', 'fo', 'gpt-5-mini', 'reasoningItem')('r')).toBeUndefined();
  });
});

describe('withKeptSignatures', () => {
  const req = TWO_TOOL_CALLS;

  it('puts the known signatures on their calls, leaving the request as it was', () => {
    const out = withKeptSignatures(req, (id) => (id === 'a' ? 'sig-a' : undefined));
    expect(out.messages[1]).toMatchObject({ toolCalls: [{ id: 'a', signature: 'sig-a' }, { id: 'b' }] });
    expect((out.messages[1] as { toolCalls: object[] }).toolCalls[1]).not.toHaveProperty('signature');
    expect((req.messages[1] as { toolCalls: object[] }).toolCalls[0]).not.toHaveProperty('signature');
  });

  it('is the same request when it knows none', () => {
    expect(withKeptSignatures(req, () => undefined)).toBe(req);
  });
});

describe('notingSignatures', () => {
  it('tells of each call streamed with a signature or thinking and passes every part on', () => {
    const parts: StreamPart[][] = [
      [{ type: 'tool-call-start', index: 0, id: 'a', name: 'f', signature: 'sig-a' }, { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' }],
      [{ type: 'tool-call-start', index: 1, id: 'b', name: 'f' }, { type: 'tool-call-start', index: 2, id: 'c', name: 'f', thinking: [] }],
    ];
    const inner: StreamDecoder = { push: () => parts.shift() ?? [], end: () => [], runningUsage: () => ({ inputTokens: 1, outputTokens: 2 }) };
    const noted: [string, object][] = [];
    const d = notingSignatures(inner, (id, state) => noted.push([id, state]));
    expect(d.push({ data: '' })).toHaveLength(2);
    expect(d.push({ data: '' })).toHaveLength(2);
    expect(d.end()).toEqual([]);
    expect(noted).toEqual([['a', { signature: 'sig-a' }], ['c', { thinking: [] }]]);
    expect(d.runningUsage?.()).toEqual({ inputTokens: 1, outputTokens: 2 });
    expect(d.forwardedDecoder).toBeUndefined();
  });
});
