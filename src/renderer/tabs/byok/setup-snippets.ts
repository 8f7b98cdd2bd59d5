// Copy-paste set-up for local tools, filled with the real proxy URL and a profile token.

import { POWER_LEVELS, type PowerLevel } from '../../../shared/types';

export interface SetupSnippet {
  id: string;
  title: string;
  note: string;
  /** one block per place it is pasted (a file, the shell), each copied on its own */
  blocks: SnippetBlock[];
  /** the routing rule the tool needs on when it sends its own model names, and why */
  nameSwitch?: NameSwitchNeed;
}

export interface NameSwitchNeed {
  rule: 'claude_code_model_names' | 'gemini_cli_model_names';
  /** the switch's label on the Routing tab */
  label: string;
  why: string;
}

/**
 * A shell block holds commands only: zsh (macOS's shell) takes a pasted `#` as an argument, not a comment, so
 * `gemini -m balanced  # or eco` sent "# or eco" as a prompt. Alternatives go in `where` or the note.
 */
export interface SnippetBlock {
  /** where this block goes, shown above it; none when the note says */
  where?: string;
  /** the Copy button's label */
  copy?: string;
  code: string;
}

const one = (code: string): SnippetBlock[] => [{ code }];

export const TOKEN_PLACEHOLDER = 'sb-YOUR-PROFILE-TOKEN';

/**
 * The token the snippets carry for the selected profile: the newest one issued for it in this session
 * (revoked ones leave the list), the Default profile's own file token (the status reports it only while it
 * is not revoked), or none (the placeholder) — never another profile's, whose spend and cap it would
 * silently charge.
 */
export function snippetToken(
  profileId: string | null,
  revealed: readonly { userId: string; token: string }[],
  defaultToken: string | null,
): string | null {
  if (profileId === null) return null;
  const issued = revealed.find((r) => r.userId === profileId);
  if (issued) return issued.token;
  return profileId === 'default' ? defaultToken : null;
}

/** `host:port` of the proxy URL (the Host a tunnel must send), or the text itself when it is not a URL. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * `level` is the selected profile's power level. Every other tool sends `auto`, which the proxy routes with the
 * profile's level as it is at each request; Gemini CLI turns `-m auto` into its own Gemini names before sending
 * (its resolveModel), so its snippet names the level instead, and says it is pinned.
 */
