import { describe, expect, it } from 'vitest';
import { capShare } from './monthly-cap';

describe('capShare', () => {
  it('is null without a cap and spent/cap with one', () => {
    expect(capShare(5, null)).toBeNull();
    expect(capShare(8, 10)).toBe(0.8);
  });

  it('reads a $0 cap as reached, never as no cap', () => {
    expect(capShare(0, 0)).toBe(1);
    expect(capShare(0.5, 0)).toBeGreaterThanOrEqual(1);
  });
});
