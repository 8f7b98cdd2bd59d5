import { describe, expect, it } from 'vitest';
import { standardBase64 } from './base64';

describe('standardBase64', () => {
  it('returns standard, padded base64 as it came', () => {
    const s = Buffer.from('any bytes at all?>').toString('base64');
    expect(standardBase64(s)).toBe(s);
    expect(standardBase64('')).toBe('');
  });

  it('turns URL-safe base64 into standard, padding it', () => {
    for (let n = 0; n < 12; n++) {
      const bytes = Buffer.from(Array.from({ length: n }, (_, i) => (0xfb + i * 7) % 256));
      expect(standardBase64(bytes.toString('base64url'))).toBe(bytes.toString('base64'));
    }
    expect(standardBase64('-_-_')).toBe('+/+/');
    expect(standardBase64('QQ')).toBe('QQ==');
    expect(standardBase64('QUI')).toBe('QUI=');
  });

  it('leaves out line breaks and spaces', () => {
    expect(standardBase64('QUJD\r\nREVG\n R0g=\n')).toBe('QUJDREVGR0g=');
  });

  it.each([['*abc'], ['ab=c'], ['QQ==='], ['QUJDR'], ['QUJD\u00e9'], ['QUJ.']])('refuses %s', (s) => {
    expect(standardBase64(s)).toBeUndefined();
  });
});
