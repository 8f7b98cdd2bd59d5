import { describe, expect, it } from 'vitest';
import { hashWithoutToken, tokenFromHash } from './token-store';

describe('admin token in the URL hash', () => {
  it('reads #token=', () => {
    expect(tokenFromHash('#token=abc123')).toBe('abc123');
    expect(tokenFromHash('#tab=usage&token=x%2By')).toBe('x+y');
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#token=')).toBeNull();
  });

  it('removes only the token from the hash', () => {
    expect(hashWithoutToken('#token=abc')).toBe('');
    expect(hashWithoutToken('#tab=usage&token=abc')).toBe('#tab=usage');
  });
});
