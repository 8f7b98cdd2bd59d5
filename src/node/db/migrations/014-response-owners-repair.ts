// Repairs a database that ran the first migration 12 (cd64deb, rewritten in place by 5139b0d before any
// release): there stored_responses was rebuilt without its foreign key to users and a deleted profile's rows
// stayed behind emptied (deleted = 1), and there is no response_tombstones table, so such a data dir failed
// to start ("no such table"). Here the table is made, a deleted profile's rows become its tombstones, and
// stored_responses is rebuilt with its foreign key, which refuses the row of an answer whose profile went
// (ResponseStore.put). On any other database it changes nothing and copies nothing: the tables and indexes
// exist, no profile's rows outlived it (the foreign key), and the rebuild is skipped.
// Raw SQL against schema 14 on purpose (see 001-seed.ts).
import type { Database, Migration } from '../migration';

const TOMBSTONES = `
CREATE TABLE IF NOT EXISTS response_tombstones (
  id TEXT PRIMARY KEY,
  -- the deleted profile that made it, and when it was made (pruned with the rows of that day)
  user_id TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS response_tombstones_created ON response_tombstones (created_at);
CREATE INDEX IF NOT EXISTS stored_responses_user ON stored_responses (user_id);
`;

// the table as migrations 6, 7 and 8 left it; only the first 012's databases (dev ones, small) copy it
const REBUILD = `
CREATE TABLE stored_responses_new (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  model_id TEXT NOT NULL,
  native INTEGER NOT NULL,
  input_items TEXT NOT NULL,
  response TEXT NOT NULL,
  at_provider INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  request_id TEXT,
  request_started_at INTEGER
) STRICT;
INSERT INTO stored_responses_new (id, user_id, created_at, model_id, native, input_items, response, at_provider, deleted, request_id, request_started_at)
SELECT id, user_id, created_at, model_id, native, input_items, response, at_provider, deleted, request_id, request_started_at FROM stored_responses;
DROP TABLE stored_responses;
ALTER TABLE stored_responses_new RENAME TO stored_responses;
CREATE INDEX stored_responses_created ON stored_responses (created_at);
CREATE INDEX stored_responses_user ON stored_responses (user_id);
`;

/** The rows of profiles no longer in users become those profiles' tombstones; read by user_id's index, not a scan. */
function buryOrphans(db: Database): void {
  const owners = db.prepare('SELECT DISTINCT user_id FROM stored_responses').pluck().all() as string[];
  const exists = db.prepare<[string]>('SELECT 1 FROM users WHERE id = ?').pluck();
  const bury = db.prepare<[string]>('INSERT OR IGNORE INTO response_tombstones (id, user_id, created_at) SELECT id, user_id, created_at FROM stored_responses WHERE user_id = ?');
  const drop = db.prepare<[string]>('DELETE FROM stored_responses WHERE user_id = ?');
  for (const owner of owners) {
    if (exists.get(owner) !== undefined) continue;
    bury.run(owner);
    drop.run(owner);
  }
}

function hasOwnerKey(db: Database): boolean {
  const keys = db.pragma('foreign_key_list(stored_responses)') as { table: string; from: string }[];
  return keys.some((k) => k.table === 'users' && k.from === 'user_id');
}

export const responseOwnersRepairMigration: Migration = {
  version: 14,
  name: 'response-owners-repair',
  up(db): void {
    db.exec(TOMBSTONES);
    buryOrphans(db);
    if (!hasOwnerKey(db)) db.exec(REBUILD);
  },
};
