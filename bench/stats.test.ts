import { describe, expect, it } from 'vitest';
import { percentile, quantiles, sortedCopy } from './stats';

describe('percentiles', () => {
  it('uses the nearest rank', () => {
    const s = sortedCopy(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(percentile(s, 50)).toBe(50);
    expect(percentile(s, 99)).toBe(99);
    expect(percentile(s, 100)).toBe(100);
    expect(quantiles([3, 1, 2])).toEqual({ p50: 2, p99: 3, max: 3 });
    expect(Number.isNaN(percentile(sortedCopy([]), 50))).toBe(true);
  });
});
