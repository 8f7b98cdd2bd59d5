// The activity log: who called (client), what crossing formats dropped, newest-first paging, and the
// opt-in store of request/response bodies. Per-attempt latency lives inside the failed_attempts JSON.
import type { Database, Migration } from '../migration';

const SQL = `
-- the caller's User-Agent (e.g. claude-cli/2.1.197), cut to 256 characters; NULL when it sent none
ALTER TABLE usage_log ADD COLUMN client TEXT;
-- JSON array of the field names a format crossing could not carry (x-switchboard-dropped); NULL when none
ALTER TABLE usage_log ADD COLUMN dropped TEXT;

-- Newest first with a (started_at, id) cursor; the model filter gets its own.
CREATE INDEX usage_log_started_id ON usage_log (started_at, id);
CREATE INDEX usage_log_model_started ON usage_log (model_id, started_at);

-- Bodies are kept only while capture is switched on (a setting), redacted, and pruned after a few days.
CREATE TABLE request_bodies (
  request_id TEXT PRIMARY KEY,
  captured_at INTEGER NOT NULL,
  request TEXT,
  response TEXT
) STRICT;
CREATE INDEX request_bodies_captured ON request_bodies (captured_at);
`;

export const activityMigration: Migration = {
  version: 4,
  name: 'activity',
  up(db: Database): void {
    db.exec(SQL);
  },
};
