import { describe, expect, it } from 'vitest';
import { formatCompact, formatContextLength, formatPercent, formatPrice, formatSpend, formatUsd, unpricedNote } from './format';

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

  it('never shows a nonzero share as 0%', () => {
    expect(formatPercent(1 / 4106)).toBe('<0.1%');
    expect(formatPercent(0.0004)).toBe('<0.1%');
    expect(formatPercent(0.0005)).toBe('0.1%');
    expect(formatPercent(1)).toBe('100%');
  });

  it('never shows a share short of the whole as 100%', () => {
    expect(formatPercent(4105 / 4106)).toBe('>99.9%');
    expect(formatPercent(0.9995)).toBe('>99.9%');
    expect(formatPercent(0.9994)).toBe('99.9%');
    expect(formatPercent(0.996)).toBe('99.6%');
    expect(formatPercent(0.995)).toBe('99.5%');
    expect(formatPercent(0.994)).toBe('99%');
    // past the whole (a cap overspent) reads as before
    expect(formatPercent(1.2)).toBe('120%');
    expect(formatPercent(1.0004)).toBe('100%');
  });
});

describe('formatCompact', () => {
  it('shortens counts to K, M and B', () => {
    expect(formatCompact(950)).toBe('950');
    expect(formatCompact(1_234)).toBe('1.23K');
    expect(formatCompact(12_345)).toBe('12.3K');
    expect(formatCompact(3_400_000)).toBe('3.4M');
    expect(formatCompact(2_000_000_000)).toBe('2B');
  });

  it('writes what rounds up to a thousand of one unit as one of the next', () => {
    expect(formatCompact(999.96)).toBe('1K');
    expect(formatCompact(999_960)).toBe('1M');
    expect(formatCompact(999_999)).toBe('1M');
    expect(formatCompact(999_960_000)).toBe('1B');
    expect(formatCompact(999_940)).toBe('999.9K');
    expect(formatCompact(-999_960)).toBe('-1M');
  });
});

describe('formatContextLength', () => {
  it('says a window of whole KiB in binary units, as model cards do', () => {
    expect(formatContextLength(8192)).toBe('8K');
    expect(formatContextLength(32768)).toBe('32K');
    expect(formatContextLength(131072)).toBe('128K');
    expect(formatContextLength(1048576)).toBe('1M');
    expect(formatContextLength(2097152)).toBe('2M');
    expect(formatContextLength(1572864)).toBe('1.5M');
    expect(formatContextLength(4096)).toBe('4K');
  });

  it('says any other as a decimal count', () => {
    expect(formatContextLength(200000)).toBe('200K');
    expect(formatContextLength(1000000)).toBe('1M');
    // whole KiB too (125 of them), but known as 128K
    expect(formatContextLength(128000)).toBe('128K');
    expect(formatContextLength(256000)).toBe('256K');
    expect(formatContextLength(32000)).toBe('32K');
    expect(formatContextLength(0)).toBe('0');
    expect(formatContextLength(500)).toBe('500');
  });
});
