// The shape of one numbered schema migration (one small file each in ./migrations).
import type BetterSqlite3 from 'better-sqlite3';

export type Database = BetterSqlite3.Database;

export interface MigrationContext {
  /** the bundled catalog to seed a fresh database from; null seeds no providers or models */
  catalogPath: string | null;
  now: Date;
}

export interface Migration {
  version: number;
  name: string;
  /** runs inside the transaction that also bumps `PRAGMA user_version` */
  up(db: Database, ctx: MigrationContext): void;
}
