import { describe, expect, it } from 'vitest';
import type { CanonicalMessage } from '../canonical';
import { UNANSWERED_CALL_TEXT, withUnansweredCallsAnswered } from './unanswered-calls';

const user = (text: string): CanonicalMessage => ({ role: 'user', content: [{ type: 'text', text }] });
const calls = (...ids: string[]): CanonicalMessage => ({
  role: 'assistant', content: [], toolCalls: ids.map((id) => ({ id, name: 'get_weather', arguments: '{}' })),
});
const result = (id: string): CanonicalMessage => ({ role: 'tool', toolCallId: id, content: [{ type: 'text', text: `result ${id}` }] });
const missing = (id: string): CanonicalMessage => ({ role: 'tool', toolCallId: id, content: [{ type: 'text', text: UNANSWERED_CALL_TEXT }], isError: true });

/** `messages` behind a proxy counting the reads of its elements */
function countingReads(messages: CanonicalMessage[]): { counted: CanonicalMessage[]; reads: () => number } {
  let n = 0;
  const counted = new Proxy(messages, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) n++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { counted, reads: () => n };
}

describe('withUnansweredCallsAnswered', () => {
  it('gives a call followed by an empty user message an error result before it', () => {
    const messages = [user('Weather?'), calls('c1'), user('')];
    expect(withUnansweredCallsAnswered(messages)).toEqual([user('Weather?'), calls('c1'), missing('c1'), user('')]);
  });

  it('answers only the calls left without a result, after the results that came', () => {
    const messages = [user('Weather?'), calls('c1', 'c2', 'c3'), result('c2'), user('and?')];
    expect(withUnansweredCallsAnswered(messages)).toEqual([user('Weather?'), calls('c1', 'c2', 'c3'), result('c2'), missing('c1'), missing('c3'), user('and?')]);
  });

  it('counts the model\'s messages in a row as one turn, answered after the last of them', () => {
    const messages = [user('Weather?'), calls('c1'), calls('c2'), result('c2'), user('')];
    expect(withUnansweredCallsAnswered(messages)).toEqual([user('Weather?'), calls('c1'), calls('c2'), result('c2'), missing('c1'), user('')]);
  });

  it('answers a call the model\'s next turn follows directly', () => {
    const answer: CanonicalMessage = { role: 'assistant', content: [{ type: 'text', text: 'Sunny.' }] };
    const messages = [user('Weather?'), calls('c1'), user('go on'), answer, user('thanks')];
    expect(withUnansweredCallsAnswered(messages)).toEqual([user('Weather?'), calls('c1'), missing('c1'), user('go on'), answer, user('thanks')]);
  });

  it('leaves a conversation whose calls are answered, or that ends on the calls, as the same array', () => {
    const answered = [user('Weather?'), calls('c1', 'c2'), result('c2'), result('c1'), user('thanks')];
    expect(withUnansweredCallsAnswered(answered)).toBe(answered);
    const ending = [user('Weather?'), calls('c1'), { role: 'system', content: [{ type: 'text', text: 'be brief' }] } as CanonicalMessage];
    expect(withUnansweredCallsAnswered(ending)).toBe(ending);
  });

  it('reads each message a bounded number of times, however many turns there are', () => {
    const messages: CanonicalMessage[] = [user('go')];
    for (let i = 0; i < 2_000; i++) messages.push(calls(`a${i}`, `b${i}`), result(`a${i}`));
    messages.push(user(''));
    const { counted, reads } = countingReads(messages);
    const out = withUnansweredCallsAnswered(counted);
    expect(reads()).toBeLessThanOrEqual(4 * messages.length);
    expect(out.length).toBe(messages.length + 2_000);
    expect(out.at(-2)).toEqual(missing('b1999'));
  });

  it('leaves a conversation without tool calls as the same array, reading each message once', () => {
    const messages: CanonicalMessage[] = [];
    for (let i = 0; i < 200; i++) messages.push(user(`q${i}`), { role: 'assistant', content: [{ type: 'text', text: `a${i}` }] });
    messages.push(user(''));
    const { counted, reads } = countingReads(messages);
    expect(withUnansweredCallsAnswered(counted)).toBe(counted);
    expect(reads()).toBe(messages.length);
  });
});
