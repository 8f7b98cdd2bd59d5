import { describe, expect, it } from 'vitest';
import { draftOf, inlineValue } from './inline-number';

describe('inline number', () => {
  it('saves a decimal as typed and an emptied nullable field as null', () => {
    expect(inlineValue(' 0.40 ', true)).toBe(0.4);
    expect(inlineValue('1e-7', true)).toBe(1e-7);
    expect(inlineValue('', true)).toBeNull();
    expect(inlineValue(' ', false)).toBe('invalid');
  });

  it('refuses hex, binary and octal (a price of 0x10 is not $16) and what is not a finite number', () => {
    for (const t of ['0x10', '0b11', '0o17', '1e400', 'Infinity', '1e', '--2']) expect(inlineValue(t, true)).toBe('invalid');
  });

  it('reads a price as the cell shows it ($0.50, with spaces around), only where the field is in dollars', () => {
    expect(inlineValue('$0.50', true, true)).toBe(0.5);
    expect(inlineValue('  $ 0.50  ', true, true)).toBe(0.5);
    expect(inlineValue(' 0.50 ', true, true)).toBe(0.5);
    expect(inlineValue('$', true, true)).toBe('invalid');
    expect(inlineValue('$$1', true, true)).toBe('invalid');
    expect(inlineValue('0.5$', true, true)).toBe('invalid');
    expect(inlineValue('$0x10', true, true)).toBe('invalid');
    expect(inlineValue('$0.50', true)).toBe('invalid');
  });

  it('takes a price only in plain digits: no sign, no exponent (1e3 typed for 1e-3 would save $1,000)', () => {
    for (const t of ['-1', '+1', '1e3', '1e-3', '$-0.5', '1E2']) expect(inlineValue(t, true, true)).toBe('invalid');
    expect(inlineValue('0.001', true, true)).toBe(0.001);
    expect(inlineValue('.5', true, true)).toBe(0.5);
    expect(inlineValue('1e-7', true)).toBe(1e-7);
  });

  it('opens a tiny price in plain digits that read back as the same price (review of 23b1854)', () => {
    for (const v of [1e-7, 1.23456789e-7, 2.5e-13, 0.15, 3]) expect(inlineValue(draftOf(v, true), true, true)).toBe(v);
    expect(draftOf(null, true)).toBe('');
  });
});
