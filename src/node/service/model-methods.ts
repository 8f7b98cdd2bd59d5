// Models: list (filter by provider and enabled), create, update, delete (SPEC.md §3).
import type { AdminService } from '../../shared/contract';
import type { ModelApi, ProviderType } from '../../shared/types';
import { PROVIDER_TYPE_INFO } from '../../core/providers/registry';
import { modelCreateBody, modelUpdateBody } from '../../shared/validate-admin';
import { booleanish, objectOf, plainObject, slug } from '../../shared/validate';
import { repositoriesFor, toFlag, type ModelRow } from '../catalog/repos/index';
import type { ServiceContext } from './context';
import { badRequest, conflict, notFound, pathId, withAdminErrors } from './errors';
import { pruneModelRefs } from './model-refs';
import { modelView } from './views';

type ModelMethods = Pick<AdminService, 'listModels' | 'createModel' | 'updateModel' | 'deleteModel'>;

/** Only OpenAI-format providers have a Responses API to call a model on. */
function checkApi(api: ModelApi | undefined, providerType: ProviderType): void {
  if (api === 'responses' && PROVIDER_TYPE_INFO[providerType].format !== 'openai') {
    throw badRequest(`api "responses" is for models of OpenAI-format providers; ${providerType} has its own API`, 'api');
  }
}

const listQuery = objectOf({ provider_id: slug, enabled: booleanish });

/** `?provider_id=` with nothing after it means no filter, as a query string has no other way to say so. */
const withoutEmpty = (input: unknown): unknown =>
  input && typeof input === 'object' ? Object.fromEntries(Object.entries(input).filter(([, v]) => v !== '' && v !== undefined)) : input;

export function createModelMethods(ctx: ServiceContext): ModelMethods {
  const repos = repositoriesFor(ctx.db);
  const view = (id: string) => {
    const row = repos.models.get(id);
    if (!row) throw notFound('model', id);
    return modelView(row);
  };

  return withAdminErrors<ModelMethods>({
    async listModels(input) {
      const q = listQuery(withoutEmpty(input ?? {}), '');
      const rows = q.provider_id === undefined ? repos.models.list() : repos.models.listByProvider(q.provider_id);
      return rows.filter((r) => q.enabled === undefined || (r.enabled === 1) === q.enabled).map(modelView);
    },

    createModel: (input) => ctx.exclusive(async () => {
      const body = modelCreateBody(input, '');
      const provider = repos.providers.get(body.provider_id);
      if (!provider) throw badRequest(`provider ${body.provider_id} does not exist`, 'provider_id');
      checkApi(body.api, provider.type);
      const id = `${body.provider_id}/${body.model_name}`;
      if (repos.models.get(id)) throw conflict(`model ${id} already exists`, 'model_name');
      const at = ctx.now().toISOString();
      const row: ModelRow = {
        id,
        provider_id: body.provider_id,
        model_name: body.model_name,
        display_name: body.display_name ?? body.model_name,
        input_cost_per_1m: body.input_cost_per_1m,
        output_cost_per_1m: body.output_cost_per_1m,
        cached_input_cost_per_1m: body.cached_input_cost_per_1m ?? null,
        context_length: body.context_length,
        max_output_tokens: body.max_output_tokens ?? null,
        capabilities: JSON.stringify(body.capabilities ?? ['chat']),
        quality: body.quality ?? null,
        enabled: toFlag(body.enabled ?? true),
        api: body.api ?? 'chat',
        avg_latency_ms: null,
        latency_samples: 0,
        created_at: at,
        updated_at: at,
      };
      ctx.db.transaction(() => {
        repos.models.insert(row);
        ctx.audit('model.create', id, { ...body });
      })();
      ctx.catalog.refresh();
      return view(id);
    }),

    updateModel: (input) => ctx.exclusive(async () => {
      const id = pathId(plainObject(input, '').id);
      const row = repos.models.get(id);
      if (!row) throw notFound('model', id);
      const patch = modelUpdateBody(input.patch, '');
      const next: ModelRow = { ...row, updated_at: ctx.now().toISOString() };
      if (patch.display_name !== undefined) next.display_name = patch.display_name;
      if (patch.input_cost_per_1m !== undefined) next.input_cost_per_1m = patch.input_cost_per_1m;
      if (patch.output_cost_per_1m !== undefined) next.output_cost_per_1m = patch.output_cost_per_1m;
      if (patch.cached_input_cost_per_1m !== undefined) next.cached_input_cost_per_1m = patch.cached_input_cost_per_1m;
      if (patch.context_length !== undefined) next.context_length = patch.context_length;
      if (patch.max_output_tokens !== undefined) next.max_output_tokens = patch.max_output_tokens;
      if (patch.capabilities !== undefined) next.capabilities = JSON.stringify(patch.capabilities);
      if (patch.quality !== undefined) next.quality = patch.quality;
      if (patch.enabled !== undefined) next.enabled = toFlag(patch.enabled);
      if (patch.api !== undefined) {
        const provider = repos.providers.get(row.provider_id);
        if (provider) checkApi(patch.api, provider.type);
        next.api = patch.api;
      }
      ctx.db.transaction(() => {
        repos.models.update(next);
        ctx.audit('model.update', id, { ...patch });
      })();
      ctx.catalog.refresh();
      return view(id);
    }),

    deleteModel: (input) => ctx.exclusive(async () => {
      const id = pathId(plainObject(input, '').id);
      if (!repos.models.get(id)) throw notFound('model', id);
      ctx.db.transaction(() => {
        pruneModelRefs(repos, [id], ctx.now().toISOString());
        repos.models.delete(id);
        ctx.audit('model.delete', id);
      })();
      ctx.catalog.refresh();
      return { deleted: true as const };
    }),
  });
}
