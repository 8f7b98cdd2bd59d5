// Providers tab state: the list, plus the last Test / Discover result per provider.
import { create } from 'zustand';
import type {
  DiscoverResult,
  Provider,
  ProviderCreate,
  ProviderTestResult,
  ProviderUpdate,
  ProviderUpdated,
} from '../../../shared/types';
import type { PrunedRefs, ProviderDeletePreview } from '../../../shared/provider-delete-types';
import { bridge } from '../../bridge/bridge';
import { attempt, type Outcome, type UiError } from '../../lib/errors';

export type ActionState<T> = { pending: true } | { pending: false; result: T } | { pending: false; error: UiError };

interface ProvidersState {
  providers: Provider[] | null;
  loading: boolean;
  error: string | null;
  tests: Record<string, ActionState<ProviderTestResult>>;
  discoveries: Record<string, ActionState<DiscoverResult>>;
  load(): Promise<void>;
  create(input: ProviderCreate): Promise<Outcome<Provider>>;
  /** the answer names the keys the change removed (a move to another origin takes them) */
  update(id: string, patch: ProviderUpdate): Promise<Outcome<ProviderUpdated>>;
  /** deletes it; the answer says which routing lists naming its models were removed or shortened */
  remove(id: string): Promise<Outcome<{ deleted: true; pruned?: PrunedRefs }>>;
  /** what deleting it would take with it; changes nothing */
  previewDelete(id: string): Promise<Outcome<ProviderDeletePreview>>;
  test(id: string): Promise<void>;
  discover(id: string): Promise<void>;
}

export const useProvidersStore = create<ProvidersState>()((set, get) => {
  // every mutation reloads the list so health, masks and ids come from the server
  const thenReload = async <T,>(outcome: Outcome<T>): Promise<Outcome<T>> => {
    if (outcome.ok) await get().load();
    return outcome;
  };
  // a Test or Discover result said something about the provider as it was: not about a new key or address,
  // nor about a provider of the same id deleted and added again
  const forget = (id: string) => {
    const { [id]: _test, ...tests } = get().tests;
    const { [id]: _discovery, ...discoveries } = get().discoveries;
    set({ tests, discoveries });
  };

  return {
    providers: null,
    loading: false,
    error: null,
    tests: {},
    discoveries: {},
    load: async () => {
      set({ loading: true });
      const r = await attempt(() => bridge().listProviders(undefined));
      set(r.ok ? { providers: r.value, loading: false, error: null } : { loading: false, error: r.error.message });
    },
    // a new provider, or a new key, is tested at once: the health column and the first-run checklist follow
    create: async (input) => {
      const r = await thenReload(await attempt(() => bridge().createProvider(input)));
      if (r.ok) forget(r.value.id);
      if (r.ok && (r.value.has_key || r.value.keyless)) void get().test(r.value.id);
      return r;
    },
    // a new key, address or type, or a provider switched on, is tested at once (the server tests it too, in the
    // background, but the list read right after the save would show the old health until the tab is left)
    update: async (id, patch) => {
      const before = get().providers?.find((p) => p.id === id);
      const r = await thenReload(await attempt(() => bridge().updateProvider({ id, patch })));
      if (!r.ok) return r;
      const after = r.value;
      const moved = before
        ? before.base_url !== after.base_url || before.type !== after.type || (!before.enabled && after.enabled)
        : patch.base_url !== undefined || patch.type !== undefined || patch.enabled === true;
      if (moved || patch.api_key !== undefined) forget(id);
      if (typeof patch.api_key === 'string' || (moved && after.enabled)) void get().test(id);
      return r;
    },
    remove: async (id) => {
      const r = await thenReload(await attempt(() => bridge().deleteProvider({ id })));
      if (r.ok) forget(id);
      return r;
    },
    previewDelete: (id) => attempt(() => bridge().previewProviderDelete({ id })),
    test: async (id) => {
      const pending: ActionState<ProviderTestResult> = { pending: true };
      set({ tests: { ...get().tests, [id]: pending } });
      const r = await attempt(() => bridge().testProvider({ provider_id: id }));
      // forgotten meanwhile (the provider changed or went): the answer is about what it was
      if (get().tests[id] === pending) {
        set({ tests: { ...get().tests, [id]: r.ok ? { pending: false, result: r.value } : { pending: false, error: r.error } } });
      }
      await get().load();
    },
    discover: async (id) => {
      const pending: ActionState<DiscoverResult> = { pending: true };
      set({ discoveries: { ...get().discoveries, [id]: pending } });
      const r = await attempt(() => bridge().discoverModels({ id }));
      if (get().discoveries[id] !== pending) return;
      set({
        discoveries: {
          ...get().discoveries,
          [id]: r.ok ? { pending: false, result: r.value } : { pending: false, error: r.error },
        },
      });
    },
  };
});
