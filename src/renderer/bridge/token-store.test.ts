import { describe, expect, it } from 'vitest';
import { hashWithoutToken, tokenFromHash } from './token-store';

describe('admin token in the URL hash', () => {
  it('reads #token=', () => {
    expect(tokenFromHash('#token=abc123')).toBe('abc123');
    expect(tokenFromHash('#tab=usage&token=x%2By')).toBe('x+y');
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#token=')).toBeNull();
  });

  it('reads a base64 token as printed (percent-encoded) and as pasted raw: + stays a plus', () => {
    const token = 'a+b/c%d=';
    expect(tokenFromHash(`#token=${encodeURIComponent(token)}`)).toBe(token);
    expect(tokenFromHash('#token=Zm9v+YmFy/w==')).toBe('Zm9v+YmFy/w==');
    expect(tokenFromHash('#token=50%+off')).toBe('50%+off');
    expect(tokenFromHash(`#tab=usage&token=${encodeURIComponent(token)}&x=1`)).toBe(token);
  });

  it('removes only the token from the hash', () => {
    expect(hashWithoutToken('#token=abc')).toBe('');
    expect(hashWithoutToken('#tab=usage&token=abc')).toBe('#tab=usage');
    expect(hashWithoutToken('#token=a%2Bb&tab=usage')).toBe('#tab=usage');
  });
});
