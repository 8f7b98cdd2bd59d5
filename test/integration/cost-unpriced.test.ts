// Unknown is not zero: a discovered model with no known price is stored without one, kept out of cost-ranked
// routing, and its requests are recorded with cost_usd null and counted apart in every total. Discovery prices
// what it can: the bundled table by name, OpenRouter's own listing, $0 on a local runtime.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';
import type { ConfigDocument } from '../../src/shared/config-types';
import { adminFetch, chatCalls, startRoutingHarness, type RoutingHarness } from './helpers/routing-harness';

let h: RoutingHarness;
let relay: FakeProvider;
let openrouter: FakeProvider;
let local: FakeProvider;
const RELAY_KEY = 'sk-relay-CANARY-0123456789abcdef';

const LISTING = [
  {
    id: 'acme/fast-1', name: 'Acme: Fast 1', context_length: 65_536,
    pricing: { prompt: '0.0000005', completion: '0.0000015', input_cache_read: '0.00000005', input_cache_write: '0.000000625', request: '0' },
    supported_parameters: ['tools', 'response_format', 'temperature'], architecture: { input_modalities: ['text', 'image'] },
  },
  { id: 'openrouter/auto', name: 'Auto Router', context_length: 2_000_000, pricing: { prompt: '-1', completion: '-1' } },
  { id: 'openai/gpt-4o-mini', name: 'OpenAI: GPT-4o-mini', context_length: 128_000, pricing: { prompt: '0.00000015', completion: '0.0000006' } },
];

beforeAll(async () => {
  h = await startRoutingHarness();
  [relay, openrouter, local] = await Promise.all([
    startFakeOpenAI({ apiKey: RELAY_KEY, models: ['mystery-model', 'gpt-5-nano'], text: 'answer from relay' }),
    startFakeOpenAI({ modelListing: LISTING }),
    startFakeOpenAI({ models: ['qwen3:8b', 'my-finetune:latest'] }),
  ]);
  // a cloud type at a loopback address is a relay that bills: never assumed free
  await h.app.service.createProvider({ id: 'relay', name: 'Relay', type: 'openai', base_url: relay.url, api_key: RELAY_KEY, enabled: true });
  await h.app.service.createProvider({ id: 'or', name: 'OpenRouter', type: 'openrouter', base_url: openrouter.url, api_key: 'sk-or-0123456789abcdef', enabled: true });
  await h.app.service.createProvider({ id: 'box', name: 'Local box', type: 'ollama', base_url: local.url, enabled: true });
});
afterAll(async () => {
  await h?.close();
  await Promise.all([relay?.close(), openrouter?.close(), local?.close()]);
});

const chat = { messages: [{ role: 'user', content: 'hi' }] };

