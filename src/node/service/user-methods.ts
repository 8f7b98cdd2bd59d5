// Profiles ("users" in the admin API) and their proxy tokens. Tokens are shown once, stored hashed.
import type { AdminService } from '../../shared/contract';
import { tokenIssueBody, userCreateBody, userUpdateBody } from '../../shared/validate-admin';
import { objectOf, plainObject, slugify, text } from '../../shared/validate';
import { generateToken, newTokenId } from '../catalog/profile-token';
import type { RoutingRules } from '../../shared/types';
import { ResponseStore } from '../responses/response-store';
import { repositoriesFor, type Repositories, type TokenRow, type UserRow } from '../catalog/repos/index';
import type { UsageRecorder } from '../usage/recorder';
import type { ServiceContext } from './context';
import { conflict, notFound, pathId, withAdminErrors } from './errors';
import { syncDefaultTokenFile } from './default-token-file';
import { checkModelRefs } from './model-refs';
import { freeId, profileUsageCheck, usedIdMessage } from './profile-ids';
import { forgetImportedAs } from './imported-profile-ids';
import { withSecretChanges } from './secret-changes';
import { tokenView, userView } from './views';

type UserMethods = Pick<AdminService, 'listUsers' | 'createUser' | 'updateUser' | 'deleteUser' | 'issueToken' | 'revokeToken'>;

export const DEFAULT_PROFILE_ID = 'default';

/**
 * The routing rules with the level `auto` routes with: the Default profile's, which the tray switches
 * without touching the stored rules. What the Routing tab shows, where new profiles start, what an
 * export writes.
 */
export function currentRoutingRules(repos: Repositories): RoutingRules {
  const rules = repos.rules.get();
  const level = repos.users.get(DEFAULT_PROFILE_ID)?.power_level;
  return level === undefined || level === rules.power_level ? rules : { ...rules, power_level: level };
}

const revokeInput = objectOf({ id: text({ max: 300, trim: false }), token_id: text({ max: 300, trim: false }) }, ['id', 'token_id']);

