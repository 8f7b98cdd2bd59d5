// Providers tab state: the list, plus the last Test / Discover result per provider.
import { create } from 'zustand';
import type {
  DiscoverResult,
  Provider,
  ProviderCreate,
  ProviderTestResult,
  ProviderUpdate,
} from '../../../shared/types';
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
  update(id: string, patch: ProviderUpdate): Promise<Outcome<Provider>>;
  remove(id: string): Promise<Outcome<unknown>>;
  test(id: string): Promise<void>;
  discover(id: string): Promise<void>;
}

export const useProvidersStore = create<ProvidersState>()((set, get) => {
  // every mutation reloads the list so health, masks and ids come from the server
  const thenReload = async <T,>(outcome: Outcome<T>): Promise<Outcome<T>> => {
    if (outcome.ok) await get().load();
    return outcome;
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
      if (r.ok && (r.value.has_key || r.value.keyless)) void get().test(r.value.id);
      return r;
    },
    update: async (id, patch) => {
      const r = await thenReload(await attempt(() => bridge().updateProvider({ id, patch })));
      if (r.ok && typeof patch.api_key === 'string') void get().test(id);
      return r;
    },
    remove: async (id) => thenReload(await attempt(() => bridge().deleteProvider({ id }))),
    test: async (id) => {
      set({ tests: { ...get().tests, [id]: { pending: true } } });
      const r = await attempt(() => bridge().testProvider({ provider_id: id }));
      set({ tests: { ...get().tests, [id]: r.ok ? { pending: false, result: r.value } : { pending: false, error: r.error } } });
      await get().load();
    },
    discover: async (id) => {
      set({ discoveries: { ...get().discoveries, [id]: { pending: true } } });
      const r = await attempt(() => bridge().discoverModels({ id }));
      set({
        discoveries: {
          ...get().discoveries,
          [id]: r.ok ? { pending: false, result: r.value } : { pending: false, error: r.error },
        },
      });
    },
  };
});
