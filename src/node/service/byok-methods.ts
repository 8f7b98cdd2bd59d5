// A profile's own keys (BYOK): used for that provider instead of the global key. Masks only, ever.
import { maskKey } from '../../core/redact';
import type { AdminService } from '../../shared/contract';
import type { ByokEntry, ProviderTestResult } from '../../shared/types';
import { byokSetBody } from '../../shared/validate-admin';
import { objectOf, plainObject, text } from '../../shared/validate';
import { repositoriesFor, type ByokRow } from '../catalog/repos/index';
import { byokAccount } from '../catalog/secret-accounts';
import type { ServiceContext } from './context';
import { badRequest, notFound, pathId, withAdminErrors } from './errors';
import { checkModelRefs } from './model-refs';
import { withSecretChanges } from './secret-changes';
import { byokView } from './views';

type ByokMethods = Pick<AdminService, 'setByok' | 'listByok' | 'deleteByok'>;

/** tries a profile's own key at the provider (provider-ops testOwnKey); never throws */
export type OwnKeyTester = (providerId: string, apiKey: string) => Promise<ProviderTestResult>;

const deleteInput = objectOf({ id: text({ max: 300, trim: false }), provider_id: text({ max: 300, trim: false }) }, ['id', 'provider_id']);

/** `testKey`: a key saved is tried at once, as the provider form tests a provider's new key; absent, it is not */
export function createByokMethods(ctx: ServiceContext, testKey?: OwnKeyTester): ByokMethods {
  const repos = repositoriesFor(ctx.db);
  const mustHaveUser = (id: string) => {
    if (!repos.users.get(id)) throw notFound('profile', id);
  };

  const save = (input: unknown) => ctx.exclusive(async (): Promise<{ view: ByokEntry; providerId: string; apiKey: string }> => {
    // The profile in the path decides 404 before the body is judged.
    mustHaveUser(pathId(plainObject(input, '').id));
    const body = byokSetBody(input, '');
    if (!repos.providers.get(body.provider_id)) throw badRequest(`provider ${body.provider_id} does not exist`, 'provider_id');
    checkModelRefs(repos, body.preferred_models, 'preferred_models');
    const existing = repos.byok.get(body.id, body.provider_id);
    const at = ctx.now().toISOString();
    const account = byokAccount(body.id, body.provider_id);
    const row: ByokRow = {
      user_id: body.id,
      provider_id: body.provider_id,
      secret_ref: account,
      key_mask: maskKey(body.api_key),
      preferred_models: JSON.stringify(body.preferred_models ?? (existing ? JSON.parse(existing.preferred_models) : [])),
      created_at: existing?.created_at ?? at,
      updated_at: at,
    };
    await withSecretChanges(ctx.secrets, [{ account, value: body.api_key }], () => ctx.db.transaction(() => {
      repos.byok.upsert(row);
      ctx.audit('byok.set', body.id, { provider_id: body.provider_id, replaced: existing !== undefined });
    })());
    ctx.catalog.refresh();
    ctx.byokChanged(body.id, body.provider_id);
    return { view: byokView(repos.byok.get(body.id, body.provider_id) as ByokRow), providerId: body.provider_id, apiKey: body.api_key };
  });

  return withAdminErrors<ByokMethods>({
    async setByok(input) {
      const { view, providerId, apiKey } = await save(input);
      // saved whatever the answer, as a provider's key is (a provider down for a minute says nothing of the key);
      // tried outside the write lock: a slow provider holds up no other change
      return testKey ? { ...view, test: await testKey(providerId, apiKey) } : view;
    },

    async listByok(input) {
      const id = pathId(plainObject(input, '').id);
      mustHaveUser(id);
      return repos.byok.listOfUser(id).map(byokView);
    },

    deleteByok: (input) => ctx.exclusive(async () => {
      const { id, provider_id } = deleteInput(input, '');
      mustHaveUser(id);
      const row = repos.byok.get(id, provider_id);
      if (!row) throw notFound('BYOK key for provider', provider_id);
      await withSecretChanges(ctx.secrets, [{ account: row.secret_ref, value: null }], () => ctx.db.transaction(() => {
        repos.byok.delete(id, provider_id);
        ctx.audit('byok.delete', id, { provider_id });
      })());
      ctx.catalog.refresh();
      ctx.byokChanged(id, provider_id);
      return { deleted: true as const };
    }),
  });
}
