// Stored responses learn two states (migration 7). `at_provider`: the conversation before it lives
// at the provider that served it (it continued an id Switchboard never kept), so a next turn goes
// there by id. `deleted`: its owner deleted it; the row stays, emptied, until it would have expired,
// so nobody (its owner included) continues the id, here or at the provider that still knows it.
import type { Migration } from '../migration';

const SQL = `
ALTER TABLE stored_responses ADD COLUMN at_provider INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stored_responses ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
`;

export const responseClaimsMigration: Migration = {
  version: 7,
  name: 'response-claims',
  up(db): void {
    db.exec(SQL);
  },
};
