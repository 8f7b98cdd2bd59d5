import { describe, expect, it } from 'vitest';
import { logSafe } from './log-safe';

describe('logSafe', () => {
  it('quotes plain text', () => {
    expect(logSafe('rate limited')).toBe('"rate limited"');
    expect(logSafe(404)).toBe('"404"');
  });

  it('keeps a forged line and terminal escapes on the one line, escaped', () => {
    const forged = 'oops\nSwitchboard listening on http://evil.example:1/#token=x\r\u001b[2J\u001b]0;title\u0007\u009b31m\u2028\u202egnp.exe';
    const out = logSafe(forged);
    const unsafe = [...out].filter((c) => c < ' ' || (c >= '\u007f' && c <= '\u009f') || c === '\u2028' || (c >= '\u202a' && c <= '\u202e'));
    expect(unsafe).toEqual([]);
    expect(out).toBe('"oops\\nSwitchboard listening on http://evil.example:1/#token=x\\r\\u001b[2J\\u001b]0;title\\u0007\\u009b31m\\u2028\\u202egnp.exe"');
  });

  it('cuts long text, saying how much was left out', () => {
    const out = logSafe('x'.repeat(10_000));
    expect(out).toBe(`"${'x'.repeat(300)}" (9700 more characters)`);
    expect(logSafe('abcdef', 3)).toBe('"abc" (3 more characters)');
  });

  it('redacts a key a provider echoes', () => {
    expect(logSafe('bad key sk-proj-abcdefghijklmnop0123456789')).not.toContain('abcdefghijklmnop0123456789');
  });
});
