// Copy-paste set-up for local tools, filled with the real proxy URL and a profile token.

export interface SetupSnippet {
  id: string;
  title: string;
  note: string;
  code: string;
}

export const TOKEN_PLACEHOLDER = 'sb-YOUR-PROFILE-TOKEN';

export function buildSetupSnippets(proxyUrl: string, token: string | null): SetupSnippet[] {
  const proxy = proxyUrl.replace(/\/+$/, '');
  const v1 = `${proxy}/v1`;
  const key = token ?? TOKEN_PLACEHOLDER;
  return [
    {
      id: 'python',
      title: 'OpenAI SDK (Python)',
      note: 'Any model name works: auto, eco, balanced, precision, an alias, or provider/model.',
      code: [
        'from openai import OpenAI',
        '',
        `client = OpenAI(base_url="${v1}", api_key="${key}")`,
        'reply = client.chat.completions.create(',
        '    model="auto",',
        '    messages=[{"role": "user", "content": "Hello!"}],',
        ')',
        'print(reply.choices[0].message.content)',
      ].join('\n'),
    },
    {
      id: 'js',
      title: 'OpenAI SDK (JavaScript)',
      note: 'Node 18+ or any bundler.',
      code: [
        "import OpenAI from 'openai';",
        '',
        `const client = new OpenAI({ baseURL: '${v1}', apiKey: '${key}' });`,
        'const reply = await client.chat.completions.create({',
        "  model: 'auto',",
        "  messages: [{ role: 'user', content: 'Hello!' }],",
        '});',
        'console.log(reply.choices[0].message.content);',
      ].join('\n'),
    },
    {
      id: 'curl',
      title: 'curl',
      note: 'Add "stream": true for Server-Sent Events.',
      code: [
        `curl ${v1}/chat/completions \\`,
        `  -H "Authorization: Bearer ${key}" \\`,
        '  -H "Content-Type: application/json" \\',
        `  -d '{"model":"auto","messages":[{"role":"user","content":"Hello!"}]}'`,
      ].join('\n'),
    },
    {
      id: 'claude-code',
      title: 'Claude Code',
      note: 'Claude Code speaks the Anthropic Messages API, which the proxy serves at /v1/messages.',
      code: [`export ANTHROPIC_BASE_URL=${proxy}`, `export ANTHROPIC_AUTH_TOKEN=${key}`, 'claude'].join('\n'),
    },
    {
      id: 'cursor',
      title: 'Cursor',
      note: 'Settings → Models → OpenAI API Key: paste the token, enable "Override OpenAI Base URL", then add a custom model such as auto.',
      code: [`Override OpenAI Base URL: ${v1}`, `OpenAI API Key: ${key}`, 'Model: auto'].join('\n'),
    },
    {
      id: 'continue',
      title: 'Continue',
      note: 'In ~/.continue/config.yaml.',
      code: [
        'models:',
        '  - name: Switchboard auto',
        '    provider: openai',
        '    model: auto',
        `    apiBase: ${v1}`,
        `    apiKey: ${key}`,
      ].join('\n'),
    },
    {
      id: 'aider',
      title: 'aider',
      note: 'The openai/ prefix tells aider to use the OpenAI-compatible API.',
      code: `aider --openai-api-base ${v1} --openai-api-key ${key} --model openai/auto`,
    },
    {
      id: 'open-webui',
      title: 'Open WebUI',
      note: 'Docker: Open WebUI reaches the host through host.docker.internal; start serve with --host 0.0.0.0 only on a trusted network.',
      code: [`OPENAI_API_BASE_URL=${v1}`, `OPENAI_API_KEY=${key}`].join('\n'),
    },
  ];
}
