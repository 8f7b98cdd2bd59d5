import type { Database } from '../../db/migration';

export function createMetaRepo(db: Database) {
  const one = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const put = db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  return {
    get: (key: string): string | undefined => one.get(key)?.value,
    set: (key: string, value: string): void => void put.run(key, value),
    /** the random id of this data dir, set when the database was created */
    installId(): string {
      const id = one.get('install_id')?.value;
      if (!id) throw new Error('the database has no install_id (not migrated?)');
      return id;
    },
  };
}
export type MetaRepo = ReturnType<typeof createMetaRepo>;
