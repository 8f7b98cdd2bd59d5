import { describe, expect, it } from 'vitest';
import { customRangeProblem, describeRange, rangeFileTag, rangeQuery } from './usage-range';

const NOW = Date.parse('2026-03-01T08:00:00Z');

describe('usage range', () => {
  it('asks for today, yesterday, N days or a custom span', () => {
    expect(rangeQuery({ kind: 'days', days: 1 }, NOW)).toEqual({ days: 1 });
    expect(rangeQuery({ kind: 'yesterday' }, NOW)).toEqual({ from: '2026-02-28', to: '2026-02-28' });
    expect(rangeQuery({ kind: 'custom', from: '2026-02-01', to: '2026-02-14' }, NOW)).toEqual({ from: '2026-02-01', to: '2026-02-14' });
  });

  it('names the range in words and in file names', () => {
    expect(describeRange({ kind: 'days', days: 1 })).toBe('today');
    expect(describeRange({ kind: 'days', days: 30 })).toBe('the last 30 days');
    expect(describeRange({ kind: 'custom', from: '2026-02-01', to: '2026-02-14' })).toBe('2026-02-01 to 2026-02-14');
    expect(rangeFileTag({ kind: 'yesterday' }, NOW)).toBe('2026-02-28');
    expect(rangeFileTag({ kind: 'days', days: 7 }, NOW)).toBe('7d');
  });

  it('refuses a custom range the server would refuse, before asking it', () => {
    expect(customRangeProblem('2025-01-01', '2026-01-01')).toBeNull(); // 366 days
    expect(customRangeProblem('2024-01-01', '2024-12-31')).toBeNull(); // a leap year, 366 days
    expect(customRangeProblem('2024-01-01', '2025-01-01')).toBe('A range spans at most 366 days');
    expect(customRangeProblem('2026-02-02', '2026-02-01')).toBe('The first day comes before the last');
    expect(customRangeProblem('', '2026-02-01')).toBe('Choose both days');
  });
});
