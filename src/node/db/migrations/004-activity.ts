// The activity log: who called (client), what crossing formats dropped, why requests were refused, and the
// opt-in store of request/response bodies. Per-attempt latency lives inside the failed_attempts JSON.
import type { Database, Migration } from '../migration';

const SQL = `
-- the caller's User-Agent (e.g. claude-cli/2.1.197), cut to 256 characters; NULL when it sent none
ALTER TABLE usage_log ADD COLUMN client TEXT;
-- JSON array of the field names a format crossing could not carry (x-switchboard-dropped); NULL when none
ALTER TABLE usage_log ADD COLUMN dropped TEXT;

-- "Why was it refused" reads only the rows that reached no model: a partial index holds just those, so it
-- costs the batched usage writes nothing for served requests (a full index on model_id cost them 15-30% of
-- their rows per second). Newest-first paging needs no index of its own: usage_log_started orders by
-- started_at, and ties sort by id within the page.
CREATE INDEX usage_log_refused ON usage_log (started_at) WHERE model_id IS NULL;

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
