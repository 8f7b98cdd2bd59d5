// Migration 009: in a database seeded before it, a seeded cloud provider still off and keyless waits for
// its first key (so an env key switches it on), unless the audit log names the user's own choice for it.
import { afterEach, expect, it } from 'vitest';
import { MIGRATIONS, openDatabase, schemaVersion, type Database } from '../../src/node/db';
import { makeTempDir, writeFixtureCatalog, type TempDir } from './db-fixtures';

let tmp: TempDir | undefined;
let db: Database | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
  tmp?.cleanup();
});

const waiting = (d: Database) => d.prepare('SELECT id FROM providers WHERE waits_for_key = 1 ORDER BY id').pluck().all();
const audit = (d: Database, action: string, subject: string, detail: unknown) =>
  d.prepare("INSERT INTO audit_log (at, action, subject, detail) VALUES ('2026-01-02', ?, ?, ?)").run(action, subject, JSON.stringify(detail));

it('marks the untouched seeded cloud providers as waiting, not the ones the user switched or keyed', () => {
  tmp = makeTempDir();
  const file = tmp.path('switchboard.db');
  const old = openDatabase(file, { catalogPath: writeFixtureCatalog(tmp.dir), migrations: MIGRATIONS.slice(0, 8) });
  expect(schemaVersion(old)).toBe(8);
  // the user switched anthropic on and off again; a copy of openai the user made, off; groq imported off
  old.prepare("UPDATE providers SET enabled = 0, updated_at = '2026-01-02' WHERE id = 'anthropic'").run();
  audit(old, 'provider.update', 'anthropic', { enabled: false });
  old.prepare(`INSERT INTO providers (id, name, type, base_url, enabled, priority, created_at, updated_at)
    VALUES ('groq', 'Groq', 'groq', 'https://api.groq.com/openai/v1', 0, 0, '2026-01-02', '2026-01-02')`).run();
  audit(old, 'config.import', 'config', { providers: { created: 1, updated: 0 }, changed: { providers: {} }, created: { providers: ['groq'] } });
  old.close();

  db = openDatabase(file, { catalogPath: writeFixtureCatalog(tmp.dir) });
  expect(schemaVersion(db)).toBe(MIGRATIONS.length);
  expect(waiting(db)).toEqual(['openai']);
});

it('a fresh database: every seeded cloud provider waits for its key, the local ones are on', () => {
  tmp = makeTempDir();
  db = openDatabase(tmp.path('fresh.db'), { catalogPath: writeFixtureCatalog(tmp.dir) });
  expect(waiting(db)).toEqual(['anthropic', 'openai']);
  expect(db.prepare("SELECT enabled FROM providers WHERE id = 'ollama'").pluck().get()).toBe(1);
});
