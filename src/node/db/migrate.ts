// Runs the migrations a database has not seen yet, each in its own IMMEDIATE transaction that
// also bumps `PRAGMA user_version`, so a crash leaves the file at a clean version boundary.
import type { Database, Migration, MigrationContext } from './migration';
import { MigrationError } from './errors';

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function assertContiguous(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list out of order: entry ${i} has version ${m.version}, expected ${i + 1}`);
  });
}

/** Returns the versions that ran. */
export function migrate(db: Database, migrations: readonly Migration[], ctx: MigrationContext): number[] {
  assertContiguous(migrations);
  const ran: number[] = [];
  for (const m of migrations) {
    if (schemaVersion(db) >= m.version) continue;
    const step = db.transaction(() => {
      // Another process may have migrated while we waited for the write lock.
      if (schemaVersion(db) >= m.version) return false;
      m.up(db, ctx);
      db.pragma(`user_version = ${m.version}`);
      return true;
    });
    try {
      if (step.immediate()) ran.push(m.version);
    } catch (e) {
      // Errors that already say what went wrong (a damaged bundled catalog) keep their kind.
      if (e instanceof Error && 'kind' in e) throw e;
      throw new MigrationError(m.version, m.name, e);
    }
  }
  return ran;
}
