import { describe, expect, it } from 'vitest';
import { MarkerScanner } from './markers';

describe('MarkerScanner', () => {
  it('measures every stamp in a read, whatever framing surrounds it', () => {
    const lags: number[] = [];
    const n = new MarkerScanner().scan('data: {"content":"~1000.500~"}\n\ndata: {"content":"~1001.000~"}\n\n', 1010, lags);
    expect(n).toBe(2);
    expect(lags).toEqual([9.5, 9]);
  });

  it('joins a stamp split across two reads', () => {
    const s = new MarkerScanner();
    const lags: number[] = [];
    expect(s.scan('data: {"text":"~1000.2', 2000, lags)).toBe(0);
    expect(s.scan('50~"}', 1001, lags)).toBe(1);
    expect(lags).toEqual([0.75]);
  });

  it('ignores tildes that are not stamps', () => {
    const lags: number[] = [];
    expect(new MarkerScanner().scan('~ not a number ~ and ~12.5~', 20, lags)).toBe(1);
    expect(lags).toEqual([7.5]);
  });
});
