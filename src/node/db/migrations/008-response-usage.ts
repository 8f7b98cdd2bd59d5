// A stored response answered later (background: true, queued at the provider) remembers the request
// whose usage row it belongs to (migration 8): that row holds only an estimate until the provider
// says what the response used, and is amended then. started_at finds the row through the
// (user_id, started_at) index, so usage_log needs no index of its own for it.
import type { Migration } from '../migration';

const SQL = `
ALTER TABLE stored_responses ADD COLUMN request_id TEXT;
ALTER TABLE stored_responses ADD COLUMN request_started_at INTEGER;
`;

export const responseUsageMigration: Migration = {
  version: 8,
  name: 'response-usage',
  up(db): void {
    db.exec(SQL);
  },
};
