import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, refusal, type Harness } from './service-harness';

let h: Harness;
beforeEach(() => {
  h = createHarness({ ANTHROPIC_API_KEY: 'sk-ant-env-default-key-0000wxyz' });
});
afterEach(() => h.close());

const KEY = 'sk-proj-StoredKeyForTests-0123456789-a1b2';

describe('providers', () => {
  it('lists the seeded providers with keys, health and locality', async () => {
    const list = await h.service.listProviders();
    const byId = Object.fromEntries(list.map((p) => [p.id, p]));
    expect(Object.keys(byId).sort()).toEqual(['anthropic', 'ollama', 'openai']);
    expect(byId.openai).toMatchObject({ enabled: false, has_key: false, api_key_masked: null, key_source: null, keyless: false });
    expect(byId.anthropic).toMatchObject({ has_key: true, key_source: 'env', api_key_masked: 'sk-ant-...wxyz' });
    expect(byId.ollama).toMatchObject({ enabled: true, keyless: true, has_key: false });
    expect(byId.ollama?.health).toEqual({ status: 'unknown', last_checked_at: null, last_latency_ms: null, consecutive_failures: 0, message: null });
    expect(JSON.stringify(list)).not.toContain('sk-ant-env-default-key');
  });

  it('creates with a derived id and the type default URL, stores the key outside SQLite', async () => {
    const p = await h.service.createProvider({ name: 'Work OpenAI', type: 'openai', api_key: KEY });
    expect(p).toMatchObject({
      id: 'work-openai', base_url: 'https://api.openai.com/v1', enabled: true, priority: 0,
      has_key: true, key_source: 'stored', api_key_masked: 'sk-proj-...a1b2',
    });
    expect(JSON.stringify(p)).not.toContain(KEY);
    expect(await h.fileStore.get('provider/work-openai')).toBe(KEY);
    expect(h.dbBytes().includes(Buffer.from(KEY))).toBe(false);
    expect(h.dbBytes().includes(Buffer.from('StoredKeyForTests'))).toBe(false);
    expect(h.catalog.snapshot().providers.get('work-openai')).toMatchObject({ hasKey: true, format: 'openai', local: false });
    expect(await h.catalog.providerKey('work-openai')).toBe(KEY);
    const audit = await h.service.listAudit({});
    expect(audit[0]).toMatchObject({ action: 'provider.create', subject: 'work-openai' });
    expect(audit[0]?.detail).not.toContain(KEY);
  });

  it('treats a loopback custom provider as local', async () => {
    await h.service.createProvider({ id: 'vllm', name: 'vLLM', type: 'openai-compatible', base_url: 'http://localhost:8000/v1/' });
    await h.service.createProvider({ id: 'remote', name: 'Remote', type: 'openai-compatible', base_url: 'https://llm.example.com/v1' });
    const snap = h.catalog.snapshot();
    expect(snap.providers.get('vllm')).toMatchObject({ local: true, baseUrl: 'http://localhost:8000/v1' });
    expect(snap.providers.get('remote')?.local).toBe(false);
  });

  it('409s on an id clash, derived or given, and changes nothing', async () => {
    const before = h.state();
    expect(await refusal(h.service.createProvider({ name: 'OpenAI', type: 'openai', api_key: KEY }))).toMatchObject({ status: 409, field: 'name' });
    expect(await refusal(h.service.createProvider({ id: 'openai', name: 'X', type: 'openai' }))).toMatchObject({ status: 409, field: 'id' });
    expect(h.state()).toBe(before);
  });

  it.each([
    ['unknown type', { name: 'x', type: 'azure' }, 'type'],
    ['sneaked api_base', { name: 'x', type: 'openai', api_base: 'http://evil' }, 'api_base'],
    ['credentials in URL', { name: 'x', type: 'openai', base_url: 'https://u:p@x.example/v1' }, 'base_url'],
    ['header injection in key', { name: 'x', type: 'openai', api_key: 'sk-a\r\nX: y' }, 'api_key'],
    ['missing name', { type: 'openai' }, 'name'],
  ])('400s on %s and changes nothing', async (_label, body, field) => {
    const before = h.state();
    expect(await refusal(h.service.createProvider(body as never))).toMatchObject({ status: 400, field });
    expect(h.state()).toBe(before);
  });

  it('updates any subset, replaces and removes the key', async () => {
    await h.service.createProvider({ id: 'p', name: 'P', type: 'openai', api_key: KEY, priority: 1 });
    const renamed = await h.service.updateProvider({ id: 'p', patch: { name: 'P2' } });
    expect(renamed).toMatchObject({ name: 'P2', priority: 1, api_key_masked: 'sk-proj-...a1b2' });
    await h.service.updateProvider({ id: 'p', patch: { api_key: 'sk-second-key-000000009999' } });
    expect(await h.catalog.providerKey('p')).toBe('sk-second-key-000000009999');
    const removed = await h.service.updateProvider({ id: 'p', patch: { api_key: null, enabled: false } });
    expect(removed).toMatchObject({ has_key: false, key_source: null, api_key_masked: null, enabled: false });
    expect(await h.fileStore.get('provider/p')).toBeNull();
    expect(await h.catalog.providerKey('p')).toBeUndefined();
  });

  it('counts the profiles\u2019 own keys, and an update answers which keys it removed', async () => {
    await h.service.createProvider({ id: 'p', name: 'P', type: 'openai-compatible', base_url: 'https://llm.example.com/v1', api_key: KEY });
    await h.service.createUser({ id: 'kid', name: 'Kid' });
    await h.service.setByok({ id: 'default', provider_id: 'p', api_key: 'sk-byok-key-for-p-0000000' });
    await h.service.setByok({ id: 'kid', provider_id: 'p', api_key: 'sk-byok-key-for-p-1111111' });
    expect((await h.service.listProviders()).find((p) => p.id === 'p')?.byok_keys).toBe(2);
    const none = { provider_key: false, profiles: [] };
    // the same origin (another path) keeps them all
    expect((await h.service.updateProvider({ id: 'p', patch: { base_url: 'https://llm.example.com/other/v1', name: 'P2' } })).keys_removed).toEqual(none);
    // another origin without a key: the stored key and both profiles' keys, named
    const moved = await h.service.updateProvider({ id: 'p', patch: { base_url: 'https://llm2.example.com/v1' } });
    expect(moved).toMatchObject({ has_key: false, byok_keys: 0, keys_removed: { provider_key: true, profiles: ['default', 'kid'] } });
    expect(JSON.stringify(moved)).not.toContain('sk-byok-key');
    // another origin with the new key: only the profiles' keys go
    await h.service.updateProvider({ id: 'p', patch: { api_key: KEY } });
    await h.service.setByok({ id: 'kid', provider_id: 'p', api_key: 'sk-byok-key-for-p-1111111' });
    const withKey = await h.service.updateProvider({ id: 'p', patch: { base_url: 'https://llm.example.com/v1', api_key: KEY } });
    expect(withKey).toMatchObject({ has_key: true, keys_removed: { provider_key: false, profiles: ['kid'] } });
    // the Remove button's null is a removal too
    expect((await h.service.updateProvider({ id: 'p', patch: { api_key: null } })).keys_removed).toEqual({ provider_key: true, profiles: [] });
  });

  it('switches a seeded cloud provider on with its first key, unless the patch says otherwise', async () => {
    expect((await h.service.updateProvider({ id: 'openai', patch: { api_key: KEY } })).enabled).toBe(true);
    await h.service.updateProvider({ id: 'openai', patch: { enabled: false } });
    // a replaced key leaves the switch where the user put it
    expect((await h.service.updateProvider({ id: 'openai', patch: { api_key: 'sk-second-key-000000009999' } })).enabled).toBe(false);
    await h.service.updateProvider({ id: 'openai', patch: { api_key: null } });
    expect((await h.service.updateProvider({ id: 'openai', patch: { api_key: KEY, enabled: false } })).enabled).toBe(false);
  });

  it('lists providers in routing order: the lower priority first, as ties are broken (then by id)', async () => {
    await h.service.createProvider({ id: 'second', name: 'Second', type: 'openai', api_key: KEY, priority: 2 });
    await h.service.createProvider({ id: 'first', name: 'First', type: 'openai', api_key: KEY, priority: 1 });
    await h.service.createProvider({ id: 'last', name: 'Last', type: 'openai', api_key: KEY, priority: 9 });
    expect((await h.service.listProviders()).map((p) => `${p.priority} ${p.id}`)).toEqual([
      '0 anthropic', '0 ollama', '0 openai', '1 first', '2 second', '9 last',
    ]);
  });

  it('keeps a key cached across unrelated admin changes, and drops it when it is replaced', async () => {
    await h.service.createProvider({ id: 'p', name: 'P', type: 'openai', api_key: KEY });
    expect(await h.catalog.providerKey('p')).toBe(KEY);
    const reads = h.secrets.reads;
    await h.service.updateProvider({ id: 'p', patch: { priority: 3 } });
    await h.service.updateRoutingRules({ max_retries: 1 });
    expect(await h.catalog.providerKey('p')).toBe(KEY);
    expect(h.secrets.reads).toBe(reads);
    await h.service.updateProvider({ id: 'p', patch: { api_key: 'sk-second-key-000000009999' } });
    expect(await h.catalog.providerKey('p')).toBe('sk-second-key-000000009999');
  });

  it('moves an untouched default URL with the type, keeps a custom one', async () => {
    await h.service.createProvider({ id: 'a', name: 'A', type: 'openai' });
    expect((await h.service.updateProvider({ id: 'a', patch: { type: 'groq' } })).base_url).toBe('https://api.groq.com/openai/v1');
    await h.service.createProvider({ id: 'b', name: 'B', type: 'openai', base_url: 'https://proxy.example/v1' });
    expect((await h.service.updateProvider({ id: 'b', patch: { type: 'groq' } })).base_url).toBe('https://proxy.example/v1');
  });

  it('404s on unknown ids, 400s on bad patches, changing nothing', async () => {
    const before = h.state();
    expect(await refusal(h.service.updateProvider({ id: 'nope', patch: { name: 'x' } }))).toMatchObject({ status: 404 });
    expect(await refusal(h.service.deleteProvider({ id: 'nope' }))).toMatchObject({ status: 404 });
    expect(await refusal(h.service.updateProvider({ id: 'openai', patch: { id: 'other' } as never }))).toMatchObject({ status: 400, field: 'id' });
    expect(await refusal(h.service.updateProvider({ id: 'openai', patch: { name: 'ok', priority: 0.5 } }))).toMatchObject({ status: 400, field: 'priority' });
    expect(h.state()).toBe(before);
  });

  it('leaves no half state when the secret store fails', async () => {
    const before = h.state();
    h.secrets.failWrites = 1;
    expect(await refusal(h.service.createProvider({ id: 'x', name: 'X', type: 'openai', api_key: KEY }))).toMatchObject({ status: 503, field: 'api_key' });
    expect(h.state()).toBe(before);

    await h.service.createProvider({ id: 'y', name: 'Y', type: 'openai', api_key: KEY });
    const withKey = h.state();
    h.secrets.failWrites = 1;
    const r = await refusal(h.service.updateProvider({ id: 'y', patch: { name: 'Renamed', api_key: 'sk-new-key-00000000000000' } }));
    expect(r.status).toBe(503);
    expect(r.message).toMatch(/SWITCHBOARD_ENCRYPTION_KEY/);
    expect(h.state()).toBe(withKey);
    h.secrets.failWrites = 1;
    expect((await refusal(h.service.deleteProvider({ id: 'y' }))).status).toBe(503);
    expect(h.state()).toBe(withKey);
    expect(await h.fileStore.get('provider/y')).toBe(KEY);
  });

  it('puts the first secret back when a later one fails', async () => {
    await h.service.createProvider({ id: 'p', name: 'P', type: 'openai', api_key: KEY });
    await h.service.setByok({ id: 'default', provider_id: 'p', api_key: 'sk-byok-key-for-p-0000000' });
    const rows = h.rows();
    h.secrets.okWritesFirst = 1;
    h.secrets.failWrites = 1;
    expect((await refusal(h.service.deleteProvider({ id: 'p' }))).status).toBe(503);
    expect(h.rows()).toBe(rows);
    expect(await h.fileStore.get('provider/p')).toBe(KEY);
    expect(await h.fileStore.get('byok/default/p')).toBe('sk-byok-key-for-p-0000000');
    expect(await h.catalog.providerKey('p')).toBe(KEY);
  });

  it('deletes with its key, models, BYOK secrets and references', async () => {
    await h.service.createProvider({ id: 'p', name: 'P', type: 'openai', api_key: KEY });
    await h.service.createModel({ provider_id: 'p', model_name: 'm1', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 1000 });
    await h.service.setByok({ id: 'default', provider_id: 'p', api_key: 'sk-byok-key-for-p-0000000' });
    await h.service.updateRoutingRules({ aliases: { fast: ['p/m1', 'ollama/llama3.2'] }, fallbacks: { 'ollama/llama3.2': ['p/m1'] } });
    await h.service.updateUser({ id: 'default', patch: { preferred_models: ['p/m1', 'ollama/llama3.2'] } });

    expect(await h.service.deleteProvider({ id: 'p' })).toEqual({
      deleted: true,
      pruned: { fallbacks_removed: ['ollama/llama3.2'], fallbacks_shortened: [], aliases_removed: [], aliases_shortened: ['fast'], profiles: ['Default'] },
    });
    expect(await h.fileStore.get('provider/p')).toBeNull();
    expect(await h.fileStore.get('byok/default/p')).toBeNull();
    expect(await h.service.listModels({ provider_id: 'p' })).toEqual([]);
    expect(await h.service.listByok({ id: 'default' })).toEqual([]);
    const rules = await h.service.getRoutingRules();
    expect(rules.aliases).toEqual({ fast: ['ollama/llama3.2'] });
    expect(rules.fallbacks).toEqual({});
    expect((await h.service.listUsers())[0]?.preferred_models).toEqual(['ollama/llama3.2']);
    expect(h.catalog.snapshot().providers.has('p')).toBe(false);
    expect(h.catalog.snapshot().modelsById.has('p/m1')).toBe(false);
    // the rules read back can be PUT again as they are
    await h.service.updateRoutingRules(rules);
  });
});
