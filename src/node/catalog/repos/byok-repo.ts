import type { Database } from '../../db/migration';
import type { ByokRow } from './rows';

const COLS = 'user_id, provider_id, secret_ref, key_mask, preferred_models, created_at, updated_at';

export function createByokRepo(db: Database) {
  const all = db.prepare<[], ByokRow>(`SELECT ${COLS} FROM byok ORDER BY user_id, provider_id`);
  const ofUser = db.prepare<[string], ByokRow>(`SELECT ${COLS} FROM byok WHERE user_id = ? ORDER BY provider_id`);
  const ofProvider = db.prepare<[string], ByokRow>(`SELECT ${COLS} FROM byok WHERE provider_id = ?`);
  const one = db.prepare<[string, string], ByokRow>(`SELECT ${COLS} FROM byok WHERE user_id = ? AND provider_id = ?`);
  const upsert = db.prepare<ByokRow>(
    `INSERT INTO byok (${COLS}) VALUES (@user_id, @provider_id, @secret_ref, @key_mask, @preferred_models, @created_at, @updated_at)
     ON CONFLICT (user_id, provider_id) DO UPDATE SET secret_ref = excluded.secret_ref, key_mask = excluded.key_mask,
       preferred_models = excluded.preferred_models, updated_at = excluded.updated_at`,
  );
  const setPreferred = db.prepare<[string, string, string]>('UPDATE byok SET preferred_models = ? WHERE user_id = ? AND provider_id = ?');
  const remove = db.prepare<[string, string]>('DELETE FROM byok WHERE user_id = ? AND provider_id = ?');
  const setMask = db.prepare<[string, string, string]>('UPDATE byok SET key_mask = ? WHERE secret_ref = ? AND key_mask = ?');
  return {
    list: (): ByokRow[] => all.all(),
    listOfUser: (userId: string): ByokRow[] => ofUser.all(userId),
    listOfProvider: (providerId: string): ByokRow[] => ofProvider.all(providerId),
    get: (userId: string, providerId: string): ByokRow | undefined => one.get(userId, providerId),
    upsert: (row: ByokRow): void => void upsert.run(row),
    setPreferred: (userId: string, providerId: string, json: string): void => void setPreferred.run(json, userId, providerId),
    delete: (userId: string, providerId: string): boolean => remove.run(userId, providerId).changes > 0,
    /** the key's mask recomputed, unless the key changed meanwhile (the mask is no longer `was`) */
    replaceMask: (secretRef: string, was: string, mask: string): boolean => setMask.run(mask, secretRef, was).changes > 0,
  };
}
export type ByokRepo = ReturnType<typeof createByokRepo>;
