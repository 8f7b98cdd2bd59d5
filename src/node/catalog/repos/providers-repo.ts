import type { Database } from '../../db/migration';
import type { ProviderRow } from './rows';

const COLS = 'id, name, type, base_url, enabled, priority, key_mask, waits_for_key, created_at, updated_at';

export function createProvidersRepo(db: Database) {
  const all = db.prepare<[], ProviderRow>(`SELECT ${COLS} FROM providers ORDER BY priority, id`);
  const one = db.prepare<[string], ProviderRow>(`SELECT ${COLS} FROM providers WHERE id = ?`);
  const insert = db.prepare<ProviderRow>(
    `INSERT INTO providers (${COLS}) VALUES (@id, @name, @type, @base_url, @enabled, @priority, @key_mask, @waits_for_key, @created_at, @updated_at)`,
  );
  const update = db.prepare<ProviderRow>(
    `UPDATE providers SET name = @name, type = @type, base_url = @base_url, enabled = @enabled, priority = @priority,
       key_mask = @key_mask, waits_for_key = @waits_for_key, updated_at = @updated_at WHERE id = @id`,
  );
  const remove = db.prepare<[string]>('DELETE FROM providers WHERE id = ?');
  const setMask = db.prepare<[string, string, string]>('UPDATE providers SET key_mask = ? WHERE id = ? AND key_mask = ?');
  return {
    list: (): ProviderRow[] => all.all(),
    get: (id: string): ProviderRow | undefined => one.get(id),
    insert: (row: ProviderRow): void => void insert.run(row),
    update: (row: ProviderRow): void => void update.run(row),
    delete: (id: string): boolean => remove.run(id).changes > 0,
    /** the key's mask recomputed, unless the key changed meanwhile (the mask is no longer `was`) */
    replaceMask: (id: string, was: string, mask: string): boolean => setMask.run(mask, id, was).changes > 0,
  };
}
export type ProvidersRepo = ReturnType<typeof createProvidersRepo>;
