import { describe, expect, it } from 'vitest';
import { formatPercent, formatPrice, formatSpend, formatUsd, unpricedNote } from './format';

describe('formatUsd', () => {
  it('shows cents from a dollar up and four significant digits below', () => {
    expect(formatUsd(2.4)).toBe('$2.40');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(1)).toBe('$1.00');
    expect(formatUsd(0.303)).toBe('$0.303');
    expect(formatUsd(0.30303)).toBe('$0.303');
    expect(formatUsd(0.3)).toBe('$0.30');
    expect(formatUsd(0.00144)).toBe('$0.00144');
    expect(formatUsd(0.0000123456)).toBe('$0.00001235');
    expect(formatUsd(0)).toBe('$0.00');
  });

  it('puts the sign before the dollar and shows unknown as a dash', () => {
    expect(formatUsd(-10.7)).toBe('-$10.70');
    expect(formatUsd(-0.0025)).toBe('-$0.0025');
    expect(formatUsd(null)).toBe('—');
    expect(formatUsd(undefined)).toBe('—');
  });
});

describe('formatPrice', () => {
  it('shows a price per 1M tokens in the one money format, never rounded to nothing', () => {
    expect(formatPrice(0.02)).toBe('$0.02');
    expect(formatPrice(0.0004)).toBe('$0.0004');
    expect(formatPrice(0.075)).toBe('$0.075');
    expect(formatPrice(0.1234567)).toBe('$0.1235');
    expect(formatPrice(2.5)).toBe('$2.50');
    expect(formatPrice(1250)).toBe('$1,250.00');
    expect(formatPrice(0)).toBe('$0.00');
    expect(formatPrice(null)).toBe('unknown');
  });
});

describe('formatSpend', () => {
  it('says unknown when every request is unpriced, never $0.00', () => {
    expect(formatSpend(0, 3, 3)).toBe('unknown');
    expect(formatSpend(null, 3, 3)).toBe('unknown');
    expect(formatSpend(0, 3, 2)).toBe('$0.00');
    expect(unpricedNote(2)).toBe('+ 2 requests unpriced');
    expect(formatSpend(0.0123, 5, 1)).toBe('$0.0123');
    expect(formatSpend(0, 0, 0)).toBe('$0.00');
  });
});

describe('formatPercent', () => {
  it('keeps one decimal only under ten percent', () => {
    expect(formatPercent(0.05)).toBe('5%');
    expect(formatPercent(0.0125)).toBe('1.3%');
    expect(formatPercent(0.456)).toBe('46%');
    expect(formatPercent(0)).toBe('0%');
  });
});
