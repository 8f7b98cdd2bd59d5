// Migrations 16 and 17: the `audio` capability 8da2b6f gave models (its own migration 16, discovery, the admin API)
// is taken out again, whether the database is at 15 or at 8da2b6f's 16, so the database opens, lists only SPEC's
// capabilities, and exports a file an import takes.
import { describe, expect, it } from 'vitest';
import { capsOf, testDir, type TestDir } from './db-fixtures';

/** A database at `version` holding a model with audio and one without. */
function oldDatabase(tmp: TestDir, version: number): string {
  const file = tmp.path(`v${version}.db`);
  tmp.atSchema(file, 15, (db) => {
    const at = '2026-12-04T17:35:00.000Z';
    const model = db.prepare(`INSERT INTO models (id, provider_id, model_name, display_name, input_cost_per_1m, output_cost_per_1m, context_length, capabilities, created_at, updated_at)
      VALUES (?, 'openai', ?, ?, 0, 0, 8192, ?, ?, ?)`);
    model.run('openai/heard', 'heard', 'heard', JSON.stringify(['chat', 'vision', 'audio']), at, at);
    model.run('openai/plain', 'plain', 'plain', JSON.stringify(['chat', 'tools']), at, at);
    // 8da2b6f's migration 16 had run: the version says so
    if (version === 16) db.pragma('user_version = 16');
  });
  return file;
}

describe('migrations 16 and 17: the audio capability withdrawn', () => {
  for (const version of [15, 16]) {
    it(`a database at schema ${version} opens with no model left holding audio, audited`, () => {
      const tmp = testDir();
      const db = tmp.upgrade(oldDatabase(tmp, version));
      expect(capsOf(db, 'openai/heard')).toEqual(['chat', 'vision']);
      expect(capsOf(db, 'openai/plain')).toEqual(['chat', 'tools']);
      const left = db.prepare("SELECT count(*) FROM models WHERE capabilities LIKE '%\"audio\"%'").pluck().get();
      expect(left).toBe(0);
      const notes = db.prepare("SELECT detail FROM audit_log WHERE action = 'catalog.capability_removed' AND subject = 'audio'").pluck().all() as string[];
      expect(notes.map((n) => JSON.parse(n).models)).toEqual([['openai/heard']]);
    });
  }
});
