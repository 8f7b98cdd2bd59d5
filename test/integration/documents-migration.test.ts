// Migration 005: a database seeded before the `documents` capability gets it for the bundled models
// that read PDFs, except where the user chose that model's capabilities.
import { expect, it } from 'vitest';
import { capsOf, FIXTURE_CATALOG, testDir, writeFixtureCatalog } from './db-fixtures';

/** The fixture catalog as it is today: GPT-4.1 mini and Claude read PDFs, the local Llama does not. */
const WITH_DOCUMENTS = {
  ...FIXTURE_CATALOG,
  models: FIXTURE_CATALOG.models.map((m) => (m.provider_type === 'ollama' ? m : { ...m, capabilities: [...m.capabilities, 'documents'] })),
};

it('adds documents to the unedited bundled models that read PDFs, and leaves the user\'s choices alone', () => {
  const tmp = testDir();
  const file = tmp.path('switchboard.db');
  // a database from before: seeded from the old catalog, at schema 4
  const updatedAt = tmp.atSchema(file, 4, (old) => {
    old.prepare("UPDATE models SET capabilities = '[\"chat\",\"tools\"]' WHERE id = 'anthropic/claude-sonnet-4-5'").run();
    old.prepare("INSERT INTO audit_log (at, action, subject, detail) VALUES ('2026-01-02', 'model.update', 'anthropic/claude-sonnet-4-5', '{\"capabilities\":[\"chat\",\"tools\"]}')").run();
    return old.prepare("SELECT updated_at FROM models WHERE id = 'openai/gpt-4.1-mini'").pluck().get();
  });

  const db = tmp.upgrade(file, { catalogPath: writeFixtureCatalog(tmp.dir, WITH_DOCUMENTS) });
  expect(capsOf(db, 'openai/gpt-4.1-mini')).toEqual(['chat', 'tools', 'vision', 'json', 'documents']);
  // not a user edit: the model still reads as untouched
  expect(db.prepare("SELECT updated_at FROM models WHERE id = 'openai/gpt-4.1-mini'").pluck().get()).toBe(updatedAt);
  expect(capsOf(db, 'anthropic/claude-sonnet-4-5')).toEqual(['chat', 'tools']);
  expect(capsOf(db, 'ollama/llama3.2')).toEqual(['chat', 'json']);
  const audit = db.prepare("SELECT detail FROM audit_log WHERE action = 'catalog.capability_added'").pluck().all() as string[];
  expect(audit.map((d) => JSON.parse(d))).toEqual([{ models: ['openai/gpt-4.1-mini'] }]);
});

it('changes nothing on a fresh database, which the catalog seeded with documents already', () => {
  const tmp = testDir();
  const db = tmp.open(tmp.path('fresh.db'), { catalogPath: writeFixtureCatalog(tmp.dir, WITH_DOCUMENTS) });
  expect(capsOf(db, 'openai/gpt-4.1-mini')).toEqual(['chat', 'tools', 'vision', 'json', 'documents']);
  expect(db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'catalog.capability_added'").pluck().get()).toBe(0);
});