describe('discovery', () => {
  it('stores a model with no known price as unknown, never $0, and prices the ones the bundled table knows', async () => {
    const found = await h.app.service.discoverModels({ id: 'relay' });
    const mystery = found.added.find((m) => m.id === 'relay/mystery-model');
    // a cloud type's model outside the bundled table waits, off, for the user to pick it: a relay on loopback is still cloud
    expect(mystery).toMatchObject({ input_cost_per_1m: null, output_cost_per_1m: null, price_unknown: true, price_source: null, price_as_of: null, enabled: false });
    expect(found.added.find((m) => m.id === 'relay/gpt-5-nano')).toMatchObject({
      input_cost_per_1m: 0.05, output_cost_per_1m: 0.4, cached_input_cost_per_1m: 0.005, price_unknown: false,
      price_source: 'bundled', price_as_of: '2026-11-27',
    });
    const res = await adminFetch(h.app, 'GET', '/api/v1/llm/models?provider_id=relay');
    expect(res.json.find((m: { id: string }) => m.id === 'relay/mystery-model')).toMatchObject({ input_cost_per_1m: null, price_unknown: true });
  });

  it("fills prices, context and capabilities from OpenRouter's listing", async () => {
    const found = await h.app.service.discoverModels({ id: 'or' });
    expect(found.added.find((m) => m.id === 'or/acme/fast-1')).toMatchObject({
      display_name: 'Acme: Fast 1', context_length: 65_536, capabilities: ['chat', 'tools', 'vision', 'json'],
      input_cost_per_1m: 0.5, output_cost_per_1m: 1.5, cached_input_cost_per_1m: 0.05, cache_write_5m_cost_per_1m: 0.625,
      cache_write_1h_cost_per_1m: null, price_unknown: false, price_source: 'provider', price_as_of: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    // variable pricing is no price at all
    expect(found.added.find((m) => m.id === 'or/openrouter/auto')).toMatchObject({ input_cost_per_1m: null, price_unknown: true });
    // a name the bundled table knows takes its (richer) entry
    expect(found.added.find((m) => m.id === 'or/openai/gpt-4o-mini')).toMatchObject({ cached_input_cost_per_1m: 0.075, price_source: 'bundled' });
  });

  it('prices a model on a local runtime at $0: running it costs nothing', async () => {
    const found = await h.app.service.discoverModels({ id: 'box' });
    expect(found.added.find((m) => m.id === 'box/my-finetune:latest')).toMatchObject({ input_cost_per_1m: 0, output_cost_per_1m: 0, price_unknown: false });
    // free models win every cost comparison: out of the way of the routing tests below
    await h.app.service.updateProvider({ id: 'box', patch: { enabled: false } });
  });
});

describe('routing', () => {
  beforeAll(async () => { await h.app.service.updateModel({ id: 'relay/mystery-model', patch: { enabled: true } }); });

  it('eco and the cost strategy skip the unpriced model, saying why', async () => {
    const preview = await h.app.service.previewRoute({ request: { model: 'eco', ...chat } });
    expect(preview.candidates.map((c) => c.model)).not.toContain('relay/mystery-model');
    expect(preview.excluded).toContainEqual({ model: 'relay/mystery-model', reason: expect.stringMatching(/^price unknown/), kind: 'price' });
    await h.app.service.updateRoutingRules({ strategy: 'cost' });
    try {
      const byCost = await h.app.service.previewRoute({ request: { model: 'balanced', ...chat } });
      expect(byCost.excluded).toContainEqual({ model: 'relay/mystery-model', reason: expect.stringMatching(/^price unknown/), kind: 'price' });
      // a ranking that gives cost no weight at all can place it
      await h.app.service.updateRoutingRules({ strategy: 'custom', weights: { cost: 0, latency: 0.5, quality: 0.5 } });
      const noCost = await h.app.service.previewRoute({ request: { model: 'precision', ...chat } });
      // ranked (among the candidates, or past the max_retries + 1 the proxy tries), not left out for its price
      const ranked = [...noCost.candidates.map((c) => c.model), ...noCost.excluded.filter((x) => x.kind === 'attempts').map((x) => x.model)];
      expect(ranked).toContain('relay/mystery-model');
      expect(noCost.excluded.some((x) => x.model === 'relay/mystery-model' && x.kind === 'price')).toBe(false);
    } finally {
      await h.app.service.updateRoutingRules({ strategy: 'balanced' });
    }
  });

  it('an eco request goes to a priced model; once priced, the model competes again', async () => {
    h.resetFakes();
    relay.requests.length = 0;
    await h.client().chat.completions.create({ model: 'eco', ...chat } as never);
    expect(chatCalls(relay)).toHaveLength(0);
    await h.app.service.updateModel({ id: 'relay/mystery-model', patch: { input_cost_per_1m: 0.01, output_cost_per_1m: 0.02 } });
    try {
      const preview = await h.app.service.previewRoute({ request: { model: 'eco', ...chat } });
      expect(preview.candidates[0]).toMatchObject({ model: 'relay/mystery-model', estimated_cost_usd: expect.any(Number) });
    } finally {
      await h.app.service.updateModel({ id: 'relay/mystery-model', patch: { input_cost_per_1m: null, output_cost_per_1m: null } });
    }
  });

  it('named outright it serves, with an unknown estimate rather than $0', async () => {
    const preview = await h.app.service.previewRoute({ request: { model: 'relay/mystery-model', ...chat } });
    expect(preview.candidates[0]).toMatchObject({ model: 'relay/mystery-model', estimated_cost_usd: null });
  });
});

describe('usage of an unpriced model', () => {
  it('is recorded with cost_usd null and counted apart in every total, never as $0', async () => {
    const before = await h.app.service.getUsage({ days: 1 });
    const res = await h.client().chat.completions.create({ model: 'relay/mystery-model', ...chat } as never);
    expect(res.choices[0]?.message.content).toBe('answer from relay');
    await h.client().chat.completions.create({ model: 'cheap/small', ...chat } as never);

    const usage = await h.app.service.getUsage({ days: 1 });
    expect(usage.unpriced_requests).toBe(before.unpriced_requests + 1);
    expect(usage.total_requests).toBe(before.total_requests + 2);
    // a group of unpriced requests alone has no known cost: null, never $0 (SPEC)
    expect(usage.by_model.find((m) => m.model === 'relay/mystery-model')).toMatchObject({ requests: 1, unpriced_requests: 1, cost_usd: null });
    expect(usage.by_provider.find((p) => p.provider === 'relay')).toMatchObject({ unpriced_requests: 1, cost_usd: null });
    // a group with priced requests beside it keeps the priced ones' cost
    expect(usage.cost_usd).toBeGreaterThan(0);
    expect(usage.total_cost_usd).toBe(usage.cost_usd);
    expect(usage.by_day.at(-1)?.unpriced_requests).toBe(usage.unpriced_requests);

    const csv = (await h.app.service.exportUsageCsv({ days: 1 })).trim().split('\n');
    const header = csv[0]!.split(',');
    const line = csv.map((l) => l.split(',')).find((cells) => cells[header.indexOf('model_id')] === 'relay/mystery-model')!;
    expect(line[header.indexOf('cost_usd')]).toBe('');
    expect(line[header.indexOf('price_unknown')]).toBe('true');

    const status = await h.app.service.getStatus();
    expect(status).toMatchObject({ today_unpriced_requests: usage.unpriced_requests, month_unpriced_requests: usage.unpriced_requests });
    expect((await h.app.service.getCredits({})).unpriced_requests_this_month).toBe(usage.unpriced_requests);
  });
});

describe('a local runtime that moves elsewhere', () => {
  // the same address becomes an OpenAI-type relay, which bills: by an edit, or by importing a setup that says so
  const imported = (id: string, type: string) => adminFetch(h.app, 'POST', '/api/v1/llm/config', {
    format: 'switchboard-config', version: 1, providers: [{ id, type }], models: [], routing_rules: {}, profiles: [],
  });
  type Move = (id: string) => Promise<{ status: number; text: string }>;
  // [how, the move away, the move back onto the local runtime]
  const moves: [string, Move, Move][] = [
    ['edited', (id) => adminFetch(h.app, 'PUT', `/api/v1/llm/providers/${id}`, { type: 'openai', api_key: RELAY_KEY }),
      (id) => adminFetch(h.app, 'PUT', `/api/v1/llm/providers/${id}`, { type: 'ollama' })],
    ['imported', async (id) => {
      const r = await imported(id, 'openai');
      await h.app.service.updateProvider({ id, patch: { api_key: RELAY_KEY } });
      return r;
    }, (id) => imported(id, 'ollama')],
  ];

  it.each(moves)("%s: its models were free because of the runtime, so their price becomes unknown and their requests are recorded as unknown; a price of 0 the user set stays; moved back, they are free again", async (how, move, back) => {
    const id = `box-${how}`;
    const box = await startFakeOpenAI({ models: ['box-model:7b', 'by-hand:1b'], text: 'answer from the box' });
    try {
      await h.app.service.createProvider({ id, name: `Box ${how}`, type: 'ollama', base_url: box.url, enabled: true });
      // added by hand with its prices left empty (the Add-model dialog: "Empty = $0: a local runtime costs nothing")
      const byHand = await adminFetch(h.app, 'POST', '/api/v1/llm/models', {
        provider_id: id, model_name: 'by-hand:1b', input_cost_per_1m: null, output_cost_per_1m: null, context_length: 8192,
      });
      expect(byHand.json).toMatchObject({ input_cost_per_1m: 0, output_cost_per_1m: 0, price_source: null });
      const found = await h.app.service.discoverModels({ id });
      // discovered there, it is free on the runtime as the one added by hand is: no listing priced it
      expect(found.added.find((m) => m.model_name === 'box-model:7b')).toMatchObject({ input_cost_per_1m: 0, output_cost_per_1m: 0, price_source: null, price_as_of: null });
      await h.app.service.createModel({ provider_id: id, model_name: 'mine', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 8192 });

      const res = await move(id);
      expect(res.status, res.text).toBe(200);
      const models = await h.app.service.listModels({ provider_id: id });
      for (const name of ['box-model:7b', 'by-hand:1b']) {
        expect(models.find((m) => m.model_name === name), name).toMatchObject({ input_cost_per_1m: null, output_cost_per_1m: null, price_unknown: true, price_source: null });
      }
      expect(models.find((m) => m.model_name === 'mine')).toMatchObject({ input_cost_per_1m: 0, output_cost_per_1m: 0, price_source: 'user' });
      const audit = await h.app.service.listAudit({ limit: 20 });
      expect(audit.find((a) => a.action === 'model.price_unknown' && a.subject === `${id}/box-model:7b`)?.detail).toMatch(/no longer runs on a local runtime/);

      const answer = await h.client().chat.completions.create({ model: `${id}/box-model:7b`, ...chat } as never);
      expect(answer.choices[0]?.message.content).toBe('answer from the box');
      const usage = await h.app.service.getUsage({ days: 1 });
      expect(usage.by_model.find((m) => m.model === `${id}/box-model:7b`)).toMatchObject({ requests: 1, unpriced_requests: 1, cost_usd: null });

      // back on the local runtime running a model costs nothing again: its unknown price is $0, audited
      const returned = await back(id);
      expect(returned.status, returned.text).toBe(200);
      const again = await h.app.service.listModels({ provider_id: id });
      for (const name of ['box-model:7b', 'by-hand:1b']) {
        expect(again.find((m) => m.model_name === name), name).toMatchObject({ input_cost_per_1m: 0, output_cost_per_1m: 0, price_unknown: false, price_source: null });
      }
      const freed = await h.app.service.listAudit({ limit: 20 });
      expect(freed.find((a) => a.action === 'model.price_free' && a.subject === `${id}/by-hand:1b`)?.detail).toMatch(/now runs on a local runtime/);
      await h.client().chat.completions.create({ model: `${id}/by-hand:1b`, ...chat } as never);
      const local = await h.app.service.getUsage({ days: 1 });
      expect(local.by_model.find((m) => m.model === `${id}/by-hand:1b`)).toMatchObject({ requests: 1, unpriced_requests: 0, cost_usd: 0 });
    } finally {
      await h.app.service.deleteProvider({ id });
      await box.close();
    }
  });
});

describe("a local model's price cleared in the Models tab", () => {
  it("is the runtime's $0, not the user's, so it becomes unknown when the provider moves to ollama.com; a $0 the user set stays theirs", async () => {
    const id = 'box-cleared';
    const box = await startFakeOpenAI({ models: ['box-model:7b'] });
    try {
      await h.app.service.createProvider({ id, name: 'Box cleared', type: 'ollama', base_url: box.url, enabled: true });
      await h.app.service.discoverModels({ id });
      await h.app.service.createModel({ provider_id: id, model_name: 'mine', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 8192 });
      // the inline editor sends one class at a time; the other class is the listing's $0
      const put = (model: string, patch: object) => adminFetch(h.app, 'PUT', `/api/v1/llm/models/${encodeURIComponent(`${id}/${model}`)}`, patch);
      const cleared = await put('box-model:7b', { input_cost_per_1m: null });
      expect(cleared.status, cleared.text).toBe(200);
      expect(cleared.json).toMatchObject({ input_cost_per_1m: 0, output_cost_per_1m: 0, price_source: null });
      expect((await put('box-model:7b', { output_cost_per_1m: null })).json).toMatchObject({ input_cost_per_1m: 0, output_cost_per_1m: 0, price_source: null });
      expect((await put('mine', { input_cost_per_1m: null })).json).toMatchObject({ input_cost_per_1m: 0, output_cost_per_1m: 0, price_source: 'user' });

      const moved = await adminFetch(h.app, 'PUT', `/api/v1/llm/providers/${id}`, { base_url: 'https://ollama.com/v1', enabled: false });
      expect(moved.status, moved.text).toBe(200);
      const models = await h.app.service.listModels({ provider_id: id });
      expect(models.find((m) => m.model_name === 'box-model:7b')).toMatchObject({ input_cost_per_1m: null, output_cost_per_1m: null, price_unknown: true });
      expect(models.find((m) => m.model_name === 'mine')).toMatchObject({ input_cost_per_1m: 0, output_cost_per_1m: 0, price_source: 'user' });
    } finally {
      await h.app.service.deleteProvider({ id });
      await box.close();
    }
  });
});

describe('an imported setup that moves a local runtime elsewhere, its models in the file as exported', () => {
  it("keeps their $0 unknown, the table's local $0 too, unless the file changes a price; a $0 the user set stays", async () => {
    const id = 'box-hosted';
    const box = await startFakeOpenAI({ models: ['box-model:7b', 'qwen3:8b', 'repriced:1b'] });
    try {
      await h.app.service.createProvider({ id, name: 'Box hosted', type: 'ollama', base_url: box.url, enabled: true });
      await h.app.service.discoverModels({ id });
      await h.app.service.createModel({ provider_id: id, model_name: 'mine', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 8192 });
      const before = await h.app.service.listModels({ provider_id: id });
      expect(before.find((m) => m.model_name === 'qwen3:8b'), "the bundled table's local entry").toMatchObject({ input_cost_per_1m: 0, price_source: 'bundled' });

      const doc = (await adminFetch(h.app, 'GET', '/api/v1/llm/config')).json as ConfigDocument;
      const provider = doc.providers.find((p) => p.id === id)!;
      const models = doc.models.filter((m) => m.provider_id === id)
        .map((m) => (m.model_name === 'repriced:1b' ? { ...m, input_cost_per_1m: 0.2, output_cost_per_1m: 0.8 } : m));
      // Ollama's own cloud bills: the file moves the provider there (switched off, so nobody calls ollama.com)
      const res = await adminFetch(h.app, 'POST', '/api/v1/llm/config', {
        ...doc, providers: [{ ...provider, base_url: 'https://ollama.com/v1', enabled: false }], models, profiles: [],
      });
      expect(res.status, res.text).toBe(200);
      const after = await h.app.service.listModels({ provider_id: id });
      for (const name of ['box-model:7b', 'qwen3:8b']) {
        expect(after.find((m) => m.model_name === name), name).toMatchObject({ input_cost_per_1m: null, output_cost_per_1m: null, price_unknown: true, price_source: null });
      }
      expect(after.find((m) => m.model_name === 'repriced:1b')).toMatchObject({ input_cost_per_1m: 0.2, output_cost_per_1m: 0.8, price_source: 'user' });
      expect(after.find((m) => m.model_name === 'mine')).toMatchObject({ input_cost_per_1m: 0, output_cost_per_1m: 0, price_source: 'user' });
    } finally {
      await h.app.service.deleteProvider({ id });
      await box.close();
    }
  });
});
