// A profile's row, written straight into a test database (a store's tests need its owner to exist: the
// stored rows reference users(id)).
import type Database from 'better-sqlite3';

export function addProfileRow(db: Database.Database, id: string, name = id, at = 'x'): void {
  db.prepare('INSERT INTO users (id, name, power_level, preferred_models, privacy_guard, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(id, name, 'eco', '[]', 'off', at, at);
}
