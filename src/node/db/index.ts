export { openDatabase, type OpenDatabaseOptions } from './open-database';
export { migrate, latestVersion, schemaVersion } from './migrate';
export { MIGRATIONS } from './migrations/index';
export { DatabaseFromFutureError, MigrationError } from './errors';
export type { Database, Migration, MigrationContext } from './migration';
