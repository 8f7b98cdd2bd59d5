// Every migration, oldest first. Versions are 1..N with no gaps; append new ones at the end.
import type { Migration } from '../migration';
import { catalogMigration } from './001-catalog';
import { usageMigration } from './002-usage';
import { responsesMigration } from './006-responses';
import { reservedMigration } from './reserved';

export const MIGRATIONS: readonly Migration[] = [
  catalogMigration,
  usageMigration,
  reservedMigration(3),
  reservedMigration(4),
  reservedMigration(5),
  responsesMigration,
];
