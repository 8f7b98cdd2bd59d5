// Migration 13: the chat models of Ollama and LM Studio providers discovered before JSON mode was given to
// them take it now, unless their capabilities were set by hand; embeddings models and other providers' models
// are left as they were.
import { describe, expect, it } from 'vitest';
import { capsOf, testDir } from './db-fixtures';

describe('migration 13', () => {
  it('adds json to the local runtimes\' chat models a user did not set by hand', () => {
    const tmp = testDir();
    const file = tmp.path('old.db');
    tmp.atSchema(file, 12, (old) => {
      const at = '2026-11-01T00:00:00.000Z';
      old.prepare("INSERT INTO providers (id, name, type, base_url, enabled, priority, created_at, updated_at) VALUES ('lms', 'LM Studio', 'lmstudio', 'http://127.0.0.1:1234/v1', 1, 0, ?, ?)").run(at, at);
      const model = old.prepare(`INSERT INTO models (id, provider_id, model_name, display_name, input_cost_per_1m, output_cost_per_1m, context_length, capabilities, created_at, updated_at)
        VALUES (?, ?, ?, ?, 0, 0, 8192, ?, ?, ?)`);
      const add = (provider: string, name: string, caps: string[]): void => void model.run(`${provider}/${name}`, provider, name, name, JSON.stringify(caps), at, at);
      add('ollama', 'qwen3:4b', ['chat', 'tools', 'reasoning']);
      add('ollama', 'nomic-embed-text', ['embeddings']);
      add('ollama', 'mine', ['chat']);
      add('lms', 'qwen/qwen3-4b', ['chat', 'tools']);
      add('lms', 'gemma', ['chat', 'json']);
      add('openai', 'gpt-x', ['chat']);
      old.prepare("INSERT INTO audit_log (at, action, subject, detail) VALUES (?, 'model.update', 'ollama/mine', ?)").run(at, JSON.stringify({ capabilities: ['chat'] }));
    });

    const db = tmp.upgrade(file);
    expect(capsOf(db, 'ollama/qwen3:4b')).toEqual(['chat', 'tools', 'reasoning', 'json']);
    expect(capsOf(db, 'lms/qwen/qwen3-4b')).toEqual(['chat', 'tools', 'json']);
    expect(capsOf(db, 'lms/gemma')).toEqual(['chat', 'json']);
    expect(capsOf(db, 'ollama/nomic-embed-text')).toEqual(['embeddings']);
    expect(capsOf(db, 'ollama/mine')).toEqual(['chat']);
    expect(capsOf(db, 'openai/gpt-x')).toEqual(['chat']);
    const note = db.prepare("SELECT detail FROM audit_log WHERE action = 'catalog.capability_added' AND subject = 'json'").pluck().get() as string;
    expect(JSON.parse(note).models.sort()).toEqual(['lms/qwen/qwen3-4b', 'ollama/qwen3:4b']);
  });
});
