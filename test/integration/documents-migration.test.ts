// Migration 005: a database seeded before the `documents` capability gets it for the bundled models
// that read PDFs, except where the user chose that model's capabilities.
import { afterEach, expect, it } from 'vitest';
import { MIGRATIONS, openDatabase, schemaVersion, type Database } from '../../src/node/db';
import { FIXTURE_CATALOG, makeTempDir, writeFixtureCatalog, type TempDir } from './db-fixtures';

let tmp: TempDir | undefined;
let db: Database | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
  tmp?.cleanup();
});

/** The fixture catalog as it is today: GPT-4.1 mini and Claude read PDFs, the local Llama does not. */
const WITH_DOCUMENTS = {
  ...FIXTURE_CATALOG,
  models: FIXTURE_CATALOG.models.map((m) => (m.provider_type === 'ollama' ? m : { ...m, capabilities: [...m.capabilities, 'documents'] })),
};

const caps = (d: Database, id: string): string[] => JSON.parse(d.prepare('SELECT capabilities FROM models WHERE id = ?').pluck().get(id) as string);

it('adds documents to the unedited bundled models that read PDFs, and leaves the user\'s choices alone', () => {
  tmp = makeTempDir();
  const file = tmp.path('switchboard.db');
  // a database from before: seeded from the old catalog, at schema 4
  const old = openDatabase(file, { catalogPath: writeFixtureCatalog(tmp.dir), migrations: MIGRATIONS.slice(0, 4) });
  expect(schemaVersion(old)).toBe(4);
  old.prepare("UPDATE models SET capabilities = '[\"chat\",\"tools\"]' WHERE id = 'anthropic/claude-sonnet-4-5'").run();
  old.prepare("INSERT INTO audit_log (at, action, subject, detail) VALUES ('2026-01-02', 'model.update', 'anthropic/claude-sonnet-4-5', '{\"capabilities\":[\"chat\",\"tools\"]}')").run();
  const updatedAt = old.prepare("SELECT updated_at FROM models WHERE id = 'openai/gpt-4.1-mini'").pluck().get();
  old.close();

  db = openDatabase(file, { catalogPath: writeFixtureCatalog(tmp.dir, WITH_DOCUMENTS) });
  expect(schemaVersion(db)).toBe(MIGRATIONS.length);
  expect(caps(db, 'openai/gpt-4.1-mini')).toEqual(['chat', 'tools', 'vision', 'json', 'documents']);
  // not a user edit: the model still reads as untouched
  expect(db.prepare("SELECT updated_at FROM models WHERE id = 'openai/gpt-4.1-mini'").pluck().get()).toBe(updatedAt);
  expect(caps(db, 'anthropic/claude-sonnet-4-5')).toEqual(['chat', 'tools']);
  expect(caps(db, 'ollama/llama3.2')).toEqual(['chat', 'json']);
  const audit = db.prepare("SELECT detail FROM audit_log WHERE action = 'catalog.capability_added'").pluck().all() as string[];
  expect(audit.map((d) => JSON.parse(d))).toEqual([{ models: ['openai/gpt-4.1-mini'] }]);
});

it('changes nothing on a fresh database, which the catalog seeded with documents already', () => {
  tmp = makeTempDir();
  db = openDatabase(tmp.path('fresh.db'), { catalogPath: writeFixtureCatalog(tmp.dir, WITH_DOCUMENTS) });
  expect(caps(db, 'openai/gpt-4.1-mini')).toEqual(['chat', 'tools', 'vision', 'json', 'documents']);
  expect(db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'catalog.capability_added'").pluck().get()).toBe(0);
});
