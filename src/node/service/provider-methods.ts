// Providers: list, create, update, delete (SPEC.md §3). Keys go to the secret store, masks to SQLite.
import { PROVIDER_TYPE_INFO } from '../../core/providers/registry';
import { maskKey } from '../../core/redact';
import type { AdminService } from '../../shared/contract';
import { providerCreateBody, providerUpdateBody } from '../../shared/validate-admin';
import { plainObject, slugify } from '../../shared/validate';
import { repositoriesFor, toFlag, type ProviderRow } from '../catalog/repos/index';
import { providerAccount } from '../catalog/secret-accounts';
import type { ServiceContext } from './context';
import { badRequest, conflict, notFound, pathId, withAdminErrors } from './errors';
import { responsesModelsProblem } from './model-methods';
import { describeModelRefPruning, pruneModelRefs } from './model-refs';
import { KEY_LEFT_BEHIND, keysLeftBehind } from './key-origin';
import { forgetLocalPrices, freeLocalPrices } from './local-prices';
import { withSecretChanges, type SecretChange } from './secret-changes';
import { providerView } from './views';

type ProviderMethods = Pick<AdminService, 'listProviders' | 'createProvider' | 'updateProvider' | 'deleteProvider' | 'previewProviderDelete'>;

export function createProviderMethods(ctx: ServiceContext): ProviderMethods {
  const repos = repositoriesFor(ctx.db);
  const view = (id: string) => {
    const row = repos.providers.get(id);
    if (!row) throw notFound('provider', id);
    return providerView(row, repos.health.get(id), ctx.env, repos.byok.listOfProvider(id).length);
  };

  return withAdminErrors<ProviderMethods>({
    async listProviders() {
      const health = new Map(repos.health.list().map((h) => [h.provider_id, h]));
      const byok = new Map<string, number>();
      for (const b of repos.byok.list()) byok.set(b.provider_id, (byok.get(b.provider_id) ?? 0) + 1);
      return repos.providers.list().map((row) => providerView(row, health.get(row.id), ctx.env, byok.get(row.id) ?? 0));
    },

    createProvider: (input) => ctx.exclusive(async () => {
      const body = providerCreateBody(input, '');
      if (body.base_url !== undefined) refuseBaseUrl(ctx, body.base_url);
      const id = body.id ?? (slugify(body.name) || body.type);
      if (repos.providers.get(id)) {
        throw conflict(`a provider with id ${id} already exists${body.id ? '' : '; choose an id'}`, body.id ? 'id' : 'name');
      }
      const at = ctx.now().toISOString();
      const row: ProviderRow = {
        id,
        name: body.name,
        type: body.type,
        base_url: body.base_url ?? PROVIDER_TYPE_INFO[body.type].defaultBaseUrl,
        enabled: toFlag(body.enabled ?? true),
        priority: body.priority ?? 0,
        key_mask: body.api_key === undefined ? null : maskKey(body.api_key),
        waits_for_key: 0,
        created_at: at,
        updated_at: at,
      };
      const changes: SecretChange[] = body.api_key === undefined ? [] : [{ account: providerAccount(id), value: body.api_key }];
      await withSecretChanges(ctx.secrets, changes, () => ctx.db.transaction(() => {
        repos.providers.insert(row);
        ctx.audit('provider.create', id, {
          name: row.name, type: row.type, base_url: row.base_url, enabled: row.enabled === 1, priority: row.priority,
          key_stored: row.key_mask !== null,
        });
      })());
      ctx.catalog.refresh();
      if (row.enabled === 1) ctx.providerChanged(id);
      return view(id);
    }),

    updateProvider: (input) => ctx.exclusive(async () => {
      const id = pathId(plainObject(input, '').id);
      const row = repos.providers.get(id);
      if (!row) throw notFound('provider', id);
      const patch = providerUpdateBody(input.patch, '');
      if (patch.base_url !== undefined) refuseBaseUrl(ctx, patch.base_url);
      const next: ProviderRow = { ...row, updated_at: ctx.now().toISOString() };
      if (patch.name !== undefined) next.name = patch.name;
      if (patch.type !== undefined) {
        const problem = responsesModelsProblem(patch.type, repos.models.listByProvider(id));
        if (problem !== null) throw badRequest(problem, 'type');
        next.type = patch.type;
        // A URL the user never changed follows the type; one they set stays.
        if (patch.base_url === undefined && row.base_url === PROVIDER_TYPE_INFO[row.type].defaultBaseUrl) {
          next.base_url = PROVIDER_TYPE_INFO[patch.type].defaultBaseUrl;
        }
      }
      if (patch.base_url !== undefined) next.base_url = patch.base_url;
      if (patch.enabled !== undefined) {
        next.enabled = toFlag(patch.enabled);
        // the user's own choice: an env key no longer decides it (an explicit off stays off)
        next.waits_for_key = 0;
      }
      if (patch.priority !== undefined) next.priority = patch.priority;
      // keys stay with the origin they were stored for (key-origin.ts)
      const left = keysLeftBehind(repos, row, next.base_url, patch.api_key !== undefined);
      const byokDropped = left.byok;
      const changes: SecretChange[] = [];
      if (typeof patch.api_key === 'string') {
        // cloud providers are seeded disabled "until they have a key": the first key switches one on
        if (row.key_mask === null && patch.enabled === undefined) next.enabled = 1;
        next.waits_for_key = 0;
        next.key_mask = maskKey(patch.api_key);
        changes.push({ account: providerAccount(id), value: patch.api_key });
      } else if (patch.api_key === null && row.key_mask !== null) {
        next.key_mask = null;
        changes.push({ account: providerAccount(id), value: null });
      }
      if (left.dropsProviderKey) next.key_mask = null;
      changes.push(...left.changes);
      const { api_key: key, ...fields } = patch;
      const keyRemoved = row.key_mask !== null && next.key_mask === null;
      const keyChange = key === null ? 'removed' : typeof key === 'string' ? 'stored' : left.dropsProviderKey ? KEY_LEFT_BEHIND : undefined;
      await withSecretChanges(ctx.secrets, changes, () => ctx.db.transaction(() => {
        repos.providers.update(next);
        // how it answered with the key says nothing of it without one: unknown until tested, as a provider added keyless
        if (keyRemoved) repos.health.forget(id);
        forgetLocalPrices(repos, ctx.audit, row, next, next.updated_at);
        freeLocalPrices(repos, ctx.audit, row, next, next.updated_at);
        for (const b of byokDropped) repos.byok.delete(b.user_id, id);
        ctx.audit('provider.update', id, {
          ...fields,
          ...(keyChange === undefined ? {} : { key_change: keyChange }),
          ...(byokDropped.length === 0 ? {} : { byok_keys_removed: byokDropped.map((b) => b.user_id) }),
        });
      })());
      ctx.catalog.refresh();
      // a new key, a new address or a provider switched on: test it now, not at the next idle check
      if (next.enabled === 1 && (typeof key === 'string' || keyRemoved || next.base_url !== row.base_url || row.enabled === 0)) ctx.providerChanged(id);
      const keys_removed = { provider_key: keyRemoved, profiles: byokDropped.map((b) => b.user_id) };
      return { ...view(id), keys_removed };
    }),

    deleteProvider: (input) => ctx.exclusive(async () => {
      const id = pathId(plainObject(input, '').id);
      const row = repos.providers.get(id);
      if (!row) throw notFound('provider', id);
      const byok = repos.byok.listOfProvider(id);
      const changes: SecretChange[] = byok.map((b) => ({ account: b.secret_ref, value: null }));
      if (row.key_mask !== null) changes.unshift({ account: providerAccount(id), value: null });
      const modelIds = repos.models.listByProvider(id).map((m) => m.id);
      const at = ctx.now().toISOString();
      const pruned = await withSecretChanges(ctx.secrets, changes, () => ctx.db.transaction(() => {
        const refs = pruneModelRefs(repos, modelIds, at);
        repos.providers.delete(id);
        ctx.audit('provider.delete', id, { name: row.name, type: row.type, models: modelIds.length, byok_entries: byok.length });
        return refs;
      })());
      ctx.catalog.refresh();
      ctx.providerDeleted(id);
      return { deleted: true as const, pruned };
    }),

    // what the confirm names before the user deletes: the same pruning, saved nowhere
    async previewProviderDelete(input) {
      const id = pathId(plainObject(input, '').id);
      if (!repos.providers.get(id)) throw notFound('provider', id);
      const modelIds = repos.models.listByProvider(id).map((m) => m.id);
      return { id, models: modelIds.length, byok_entries: repos.byok.listOfProvider(id).length, pruned: describeModelRefPruning(repos, modelIds) };
    },
  });
}

/** SSRF at configuration time: the same check the upstream client makes before every connect. */
function refuseBaseUrl(ctx: ServiceContext, url: string): void {
  const problem = ctx.baseUrlProblem(url);
  if (problem) throw badRequest(`base_url is not allowed: ${problem}`, 'base_url');
}
