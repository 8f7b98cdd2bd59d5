import { describe, expect, it } from 'vitest';
import { headerChar, headerText } from './header-text';

describe('headerText', () => {
  it('leaves a printable ASCII name as it is, the same string', () => {
    for (const name of ['fo/gpt-fake', 'ollama/qwen3:8b', 'openrouter/anthropic/claude-sonnet-4.5', 'x/a"b~!']) {
      expect(headerText(name)).toBe(name);
    }
  });

  it('percent-encodes beyond printable ASCII, and `%`, so decodeURIComponent reads the name back', () => {
    const cases: [string, string][] = [
      ['vllm/通义千问-7b', 'vllm/%E9%80%9A%E4%B9%89%E5%8D%83%E9%97%AE-7b'],
      ['lm/café', 'lm/caf%C3%A9'],
      ['x/100%', 'x/100%25'],
      ['x/a b\r\nX-Evil: 1', 'x/a%20b%0D%0AX-Evil:%201'],
      ['x/🚀', 'x/%F0%9F%9A%80'],
    ];
    for (const [name, sent] of cases) {
      expect(headerText(name)).toBe(sent);
      expect(decodeURIComponent(sent)).toBe(name);
      expect(sent).toMatch(/^[\x21-\x7e]*$/);
    }
    expect(headerText('x/lone\ud800')).toBe('x/lone%EF%BF%BD');
  });
});

describe('headerChar', () => {
  it("encodes a list's separator when asked", () => {
    expect(headerChar(',')).toBe(',');
    expect(headerChar(',', ',')).toBe('%2C');
    expect(headerChar('é', ',')).toBe('%C3%A9');
  });
});
