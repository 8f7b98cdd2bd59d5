import { describe, expect, it } from 'vitest';
import { parseRange } from './days-param';

const NOW = new Date('2026-03-05T23:30:00-05:00'); // 2026-03-06 in UTC

describe('parseRange', () => {
  it('takes days, or a from/to pair of UTC days', () => {
    expect(parseRange(undefined, 7, NOW)).toEqual({ days: 7 });
    expect(parseRange({ days: '30' }, 7, NOW)).toEqual({ days: 30 });
    expect(parseRange({ from: '2026-02-27', to: '2026-03-02' }, 7, NOW)).toEqual({ days: 4, from: '2026-02-27', to: '2026-03-02' });
    expect(parseRange({ to: '2026-03-02' }, 7, NOW)).toEqual({ days: 1, from: '2026-03-02', to: '2026-03-02' });
    expect(parseRange({ from: '', to: '' }, 7, NOW)).toEqual({ days: 7 });
  });

  it('runs from alone through today, the UTC day', () => {
    expect(parseRange({ from: '2026-03-04' }, 7, NOW)).toEqual({ days: 3, from: '2026-03-04', to: '2026-03-06' });
    expect(parseRange({ from: '2026-03-06', to: '' }, 7, NOW)).toEqual({ days: 1, from: '2026-03-06', to: '2026-03-06' });
    // after today (a client east of UTC asking since its own today): that one day, as from = to of it is
    expect(parseRange({ from: '2026-03-07' }, 7, NOW)).toEqual({ days: 1, from: '2026-03-07', to: '2026-03-07' });
    expect(() => parseRange({ from: '2024-01-01' }, 7, NOW)).toThrow('from alone runs through today: at most');
  });

  it('refuses dates that do not exist, reversed or too long ranges, and both forms at once', () => {
    const field = (input: Record<string, unknown>) => {
      try {
        parseRange(input, 7, NOW);
        return null;
      } catch (e) {
        return (e as { field?: string }).field;
      }
    };
    expect(field({ from: '2026-02-30', to: '2026-03-02' })).toBe('from');
    expect(field({ from: '2026-03-02', to: 'tomorrow' })).toBe('to');
    expect(field({ from: '2026-03-02', to: '2026-03-01' })).toBe('from');
    expect(field({ from: '2024-01-01', to: '2026-01-01' })).toBe('from');
    expect(field({ days: 7, from: '2026-03-01', to: '2026-03-02' })).toBe('days');
    expect(field({ days: '' })).toBe('days');
  });
});
