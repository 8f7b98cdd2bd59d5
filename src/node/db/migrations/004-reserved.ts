// Version 4 belongs to another branch (ui: the activity log). This no-op only keeps the list
// contiguous on this branch; the merge replaces it with that branch's migration.
import type { Migration } from '../migration';

export const reservedMigration4: Migration = {
  version: 4,
  name: 'reserved',
  up(): void {},
};
