export { openDatabase, BUSY_TIMEOUT_MS, type OpenDatabaseOptions } from './open-database';
export { databaseLockProblem } from './database-lock';
export { migrate, latestVersion, schemaVersion } from './migrate';
export { MIGRATIONS } from './migrations/index';
export { DatabaseFromFutureError, DatabaseOpenError, MigrationError } from './errors';
export { openAppDatabase, type AppDatabase } from './open-app-database';
export { dailyBackup, backupDir, listBackups, removeLeftoverBackupTemps, BACKUPS_KEPT } from './backup';
export type { ReplacedDatabase } from './damaged-database';
export type { Database, Migration, MigrationContext } from './migration';
