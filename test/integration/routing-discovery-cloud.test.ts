// What discovery takes from a cloud provider's listing (Together, Groq, Mistral), and the names that are
// not the bundled table's model (a dated Mistral snapshot) or are (Ollama's `:latest`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProviderOptions } from '../mocks/types';
import { DISC_KEY, startRoutingHarness, type RoutingHarness } from './helpers/routing-harness';

let h: RoutingHarness;
beforeAll(async () => { h = await startRoutingHarness(); });
afterAll(async () => { await h?.close(); });

describe("discoverModels on a cloud provider: what its listing says of each new model", () => {
  const cases: ['together' | 'groq' | 'mistral', FakeProviderOptions, Record<string, Record<string, unknown>>][] = [
    // docs.together.ai/reference/models: a bare array, `context_length`; an image model is not listed for chat
    ['together', {
      togetherListing: [
        { id: 'acme/tg-chat', object: 'model', created: 1, type: 'chat', display_name: 'Acme TG Chat', organization: 'Acme', context_length: 131072, pricing: { hourly: 0, input: 0.6, output: 0.8, base: 0, finetune: 0 } },
        { id: 'acme/tg-image', object: 'model', created: 1, type: 'image', display_name: 'img', pricing: { hourly: 0, input: 0, output: 0, base: 0, finetune: 0 } },
        { id: 'acme/tg-bare', object: 'model', created: 1, type: 'chat' },
      ],
    }, {
      'acme/tg-chat': { context_length: 131072, capabilities: ['chat'], display_name: 'Acme TG Chat', input_cost_per_1m: null },
      'acme/tg-bare': { context_length: 8192, capabilities: ['chat'] },
    }],
    // console.groq.com/docs/api-reference#models-list: `context_window`, `max_completion_tokens`
    ['groq', {
      modelListing: [
        { id: 'acme-groq-new', object: 'model', created: 1, owned_by: 'Acme', active: true, context_window: 131072, public_apps: null, max_completion_tokens: 32768 },
      ],
    }, { 'acme-groq-new': { context_length: 131072, max_output_tokens: 32768, capabilities: ['chat'] } }],
    // docs.mistral.ai/api/#tag/models: `max_context_length`, `capabilities`
    ['mistral', {
      modelListing: [
        { id: 'acme-mistral-new', object: 'model', created: 1, owned_by: 'mistralai', capabilities: { completion_chat: true, completion_fim: false, function_calling: true, fine_tuning: false, vision: true, classification: false }, name: 'acme-mistral-new', description: 'x', max_context_length: 128000, aliases: [], deprecation: null, default_model_temperature: 0.3, type: 'base' },
        { id: 'acme-mistral-plain', object: 'model', created: 1, owned_by: 'mistralai', capabilities: { completion_chat: true, completion_fim: false, function_calling: false, fine_tuning: false, vision: false, classification: false }, name: 'acme-mistral-plain', max_context_length: 32768, type: 'base' },
        { id: 'acme-ocr-new', object: 'model', created: 1, owned_by: 'mistralai', capabilities: { completion_chat: false, completion_fim: false, function_calling: false, fine_tuning: false, vision: false, classification: false }, name: 'acme-ocr-new', max_context_length: 32768, type: 'base' },
      ],
    }, {
      'acme-mistral-new': { context_length: 128000, capabilities: ['chat', 'tools', 'vision'] },
      'acme-mistral-plain': { context_length: 32768, capabilities: ['chat'] },
      'acme-ocr-new': { context_length: 32768, capabilities: ['chat'] },
    }],
  ];

  it.each(cases)('%s', async (type, listing, expected) => {
    const fake = await startFakeOpenAI({ apiKey: DISC_KEY, ...listing });
    const id = `cloud-${type}`;
    try {
      await h.app.service.createProvider({ id, name: `Cloud ${type}`, type, base_url: fake.url, api_key: DISC_KEY });
      const r = await h.app.service.discoverModels({ id });
      const by = new Map(r.added.map((m) => [m.model_name, m]));
      expect([...by.keys()].sort()).toEqual(Object.keys(expected).sort());
      for (const [name, fields] of Object.entries(expected)) expect(by.get(name), name).toMatchObject(fields);
    } finally {
      await h.app.service.deleteProvider({ id });
      await fake.close();
    }
  });
});

