// Migration 16: chat models that take audio input by their provider type and name (Gemini's own, OpenAI's
// audio models, Voxtral, the same on OpenRouter) get the `audio` capability, bundled or discovered, unless
// their capabilities were set by hand; text-only and embeddings models are left as they were.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openDatabase, schemaVersion, type Database } from '../../src/node/db/index';
import { makeTempDir, writeFixtureCatalog, type TempDir } from './db-fixtures';

let tmp: TempDir;
let db: Database | undefined;
beforeEach(() => { tmp = makeTempDir(); });
afterEach(() => {
  db?.close();
  db = undefined;
  tmp.cleanup();
});

const capsOf = (d: Database, id: string): unknown => JSON.parse(d.prepare('SELECT capabilities FROM models WHERE id = ?').pluck().get(id) as string);

describe('migration 16', () => {
  it('adds audio to the chat models that take audio input, unless set by hand', () => {
    const file = tmp.path('old.db');
    const catalogPath = writeFixtureCatalog(tmp.dir);
    db = openDatabase(file, { migrations: MIGRATIONS.slice(0, 15), catalogPath });
    const at = '2026-11-01T00:00:00.000Z';
    const provider = db.prepare('INSERT INTO providers (id, name, type, base_url, enabled, priority, created_at, updated_at) VALUES (?, ?, ?, ?, 1, 0, ?, ?)');
    provider.run('gem', 'Gemini', 'gemini', 'https://generativelanguage.googleapis.com', at, at);
    provider.run('or', 'OpenRouter', 'openrouter', 'https://openrouter.ai/api/v1', at, at);
    provider.run('mis', 'Mistral', 'mistral', 'https://api.mistral.ai/v1', at, at);
    provider.run('ds', 'DeepSeek', 'deepseek', 'https://api.deepseek.com/v1', at, at);
    const model = db.prepare(`INSERT INTO models (id, provider_id, model_name, display_name, input_cost_per_1m, output_cost_per_1m, context_length, capabilities, created_at, updated_at)
      VALUES (?, ?, ?, ?, 0, 0, 8192, ?, ?, ?)`);
    const add = (p: string, name: string, caps: string[]): void => void model.run(`${p}/${name}`, p, name, name, JSON.stringify(caps), at, at);
    add('gem', 'gemini-2.5-flash', ['chat', 'tools', 'vision', 'json', 'reasoning', 'documents']);
    add('gem', 'gemini-embedding-001', ['embeddings']);
    add('gem', 'gemma-3-27b-it', ['chat']);
    add('gem', 'gemini-mine', ['chat']);
    add('openai', 'gpt-4o-audio-preview', ['chat']);
    add('openai', 'gpt-audio-mini', ['chat', 'tools']);
    add('openai', 'gpt-4o', ['chat', 'tools', 'vision']);
    add('or', 'google/gemini-2.5-pro', ['chat', 'vision']);
    add('or', 'meta-llama/llama-3.3-70b-instruct', ['chat']);
    add('mis', 'voxtral-small-latest', ['chat']);
    add('mis', 'mistral-small-latest', ['chat', 'vision']);
    add('ds', 'deepseek-chat', ['chat', 'tools', 'json']);
    db.prepare("INSERT INTO audit_log (at, action, subject, detail) VALUES (?, 'model.update', 'gem/gemini-mine', ?)").run(at, JSON.stringify({ capabilities: ['chat'] }));
    db.close();

    db = openDatabase(file, { catalogPath });
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(capsOf(db, 'gem/gemini-2.5-flash')).toEqual(['chat', 'tools', 'vision', 'json', 'reasoning', 'documents', 'audio']);
    expect(capsOf(db, 'openai/gpt-4o-audio-preview')).toEqual(['chat', 'audio']);
    expect(capsOf(db, 'openai/gpt-audio-mini')).toEqual(['chat', 'tools', 'audio']);
    expect(capsOf(db, 'or/google/gemini-2.5-pro')).toEqual(['chat', 'vision', 'audio']);
    expect(capsOf(db, 'mis/voxtral-small-latest')).toEqual(['chat', 'audio']);
    for (const [id, caps] of [
      ['gem/gemini-embedding-001', ['embeddings']], ['gem/gemma-3-27b-it', ['chat']], ['gem/gemini-mine', ['chat']],
      ['openai/gpt-4o', ['chat', 'tools', 'vision']], ['or/meta-llama/llama-3.3-70b-instruct', ['chat']],
      ['mis/mistral-small-latest', ['chat', 'vision']], ['ds/deepseek-chat', ['chat', 'tools', 'json']],
    ] as const) expect(capsOf(db, id)).toEqual(caps);
    const note = db.prepare("SELECT detail FROM audit_log WHERE action = 'catalog.capability_added' AND subject = 'audio'").pluck().get() as string;
    expect(JSON.parse(note).models).toHaveLength(5);
  });
});
