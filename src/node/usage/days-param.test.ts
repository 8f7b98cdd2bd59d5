import { describe, expect, it } from 'vitest';
import { AdminError } from '../../shared/contract';
import { parseDays } from './days-param';

describe('parseDays', () => {
  it('accepts integers 1..366 as numbers or decimal strings, and falls back when absent', () => {
    expect(parseDays(undefined, 7)).toBe(7);
    expect(parseDays(null, 30)).toBe(30);
    expect(parseDays('7', 1)).toBe(7);
    expect(parseDays(366, 1)).toBe(366);
    expect(parseDays(' 12 ', 1)).toBe(12);
  });

  it.each(['0', '367', 'abc', '1.5', 1.5, 0, -3, NaN, Infinity, '', '1e2', '0x10', [], {}, true])('rejects %j', (v) => {
    const e = (() => { try { parseDays(v, 7); } catch (err) { return err; } return null; })();
    expect(e).toBeInstanceOf(AdminError);
    expect((e as AdminError).status).toBe(400);
    expect((e as AdminError).field).toBe('days');
  });
});
