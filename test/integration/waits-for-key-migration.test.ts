// Migration 009: in a database seeded before it, a seeded cloud provider still off and keyless waits for
// its first key (so an env key switches it on), unless the audit log names the user's own choice for it.
import { expect, it } from 'vitest';
import type { Database } from '../../src/node/db';
import { testDir, writeFixtureCatalog } from './db-fixtures';

const waiting = (d: Database) => d.prepare('SELECT id FROM providers WHERE waits_for_key = 1 ORDER BY id').pluck().all();
const audit = (d: Database, action: string, subject: string, detail: unknown) =>
  d.prepare("INSERT INTO audit_log (at, action, subject, detail) VALUES ('2026-01-02', ?, ?, ?)").run(action, subject, JSON.stringify(detail));

it('marks the untouched seeded cloud providers as waiting, not the ones the user switched or keyed', () => {
  const tmp = testDir();
  const file = tmp.path('switchboard.db');
  tmp.atSchema(file, 8, (old) => {
    // the user switched anthropic on and off again; a copy of openai the user made, off; groq imported off
    old.prepare("UPDATE providers SET enabled = 0, updated_at = '2026-01-02' WHERE id = 'anthropic'").run();
    audit(old, 'provider.update', 'anthropic', { enabled: false });
    old.prepare(`INSERT INTO providers (id, name, type, base_url, enabled, priority, created_at, updated_at)
      VALUES ('groq', 'Groq', 'groq', 'https://api.groq.com/openai/v1', 0, 0, '2026-01-02', '2026-01-02')`).run();
    audit(old, 'config.import', 'config', { providers: { created: 1, updated: 0 }, changed: { providers: {} }, created: { providers: ['groq'] } });
  });

  const db = tmp.upgrade(file);
  expect(waiting(db)).toEqual(['openai']);
});

it('a fresh database: every seeded cloud provider waits for its key, the local ones are on', () => {
  const tmp = testDir();
  const db = tmp.open(tmp.path('fresh.db'), { catalogPath: writeFixtureCatalog(tmp.dir) });
  expect(waiting(db)).toEqual(['anthropic', 'openai']);
  expect(db.prepare("SELECT enabled FROM providers WHERE id = 'ollama'").pluck().get()).toBe(1);
});
