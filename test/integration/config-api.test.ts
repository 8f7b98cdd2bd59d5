// Issue 15 item 9: GET/POST /api/v1/llm/config. The export carries providers, models, routing rules and
// profiles but no key or token; an import into another install recreates them; a bad document is refused
// whole with a 400 naming the field, and changes nothing.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type SwitchboardApp } from '../../src/node/app';
import type { ConfigDocument } from '../../src/shared/config-types';
import { KEYS, MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { adminFetch } from './helpers/routing-harness';

let h: Harness;
let other: SwitchboardApp;
let otherDir: string;
let exported: ConfigDocument;
let exportedText: string;

beforeAll(async () => {
  h = await startHarness();
  await h.app.service.updateRoutingRules({ strategy: 'cost', aliases: { fast: [MODELS.gemini, MODELS.openai] }, fallbacks: { [MODELS.anthropic]: ['fast'] } });
  await h.app.service.createUser({ id: 'alice', name: 'Alice', power_level: 'eco', monthly_cap_usd: 12.5, preferred_models: ['fast'] });
  await h.app.service.setByok({ id: 'alice', provider_id: 'fo', api_key: 'sk-alice-own-key-0123456789' });
  otherDir = mkdtempSync(join(tmpdir(), 'sb-config-'));
  other = await createApp({ dataDir: otherDir, port: 0, env: { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') }, log: () => {} });
  const res = await adminFetch(h.app, 'GET', '/api/v1/llm/config');
  expect(res.status).toBe(200);
  exported = res.json as ConfigDocument;
  exportedText = res.text;
});
afterAll(async () => {
  await other?.close();
  rmSync(otherDir, { recursive: true, force: true });
  await h?.close();
});

const state = async (app: SwitchboardApp) => (await adminFetch(app, 'GET', '/api/v1/llm/config')).json as ConfigDocument;
const without = (doc: ConfigDocument) => ({ ...doc, exported_at: '' });

describe('export', () => {
  it('holds providers, models, rules and profiles, and never a key or a token', () => {
    expect(exported).toMatchObject({ format: 'switchboard-config', version: 1 });
    expect(exported.providers.find((p) => p.id === 'fo')).toEqual({ id: 'fo', name: 'Fake OpenAI', type: 'openai-compatible', base_url: h.openai.url, enabled: true, priority: 0 });
    expect(exported.models.find((m) => m.model_name === 'claude-fake')).toMatchObject({ provider_id: 'fa', input_cost_per_1m: 3, cached_input_cost_per_1m: 0.3, context_length: 200000 });
    expect(exported.routing_rules.aliases).toEqual({ fast: [MODELS.gemini, MODELS.openai] });
    expect(exported.profiles.find((p) => p.id === 'alice')).toEqual({
      id: 'alice', name: 'Alice', power_level: 'eco', monthly_cap_usd: 12.5, credit_balance_usd: null, preferred_models: ['fast'], privacy_guard: 'off',
    });
    for (const secret of [...Object.values(KEYS), 'sk-alice-own-key-0123456789', h.token]) expect(exportedText).not.toContain(secret);
    expect(exportedText).not.toMatch(/sb-[A-Za-z0-9_-]{8}|api_key|token_hash/);
  });
});

describe('import', () => {
  it('recreates the setup in another install, then updates in place on a second import', async () => {
    const res = await adminFetch(other, 'POST', '/api/v1/llm/config', exported);
    expect(res.status, res.text).toBe(200);
    // both installs start from the bundled catalog: its providers are updated, the fakes created
    const seeded = exported.providers.length - 3;
    expect(res.json).toMatchObject({ providers: { created: 3, updated: seeded }, profiles: { created: 1, updated: 1 }, routing_rules: true });
    const keyless = /no key stored for: ([^(]*)/.exec(res.json.notes.join(' '))?.[1]?.split(', ').map((x: string) => x.trim());
    expect(keyless).toEqual(expect.arrayContaining(['fo', 'fa', 'fg', 'openai']));
    expect(res.json.notes.join(' ')).toMatch(/new profiles without a token: alice/);
    const after = await state(other);
    for (const p of exported.providers) expect(after.providers).toContainEqual(p);
    for (const m of exported.models) expect(after.models).toContainEqual(m);
    for (const u of exported.profiles) expect(after.profiles).toContainEqual(u);
    expect(after.routing_rules).toEqual(exported.routing_rules);
    const again = await adminFetch(other, 'POST', '/api/v1/llm/config', exported);
    expect(again.json.providers).toEqual({ created: 0, updated: exported.providers.length });
    expect(without(await state(other))).toEqual(without(after));
  });

  it('keeps the keys already stored: an import into the same install changes nothing', async () => {
    const before = without(await state(h.app));
    const res = await adminFetch(h.app, 'POST', '/api/v1/llm/config', exported);
    expect(res.status).toBe(200);
    expect(without(await state(h.app))).toEqual(before);
    expect((await h.app.service.listProviders()).find((p) => p.id === 'fo')?.has_key).toBe(true);
    expect(await h.app.service.listByok({ id: 'alice' })).toHaveLength(1);
  });

  it('refuses a bad document whole, naming the field, and changes nothing', async () => {
    const before = without(await state(other));
    const cases: [unknown, string][] = [
      [{ ...exported, providers: [...exported.providers, { id: 'new-one', name: 'New', type: 'openai', base_url: 'https://x.example/v1', api_key: 'sk-abc' }] }, `providers[${exported.providers.length}].api_key`],
      [{ ...exported, models: [...exported.models, { ...exported.models[0]!, model_name: 'late', context_length: -1 }] }, `models[${exported.models.length}].context_length`],
      [{ ...exported, models: [...exported.models, { ...exported.models[0]!, provider_id: 'nobody' }] }, `models[${exported.models.length}].provider_id`],
      [{ ...exported, routing_rules: { ...exported.routing_rules, aliases: { fast: ['ghost/model'] } } }, 'routing_rules.aliases.fast[0]'],
      [{ ...exported, profiles: [{ ...exported.profiles[0]!, tokens: [] }] }, 'profiles[0].tokens'],
      [{ ...exported, providers: [exported.providers[0], exported.providers[0]] }, 'providers[1].id'],
      [{ ...exported, format: 'something-else' }, 'format'],
      [{ ...exported, version: 2 }, 'version'],
      [{ providers: [] }, 'format'],
    ];
    for (const [doc, field] of cases) {
      const res = await adminFetch(other, 'POST', '/api/v1/llm/config', doc);
      expect(res.status, field).toBe(400);
      expect(res.json.error.field, res.text).toBe(field);
    }
    expect(without(await state(other))).toEqual(before);
  });
});

describe('an import that names what exists but leaves fields out', () => {
  const audits = async (app: SwitchboardApp) => (await app.service.listAudit({ limit: 1 })).filter((a) => a.action === 'config.import');

  it('keeps every field it leaves out: caps, privacy guard, disabled flags, priority, capabilities, prices and their source', async () => {
    const s = h.app.service;
    await s.createUser({ id: 'capped', name: 'Capped', monthly_cap_usd: 5, credit_balance_usd: 3, privacy_guard: 'block' });
    await s.createProvider({ id: 'quiet', name: 'Quiet', type: 'openai-compatible', base_url: h.openai.url, enabled: false, priority: 7 });
    await s.createModel({
      provider_id: 'quiet', model_name: 'm1', input_cost_per_1m: 1, output_cost_per_1m: 2, cached_input_cost_per_1m: 0.1,
      cache_write_5m_cost_per_1m: 1.25, context_length: 100000, max_output_tokens: 4096, capabilities: ['chat', 'tools'], quality: 55, enabled: false,
    });
    const bundled = (await s.listModels({})).find((m) => m.price_source === 'bundled' && m.input_cost_per_1m !== null);
    expect(bundled, 'the seeded catalog has a bundled-price model').toBeDefined();
    const before = without(await state(h.app));
    const modelsBefore = await s.listModels({});

    const res = await adminFetch(h.app, 'POST', '/api/v1/llm/config', {
      format: 'switchboard-config', version: 1,
      providers: [{ id: 'quiet', name: 'Quiet' }],
      models: [{ provider_id: 'quiet', model_name: 'm1' }, { provider_id: bundled!.provider_id, model_name: bundled!.model_name, display_name: bundled!.display_name }],
      routing_rules: {},
      profiles: [{ id: 'capped', name: 'Capped' }],
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ providers: { created: 0, updated: 1 }, models: { created: 0, updated: 2 }, profiles: { created: 0, updated: 1 } });
    expect(without(await state(h.app))).toEqual(before);
    const modelsAfter = await s.listModels({});
    for (const m of modelsBefore) {
      expect(modelsAfter.find((x) => x.id === m.id), m.id).toMatchObject({ price_source: m.price_source, price_as_of: m.price_as_of });
    }
    const [audit] = await audits(h.app);
    expect(JSON.parse(audit!.detail!)).toMatchObject({ changed: { providers: {}, models: {}, profiles: {} }, created: { providers: [], models: [], profiles: [] } });
  });

  it('changes what it gives, names those fields per id in the audit log, and makes only a changed price the user\'s', async () => {
    const s = h.app.service;
    const bundled = (await s.listModels({})).find((m) => m.price_source === 'bundled' && m.input_cost_per_1m !== null)!;
    const res = await adminFetch(h.app, 'POST', '/api/v1/llm/config', {
      format: 'switchboard-config', version: 1,
      providers: [{ id: 'quiet', priority: 3 }],
      models: [
        { provider_id: 'quiet', model_name: 'm1', enabled: true },
        { provider_id: bundled.provider_id, model_name: bundled.model_name, input_cost_per_1m: bundled.input_cost_per_1m! + 1 },
      ],
      routing_rules: {},
      profiles: [{ id: 'capped', monthly_cap_usd: 9 }],
    });
    expect(res.status, res.text).toBe(200);
    const after = await state(h.app);
    expect(after.providers.find((p) => p.id === 'quiet')).toMatchObject({ enabled: false, priority: 3 });
    expect(after.models.find((m) => m.model_name === 'm1')).toMatchObject({ enabled: true, capabilities: ['chat', 'tools'], quality: 55, max_output_tokens: 4096, cache_write_5m_cost_per_1m: 1.25 });
    expect(after.profiles.find((p) => p.id === 'capped')).toMatchObject({ monthly_cap_usd: 9, credit_balance_usd: 3, privacy_guard: 'block' });
    const model = (await s.listModels({})).find((m) => m.id === bundled.id)!;
    expect(model).toMatchObject({ input_cost_per_1m: bundled.input_cost_per_1m! + 1, price_source: 'user' });
    const [audit] = await audits(h.app);
    expect(JSON.parse(audit!.detail!)).toMatchObject({
      changed: { providers: { quiet: ['priority'] }, models: { 'quiet/m1': ['enabled'], [bundled.id]: ['input_cost_per_1m'] }, profiles: { capped: ['monthly_cap_usd'] } },
    });
  });

  it('sets the Default profile\'s level from routing_rules.power_level, as the Routing tab does, unless it gives that profile\'s own', async () => {
    const level = async () => (await h.app.service.getCredits({ user_id: 'default' })).power_level;
    const doc = (rules: object, profiles: object[] = []) => ({ format: 'switchboard-config', version: 1, providers: [], models: [], routing_rules: rules, profiles });
    expect((await adminFetch(h.app, 'POST', '/api/v1/llm/config', doc({ power_level: 'precision' }))).status).toBe(200);
    expect(await level()).toBe('precision');
    expect((await h.app.service.getRoutingRules()).power_level).toBe('precision');
    expect((await adminFetch(h.app, 'POST', '/api/v1/llm/config', doc({ power_level: 'eco' }, [{ id: 'default' }]))).status).toBe(200);
    expect(await level()).toBe('eco');
    expect((await adminFetch(h.app, 'POST', '/api/v1/llm/config', doc({ power_level: 'balanced' }, [{ id: 'default', power_level: 'precision' }]))).status).toBe(200);
    expect(await level()).toBe('precision');
  });

  it("exports the level auto routes with: the Default profile's, after the tray switched it", async () => {
    // the tray's switch: PUT /users/default {power_level}, the stored rules left as they were
    await h.app.service.updateUser({ id: 'default', patch: { power_level: 'eco' } });
    expect((await state(h.app)).routing_rules.power_level).toBe('eco');
  });
});

describe('an export from another release', () => {
  it("a model whose prices followed the exporting build's table follows this build's; one the user priced stays theirs", async () => {
    const doc = await state(other);
    const [a, b] = doc.models.filter((m) => m.price_source === 'bundled' && (m.input_cost_per_1m ?? 0) > 0);
    expect(b, 'two bundled-price models in the seeded catalog').toBeDefined();
    const listed = async (m: { provider_id: string; model_name: string }) =>
      (await other.service.listModels({})).find((x) => x.id === `${m.provider_id}/${m.model_name}`)!;
    const aBefore = await listed(a!);
    // the older release's table priced them otherwise
    expect(doc.bundled_prices_version, 'the export names the table its bundled prices follow').toBeGreaterThan(0);
    const res = await adminFetch(other, 'POST', '/api/v1/llm/config', {
      ...doc, bundled_prices_version: doc.bundled_prices_version! - 1, providers: [], profiles: [],
      models: [
        { ...a, input_cost_per_1m: a!.input_cost_per_1m! + 1, output_cost_per_1m: 99 },
        { ...b, input_cost_per_1m: b!.input_cost_per_1m! + 1, price_source: 'user' },
      ],
    });
    expect(res.status, res.text).toBe(200);
    expect(await listed(a!)).toMatchObject({
      input_cost_per_1m: aBefore.input_cost_per_1m, output_cost_per_1m: aBefore.output_cost_per_1m, price_source: 'bundled', price_as_of: aBefore.price_as_of,
    });
    expect(await listed(b!)).toMatchObject({ input_cost_per_1m: b!.input_cost_per_1m! + 1, price_source: 'user' });
    expect(res.json.notes.join(' ')).toContain(`prices from another release's bundled table replaced by this one's: ${a!.provider_id}/${a!.model_name} (`);
    const [audit] = (await other.service.listAudit({ limit: 1 })).filter((x) => x.action === 'config.import');
    expect(JSON.parse(audit!.detail!).changed.models).toEqual({ [`${b!.provider_id}/${b!.model_name}`]: ['input_cost_per_1m'] });
    // the export says so, and a file without price_source (exported before) imports as it did
    expect((await state(other)).models.find((m) => m.model_name === a!.model_name && m.provider_id === a!.provider_id)).toMatchObject({ price_source: 'bundled' });
    const { price_source: _, ...old } = a!;
    expect((await adminFetch(other, 'POST', '/api/v1/llm/config', { ...doc, providers: [], profiles: [], models: [{ ...old, input_cost_per_1m: 7 }] })).status).toBe(200);
    expect(await listed(a!)).toMatchObject({ input_cost_per_1m: 7, price_source: 'user' });
  });

  it('a price changed in a file exported with this build\'s table is the edit it is, though the model is still marked bundled', async () => {
    const doc = await state(other);
    const [, , c, d] = doc.models.filter((m) => m.price_source === 'bundled' && (m.input_cost_per_1m ?? 0) > 0);
    expect(d, 'four bundled-price models in the seeded catalog').toBeDefined();
    const listed = async (m: { provider_id: string; model_name: string }) =>
      (await other.service.listModels({})).find((x) => x.id === `${m.provider_id}/${m.model_name}`)!;
    // the same table, or a file that names none (exported by a build before the version was written)
    const { bundled_prices_version: _, ...unversioned } = doc;
    for (const [file, m] of [[doc, c!], [unversioned, d!]] as const) {
      const res = await adminFetch(other, 'POST', '/api/v1/llm/config', {
        ...file, providers: [], profiles: [], models: [{ ...m, input_cost_per_1m: 1.5, output_cost_per_1m: 6 }],
      });
      expect(res.status, res.text).toBe(200);
      expect(await listed(m)).toMatchObject({ input_cost_per_1m: 1.5, output_cost_per_1m: 6, price_source: 'user' });
      expect(res.json.notes.join(' ')).not.toContain('bundled table');
    }
  });

  it('refuses a price_source it does not know, naming the field', async () => {
    const doc = await state(other);
    const res = await adminFetch(other, 'POST', '/api/v1/llm/config', { ...doc, models: [{ ...doc.models[0], price_source: 'guess' }] });
    expect(res.status).toBe(400);
    expect(res.json.error.field).toBe('models[0].price_source');
  });
});

describe('an import that adds or moves a provider', () => {
  it('tests it at once, as an edit does (before: only at the next idle check)', async () => {
    const res = await adminFetch(other, 'POST', '/api/v1/llm/config', {
      format: 'switchboard-config', version: 1, routing_rules: {}, models: [], profiles: [],
      // a cloud type: a local one is probed on any catalog change anyway
      providers: [{ id: 'watched', name: 'Watched', type: 'openai', base_url: h.openai.url }],
    });
    expect(res.status, res.text).toBe(200);
    const checked = async () => (await other.service.listProviders()).find((p) => p.id === 'watched')?.health.last_checked_at ?? null;
    const deadline = Date.now() + 8_000;
    while ((await checked()) === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await checked()).not.toBeNull();
  }, 15_000);
});

describe('an alias removed from the routing rules', () => {
  it('leaves the profiles and BYOK entries that preferred it, so the export still imports', async () => {
    const put = (path: string, body: unknown) => adminFetch(h.app, 'PUT', `/api/v1/llm${path}`, body);
    const { aliases } = await h.app.service.getRoutingRules();
    expect((await put('/routing/rules', { aliases: { ...aliases, quick: [MODELS.openai], other: [MODELS.gemini] } })).status).toBe(200);
    await h.app.service.createUser({ id: 'carol', name: 'Carol' });
    expect((await put('/users/carol', { preferred_models: ['quick', 'other', MODELS.anthropic] })).status).toBe(200);
    await h.app.service.setByok({ id: 'carol', provider_id: 'fo', api_key: 'sk-carol-own-key-0123456789', preferred_models: ['quick'] });
    expect((await put('/routing/rules', { aliases: { ...aliases, other: [MODELS.gemini] } })).status).toBe(200);
    expect((await h.app.service.listUsers()).find((u) => u.id === 'carol')?.preferred_models).toEqual(['other', MODELS.anthropic]);
    expect((await h.app.service.listByok({ id: 'carol' }))[0]?.preferred_models).toEqual([]);
    const doc = (await adminFetch(h.app, 'GET', '/api/v1/llm/config')).json as ConfigDocument;
    const res = await adminFetch(h.app, 'POST', '/api/v1/llm/config', doc);
    expect(res.status, res.text).toBe(200);
  });
});

describe('an import\'s aliases and fallbacks', () => {
  it('are added to the ones the install has, the file\'s winning by name, as for everything else it imports (deleting nothing)', async () => {
    const s = h.app.service;
    const before = await s.getRoutingRules();
    await s.updateRoutingRules({ aliases: { ...before.aliases, mine: [MODELS.openai], both: [MODELS.openai] }, fallbacks: { ...before.fallbacks, [MODELS.gemini]: [MODELS.openai] } });
    const res = await adminFetch(h.app, 'POST', '/api/v1/llm/config', {
      format: 'switchboard-config', version: 1, providers: [], models: [], profiles: [],
      routing_rules: { aliases: { both: [MODELS.anthropic], theirs: [MODELS.gemini] }, fallbacks: { [MODELS.openai]: [MODELS.gemini] } },
    });
    expect(res.status, res.text).toBe(200);
    const after = await s.getRoutingRules();
    expect(after.aliases).toEqual({ ...before.aliases, mine: [MODELS.openai], both: [MODELS.anthropic], theirs: [MODELS.gemini] });
    expect(after.fallbacks).toEqual({ ...before.fallbacks, [MODELS.gemini]: [MODELS.openai], [MODELS.openai]: [MODELS.gemini] });
  });
});

describe('a provider whose type would leave a Responses model on another API', () => {
  it('is refused by a PUT and by an import alike, naming the model, until the model is on chat', async () => {
    const s = h.app.service;
    await s.createProvider({ id: 'ft', name: 'Fine-tuned', type: 'openai', base_url: h.openai.url });
    await s.createModel({ provider_id: 'ft', model_name: 'big', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 100000, api: 'responses' });
    await s.createModel({ provider_id: 'ft', model_name: 'small', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 100000 });
    const put = await adminFetch(h.app, 'PUT', '/api/v1/llm/providers/ft', { type: 'anthropic' });
    expect(put.status, put.text).toBe(400);
    expect(put.json.error).toMatchObject({ field: 'type', message: expect.stringContaining('ft/big') });
    const doc = (await adminFetch(h.app, 'GET', '/api/v1/llm/config')).json as ConfigDocument;
    const i = doc.providers.findIndex((p) => p.id === 'ft');
    const moved = { ...doc, providers: doc.providers.map((p) => (p.id === 'ft' ? { ...p, type: 'anthropic' } : p)) };
    const imported = await adminFetch(h.app, 'POST', '/api/v1/llm/config', moved);
    expect(imported.status, imported.text).toBe(400);
    expect(imported.json.error).toMatchObject({ field: `providers[${i}].type`, message: expect.stringContaining('ft/big') });
    expect((await s.listProviders()).find((p) => p.id === 'ft')?.type).toBe('openai');
    // the same file putting the model on chat moves it, and what it leaves exports and imports again
    const onChat = { ...moved, models: moved.models.map((m) => (m.provider_id === 'ft' && m.model_name === 'big' ? { ...m, api: 'chat' } : m)) };
    expect((await adminFetch(h.app, 'POST', '/api/v1/llm/config', onChat)).status).toBe(200);
    expect((await s.listProviders()).find((p) => p.id === 'ft')?.type).toBe('anthropic');
    const again = await adminFetch(h.app, 'POST', '/api/v1/llm/config', (await adminFetch(h.app, 'GET', '/api/v1/llm/config')).json);
    expect(again.status, again.text).toBe(200);
  });
});

describe('a profile whose last request took its credit balance below zero', () => {
  it('exports and imports again, into this install and another, where a balance the admin types stays at least 0', async () => {
    // the proxy serves the last request whole: $0.0001 left, Claude's answer costs $0.000168
    const { token } = await h.app.service.createUser({ id: 'overspent', name: 'Overspent', credit_balance_usd: 0.0001 });
    const chat = await rawRequest(`${h.url}/v1/chat/completions`, {
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODELS.anthropic, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(chat.status, chat.text).toBe(200);
    const balance = (await adminFetch(h.app, 'GET', '/api/v1/llm/credits?user_id=overspent')).json.credit_balance_usd;
    expect(balance).toBeLessThan(0);
    const doc = (await adminFetch(h.app, 'GET', '/api/v1/llm/config')).json as ConfigDocument;
    const profile = doc.profiles.find((p) => p.id === 'overspent')!;
    expect(profile.credit_balance_usd).toBe(balance);

    const back = await adminFetch(h.app, 'POST', '/api/v1/llm/config', doc);
    expect(back.status, back.text).toBe(200);
    const elsewhere = await adminFetch(other, 'POST', '/api/v1/llm/config', {
      format: 'switchboard-config', version: 1, providers: [], models: [], routing_rules: {}, profiles: [profile],
    });
    expect(elsewhere.status, elsewhere.text).toBe(200);
    expect((await other.service.listUsers()).find((u) => u.id === 'overspent')?.credit_balance_usd).toBe(balance);

    const typed = await adminFetch(h.app, 'PUT', '/api/v1/llm/users/overspent', { credit_balance_usd: -1 });
    expect(typed.status).toBe(400);
    expect(typed.json.error).toMatchObject({ field: 'credit_balance_usd', message: expect.stringContaining('at least 0') });
  });
});

describe('importing an export into the install it came from, after the profile spent credit', () => {
  it('sets the file\'s balance, as an import sets what the file says, and names the change in the notes', async () => {
    const { token } = await h.app.service.createUser({ id: 'bob', name: 'Bob', credit_balance_usd: 0.5 });
    const doc = (await adminFetch(h.app, 'GET', '/api/v1/llm/config')).json as ConfigDocument;
    expect(doc.profiles.find((p) => p.id === 'bob')?.credit_balance_usd).toBe(0.5);
    const chat = await rawRequest(`${h.url}/v1/chat/completions`, {
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODELS.anthropic, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(chat.status, chat.text).toBe(200);
    const spent = (await adminFetch(h.app, 'GET', '/api/v1/llm/credits?user_id=bob')).json.credit_balance_usd as number;
    expect(spent).toBeLessThan(0.5);

    const res = await adminFetch(h.app, 'POST', '/api/v1/llm/config', doc);
    expect(res.status, res.text).toBe(200);
    expect((await adminFetch(h.app, 'GET', '/api/v1/llm/credits?user_id=bob')).json.credit_balance_usd).toBe(0.5);
    // the user is told: this install's older export gave back what bob spent since
    const note = (res.json.notes as string[]).find((n) => n.startsWith('credit balances set from the file'));
    expect(note).toContain('bob $0.');
    expect(note).toContain('-> $0.5');
    expect(note).toContain('gives back the credit spent since');
    // the same file again: the balance is the file's already, nothing to name
    const again = await adminFetch(h.app, 'POST', '/api/v1/llm/config', doc);
    expect((again.json.notes as string[]).some((n) => n.startsWith('credit balances set'))).toBe(false);
    // unlimited <-> a figure reads as such
    const unlimited = await adminFetch(h.app, 'POST', '/api/v1/llm/config', { ...doc, providers: [], models: [], routing_rules: {}, profiles: [{ ...doc.profiles.find((p) => p.id === 'bob')!, credit_balance_usd: null }] });
    expect((unlimited.json.notes as string[]).find((n) => n.startsWith('credit balances set'))).toContain('bob $0.5 -> unlimited');
  });
});

describe('a large catalog', () => {
  it('exports to more than the admin API\'s 1 MiB and imports again; other admin routes keep that cap', async () => {
    const models = Array.from({ length: 3_000 }, (_, i) => ({
      provider_id: 'many', model_name: `model-${String(i).padStart(5, '0')}`, display_name: `A model with a long display name, number ${i} of the catalog`,
      input_cost_per_1m: 1.25, output_cost_per_1m: 10, cached_input_cost_per_1m: 0.125, context_length: 400000, max_output_tokens: 128000,
      capabilities: ['chat', 'tools', 'vision', 'json', 'reasoning'], quality: 80, enabled: true, api: 'chat',
    }));
    const doc = {
      format: 'switchboard-config', version: 1, routing_rules: {}, profiles: [], models,
      providers: [{ id: 'many', name: 'Many', type: 'openai', base_url: h.openai.url, enabled: false }],
    };
    expect(Buffer.byteLength(JSON.stringify(doc))).toBeGreaterThan(1024 * 1024);
    const res = await adminFetch(other, 'POST', '/api/v1/llm/config', doc);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.json.models).toEqual({ created: 3_000, updated: 0 });
    const exported = await adminFetch(other, 'GET', '/api/v1/llm/config');
    expect(exported.text.length).toBeGreaterThan(1024 * 1024);
    expect((await adminFetch(other, 'POST', '/api/v1/llm/config', exported.json)).status).toBe(200);
    const tooBig = await adminFetch(other, 'PUT', '/api/v1/llm/routing/rules', { aliases: {}, padding: 'x'.repeat(1024 * 1024) });
    expect(tooBig.status).toBe(413);
  }, 30_000);
});
