import { describe, expect, it } from 'vitest';
import type { CanonicalMessage } from '../../canonical';
import { withModelTurnsMerged } from './model-turns';

const user = (text: string): CanonicalMessage => ({ role: 'user', content: [{ type: 'text', text }] });
const call = (id: string): CanonicalMessage => ({ role: 'assistant', content: [], toolCalls: [{ id, name: 'f', arguments: '{}' }] });
const said = (text: string, reasoning?: string): CanonicalMessage => ({ role: 'assistant', content: [{ type: 'text', text }], ...(reasoning === undefined ? {} : { reasoning }) });

describe('withModelTurnsMerged', () => {
  it('makes assistant messages in a row one, their content, calls and reasoning in order', () => {
    const messages = [user('q'), call('c1'), said('also', 'think'), call('c2'), user('go')];
    expect(withModelTurnsMerged(messages)).toEqual([
      user('q'),
      { role: 'assistant', content: [{ type: 'text', text: 'also' }], toolCalls: [{ id: 'c1', name: 'f', arguments: '{}' }, { id: 'c2', name: 'f', arguments: '{}' }], reasoning: 'think' },
      user('go'),
    ]);
    expect(withModelTurnsMerged([said('a', 'r1'), said('b', 'r2')])).toEqual([{ role: 'assistant', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }], reasoning: 'r1\nr2' }]);
  });

  it('puts system messages said between calls and the next assistant message before the merged one', () => {
    const sys = (text: string): CanonicalMessage => ({ role: 'system', content: [{ type: 'text', text }] });
    const c1 = call('c1');
    const c2 = call('c2');
    expect(withModelTurnsMerged([user('q'), c1, sys('s1'), sys('s2'), c2, user('go')])).toEqual([
      user('q'),
      sys('s1'),
      sys('s2'),
      { role: 'assistant', content: [], toolCalls: [{ id: 'c1', name: 'f', arguments: '{}' }, { id: 'c2', name: 'f', arguments: '{}' }] },
      user('go'),
    ]);
    // no calls before the system message: OpenAI takes assistant, system, assistant as it is
    const plain = [user('q'), said('a'), sys('s'), said('b')];
    expect(withModelTurnsMerged(plain)).toBe(plain);
  });

  it('leaves a conversation with no assistant messages in a row as the same array', () => {
    const messages = [user('q'), call('c1'), { role: 'tool', toolCallId: 'c1', content: [] } as CanonicalMessage, said('done'), user('thanks'), said('ok')];
    expect(withModelTurnsMerged(messages)).toBe(messages);
  });
});
