import { describe, expect, it } from 'vitest';
import { StreamEventHead } from './stream-event-head';

const chat = (t: string): string => `{"id":"c-1","created":1760000000,"choices":[{"delta":{"content":"${t}"},"finish_reason":null}]}`;
const responses = (n: number, t: string): string => `{"type":"response.output_text.delta","sequence_number":${n},"item_id":"msg_1","delta":"${t}","logprobs":[]}`;

/** a head set from `first` (its first text member's value opening at `open` of it) */
function headOf(first: string, member: string): StreamEventHead {
  const head = new StreamEventHead();
  head.set(first, first.indexOf(member) + member.length - 1, 3, true);
  return head;
}

describe('StreamEventHead', () => {
  it("finds the next event's first text member where the head ends, and nothing in an event that starts otherwise", () => {
    const head = headOf(chat('a'), '"content":"');
    const next = chat('bcd');
    expect(head.find(next)).toBe(next.indexOf('"content":"') + 10);
    expect(head.field).toBe(3);
    expect(head.find(chat('x').replace('c-1', 'c-2'))).toBe(-1);
    expect(head.find(chat('x').slice(0, next.indexOf('"content":"') + 11))).toBe(-1);
    expect(new StreamEventHead().find(next)).toBe(-1);
  });

  it('matches around a number that changes every event once it has, and nothing else around it', () => {
    const head = headOf(responses(9, 'a'), '"delta":"');
    expect(head.find(responses(10, 'b'))).toBe(-1);
    head.set(responses(10, 'b'), responses(10, 'b').indexOf('"delta":"') + 8, 3, true);
    for (const n of [11, 100, 7]) expect(head.find(responses(n, 'cd'))).toBe(responses(n, 'cd').indexOf('"delta":"') + 8);
    expect(head.find(responses(-1, 'cd'))).toBe(-1);
    expect(head.find(responses(1.5, 'cd'))).toBe(-1);
    expect(head.find(responses(12, 'cd').replace('msg_1', 'msg_2'))).toBe(-1);
    // no digits where the number was: not the head, whatever follows
    expect(head.find(responses(12, 'cd').replace(':12,', ':,'))).toBe(-1);
  });
});

describe('StreamEventHead with two kinds of event in turn', () => {
  it('finds each kind by its own head, with its own field and check', () => {
    const reasoning = (t: string): string => `{"id":"c-1","choices":[{"delta":{"reasoning_content":"${t}"}}]}`;
    const head = new StreamEventHead();
    head.set(chat('a'), chat('a').indexOf('"content":"') + 10, 0, true);
    head.set(reasoning('b'), reasoning('b').indexOf('"reasoning_content":"') + 20, 1, false);
    for (const [event, field, checked] of [[chat('cd'), 0, true], [reasoning('ef'), 1, false], [reasoning('g'), 1, false], [chat('h'), 0, true]] as const) {
      expect(head.find(event)).toBe(event.lastIndexOf(':"') + 1);
      expect([head.field, head.checked]).toEqual([field, checked]);
    }
    expect(head.find(responses(1, 'x'))).toBe(-1);
  });
});

describe('StreamEventHead on events that each start their own way', () => {
  it('stops reading heads after 8 events in a row found neither, and finds nothing after', () => {
    const head = new StreamEventHead();
    const own = (i: number): string => chat('x').replace('c-1', `c-${i}`);
    for (let i = 0; i < 9; i++) {
      expect(head.find(own(i))).toBe(-1);
      head.set(own(i), own(i).indexOf('"content":"') + 10, 0, true);
    }
    expect(head.find(own(8))).toBe(-1);
    const fresh = new StreamEventHead();
    for (let i = 0; i < 7; i++) fresh.set(own(i), own(i).indexOf('"content":"') + 10, 0, true);
    expect(fresh.find(own(6))).toBe(own(6).indexOf('"content":"') + 10);
  });
});
