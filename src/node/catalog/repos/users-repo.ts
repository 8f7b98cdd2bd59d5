import type { Database } from '../../db/migration';
import type { TokenRow, UserRow } from './rows';

const USER_COLS = 'id, name, power_level, monthly_cap_usd, credit_balance_usd, preferred_models, privacy_guard, created_at, updated_at';
const TOKEN_COLS = 'id, user_id, name, token_hash, prefix, created_at, last_used_at, revoked_at';
const params = (cols: string) => cols.split(', ').map((c) => `@${c}`).join(', ');

export function createUsersRepo(db: Database) {
  const all = db.prepare<[], UserRow>(`SELECT ${USER_COLS} FROM users ORDER BY id = 'default' DESC, id`);
  const one = db.prepare<[string], UserRow>(`SELECT ${USER_COLS} FROM users WHERE id = ?`);
  const insert = db.prepare<UserRow>(`INSERT INTO users (${USER_COLS}) VALUES (${params(USER_COLS)})`);
  const update = db.prepare<UserRow>(
    `UPDATE users SET name = @name, power_level = @power_level, monthly_cap_usd = @monthly_cap_usd,
       credit_balance_usd = @credit_balance_usd, preferred_models = @preferred_models, privacy_guard = @privacy_guard,
       updated_at = @updated_at WHERE id = @id`,
  );
  const remove = db.prepare<[string]>('DELETE FROM users WHERE id = ?');

  const tokensAll = db.prepare<[], TokenRow>(`SELECT ${TOKEN_COLS} FROM user_tokens ORDER BY created_at, id`);
  const tokensOf = db.prepare<[string], TokenRow>(`SELECT ${TOKEN_COLS} FROM user_tokens WHERE user_id = ? ORDER BY created_at, id`);
  const tokenOne = db.prepare<[string, string], TokenRow>(`SELECT ${TOKEN_COLS} FROM user_tokens WHERE id = ? AND user_id = ?`);
  const tokenInsert = db.prepare<TokenRow>(`INSERT INTO user_tokens (${TOKEN_COLS}) VALUES (${params(TOKEN_COLS)})`);
  const tokenRevoke = db.prepare<[string, string]>('UPDATE user_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const tokenTouch = db.prepare<[string, string]>('UPDATE user_tokens SET last_used_at = ? WHERE id = ?');
  return {
    list: (): UserRow[] => all.all(),
    get: (id: string): UserRow | undefined => one.get(id),
    insert: (row: UserRow): void => void insert.run(row),
    update: (row: UserRow): void => void update.run(row),
    delete: (id: string): boolean => remove.run(id).changes > 0,
    tokens: {
      listAll: (): TokenRow[] => tokensAll.all(),
      listOf: (userId: string): TokenRow[] => tokensOf.all(userId),
      get: (userId: string, tokenId: string): TokenRow | undefined => tokenOne.get(tokenId, userId),
      insert: (row: TokenRow): void => void tokenInsert.run(row),
      revoke: (tokenId: string, at: string): boolean => tokenRevoke.run(at, tokenId).changes > 0,
      touch: (tokenId: string, at: string): void => void tokenTouch.run(at, tokenId),
    },
  };
}
export type UsersRepo = ReturnType<typeof createUsersRepo>;
