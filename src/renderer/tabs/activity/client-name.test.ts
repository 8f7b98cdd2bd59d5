import { describe, expect, it } from 'vitest';
import { clientName } from './client-name';

describe('clientName', () => {
  it('names the tools people point at the proxy', () => {
    expect(clientName('claude-cli/2.1.197 (external, cli)')).toBe('Claude Code 2.1.197');
    expect(clientName('codex_cli_rs/0.169.1 (Debian 13; x86_64) xterm')).toBe('Codex CLI 0.169.1');
    expect(clientName('GeminiCLI/0.61.0 (linux; x64)')).toBe('Gemini CLI 0.61.0');
    expect(clientName('OpenAI/JS 6.49.0')).toBe('OpenAI SDK (JS) 6.49.0');
    expect(clientName('curl/8.5.0')).toBe('curl 8.5.0');
  });

  it('falls back to the first product token, or unknown', () => {
    expect(clientName('my-script/1.0 (+https://example.com)')).toBe('my-script/1.0');
    expect(clientName(null)).toBe('unknown');
  });
});
