// Deleting a provider removes or shortens the routing lists naming its models (model-refs pruning): the admin
// API says which, before (GET .../delete-preview, which changes nothing) and in the delete's answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { adminFetch } from './helpers/routing-harness';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

describe('deleting a provider names what it prunes', () => {
  it('previews the fallback chains, aliases and preferred models it removes or shortens, then answers the same', async () => {
    const s = h.app.service;
    await s.createProvider({ id: 'gone', name: 'Gone', type: 'openai-compatible', base_url: h.openai.url, api_key: 'sk-gone-0123456789abcdef' });
    for (const name of ['m1', 'm2']) {
      await s.createModel({ provider_id: 'gone', model_name: name, input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 8000 });
    }
    await s.updateRoutingRules({
      fallbacks: { 'gone/m1': ['fo/gpt-fake'], 'fo/gpt-fake': ['gone/m1', 'fa/claude-fake'], 'fa/claude-fake': ['gone/m2'] },
      aliases: { only: ['gone/m1', 'gone/m2'], mix: ['gone/m2', 'fo/gpt-fake'], onlyalias: ['only'], kept: ['fo/gpt-fake'] },
    });
    const alice = await s.createUser({ name: 'Alice', preferred_models: ['gone/m1', 'fo/gpt-fake'] });
    const bob = await s.createUser({ name: 'Bob' });
    await s.setByok({ id: bob.user.id, provider_id: 'fo', api_key: 'sk-bob-0123456789abcdef', preferred_models: ['mix', 'only'] });
    await s.createUser({ name: 'Carol', preferred_models: ['fo/gpt-fake'] });
    const rulesBefore = await s.getRoutingRules(undefined);

    const expected = {
      fallbacks_removed: ['gone/m1', 'fa/claude-fake'],
      fallbacks_shortened: ['fo/gpt-fake'],
      aliases_removed: ['only', 'onlyalias'],
      aliases_shortened: ['mix'],
      profiles: expect.arrayContaining(['Alice', 'Bob']),
    };
    const preview = await adminFetch(h.app, 'GET', '/api/v1/llm/providers/gone/delete-preview');
    expect(preview.status).toBe(200);
    expect(preview.json).toEqual({ id: 'gone', models: 2, byok_entries: 0, pruned: expected });
    expect(preview.json.pruned.profiles).toHaveLength(2);
    // asking changed nothing
    expect(await s.getRoutingRules(undefined)).toEqual(rulesBefore);
    expect((await s.listUsers(undefined)).find((u) => u.id === alice.user.id)?.preferred_models).toEqual(['gone/m1', 'fo/gpt-fake']);
    expect((await s.listProviders(undefined)).some((p) => p.id === 'gone')).toBe(true);

    const deleted = await adminFetch(h.app, 'DELETE', '/api/v1/llm/providers/gone');
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ deleted: true, pruned: expected });
    const rules = await s.getRoutingRules(undefined);
    expect(rules.fallbacks).toEqual({ 'fo/gpt-fake': ['fa/claude-fake'] });
    expect(rules.aliases).toEqual({ mix: ['fo/gpt-fake'], kept: ['fo/gpt-fake'] });
  });

  it('a provider whose models nothing names prunes nothing; an unknown one is a 404', async () => {
    await h.app.service.createProvider({ id: 'lone', name: 'Lone', type: 'openai-compatible', base_url: h.openai.url });
    const empty = { fallbacks_removed: [], fallbacks_shortened: [], aliases_removed: [], aliases_shortened: [], profiles: [] };
    expect((await adminFetch(h.app, 'GET', '/api/v1/llm/providers/lone/delete-preview')).json).toEqual({ id: 'lone', models: 0, byok_entries: 0, pruned: empty });
    expect((await adminFetch(h.app, 'DELETE', '/api/v1/llm/providers/lone')).json).toEqual({ deleted: true, pruned: empty });
    const missing = await adminFetch(h.app, 'GET', '/api/v1/llm/providers/nope/delete-preview');
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toContain('nope');
  });
});
