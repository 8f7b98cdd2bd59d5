import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AdminError, type Bridge } from '../../../shared/contract';
import type { Provider, ProviderHealth } from '../../../shared/types';
import { setBridge } from '../../bridge/bridge';
import { useProvidersStore } from './providers-store';

const DEAD = 'http://127.0.0.1:9/v1';
const LIVE = 'http://127.0.0.1:11434/v1';
const health = (status: ProviderHealth['status'], message: string | null = null): ProviderHealth =>
  ({ status, last_checked_at: null, last_latency_ms: null, consecutive_failures: 0, message });

/**
 * The server as the list reads it right after a save: its own test of a changed provider runs in the
 * background, so the health stays as it was until something tests the provider.
 */
function fakeServer() {
  const providers = new Map<string, Provider>();
  const get = (id: string) => {
    const p = providers.get(id);
    if (!p) throw new AdminError(404, `no provider ${id}`);
    return p;
  };
  const api: Partial<Bridge> = {
    listProviders: async () => [...providers.values()].map((p) => ({ ...p })),
    createProvider: async (input) => {
      const id = input.id ?? input.name.toLowerCase();
      const p: Provider = {
        id, name: input.name, type: input.type, base_url: input.base_url ?? LIVE, enabled: input.enabled ?? true, priority: 0,
        has_key: false, api_key_masked: null, key_source: null, keyless: true, byok_keys: 0, health: health('unknown'), created_at: '', updated_at: '',
      };
      providers.set(id, p);
      return { ...p };
    },
    updateProvider: async ({ id, patch }) => {
      const { api_key: _key, ...fields } = patch;
      const p = { ...get(id), ...fields };
      providers.set(id, p);
      return { ...p, keys_removed: { provider_key: false, profiles: [] } };
    },
    deleteProvider: async ({ id }) => {
      get(id);
      providers.delete(id);
      return { deleted: true };
    },
    testProvider: async ({ provider_id }) => {
      const p = get(provider_id);
      const ok = p.base_url !== DEAD;
      p.health = ok ? health('healthy') : health('unhealthy', 'ECONNREFUSED');
      return { ok, latency_ms: 1, status: ok ? 200 : null, message: ok ? 'OK' : 'Connection failed: ECONNREFUSED', models_found: ok ? 1 : 0 };
    },
    discoverModels: async ({ id }) => {
      if (get(id).base_url === DEAD) throw new AdminError(502, 'Discovery failed: ECONNREFUSED');
      return { found: 1, added: [], existing: 1, more: 0 };
    },
  };
  return { bridge: api as Bridge, providers };
}

const store = () => useProvidersStore.getState();
const shown = (id: string) => store().providers?.find((p) => p.id === id);
const settled = () => vi.waitFor(() => expect(Object.values(store().tests).some((t) => t.pending)).toBe(false));

describe('Providers store: what the tab shows after a change', () => {
  let server: ReturnType<typeof fakeServer>;

  beforeEach(async () => {
    server = fakeServer();
    setBridge(server.bridge);
    useProvidersStore.setState({ providers: null, tests: {}, discoveries: {} });
    await store().create({ name: 'Local', type: 'ollama', base_url: LIVE });
    await settled();
  });

  it('shows the health of a new address once it is saved, not the old address\'s', async () => {
    expect(shown('local')?.health.status).toBe('healthy');
    await store().update('local', { base_url: DEAD });
    await settled();
    expect(shown('local')?.health).toMatchObject({ status: 'unhealthy', message: 'ECONNREFUSED' });
    expect(store().tests.local).toMatchObject({ pending: false, result: { ok: false } });
  });

  it('tests a provider switched on, whose address changed while it was off', async () => {
    await store().update('local', { enabled: false });
    server.providers.get('local')!.base_url = DEAD; // over the admin API
    await store().load();
    await store().update('local', { enabled: true });
    await settled();
    expect(shown('local')?.health.status).toBe('unhealthy');
  });

  it('forgets the Test and Discover results of a deleted provider, so one added again under its id starts afresh', async () => {
    await store().create({ name: 'Tmp', type: 'ollama', base_url: DEAD });
    await settled();
    await store().discover('tmp');
    expect(store().tests.tmp).toMatchObject({ result: { ok: false } });
    expect(store().discoveries.tmp).toMatchObject({ pending: false, error: {} });
    expect((await store().remove('tmp')).ok).toBe(true);
    expect(store().tests.tmp).toBeUndefined();
    expect(store().discoveries.tmp).toBeUndefined();
    await store().create({ name: 'Tmp', type: 'ollama', base_url: LIVE });
    await settled();
    expect(store().tests.tmp).toMatchObject({ result: { ok: true } });
    expect(store().discoveries.tmp).toBeUndefined();
    expect(shown('tmp')?.health.status).toBe('healthy');
  });

  it('keeps the results when only the name or priority changes', async () => {
    await store().discover('local');
    await store().update('local', { name: 'Renamed', priority: 2 });
    expect(store().tests.local).toMatchObject({ result: { ok: true } });
    expect(store().discoveries.local).toMatchObject({ result: { found: 1 } });
  });
});
