// Models: list (filter by provider and enabled), create, update, delete (SPEC.md §3).
import { AdminError, type AdminService } from '../../shared/contract';
import type { Model, ModelApi, ModelCreate, PriceSource, ProviderType } from '../../shared/types';
import { PROVIDER_TYPE_INFO } from '../../core/providers/registry';
import { modelCreateBody, modelUpdateBody } from '../../shared/validate-admin';
import { booleanish, objectOf, plainObject, slug } from '../../shared/validate';
import { repositoriesFor, toFlag, type ModelRow } from '../catalog/repos/index';
import { priceColumns, priceDate, pricesOfRow } from '../catalog/model-prices';
import { freeWhereLocal, runtimePriceFilled, runtimePriceForgotten } from './local-prices';
import { isFreeProvider, isRemoteModel } from '../catalog/provider-locality';
import { withoutLatestTag } from '../../core/model-name';
import type { ServiceContext } from './context';
import { badRequest, conflict, notFound, pathId, toAdminError, withAdminErrors } from './errors';
import { describeModelRefPruning, pruneModelRefs } from './model-refs';
import { modelView } from './views';

type ModelMethods = Pick<AdminService, 'listModels' | 'createModel' | 'updateModel' | 'deleteModel' | 'previewModelDelete'>;

/** Only OpenAI-format providers have a Responses API to call a model on. */
function checkApi(api: ModelApi | undefined, providerType: ProviderType): void {
  if (api === 'responses' && PROVIDER_TYPE_INFO[providerType].format !== 'openai') {
    throw badRequest(`api "responses" is for models of OpenAI-format providers; ${providerType} has its own API`, 'api');
  }
}

/**
 * A provider's move to a type without a Responses API would leave these models (called on it) unservable,
 * and every later export refused on import: the move is refused, naming them (field `type`). Null when none.
 */
export function responsesModelsProblem(providerType: ProviderType, models: readonly { id: string; api: ModelApi }[]): string | null {
  if (PROVIDER_TYPE_INFO[providerType].format === 'openai') return null;
  const ids = models.filter((m) => m.api === 'responses').map((m) => m.id);
  if (ids.length === 0) return null;
  return `${providerType} has no Responses API, which ${ids.join(', ')} ${ids.length === 1 ? 'is' : 'are'} called on: set their api to "chat" or delete them first`;
}

const listQuery = objectOf({ provider_id: slug, enabled: booleanish });

/** `?provider_id=` with nothing after it means no filter, as a query string has no other way to say so. */
export const withoutEmpty = (input: unknown): unknown =>
  input && typeof input === 'object' ? Object.fromEntries(Object.entries(input).filter(([, v]) => v !== '' && v !== undefined)) : input;

/** Where a created model's prices come from; an admin create is the user's own. */
export interface PriceOrigin {
  source: PriceSource;
  asOf: string;
}

/** A model discovery creates: its body, where its prices come from, and whether its runtime said it runs elsewhere. */
export interface DiscoveredCreate {
  input: ModelCreate;
  origin: PriceOrigin;
  /** the runtime said so (Ollama's /api/show `remote_host`): an Ollama cloud model */
  remote?: boolean;
}

export interface LocalContextFit {
  /** the context is the one the server has the model loaded with now: a longer one than recorded is taken too */
  raise?: boolean;
}

export type ModelMethodsWithDiscovery = ModelMethods & {
  /**
   * createModel for discovery, many at once: the same checks (one that fails them is left out), with the
   * prices' origin (bundled table, provider listing) kept; one transaction and one catalog refresh for all.
   */
  createPricedModels(models: readonly DiscoveredCreate[]): Promise<Model[]>;
  /**
   * A local runtime listed these models: its models the listing leaves out are not installed (kept out of
   * routing, `enabled` untouched), the ones it names are installed again.
   */
  noteLocalListing(providerId: string, names: readonly string[]): Promise<void>;
  /**
   * Ollama runs these models (by name) with this context: one whose context the user never set (no edit naming
   * context_length, not created by hand) and is longer is lowered to it, audited as model.context_update.
   * `raise`: LM Studio has these loaded with this context: one shorter is raised to it as well (reloaded larger).
   */
  fitLocalContext(providerId: string, runs: ReadonlyMap<string, number>, opts?: LocalContextFit): Promise<void>;
};

const PRICE_FIELDS = [
  'input_cost_per_1m', 'output_cost_per_1m', 'cached_input_cost_per_1m', 'cache_write_5m_cost_per_1m',
  'cache_write_1h_cost_per_1m', 'long_context_tiers',
] as const;

