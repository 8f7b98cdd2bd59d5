// A User-Agent as a person would name the tool: `claude-cli/2.1.197 (external, cli)` -> `Claude Code 2.1.197`.

const KNOWN: readonly [RegExp, string][] = [
  [/^claude-cli\/(\S+)/i, 'Claude Code'],
  [/^codex_cli_rs\/(\S+)/i, 'Codex CLI'],
  [/^codex[-_]?\w*\/(\S+)/i, 'Codex'],
  [/^GeminiCLI\/(\S+)/i, 'Gemini CLI'],
  [/^google-genai-sdk\/(\S+)/i, 'Google GenAI SDK'],
  [/^OpenAI\/JS (\S+)/i, 'OpenAI SDK (JS)'],
  [/^OpenAI\/Python (\S+)/i, 'OpenAI SDK (Python)'],
  [/^Anthropic\/JS (\S+)/i, 'Anthropic SDK (JS)'],
  [/^Anthropic\/Python (\S+)/i, 'Anthropic SDK (Python)'],
  [/^aider\/(\S+)/i, 'aider'],
  [/^curl\/(\S+)/i, 'curl'],
];

export function clientName(userAgent: string | null): string {
  if (!userAgent) return 'unknown';
  for (const [re, name] of KNOWN) {
    const m = re.exec(userAgent);
    if (m) return `${name} ${m[1]}`;
  }
  // unknown tools: their first product token, which is usually the name/version
  return userAgent.split(' ')[0] ?? userAgent;
}
