import { parseConfigYaml } from '@continuedev/config-yaml';
import { describe, expect, it } from 'vitest';
import { buildSetupSnippets, snippetToken, TOKEN_PLACEHOLDER } from './setup-snippets';

describe('set-up snippets', () => {
  const snippets = buildSetupSnippets('http://127.0.0.1:4141/', 'sb-abc123');
  const byId = (id: string) => snippets.find((s) => s.id === id)?.code ?? '';

  it('covers every tool the brief lists', () => {
    expect(snippets.map((s) => s.id)).toEqual([
      'python', 'js', 'curl', 'claude-code', 'codex', 'gemini-cli', 'genai-js', 'cursor', 'continue', 'aider', 'open-webui',
    ]);
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

  it('gives Continue a config.yaml its own parser takes (name, version and schema are required)', () => {
    const config = parseConfigYaml(byId('continue'));
    expect(config).toMatchObject({ schema: 'v1' });
    expect(config.models).toEqual([
      { name: 'Switchboard auto', provider: 'openai', model: 'auto', apiBase: 'http://127.0.0.1:4141/v1', apiKey: 'sb-abc123' },
    ]);
  });

  it('runs Open WebUI where 127.0.0.1 is this machine, the one name the Host check admits (not host.docker.internal, not --host 0.0.0.0)', () => {
    const webui = snippets.find((s) => s.id === 'open-webui');
    expect(webui?.code).toContain('docker run -d --network=host ');
    expect(webui?.code).toContain('-e OPENAI_API_BASE_URL=http://127.0.0.1:4141/v1 \\\n  -e OPENAI_API_KEY=sb-abc123');
    expect(webui?.code).toContain('OPENAI_API_BASE_URL=http://127.0.0.1:4141/v1 OPENAI_API_KEY=sb-abc123 open-webui serve');
    // a container's own 127.0.0.1 is itself, and any other Host (host.docker.internal, a LAN address) gets 403
    expect(`${webui?.note}\n${webui?.code}`).not.toContain('start serve with --host');
    expect(webui?.note).toMatch(/--network=host[\s\S]*host\.docker\.internal[^.]*403/);
  });

  it('sends Cursor through a tunnel that keeps the loopback Host (its servers make the calls, not this machine)', () => {
    const cursor = byId('cursor');
    expect(cursor).toContain('cloudflared tunnel --url http://127.0.0.1:4141 --http-host-header 127.0.0.1:4141');
    expect(cursor).toContain('ngrok http 127.0.0.1:4141 --host-header=rewrite');
    expect(cursor).toContain('Override OpenAI Base URL: https://<your-tunnel-host>/v1');
    expect(cursor).toContain('OpenAI API Key: sb-abc123');
    expect(snippets.find((s) => s.id === 'cursor')?.note).toMatch(/cannot reach this machine[\s\S]*spend cap/);
  });

  it('configures Codex CLI for the Responses API with the token from the environment', () => {
    const codex = byId('codex');
    expect(codex).toContain('model_provider = "switchboard"\n');
    expect(codex).toContain('[model_providers.switchboard]\nname = "Switchboard"\nbase_url = "http://127.0.0.1:4141/v1"\nenv_key = "SWITCHBOARD_TOKEN"\nwire_api = "responses"');
    expect(codex).toContain('export SWITCHBOARD_TOKEN=sb-abc123');
  });

  it('points Gemini CLI and @google/genai at the bare proxy with the token as the key', () => {
    expect(byId('gemini-cli')).toContain('export GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:4141\nexport GEMINI_API_KEY=sb-abc123');
    expect(byId('gemini-cli')).toContain('{"security":{"auth":{"selectedType":"gemini-api-key"}}}');
    expect(byId('genai-js')).toContain("new GoogleGenAI({ apiKey: 'sb-abc123', httpOptions: { baseUrl: 'http://127.0.0.1:4141' } })");
  });

  it('uses the selected profile\'s own token, never another profile\'s', () => {
    const revealed = [{ userId: 'alice', token: 'sb-alice-new' }, { userId: 'alice', token: 'sb-alice-old' }, { userId: 'default', token: 'sb-def-new' }];
    expect(snippetToken('alice', revealed, 'sb-default-file')).toBe('sb-alice-new');
    expect(snippetToken('bob', revealed, 'sb-default-file')).toBeNull();
    expect(snippetToken('default', [], 'sb-default-file')).toBe('sb-default-file');
    expect(snippetToken('default', revealed, 'sb-default-file')).toBe('sb-def-new');
    expect(snippetToken(null, revealed, 'sb-default-file')).toBeNull();
  });

  it('puts the token in every snippet, or a placeholder when there is none', () => {
    for (const s of snippets) expect(s.code).toContain('sb-abc123');
    for (const s of buildSetupSnippets('http://x:1', null)) expect(s.code).toContain(TOKEN_PLACEHOLDER);
  });

  it('names the routing switch Claude Code and Gemini CLI need for their own model names, and runs Gemini CLI on a routing name', () => {
    const need = (id: string) => snippets.find((s) => s.id === id)?.nameSwitch;
    expect(need('claude-code')).toMatchObject({ rule: 'claude_code_model_names', label: 'Claude Code names' });
    expect(need('gemini-cli')).toMatchObject({ rule: 'gemini_cli_model_names', label: 'Gemini CLI names' });
    expect(need('claude-code')?.why).toContain('ANTHROPIC_MODEL=auto');
    expect(byId('gemini-cli')).toContain('gemini -m balanced');
    expect(snippets.filter((s) => s.nameSwitch).map((s) => s.id)).toEqual(['claude-code', 'gemini-cli']);
  });
});