describe('discoverModels on Mistral: a dated snapshot is not the -latest alias', () => {
  it("mistral-large-2411 is not priced as the table's mistral-large-latest (Large 3); a listing's shorter context caps the table's", async () => {
    const chat = { completion_chat: true, completion_fim: false, function_calling: true, fine_tuning: false, vision: false, classification: false };
    const entry = (id: string, context: number) => ({ id, object: 'model', created: 1, owned_by: 'mistralai', capabilities: chat, name: id, max_context_length: context, aliases: [], deprecation: null, type: 'base' });
    const fake = await startFakeOpenAI({
      apiKey: DISC_KEY,
      modelListing: [entry('mistral-large-2411', 131072), entry('mistral-large-latest', 262144), entry('codestral-latest', 128000)],
    });
    try {
      await h.app.service.createProvider({ id: 'mis', name: 'Mistral 2', type: 'mistral', base_url: fake.url, api_key: DISC_KEY });
      const r = await h.app.service.discoverModels({ id: 'mis' });
      const by = new Map(r.added.map((m) => [m.model_name, m]));
      // Large 2 is not Large 3 at $0.5 / $1.5 and 262K: its price is unknown, its context the listing's
      expect(by.get('mistral-large-2411')).toMatchObject({
        display_name: 'mistral-large-2411', input_cost_per_1m: null, output_cost_per_1m: null, context_length: 131072, price_source: null,
      });
      expect(by.get('mistral-large-latest')).toMatchObject({ display_name: 'Mistral Large 3', input_cost_per_1m: 0.5, context_length: 262144, price_source: 'bundled' });
      // the table says 256,000; Mistral's listing says this key gets 128,000
      expect(by.get('codestral-latest')).toMatchObject({ display_name: 'Codestral', input_cost_per_1m: 0.3, context_length: 128000, price_source: 'bundled' });
    } finally {
      await h.app.service.deleteProvider({ id: 'mis' });
      await fake.close();
    }
  });
});

describe("discoverModels: Ollama's `:latest` tag names the same model", () => {
  it('llama3.2:latest is priced from the bundled llama3.2 entry, and is not added beside a llama3.2 already set up', async () => {
    const oll = await startFakeOpenAI({ models: ['llama3.2:latest'] });
    try {
      await h.app.service.createProvider({ id: 'oll3', name: 'Ollama 3', type: 'ollama', base_url: oll.url });
      const first = await h.app.service.discoverModels({ id: 'oll3' });
      // the bundled entry's window and tools, not 8192 and chat alone
      expect(first.added).toHaveLength(1);
      expect(first.added[0]!.context_length).toBe(131072);
      expect(first.added[0]!.capabilities).toContain('tools');
      await h.app.service.deleteModel({ id: 'oll3/llama3.2:latest' });

      // the seeded form: llama3.2 set up, the server lists llama3.2:latest
      oll.options.models = ['llama3.2'];
      expect((await h.app.service.discoverModels({ id: 'oll3' })).added.map((m) => m.id)).toEqual(['oll3/llama3.2']);
      oll.options.models = ['llama3.2:latest', 'qwen3:8b'];
      const again = await h.app.service.discoverModels({ id: 'oll3' });
      expect(again).toMatchObject({ found: 2, existing: 1 });
      expect(again.added.map((m) => m.id)).toEqual(['oll3/qwen3:8b']);
      expect((await h.app.service.listModels({ provider_id: 'oll3' })).map((m) => m.id).sort()).toEqual(['oll3/llama3.2', 'oll3/qwen3:8b']);
    } finally {
      await h.app.service.deleteProvider({ id: 'oll3' });
      await oll.close();
    }
  });
});
