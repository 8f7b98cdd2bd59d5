import { describe, expect, it } from 'vitest';
import { switchedOff, switchedOffNote } from './discover-summary';

const on = { enabled: true, price_unknown: false };
const offUnpriced = { enabled: false, price_unknown: true };
const offPriced = { enabled: false, price_unknown: false };

describe('what a discovery added switched off', () => {
  it('counts the models added switched off, and those of them with no known price', () => {
    expect(switchedOff([on, offUnpriced, offUnpriced, offPriced, { enabled: true, price_unknown: true }])).toEqual({ count: 3, unpriced: 2 });
    expect(switchedOff([])).toEqual({ count: 0, unpriced: 0 });
  });

  it('says nothing when every model added is on', () => {
    expect(switchedOffNote(switchedOff([on, on]))).toBeNull();
  });

  it('says how many are off for an unknown price, and where to switch them on', () => {
    expect(switchedOffNote(switchedOff([offUnpriced, offUnpriced, offUnpriced]))).toBe(
      '3 switched off because their price is unknown: switch on the ones you want in the Models tab, and set their price there.',
    );
    expect(switchedOffNote(switchedOff([on, offUnpriced]))).toBe(
      '1 switched off because its price is unknown: switch it on in the Models tab, and set its price there.',
    );
  });

  it('tells the priced ones off (a listing with prices) from the unpriced', () => {
    expect(switchedOffNote(switchedOff([offPriced, offPriced]))).toBe('2 switched off: switch on the ones you want in the Models tab.');
    expect(switchedOffNote(switchedOff([offPriced, offUnpriced, offUnpriced]))).toBe(
      '3 switched off, 2 because their price is unknown: switch on the ones you want in the Models tab, and set the unknown prices there.',
    );
  });
});
