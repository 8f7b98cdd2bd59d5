import { describe, expect, it } from 'vitest';
import { readDecimal } from './decimal';

describe('readDecimal', () => {
  it('reads decimals as typed, with a sign, a point either side and an exponent', () => {
    expect(readDecimal('5')).toBe(5);
    expect(readDecimal(' 2.50 ')).toBe(2.5);
    expect(readDecimal('.5')).toBe(0.5);
    expect(readDecimal('5.')).toBe(5);
    expect(readDecimal('-0.002')).toBe(-0.002);
    expect(readDecimal('+3')).toBe(3);
    expect(readDecimal('1e-7')).toBe(1e-7);
    expect(readDecimal('2.5E+3')).toBe(2500);
    expect(readDecimal('0010')).toBe(10);
  });

  it('refuses hex, binary and octal, which Number() reads as other amounts', () => {
    for (const t of ['0x10', '0X10', '0b11', '0o17', '-0x10']) expect(readDecimal(t)).toBeNull();
  });

  it('refuses what is not a finite decimal: empty, Infinity, 1e400, half-typed and separated numbers', () => {
    for (const t of ['', ' ', 'Infinity', '1e400', '-1e400', '1e', '--2', '.', '1.2.3', '1,000', '1_000', '$5', 'NaN', '5 5']) {
      expect(readDecimal(t)).toBeNull();
    }
  });
});
