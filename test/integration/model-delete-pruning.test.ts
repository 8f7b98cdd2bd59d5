// Deleting a model removes or shortens the routing lists naming it (model-refs pruning), as deleting its provider
// does: the admin API says which, before (GET /api/v1/llm/models/{id}/delete-preview, which changes nothing) and in
// the delete's answer. An alias whose only model it was answers 404 afterwards, and discovery does not bring it back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { adminFetch } from './helpers/routing-harness';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const empty = { fallbacks_removed: [], fallbacks_shortened: [], aliases_removed: [], aliases_shortened: [], profiles: [] };

const chat = async (model: string) => (await fetch(`${h.url}/v1/chat/completions`, {
  method: 'POST',
  headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
  body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
})).status;

describe('deleting a model names what it prunes', () => {
  it('previews the aliases, fallback chains and preferred models it removes or shortens, then answers the same', async () => {
    const s = h.app.service;
    await s.createModel({ provider_id: 'fo', model_name: 'solo', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 8000 });
    await s.updateRoutingRules({
      fallbacks: { 'fa/claude-fake': ['fo/solo'], 'fo/solo': ['fa/claude-fake'], 'fg/gemini-fake': ['fo/solo', 'fa/claude-fake'] },
      aliases: { coder: ['fo/solo'], onlycoder: ['coder'], mix: ['fo/solo', 'fo/gpt-fake'], kept: ['fo/gpt-fake'] },
    });
    const alice = await s.createUser({ name: 'Alice', preferred_models: ['fo/solo', 'fo/gpt-fake'] });
    const bob = await s.createUser({ name: 'Bob' });
    await s.setByok({ id: bob.user.id, provider_id: 'fo', api_key: 'sk-bob-0123456789abcdef', preferred_models: ['coder'] });
    await s.createUser({ name: 'Carol', preferred_models: ['fo/gpt-fake'] });
    const rulesBefore = await s.getRoutingRules(undefined);
    expect(await chat('coder')).toBe(200);

    const expected = {
      fallbacks_removed: ['fa/claude-fake', 'fo/solo'],
      fallbacks_shortened: ['fg/gemini-fake'],
      aliases_removed: ['coder', 'onlycoder'],
      aliases_shortened: ['mix'],
      profiles: expect.arrayContaining(['Alice', 'Bob']),
    };
    // the model's id percent-encoded in the path, as every model route takes it
    const preview = await adminFetch(h.app, 'GET', '/api/v1/llm/models/fo%2Fsolo/delete-preview');
    expect(preview.status).toBe(200);
    expect(preview.json).toEqual({ id: 'fo/solo', pruned: expected });
    expect(preview.json.pruned.profiles).toHaveLength(2);
    // asking changed nothing
    expect(await s.getRoutingRules(undefined)).toEqual(rulesBefore);
    expect((await s.listUsers(undefined)).find((u) => u.id === alice.user.id)?.preferred_models).toEqual(['fo/solo', 'fo/gpt-fake']);
    expect((await s.listModels({})).some((m) => m.id === 'fo/solo')).toBe(true);
    expect(await chat('coder')).toBe(200);

    const deleted = await adminFetch(h.app, 'DELETE', '/api/v1/llm/models/fo%2Fsolo');
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ deleted: true, pruned: expected });
    const rules = await s.getRoutingRules(undefined);
    expect(rules.fallbacks).toEqual({ 'fg/gemini-fake': ['fa/claude-fake'] });
    expect(rules.aliases).toEqual({ mix: ['fo/gpt-fake'], kept: ['fo/gpt-fake'] });
    expect(await chat('coder')).toBe(404);

    // the model comes back; what was pruned with it does not
    await s.createModel({ provider_id: 'fo', model_name: 'solo', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 8000 });
    expect((await s.getRoutingRules(undefined)).aliases).toEqual({ mix: ['fo/gpt-fake'], kept: ['fo/gpt-fake'] });
    expect(await chat('coder')).toBe(404);
  });

  it('a model nothing names prunes nothing; an unknown one is a 404 that changes nothing', async () => {
    await h.app.service.createModel({ provider_id: 'fo', model_name: 'lone', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 8000 });
    expect((await adminFetch(h.app, 'GET', '/api/v1/llm/models/fo%2Flone/delete-preview')).json).toEqual({ id: 'fo/lone', pruned: empty });
    expect((await adminFetch(h.app, 'DELETE', '/api/v1/llm/models/fo%2Flone')).json).toEqual({ deleted: true, pruned: empty });
    const missing = await adminFetch(h.app, 'GET', '/api/v1/llm/models/fo%2Fnope/delete-preview');
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toContain('fo/nope');
    // only GET: the preview deletes nothing whatever the method
    const refused = await adminFetch(h.app, 'DELETE', '/api/v1/llm/models/fo%2Fgpt-fake/delete-preview');
    expect(refused.status).toBe(405);
    expect((await h.app.service.listModels({})).some((m) => m.id === 'fo/gpt-fake')).toBe(true);
  });
});
