import { describe, expect, it } from 'vitest';
import { parseRange } from './days-param';

describe('parseRange', () => {
  it('takes days, or a from/to pair of UTC days', () => {
    expect(parseRange(undefined, 7)).toEqual({ days: 7 });
    expect(parseRange({ days: '30' }, 7)).toEqual({ days: 30 });
    expect(parseRange({ from: '2026-02-27', to: '2026-03-02' }, 7)).toEqual({ days: 4, from: '2026-02-27', to: '2026-03-02' });
    expect(parseRange({ to: '2026-03-02' }, 7)).toEqual({ days: 1, from: '2026-03-02', to: '2026-03-02' });
    expect(parseRange({ from: '', to: '' }, 7)).toEqual({ days: 7 });
  });

  it('refuses dates that do not exist, reversed or too long ranges, and both forms at once', () => {
    const field = (input: Record<string, unknown>) => {
      try {
        parseRange(input, 7);
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