export function buildSetupSnippets(proxyUrl: string, token: string | null, level: PowerLevel = 'balanced'): SetupSnippet[] {
  const proxy = proxyUrl.replace(/\/+$/, '');
  const v1 = `${proxy}/v1`;
  const key = token ?? TOKEN_PLACEHOLDER;
  const otherLevels = POWER_LEVELS.filter((l) => l !== level).join(', ');
  return [
    {
      id: 'python',
      title: 'OpenAI SDK (Python)',
      note: 'Any model name works: auto, eco, balanced, precision, an alias, or provider/model.',
      blocks: one([
        'from openai import OpenAI',
        '',
        `client = OpenAI(base_url="${v1}", api_key="${key}")`,
        'reply = client.chat.completions.create(',
        '    model="auto",',
        '    messages=[{"role": "user", "content": "Hello!"}],',
        ')',
        'print(reply.choices[0].message.content)',
      ].join('\n')),
    },
    {
      id: 'js',
      title: 'OpenAI SDK (JavaScript)',
      note: 'Node 18+ or any bundler.',
      blocks: one([
        "import OpenAI from 'openai';",
        '',
        `const client = new OpenAI({ baseURL: '${v1}', apiKey: '${key}' });`,
        'const reply = await client.chat.completions.create({',
        "  model: 'auto',",
        "  messages: [{ role: 'user', content: 'Hello!' }],",
        '});',
        'console.log(reply.choices[0].message.content);',
      ].join('\n')),
    },
    {
      id: 'curl',
      title: 'curl',
      note: 'Add "stream": true for Server-Sent Events.',
      blocks: one([
        `curl ${v1}/chat/completions \\`,
        `  -H "Authorization: Bearer ${key}" \\`,
        '  -H "Content-Type: application/json" \\',
        `  -d '{"model":"auto","messages":[{"role":"user","content":"Hello!"}]}'`,
      ].join('\n')),
    },
    {
      id: 'claude-code',
      title: 'Claude Code',
      note: 'Claude Code speaks the Anthropic Messages API, which the proxy serves at /v1/messages.',
      blocks: one([`export ANTHROPIC_BASE_URL=${proxy}`, `export ANTHROPIC_AUTH_TOKEN=${key}`, 'claude'].join('\n')),
      nameSwitch: {
        rule: 'claude_code_model_names',
        label: 'Claude Code names',
        why: "Claude Code asks for its own model names (claude-opus-…, claude-sonnet-…, claude-haiku-…): a name no set-up model has is refused as not set up (Claude Code then says \"There's an issue with the selected model\") unless this switch routes them by power level (or you start it with ANTHROPIC_MODEL=auto and ANTHROPIC_DEFAULT_HAIKU_MODEL=eco).",
      },
    },
    {
      id: 'codex',
      title: 'Codex CLI',
      note: 'Codex speaks the Responses API, which the proxy serves at /v1/responses.',
      blocks: [
        {
          where: 'In ~/.codex/config.toml (with a config already there, add model and model_provider at its top and the [model_providers.switchboard] table):',
          copy: 'Copy config.toml',
          code: [
            'model = "auto"',
            'model_provider = "switchboard"',
            '',
            '[model_providers.switchboard]',
            'name = "Switchboard"',
            `base_url = "${v1}"`,
            'env_key = "SWITCHBOARD_TOKEN"',
            'wire_api = "responses"',
          ].join('\n'),
        },
        { where: 'Then in the shell:', copy: 'Copy commands', code: [`export SWITCHBOARD_TOKEN=${key}`, 'codex'].join('\n') },
      ],
    },
    {
      id: 'gemini-cli',
      title: 'Gemini CLI',
      note: `Gemini CLI speaks the Gemini API, which the proxy serves at /v1beta; the key setting makes it use the key below. -m ${level} pins this profile's power level as it is now: Gemini CLI turns -m auto into its own Gemini model names, so auto never reaches Switchboard. After changing the profile's level, change -m too.`,
      blocks: [
        {
          where: 'In ~/.gemini/settings.json (with settings already there, add security.auth.selectedType to them):',
          copy: 'Copy settings.json',
          code: JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } } }, null, 2),
        },
        {
          where: `Then in the shell (-m also takes ${otherLevels}, an alias or provider/model):`,
          copy: 'Copy commands',
          code: [`export GOOGLE_GEMINI_BASE_URL=${proxy}`, `export GEMINI_API_KEY=${key}`, `gemini -m ${level}`].join('\n'),
        },
      ],
      nameSwitch: {
        rule: 'gemini_cli_model_names',
        label: 'Gemini CLI names',
        why: 'Gemini CLI asks for concrete gemini-* names for its own calls (compression, loop detection, web search, and every turn without -m): a name no set-up model serves is refused as not set up unless this switch routes it with the power level.',
      },
    },
    {
      id: 'genai-js',
      title: 'Google GenAI SDK',
      note: '@google/genai (JavaScript); the Python google-genai takes the same base URL in http_options.',
      blocks: one([
        "import { GoogleGenAI } from '@google/genai';",
        '',
        `const ai = new GoogleGenAI({ apiKey: '${key}', httpOptions: { baseUrl: '${proxy}' } });`,
        "const reply = await ai.models.generateContent({ model: 'auto', contents: 'Hello!' });",
        'console.log(reply.text);',
      ].join('\n')),
    },
    {
      id: 'cursor',
      title: 'Cursor',
      note: 'Cursor calls a custom base URL from its own servers, which cannot reach this machine: expose the port through a tunnel that rewrites the Host header (Switchboard answers only its loopback name), then in Settings → Models → OpenAI API Key paste the token, enable "Override OpenAI Base URL" with the tunnel\'s URL + /v1, and add a custom model such as auto. The tunnel reaches all of Switchboard (tokens still required): give Cursor a profile with a spend cap, and stop the tunnel when Cursor is not using it. Agent mode\'s Responses-shaped requests are understood.',
      blocks: [
        {
          where: 'In the shell, the tunnel:',
          copy: 'Copy command',
          code: `cloudflared tunnel --url ${proxy} --http-host-header ${hostOf(proxy)}`,
        },
        { where: 'Or the tunnel with ngrok:', copy: 'Copy command', code: `ngrok http ${hostOf(proxy)} --host-header=rewrite` },
        // one value a block: Cursor has a field for each, and a key pasted with its label fails with 401
        { where: 'In Cursor → Settings → Models, OpenAI API Key:', copy: 'Copy token', code: key },
        { where: 'Override OpenAI Base URL (the tunnel\'s https address, then /v1):', copy: 'Copy base URL', code: 'https://<your-tunnel-host>/v1' },
        { where: 'Add a custom model:', copy: 'Copy model', code: 'auto' },
      ],
    },
    {
      id: 'continue',
      title: 'Continue',
      note: 'In ~/.continue/config.yaml (Continue requires its name, version and schema); with a config already there, add just the model to its models.',
      blocks: one([
        'name: Switchboard',
        'version: 1.0.0',
        'schema: v1',
        'models:',
        '  - name: Switchboard auto',
        '    provider: openai',
        '    model: auto',
        `    apiBase: ${v1}`,
        `    apiKey: ${key}`,
      ].join('\n')),
    },
    {
      id: 'aider',
      title: 'aider',
      note: 'The openai/ prefix tells aider to use the OpenAI-compatible API.',
      blocks: one(`aider --openai-api-base ${v1} --openai-api-key ${key} --model openai/auto`),
    },
    {
      id: 'open-webui',
      title: 'Open WebUI',
      note: "Switchboard answers only this machine's loopback names (its guard against DNS rebinding), so run Open WebUI where 127.0.0.1 is this machine: in Docker with --network=host (Docker on Linux, or Docker Desktop 4.34+ with host networking turned on in Settings → Resources → Network; Open WebUI is then at http://localhost:8080), or installed with pip. In an ordinary container 127.0.0.1 is the container itself, and reaching Switchboard as host.docker.internal gets 403. Open WebUI reads these settings at its first start; after that, change them in its Admin Settings → Connections.",
      blocks: [
        {
          where: "In the shell, Docker on this machine's network:",
          copy: 'Copy command',
          code: [
            'docker run -d --network=host -v open-webui:/app/backend/data \\',
            `  -e OPENAI_API_BASE_URL=${v1} \\`,
            `  -e OPENAI_API_KEY=${key} \\`,
            '  --name open-webui ghcr.io/open-webui/open-webui:main',
          ].join('\n'),
        },
        {
          where: 'Or installed with pip (pip install open-webui):',
          copy: 'Copy command',
          code: `OPENAI_API_BASE_URL=${v1} OPENAI_API_KEY=${key} open-webui serve`,
        },
      ],
    },
  ];
}
