// Version 3 belongs to another branch (cost: model price columns). This no-op only keeps the list
// contiguous on this branch; the merge replaces it with that branch's migration.
import type { Migration } from '../migration';

export const reservedMigration3: Migration = {
  version: 3,
  name: 'reserved',
  up(): void {},
};
