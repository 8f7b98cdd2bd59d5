import { parseConfigYaml } from '@continuedev/config-yaml';
import { describe, expect, it } from 'vitest';
import { buildSetupSnippets, snippetToken, TOKEN_PLACEHOLDER, type SetupSnippet } from './setup-snippets';

const codeOf = (s: SetupSnippet | undefined) => s?.blocks.map((b) => b.code).join('\n') ?? '';

describe('set-up snippets', () => {
  const snippets = buildSetupSnippets('http://127.0.0.1:4141/', 'sb-abc123');
  /** every block of a snippet, as shown */
  const byId = (id: string) => codeOf(snippets.find((s) => s.id === id));
  const blocksOf = (id: string) => snippets.find((s) => s.id === id)?.blocks ?? [];

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
    expect(codeOf(webui)).toContain('docker run -d --network=host ');
    expect(codeOf(webui)).toContain('-e OPENAI_API_BASE_URL=http://127.0.0.1:4141/v1 \\\n  -e OPENAI_API_KEY=sb-abc123');
    expect(codeOf(webui)).toContain('OPENAI_API_BASE_URL=http://127.0.0.1:4141/v1 OPENAI_API_KEY=sb-abc123 open-webui serve');
    // a container's own 127.0.0.1 is itself, and any other Host (host.docker.internal, a LAN address) gets 403
    expect(`${webui?.note}\n${codeOf(webui)}`).not.toContain('start serve with --host');
    expect(webui?.note).toMatch(/--network=host[\s\S]*host\.docker\.internal[^.]*403/);
  });

  it('sends Cursor through a tunnel that keeps the loopback Host (its servers make the calls, not this machine)', () => {
    const cursor = byId('cursor');
    expect(cursor).toContain('cloudflared tunnel --url http://127.0.0.1:4141 --http-host-header 127.0.0.1:4141');
    expect(cursor).toContain('ngrok http 127.0.0.1:4141 --host-header=rewrite');
    expect(snippets.find((s) => s.id === 'cursor')?.note).toMatch(/cannot reach this machine[\s\S]*spend cap/);
  });

  it('gives each of Cursor\'s settings fields its own value and Copy button, the token alone', () => {
    const fields = blocksOf('cursor').slice(2);
    expect(fields.map((b) => [b.copy, b.code])).toEqual([
      ['Copy token', 'sb-abc123'],
      ['Copy base URL', 'https://<your-tunnel-host>/v1'],
      ['Copy model', 'auto'],
    ]);
    expect(fields.map((b) => b.where)).toEqual([expect.stringMatching(/OpenAI API Key/), expect.stringMatching(/Override OpenAI Base URL/), expect.stringMatching(/custom model/)]);
    const placeholder = buildSetupSnippets('http://127.0.0.1:4141', null).find((s) => s.id === 'cursor')?.blocks[2];
    expect(placeholder?.code).toBe(TOKEN_PLACEHOLDER);
  });

  it('configures Codex CLI for the Responses API with the token from the environment, config.toml and the shell apart', () => {
    const [toml, shell, ...more] = blocksOf('codex');
    expect(more).toEqual([]);
    expect(toml?.where).toMatch(/^In ~\/\.codex\/config\.toml/);
    expect(toml?.code).toBe([
      'model = "auto"',
      'model_provider = "switchboard"',
      '',
      '[model_providers.switchboard]',
      'name = "Switchboard"',
      'base_url = "http://127.0.0.1:4141/v1"',
      'env_key = "SWITCHBOARD_TOKEN"',
      'wire_api = "responses"',
    ].join('\n'));
    // test/integration/codex-cli.test.ts runs Codex with the two blocks pasted where they say
    expect(shell).toMatchObject({ where: 'Then in the shell:', code: 'export SWITCHBOARD_TOKEN=sb-abc123\ncodex' });
    expect(snippets.find((s) => s.id === 'codex')?.note).not.toContain('config.toml');
  });

  it('gives every file its own block, copied without the shell lines (and the shell lines without the file)', () => {
    const [settings, shell] = blocksOf('gemini-cli');
    expect(settings?.where).toMatch(/^In ~\/\.gemini\/settings\.json/);
    expect(JSON.parse(settings?.code ?? '')).toEqual({ security: { auth: { selectedType: 'gemini-api-key' } } });
    expect(shell?.code.split('\n').every((l) => /^(export |gemini )/.test(l))).toBe(true);
    expect(blocksOf('cursor')[0]?.code).toMatch(/^cloudflared /);
    // one place each: a Copy button per block, labelled with where it goes when there are two
    for (const s of snippets) {
      if (s.blocks.length > 1) for (const b of s.blocks) expect(b.where && b.copy).toBeTruthy();
    }
  });

  it('holds no comment in any block: zsh, macOS\'s shell, runs a pasted # as an argument (a prompt to gemini), not a comment', () => {
    for (const s of [...snippets, ...buildSetupSnippets('http://127.0.0.1:4141', null)]) {
      for (const b of s.blocks) expect(b.code, `${s.id}: ${b.where ?? ''}`).not.toMatch(/(^|\s)#/m);
    }
    expect(blocksOf('gemini-cli')[1]?.code.split('\n').at(-1)).toBe('gemini -m balanced');
    expect(blocksOf('gemini-cli')[1]?.where).toMatch(/eco, precision, an alias or provider\/model/);
    // each alternative its own block, so one Copy never runs both
    expect(blocksOf('cursor').slice(0, 2).map((b) => b.code.split(' ')[0])).toEqual(['cloudflared', 'ngrok']);
    expect(blocksOf('open-webui').map((b) => b.code.split('\n').at(-1))).toEqual([
      '  --name open-webui ghcr.io/open-webui/open-webui:main',
      'OPENAI_API_BASE_URL=http://127.0.0.1:4141/v1 OPENAI_API_KEY=sb-abc123 open-webui serve',
    ]);
  });

  it('pins Gemini CLI to the selected profile\'s power level, since the CLI turns -m auto into its own Gemini names', () => {
    const eco = buildSetupSnippets('http://127.0.0.1:4141', 'sb-abc123', 'eco').find((s) => s.id === 'gemini-cli');
    expect(eco?.blocks[1]?.code.split('\n').at(-1)).toBe('gemini -m eco');
    expect(eco?.blocks[1]?.where).toMatch(/-m also takes balanced, precision, an alias or provider\/model/);
    expect(eco?.note).toMatch(/-m eco pins this profile's power level as it is now/);
    expect(eco?.note).toMatch(/turns -m auto into its own Gemini model names/);
    const precision = buildSetupSnippets('http://127.0.0.1:4141', 'sb-abc123', 'precision').find((s) => s.id === 'gemini-cli');
    expect(precision?.blocks[1]?.code.split('\n').at(-1)).toBe('gemini -m precision');
  });

  it('points Gemini CLI and @google/genai at the bare proxy with the token as the key', () => {
    expect(byId('gemini-cli')).toContain('export GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:4141\nexport GEMINI_API_KEY=sb-abc123');
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
    for (const s of snippets) expect(codeOf(s)).toContain('sb-abc123');
    for (const s of buildSetupSnippets('http://x:1', null)) expect(codeOf(s)).toContain(TOKEN_PLACEHOLDER);
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
