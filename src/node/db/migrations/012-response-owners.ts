// The ids of a deleted profile's stored responses stay claimed (migration 12): user_id's ON DELETE
// CASCADE drops its rows, which freed their ids, so another profile (one made later under the same id
// included) could continue the deleted one's conversations at the provider that still holds them.
// Deleting a profile now first records its response ids here (ResponseStore.forgetProfile, in the same
// transaction), and every lookup of an id refuses one found here; pruning ends them as it ends rows.
// stored_responses keeps its rows and schema, only an index on user_id added: rebuilding it (without its
// foreign key) copied every stored conversation at startup, 1 GB in 12 s and as much free disk again; and
// the foreign key is wanted, refusing the row of a request answered after its profile was deleted.
// Raw SQL against schema 12 on purpose (see 001-seed.ts).
import type { Migration } from '../migration';

const SQL = `
CREATE TABLE response_tombstones (
  id TEXT PRIMARY KEY,
  -- the deleted profile that made it, and when it was made (pruned with the rows of that day)
  user_id TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX response_tombstones_created ON response_tombstones (created_at);
-- a profile's rows, found by the delete (its cascade, and the ids recorded before it) without a scan:
-- built from each row's first page, not its conversation
CREATE INDEX stored_responses_user ON stored_responses (user_id);
`;

export const responseOwnersMigration: Migration = {
  version: 12,
  name: 'response-owners',
  up(db): void {
    db.exec(SQL);
  },
};
