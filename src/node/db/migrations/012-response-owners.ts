// A stored response outlives its profile as a tombstone (migration 12): deleting a profile used to drop
// its rows through user_id's ON DELETE CASCADE, which freed their ids, so another profile could continue
// the deleted one's conversations at the provider that still holds them. The table is rebuilt without the
// foreign key (SQLite cannot drop one in place): rows copied as they are, the index kept. Deleting a
// profile now empties its rows instead (ResponseStore.forgetProfile); pruning still ends them.
// Raw SQL against schema 12 on purpose (see 001-seed.ts).
import type { Migration } from '../migration';

const SQL = `
CREATE TABLE stored_responses_new (
  id TEXT PRIMARY KEY,
  -- the profile that made it; a deleted profile's rows stay, as tombstones (deleted = 1)
  user_id TEXT NOT NULL,
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

export const responseOwnersMigration: Migration = {
  version: 12,
  name: 'response-owners',
  up(db): void {
    db.exec(SQL);
  },
};
