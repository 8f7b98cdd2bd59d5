import { describe, expect, it } from 'vitest';
import { buildSetupSnippets, TOKEN_PLACEHOLDER } from './setup-snippets';

describe('set-up snippets', () => {
  const snippets = buildSetupSnippets('http://127.0.0.1:4141/', 'sb-abc123');
  const byId = (id: string) => snippets.find((s) => s.id === id)?.code ?? '';

  it('covers every tool the brief lists', () => {
    expect(snippets.map((s) => s.id)).toEqual(['python', 'js', 'curl', 'claude-code', 'cursor', 'continue', 'aider', 'open-webui']);
  });

  it('uses /v1 for OpenAI-style clients and the bare proxy for Claude Code', () => {
    expect(byId('python')).toContain('base_url="http://127.0.0.1:4141/v1"');
    expect(byId('js')).toContain("baseURL: 'http://127.0.0.1:4141/v1'");
    expect(byId('curl')).toContain('http://127.0.0.1:4141/v1/chat/completions');
    expect(byId('claude-code')).toContain('ANTHROPIC_BASE_URL=http://127.0.0.1:4141\n');
    expect(byId('claude-code')).toContain('ANTHROPIC_AUTH_TOKEN=sb-abc123');
    expect(byId('continue')).toMatch(/provider: openai\n[\s\S]*apiBase: http:\/\/127\.0\.0\.1:4141\/v1/);
    expect(byId('aider')).toBe('aider --openai-api-base http://127.0.0.1:4141/v1 --openai-api-key sb-abc123 --model openai/auto');
    expect(byId('open-webui')).toContain('OPENAI_API_BASE_URL=http://127.0.0.1:4141/v1');
  });

  it('puts the token in every snippet, or a placeholder when there is none', () => {
    for (const s of snippets) expect(s.code).toContain('sb-abc123');
    for (const s of buildSetupSnippets('http://x:1', null)) expect(s.code).toContain(TOKEN_PLACEHOLDER);
  });
});
