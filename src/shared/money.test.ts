import { describe, expect, it } from 'vitest';
import { roundUsd, usdDecimal } from './money';

describe('roundUsd / usdDecimal', () => {
  it('take float noise off at 12 decimals and keep what is below a cent', () => {
    expect(roundUsd(0.1 + 0.2)).toBe(0.3);
    expect(roundUsd(0.020000000000000004)).toBe(0.02);
    expect(roundUsd(-0.30000000000000004)).toBe(-0.3);
    expect(roundUsd(5.0004000000000004e-05)).toBe(0.000050004);
    expect(roundUsd(1e-7)).toBe(1e-7);
    expect(Object.is(roundUsd(-1e-13), 0)).toBe(true);
    expect(roundUsd(null)).toBeNull();
    expect(roundUsd(undefined)).toBeUndefined();
  });

  it('writes fixed-point text without an exponent or trailing zeros', () => {
    expect(usdDecimal(1e-7)).toBe('0.0000001');
    expect(usdDecimal(0.1 + 0.2)).toBe('0.3');
    expect(usdDecimal(100)).toBe('100');
    expect(usdDecimal(-0.30000000000000004)).toBe('-0.3');
    expect(usdDecimal(-1e-13)).toBe('0');
    expect(usdDecimal(0)).toBe('0');
  });
});
