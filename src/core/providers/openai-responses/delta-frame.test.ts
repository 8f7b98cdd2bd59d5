import { describe, expect, it } from 'vitest';
import { framedDelta, learnDeltaFrame } from './delta-frame';

const T = 'response.output_text.delta';
const ev = (seq: number, delta: string, more: Record<string, unknown> = {}) =>
  JSON.stringify({ type: T, sequence_number: seq, item_id: 'msg_1', output_index: 0, content_index: 0, delta, logprobs: [], obfuscation: 'aB3', ...more });

describe('a Responses delta read through the frame of one parsed the long way', () => {
  const frame = learnDeltaFrame(ev(4, 'Hi'), T, 'Hi')!;

  it('reads what JSON.parse reads for the same item, whatever its sequence number and padding', () => {
    for (const data of [ev(5, ' there'), ev(123456, 'é \\ "q"\n', { obfuscation: 'Zz-_9' }), ev(7, '')]) {
      const parsed = JSON.parse(data) as { delta: string };
      expect([undefined, parsed.delta]).toContain(framedDelta(data, frame));
    }
    expect(framedDelta(ev(5, ' there'), frame)).toBe(' there');
    expect(framedDelta(ev(9, ''), frame)).toBe('');
  });

  it('leaves anything else to the long way', () => {
    for (const data of [
      ev(5, 'x', { item_id: 'msg_2' }), ev(5, 'x', { output_index: 1 }), JSON.stringify({ type: 'response.refusal.delta', sequence_number: 5, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'x', logprobs: [], obfuscation: 'a' }),
      ev(5, 'x').replace('"sequence_number":5', '"sequence_number":-5'), ev(5, 'x', { obfuscation: 'a"b' }), `${ev(5, 'x').slice(0, -1)},"delta":"y"}`,
    ]) expect(framedDelta(data, frame), data).toBeUndefined();
  });

  it('learns no frame from an event whose delta it cannot place', () => {
    expect(learnDeltaFrame(`${ev(5, 'x').slice(0, -1)},"delta":"y"}`, T, 'y')).toBeUndefined();
    expect(learnDeltaFrame(ev(5, 'x'), T, 'other')).toBeUndefined();
  });
});
