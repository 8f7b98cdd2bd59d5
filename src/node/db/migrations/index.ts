// Every migration, oldest first. Versions are 1..N with no gaps; append new ones at the end.
import type { Migration } from '../migration';
import { catalogMigration } from './001-catalog';
import { usageMigration } from './002-usage';
import { reservedMigration3 } from './003-reserved';
import { activityMigration } from './004-activity';

export const MIGRATIONS: readonly Migration[] = [
  catalogMigration,
  usageMigration,
  reservedMigration3,
  activityMigration,
];
