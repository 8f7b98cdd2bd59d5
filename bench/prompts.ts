// What a bench request asks, at the sizes real clients send: a tiny turn (~200 bytes), 1 KB, and
// 40 KB (Codex CLI's first request is 39 KB, Gemini CLI's 36 KB: long instructions, a dozen tool
// schemas, a few turns of history). Deterministic, so every target and every run gets the same bytes.

export type PromptSize = 'tiny' | '1k' | '40k';

export const PROMPT_SIZES: readonly PromptSize[] = ['tiny', '1k', '40k'];

/** The size of the body a prompt makes, roughly, in any client API (tests keep them within 25%). */
export const PROMPT_BYTES: Record<PromptSize, number> = { tiny: 320, '1k': 1024, '40k': 40 * 1024 };

export interface BenchTool {
  name: string;
  description: string;
  /** a JSON schema */
  parameters: Record<string, unknown>;
}

export interface Prompt {
  system: string;
  /** alternating user / assistant turns, the last one the user's */
  turns: { role: 'user' | 'assistant'; text: string }[];
  tools: BenchTool[];
}

const TINY: Prompt = {
  system: 'You are a terse assistant used by a benchmark. Answer in one short sentence.',
  turns: [{ role: 'user', text: 'Summarise why a localhost LLM router should add as little latency as a bare pass-through proxy does.' }],
  tools: [],
};

// Instructions read like a coding agent's: prose, lists, code with `=` in it (the privacy scan's
// dotenv check looks at such lines), quotes and newlines (JSON escapes them).
const SENTENCES = [
  'You are a coding agent running in a terminal on the user\'s machine.',
  'Keep answers short and precise, and prefer editing existing files to creating new ones.',
  'Before running a command that changes files, say what it will do and why.',
  '- Read the surrounding code first; follow the naming and error handling already there.',
  '- Run the tests that cover what you changed, and report failures exactly as printed.',
  'When a command fails, read its output before retrying: "permission denied" is not fixed by running it again.',
  '```ts\nconst total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);\n```',
  'Configuration lives in `config.toml`; values such as timeout_ms = 30000 are in milliseconds.',
  'Never print secrets; refer to them by the name of the variable that holds them.',
  'Use `rg` to search and `sed -n` to read ranges of a file; avoid paging tools that wait for input.',
  '\tIndented lines keep their tabs, and paths like src/node/proxy/server.ts are written as is.',
  'If the user asks a question, answer it; do not start changing code unless they ask for a change.',
];

/** `n` characters of instruction-like text, the same every time. */
export function filler(n: number, seed = 0): string {
  let out = '';
  for (let i = seed; out.length < n; i++) out += `${SENTENCES[i % SENTENCES.length]!}${i % 4 === 3 ? '\n\n' : ' '}`;
  return out.slice(0, n);
}

function tool(i: number, descriptionChars: number): BenchTool {
  return {
    name: `tool_${i}_${['exec_command', 'read_file', 'apply_patch', 'search', 'list_dir', 'web_fetch'][i % 6]!}`,
    description: filler(descriptionChars, i),
    parameters: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'Path of the file, relative to the workspace root.' },
        command: { type: 'array', items: { type: 'string' }, description: 'The command and its arguments.' },
        timeout_ms: { type: 'integer', minimum: 1, description: 'How long to wait before giving up, in milliseconds.' },
        options: {
          type: 'object',
          properties: { recursive: { type: 'boolean' }, max_results: { type: 'integer' } },
          additionalProperties: false,
        },
      },
      required: ['path'],
      additionalProperties: false,
    },
  };
}

const ONE_K: Prompt = {
  system: filler(560),
  turns: [{ role: 'user', text: filler(300, 5) }],
  tools: [],
};

/** ~14 KB of instructions, 12 tools (~14 KB of schema), 7 turns of history (~11 KB). */
const FORTY_K: Prompt = {
  system: filler(14_000),
  turns: Array.from({ length: 7 }, (_, i) => ({ role: i % 2 === 0 ? 'user' as const : 'assistant' as const, text: filler(1_560, i + 3) })),
  tools: Array.from({ length: 12 }, (_, i) => tool(i, 600)),
};

export function promptOf(size: PromptSize): Prompt {
  return size === 'tiny' ? TINY : size === '1k' ? ONE_K : FORTY_K;
}