/** `usage`: the recorder whose queued rows draw on the credit balances (flushed before a balance is set). */
export function createUserMethods(ctx: ServiceContext, usage: Pick<UsageRecorder, 'flush'>): UserMethods {
  const repos = repositoriesFor(ctx.db);
  const mustGet = (id: string): UserRow => {
    const row = repos.users.get(id);
    if (!row) throw notFound('profile', id);
    return row;
  };
  const view = (id: string) => userView(mustGet(id), repos.users.tokens.listOf(id));
  const hadUsage = profileUsageCheck(ctx.db);
  // DATA_DIR/default-token after a change to the Default profile's tokens (./default-token-file.ts). Run once the
  // change is committed: a file that cannot be written or removed must not make a done revoke or issue look
  // failed (the new token is in the answer; the status offers the file's token only while it is live)
  const syncFile = (userId: string, issued?: string): void => {
    if (userId !== DEFAULT_PROFILE_ID) return;
    try {
      syncDefaultTokenFile(ctx.dataDir, repos.users.tokens.listOf(userId), issued);
    } catch {
      // a dead token left in the file is removed at the next start
    }
  };
  const newTokenRow = (userId: string, name: string, at: string) => {
    const t = generateToken();
    const row: TokenRow = {
      id: newTokenId(), user_id: userId, name, token_hash: t.hash, prefix: t.prefix, created_at: at, last_used_at: null, revoked_at: null,
    };
    return { raw: t.raw, row };
  };

  return withAdminErrors<UserMethods>({
    async listUsers() {
      const tokens = new Map<string, TokenRow[]>();
      for (const t of repos.users.tokens.listAll()) {
        const list = tokens.get(t.user_id) ?? [];
        list.push(t);
        tokens.set(t.user_id, list);
      }
      return repos.users.list().map((u) => userView(u, tokens.get(u.id) ?? []));
    },

    createUser: (input) => ctx.exclusive(async () => {
      const body = userCreateBody(input, '');
      const taken = (candidate: string) => repos.users.get(candidate) !== undefined;
      // the rows of requests answered just now are in usage_log before it is asked who had usage
      usage.flush();
      // an id derived from the name never clashes (names need not be unique, nor Latin); one given does.
      // Nor is it a deleted profile's: spend and usage are kept by id, and a new Carol starts from nothing
      const id = body.id ?? freeId(slugify(body.name) || 'profile', (c) => taken(c) || hadUsage(c));
      if (taken(id)) throw conflict(`a profile with id ${id} already exists`, 'id');
      if (body.id !== undefined && hadUsage(id)) throw conflict(usedIdMessage(id), 'id');
      checkModelRefs(repos, body.preferred_models, 'preferred_models');
      const at = ctx.now().toISOString();
      const row: UserRow = {
        id,
        name: body.name,
        power_level: body.power_level ?? currentRoutingRules(repos).power_level,
        monthly_cap_usd: body.monthly_cap_usd ?? null,
        credit_balance_usd: body.credit_balance_usd ?? null,
        preferred_models: JSON.stringify(body.preferred_models ?? []),
        privacy_guard: body.privacy_guard ?? 'off',
        created_at: at,
        updated_at: at,
      };
      const token = newTokenRow(id, 'default', at);
      ctx.db.transaction(() => {
        repos.users.insert(row);
        repos.users.tokens.insert(token.row);
        ctx.audit('user.create', id, { ...body, token_id: token.row.id });
      })();
      ctx.catalog.refresh();
      return { user: view(id), token: token.raw, token_id: token.row.id };
    }),

    updateUser: (input) => ctx.exclusive(async () => {
      const id = pathId(plainObject(input, '').id);
      const row = mustGet(id);
      const patch = userUpdateBody(input.patch, '');
      checkModelRefs(repos, patch.preferred_models, 'preferred_models');
      const next: UserRow = { ...row, updated_at: ctx.now().toISOString() };
      if (patch.name !== undefined) next.name = patch.name;
      if (patch.power_level !== undefined) next.power_level = patch.power_level;
      if (patch.monthly_cap_usd !== undefined) next.monthly_cap_usd = patch.monthly_cap_usd;
      if (patch.credit_balance_usd !== undefined) next.credit_balance_usd = patch.credit_balance_usd;
      if (patch.preferred_models !== undefined) next.preferred_models = JSON.stringify(patch.preferred_models);
      if (patch.privacy_guard !== undefined) next.privacy_guard = patch.privacy_guard;
      // a balance set is the balance from now on: draws still queued reach the database first, or their
      // flush would take them off the new value. Nothing runs between this flush and the write (no await), so
      // a request answered later draws on the new balance
      if (patch.credit_balance_usd !== undefined) usage.flush();
      ctx.db.transaction(() => {
        repos.users.update(next);
        ctx.audit('user.update', id, { ...patch });
      })();
      ctx.catalog.refresh();
      return view(id);
    }),

    deleteUser: (input) => ctx.exclusive(async () => {
      const id = pathId(plainObject(input, '').id);
      mustGet(id);
      if (id === DEFAULT_PROFILE_ID) throw conflict('the default profile cannot be deleted');
      const byok = repos.byok.listOfUser(id);
      const forgetAtProviders = await ctx.profileLeaving(id);
      const held = await withSecretChanges(ctx.secrets, byok.map((b) => ({ account: b.secret_ref, value: null })), () => ctx.db.transaction(() => {
        // its responses first: forgetProfile deletes the rows they are read from. Read here, not before the
        // awaits: a request of the profile's may have been answered (and stored) meanwhile
        const atProviders = ResponseStore.heldAtProvidersIn(ctx.db, id);
        const responses = ResponseStore.forgetProfile(ctx.db, id);
        // a config import that created it no longer updates it, nor a later profile given its id
        forgetImportedAs(repos, id);
        repos.users.delete(id);
        ctx.audit('user.delete', id, { byok_entries: byok.length, stored_responses: responses });
        return atProviders;
      })());
      ctx.catalog.refresh();
      forgetAtProviders(held);
      return { deleted: true as const };
    }),

    issueToken: (input) => ctx.exclusive(async () => {
      const body = tokenIssueBody(input, '');
      mustGet(body.id);
      const token = newTokenRow(body.id, body.name ?? 'token', ctx.now().toISOString());
      ctx.db.transaction(() => {
        repos.users.tokens.insert(token.row);
        ctx.audit('token.issue', body.id, { token_id: token.row.id, name: token.row.name });
      })();
      ctx.catalog.refresh();
      syncFile(body.id, token.raw);
      return { token: token.raw, token_info: tokenView(token.row) };
    }),

    revokeToken: (input) => ctx.exclusive(async () => {
      const { id, token_id } = revokeInput(input, '');
      mustGet(id);
      const token = repos.users.tokens.get(id, token_id);
      if (!token) throw notFound('token', token_id);
      // Revoking twice is not an error: the token is revoked either way.
      if (token.revoked_at === null) {
        ctx.db.transaction(() => {
          repos.users.tokens.revoke(token_id, ctx.now().toISOString());
          ctx.audit('token.revoke', id, { token_id });
        })();
        ctx.catalog.refresh();
      }
      syncFile(id);
      return { revoked: true as const };
    }),
  });
}
