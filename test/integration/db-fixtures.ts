// Shared set-up for the storage and service tests: temp dirs and a tiny bundled catalog.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURE_CATALOG = {
  as_of: '2026-01-15',
  providers: [
    { type: 'openai', name: 'OpenAI', base_url: 'https://api.openai.com/v1', auth: 'bearer', models_path: '/models' },
    { type: 'anthropic', name: 'Anthropic', base_url: 'https://api.anthropic.com', auth: 'x-api-key' },
    { type: 'ollama', name: 'Ollama', base_url: 'http://127.0.0.1:11434/v1', auth: 'none' },
  ],
  models: [
    {
      provider_type: 'openai', model_name: 'gpt-4.1-mini', display_name: 'GPT-4.1 mini', input_cost_per_1m: 0.4, output_cost_per_1m: 1.6,
      cached_input_cost_per_1m: 0.1, context_length: 1047576, max_output_tokens: 32768, capabilities: ['chat', 'tools', 'vision', 'json'],
      quality: 70, source: 'https://openai.com/api/pricing', as_of: '2026-01-15',
    },
    {
      provider_type: 'anthropic', model_name: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', input_cost_per_1m: 3, output_cost_per_1m: 15,
      cached_input_cost_per_1m: 0.3, context_length: 200000, max_output_tokens: 64000, capabilities: ['chat', 'tools', 'vision', 'reasoning'],
      quality: 90,
    },
    {
      provider_type: 'ollama', model_name: 'llama3.2', display_name: 'Llama 3.2', input_cost_per_1m: 0, output_cost_per_1m: 0,
      cached_input_cost_per_1m: null, context_length: 131072, max_output_tokens: null, capabilities: ['chat', 'json'], quality: 35,
    },
  ],
};

export interface TempDir {
  dir: string;
  path(...parts: string[]): string;
  cleanup(): void;
}

export function makeTempDir(prefix = 'switchboard-test-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, path: (...parts) => join(dir, ...parts), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeFixtureCatalog(dir: string, catalog: unknown = FIXTURE_CATALOG): string {
  const file = join(dir, 'catalog.json');
  writeFileSync(file, JSON.stringify(catalog));
  return file;
}
