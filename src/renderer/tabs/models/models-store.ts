// Models tab state: the catalog plus the provider list for the filters and the Add form.
import { create } from 'zustand';
import type { Model, ModelCreate, ModelUpdate, Provider } from '../../../shared/types';
import type { ModelDeletePreview, PrunedRefs } from '../../../shared/provider-delete-types';
import { bridge } from '../../bridge/bridge';
import { attempt, type Outcome } from '../../lib/errors';

interface ModelsState {
  models: Model[] | null;
  providers: Provider[];
  loading: boolean;
  error: string | null;
  load(): Promise<void>;
  create(input: ModelCreate): Promise<Outcome<Model>>;
  update(id: string, patch: ModelUpdate): Promise<Outcome<Model>>;
  /** deletes it; the answer says which routing lists naming it were removed or shortened */
  remove(id: string): Promise<Outcome<{ deleted: true; pruned?: PrunedRefs }>>;
  /** what deleting it would take with it; changes nothing */
  previewDelete(id: string): Promise<Outcome<ModelDeletePreview>>;
}

export const useModelsStore = create<ModelsState>()((set, get) => {
  const thenReload = async <T,>(outcome: Outcome<T>): Promise<Outcome<T>> => {
    if (outcome.ok) await get().load();
    return outcome;
  };
  return {
    models: null,
    providers: [],
    loading: false,
    error: null,
    load: async () => {
      set({ loading: true });
      const [models, providers] = await Promise.all([
        attempt(() => bridge().listModels({})),
        attempt(() => bridge().listProviders(undefined)),
      ]);
      if (!models.ok) return set({ loading: false, error: models.error.message });
      set({
        models: models.value,
        providers: providers.ok ? providers.value : get().providers,
        loading: false,
        error: providers.ok ? null : providers.error.message,
      });
    },
    create: async (input) => thenReload(await attempt(() => bridge().createModel(input))),
    update: async (id, patch) => thenReload(await attempt(() => bridge().updateModel({ id, patch }))),
    remove: async (id) => thenReload(await attempt(() => bridge().deleteModel({ id }))),
    previewDelete: (id) => attempt(() => bridge().previewModelDelete({ id })),
  };
});