export function createModelMethods(ctx: ServiceContext): ModelMethodsWithDiscovery {
  const repos = repositoriesFor(ctx.db);
  const view = (id: string) => {
    const row = repos.models.get(id);
    if (!row) throw notFound('model', id);
    return modelView(row);
  };

  /**
   * A new model's row, checked (AdminError when it cannot be created), and its audit detail. `said`: its runtime
   * said it runs elsewhere (Ollama's /api/show); its name may say so too (isRemoteModel).
   */
  const newRow = (input: unknown, origin: PriceOrigin | null, said = false): { row: ModelRow; detail: Record<string, unknown> } => {
    const body = modelCreateBody(input, '');
    const provider = repos.providers.get(body.provider_id);
    if (!provider) throw badRequest(`provider ${body.provider_id} does not exist`, 'provider_id');
    checkApi(body.api, provider.type);
    const id = `${body.provider_id}/${body.model_name}`;
    if (repos.models.get(id)) throw conflict(`model ${id} already exists`, 'model_name');
    const at = ctx.now().toISOString();
    // the user's word, the runtime's or the name's: a create only adds the mark
    const remote = body.remote === true || isRemoteModel(provider.type, body.model_name, said);
    const prices = freeWhereLocal(provider, {
      input_cost_per_1m: body.input_cost_per_1m,
      output_cost_per_1m: body.output_cost_per_1m,
      cached_input_cost_per_1m: body.cached_input_cost_per_1m ?? null,
      cache_write_5m_cost_per_1m: body.cache_write_5m_cost_per_1m ?? null,
      cache_write_1h_cost_per_1m: body.cache_write_1h_cost_per_1m ?? null,
      long_context_tiers: body.long_context_tiers ?? [],
    }, remote);
    // a $0 a local runtime filled in is nobody's price (forgetLocalPrices makes it unknown if the runtime moves),
    // whoever creates the model (a discovery whose listing gave no price too); one the user or a source gave is theirs
    const known = body.input_cost_per_1m !== null || body.output_cost_per_1m !== null;
    const row: ModelRow = {
      id,
      provider_id: body.provider_id,
      model_name: body.model_name,
      display_name: body.display_name ?? body.model_name,
      ...priceColumns(prices),
      price_source: known ? origin?.source ?? 'user' : null,
      price_as_of: known ? origin?.asOf ?? priceDate(at) : null,
      context_length: body.context_length,
      max_output_tokens: body.max_output_tokens ?? null,
      capabilities: JSON.stringify(body.capabilities ?? ['chat']),
      quality: body.quality ?? null,
      enabled: toFlag(body.enabled ?? true),
      not_installed: 0,
      remote: remote ? 1 : 0,
      api: body.api ?? 'chat',
      avg_latency_ms: null,
      latency_samples: 0,
      created_at: at,
      updated_at: at,
    };
    return { row, detail: { ...body, ...(origin && known ? { price_source: origin.source } : {}) } };
  };

  const create = (input: unknown, origin: PriceOrigin | null) => ctx.exclusive(async () => {
    const { row, detail } = newRow(input, origin);
    ctx.db.transaction(() => {
      repos.models.insert(row);
      ctx.audit('model.create', row.id, detail);
    })();
    ctx.catalog.refresh();
    return view(row.id);
  });

  const methods = withAdminErrors<ModelMethods>({
    async listModels(input) {
      const q = listQuery(withoutEmpty(input ?? {}), '');
      const rows = q.provider_id === undefined ? repos.models.list() : repos.models.listByProvider(q.provider_id);
      return rows.filter((r) => q.enabled === undefined || (r.enabled === 1) === q.enabled).map(modelView);
    },

    createModel: (input) => create(input, null),

    updateModel: (input) => ctx.exclusive(async () => {
      const id = pathId(plainObject(input, '').id);
      const row = repos.models.get(id);
      if (!row) throw notFound('model', id);
      const patch = modelUpdateBody(input.patch, '');
      const at = ctx.now().toISOString();
      const next: ModelRow = { ...row, updated_at: at };
      if (patch.display_name !== undefined) next.display_name = patch.display_name;
      // the user's word: it may clear the mark too (a remote_host on their own network, say); automatic paths never do
      if (patch.remote !== undefined) next.remote = toFlag(patch.remote);
      if (PRICE_FIELDS.some((f) => patch[f] !== undefined)) {
        // an edited price is the user's from now on: bundled-table updates leave it alone
        const prices = { ...pricesOfRow(row) };
        for (const f of PRICE_FIELDS) if (patch[f] !== undefined) Object.assign(prices, { [f]: patch[f] });
        // unless it is the unknown a local runtime fills in with $0: nobody's price, made unknown if the runtime moves.
        // The Models tab clears one class at a time, so the other class's $0 nobody set (the runtime's, a
        // listing's, the table's local entry) counts as unknown too.
        const filled = freeWhereLocal(repos.providers.get(row.provider_id), prices, next.remote === 1);
        const unset = (f: 'input_cost_per_1m' | 'output_cost_per_1m') =>
          prices[f] === null || (patch[f] === undefined && row[f] === 0 && row.price_source !== 'user');
        const local = filled.input_cost_per_1m !== null && filled.output_cost_per_1m !== null;
        const byRuntime = local && unset('input_cost_per_1m') && unset('output_cost_per_1m')
          && (prices.input_cost_per_1m === null || prices.output_cost_per_1m === null);
        Object.assign(next, priceColumns(filled), byRuntime
          ? { price_source: null, price_as_of: null } : { price_source: 'user', price_as_of: priceDate(at) });
      } else if (next.remote !== row.remote) {
        // prices left alone: marked remote, the runtime's $0 is unknown (the cloud bills it); run here again, an
        // unknown price on a local runtime is $0, as a provider moved onto this machine makes it
        const provider = repos.providers.get(row.provider_id);
        const local = provider !== undefined && isFreeProvider(provider.type, provider.base_url);
        Object.assign(next, next.remote === 1 ? runtimePriceForgotten(row) : local ? runtimePriceFilled(row) : undefined);
      }
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
      if (row.enabled === 0 && next.enabled === 1) ctx.modelChanged(id);
      return view(id);
    }),

    deleteModel: (input) => ctx.exclusive(async () => {
      const id = pathId(plainObject(input, '').id);
      if (!repos.models.get(id)) throw notFound('model', id);
      const pruned = ctx.db.transaction(() => {
        const refs = pruneModelRefs(repos, [id], ctx.now().toISOString());
        repos.models.delete(id);
        ctx.audit('model.delete', id);
        return refs;
      })();
      ctx.catalog.refresh();
      ctx.modelChanged(id);
      return { deleted: true as const, pruned };
    }),

    // what the confirm names before the user deletes: the same pruning, saved nowhere
    async previewModelDelete(input) {
      const id = pathId(plainObject(input, '').id);
      if (!repos.models.get(id)) throw notFound('model', id);
      return { id, pruned: describeModelRefPruning(repos, [id]) };
    },
  });

  return {
    ...methods,
    noteLocalListing: (providerId, names) => ctx.exclusive(async () => {
      // `x` and `x:latest` are one model (Ollama lists the second)
      const listed = new Set(names.map(withoutLatestTag));
      let changed = false;
      ctx.db.transaction(() => {
        for (const m of repos.models.listByProvider(providerId)) {
          if (repos.models.setNotInstalled(m.id, listed.has(withoutLatestTag(m.model_name)) ? 0 : 1)) changed = true;
        }
      })();
      if (changed) ctx.catalog.refresh();
    }),
    fitLocalContext: (providerId, runs, opts) => ctx.exclusive(async () => {
      const at = ctx.now().toISOString();
      const usersOwn = ctx.db.prepare(
        `SELECT 1 FROM audit_log WHERE subject = ? AND ((action = 'model.update' AND detail LIKE '%"context_length"%')
           OR (action = 'model.create' AND json_valid(detail) AND json_extract(detail, '$.price_source') IS NULL)) LIMIT 1`,
      ).pluck();
      let changed = false;
      ctx.db.transaction(() => {
        for (const m of repos.models.listByProvider(providerId)) {
          const context = runs.get(m.model_name);
          if (context === undefined || context === m.context_length || (context > m.context_length && !opts?.raise)) continue;
          if (usersOwn.get(m.id) !== undefined) continue;
          repos.models.update({ ...m, context_length: context, updated_at: at });
          const how = opts?.raise ? 'has it loaded with' : 'runs it with';
          const why = opts?.raise ? 'the smallest loaded instance\'s' : 'its num_ctx, or the server\'s default';
          ctx.audit('model.context_update', m.id, {
            from: m.context_length, to: context, reason: `${providerId} ${how} ${context} tokens (${why})`,
          });
          changed = true;
        }
      })();
      if (changed) ctx.catalog.refresh();
    }),
    createPricedModels: (models) => ctx.exclusive(async () => {
      const rows: { row: ModelRow; detail: Record<string, unknown> }[] = [];
      const ids = new Set<string>();
      for (const { input, origin, remote } of models) {
        try {
          const made = newRow(input, origin, remote);
          if (ids.has(made.row.id)) continue;
          ids.add(made.row.id);
          rows.push(made);
        } catch (e) {
          if (!(toAdminError(e) instanceof AdminError)) throw e;
        }
      }
      if (rows.length === 0) return [];
      ctx.db.transaction(() => {
        for (const { row, detail } of rows) {
          repos.models.insert(row);
          ctx.audit('model.create', row.id, detail);
        }
      })();
      ctx.catalog.refresh();
      return rows.map(({ row }) => view(row.id));
    }),
  };
}
