// A response a Responses provider holds belongs there to the account of the key that made it (OpenAI
// scopes stored responses by key's organization and project), so it is read, cancelled and deleted there
// with that same kind of key: the profile's own (BYOK) or the provider's shared one. own_key: 1 own, 0
// shared; NULL for a row kept before this migration, asked as before (with the key the profile would
// send now).
import type { Migration } from '../migration';

export const responseKeyMigration: Migration = {
  version: 15,
  name: 'response-key',
  up(db): void {
    db.exec('ALTER TABLE stored_responses ADD COLUMN own_key INTEGER');
  },
};
