// Versions 3 to 5 belong to other branches (3: model prices per token class, 4: activity log,
// 5: Claude Code). These no-ops only keep the list contiguous on this branch; the merge replaces
// each with that branch's migration.
import type { Migration } from '../migration';

export const reservedMigration = (version: number): Migration => ({ version, name: 'reserved', up(): void {} });
