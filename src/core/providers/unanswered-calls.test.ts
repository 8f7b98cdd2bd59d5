import { describe, expect, it } from 'vitest';
import type { CanonicalMessage } from '../canonical';
import { UNANSWERED_CALL_TEXT, withUnansweredCallsAnswered } from './unanswered-calls';

const user = (text: string): CanonicalMessage => ({ role: 'user', content: [{ type: 'text', text }] });
const calls = (...ids: string[]): CanonicalMessage => ({
  role: 'assistant', content: [], toolCalls: ids.map((id) => ({ id, name: 'get_weather', arguments: '{}' })),
});
const result = (id: string): CanonicalMessage => ({ role: 'tool', toolCallId: id, content: [{ type: 'text', text: `result ${id}` }] });
const missing = (id: string): CanonicalMessage => ({ role: 'tool', toolCallId: id, content: [{ type: 'text', text: UNANSWERED_CALL_TEXT }], isError: true });

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

  it('takes many turns in linear time', () => {
    const messages: CanonicalMessage[] = [user('go')];
    for (let i = 0; i < 20_000; i++) messages.push(calls(`a${i}`, `b${i}`), result(`a${i}`));
    messages.push(user(''));
    const started = performance.now();
    const out = withUnansweredCallsAnswered(messages);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(out.length).toBe(messages.length + 20_000);
    expect(out.at(-2)).toEqual(missing('b19999'));
  });
});
