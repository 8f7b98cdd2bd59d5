// Migration 23: the Ollama cloud models already in a database (`-cloud`, `:cloud`, forwarded to ollama.com by
// the local daemon) are marked remote, and the $0 their local runtime filled in becomes unknown; a price the
// user set stays, and other models are left as they were.
import { describe, expect, it } from 'vitest';
import { testDir } from './db-fixtures';

describe('migration 23', () => {
  it("marks the local runtimes' cloud models remote and forgets the runtime's $0 for them", () => {
    const tmp = testDir();
    const file = tmp.path('old.db');
    tmp.atSchema(file, 22, (old) => {
      const at = '2026-11-01T00:00:00.000Z';
      old.prepare("INSERT INTO providers (id, name, type, base_url, enabled, priority, created_at, updated_at) VALUES ('oll', 'Ollama', 'ollama', 'http://127.0.0.1:11434/v1', 1, 0, ?, ?)").run(at, at);
      old.prepare("INSERT INTO providers (id, name, type, base_url, enabled, priority, created_at, updated_at) VALUES ('or', 'OpenRouter', 'openrouter', 'https://openrouter.ai/api/v1', 1, 0, ?, ?)").run(at, at);
      const model = old.prepare(`INSERT INTO models (id, provider_id, model_name, display_name, input_cost_per_1m, output_cost_per_1m, price_source, context_length, capabilities, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, 4096, '["chat"]', ?, ?)`);
      const add = (provider: string, name: string, price: number | null, source: string | null = null): void =>
        void model.run(`${provider}/${name}`, provider, name, name, price, price, source, at, at);
      add('oll', 'gpt-oss:120b-cloud', 0);
      add('oll', 'glm-4.6:cloud', 0);
      add('oll', 'kimi-k2:1t-cloud', 0, 'user');
      add('oll', 'qwen3:8b', 0);
      add('or', 'vendor/x:cloud', 1, 'provider');
    });

    const db = tmp.upgrade(file);
    const row = (id: string) => db.prepare('SELECT remote, input_cost_per_1m AS input, output_cost_per_1m AS output, price_source FROM models WHERE id = ?').get(id);
    expect(row('oll/gpt-oss:120b-cloud')).toEqual({ remote: 1, input: null, output: null, price_source: null });
    expect(row('oll/glm-4.6:cloud')).toEqual({ remote: 1, input: null, output: null, price_source: null });
    expect(row('oll/kimi-k2:1t-cloud')).toEqual({ remote: 1, input: 0, output: 0, price_source: 'user' });
    expect(row('oll/qwen3:8b')).toEqual({ remote: 0, input: 0, output: 0, price_source: null });
    expect(row('or/vendor/x:cloud')).toEqual({ remote: 0, input: 1, output: 1, price_source: 'provider' });
    const audited = db.prepare("SELECT subject FROM audit_log WHERE action = 'model.price_unknown' ORDER BY subject").pluck().all();
    expect(audited).toEqual(['oll/glm-4.6:cloud', 'oll/gpt-oss:120b-cloud']);
  });
});
