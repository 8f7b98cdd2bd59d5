// Issue 4: connection test and model discovery against a fake provider and a dead port.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DISCOVERED_MODELS } from '../../src/node/service/provider-ops';
import { startFakeOpenAI } from '../mocks/fake-openai';
import { ollamaShowBody } from '../mocks/fake-openai-wire';
import type { FakeProvider, FakeProviderOptions } from '../mocks/types';
import { adminFetch, startRoutingHarness, type RoutingHarness } from './helpers/routing-harness';

let h: RoutingHarness;
let disc: FakeProvider;
const DISC_KEY = 'sk-disc-CANARY-0123456789abcdef';

/** A loopback port nothing listens on. */
async function deadPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  h = await startRoutingHarness();
  disc = await startFakeOpenAI({ apiKey: DISC_KEY, models: ['disc-a', 'disc-b', 'text-embed-x'] });
  await h.app.service.createProvider({ id: 'disc', name: 'Discoverable', type: 'openai-compatible', base_url: disc.url, api_key: DISC_KEY });
  await h.app.service.createProvider({ id: 'dead', name: 'Dead', type: 'openai-compatible', base_url: `http://127.0.0.1:${await deadPort()}/v1`, api_key: 'sk-dead-0123456789' });
});
afterAll(async () => {
  await h?.close();
  await disc?.close();
});

const healthOf = async (id: string) => (await h.app.service.listProviders()).find((p) => p.id === id)!.health;

describe('testProvider', () => {
  it('against a fake: ok, a latency, the models found, and healthy', async () => {
    const r = await h.app.service.testProvider({ provider_id: 'disc' });
    expect(r).toMatchObject({ ok: true, status: 200, models_found: 3 });
    expect(r.latency_ms).toBeGreaterThanOrEqual(0);
    expect(r.latency_ms).toBeLessThan(5_000);
    expect(disc.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(disc.requests.at(-1)!.headers.authorization).toBe(`Bearer ${DISC_KEY}`);
    expect((await healthOf('disc')).status).toBe('healthy');
  });

  it('over HTTP: POST /api/v1/llm/test', async () => {
    const res = await adminFetch(h.app, 'POST', '/api/v1/llm/test', { provider_id: 'disc' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true, models_found: 3, latency_ms: expect.any(Number), message: expect.any(String) });
  });

  it('against a dead port: ok false with a message; a server on this machine is not running, a relay there unhealthy', async () => {
    const r = await h.app.service.testProvider({ provider_id: 'dead' });
    expect(r.ok).toBe(false);
    expect(r.models_found).toBe(0);
    expect(r.message).toMatch(/^not running: nothing answers at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/);
    expect(r.message).not.toContain('sk-dead-0123456789');
    expect(await healthOf('dead')).toMatchObject({ status: 'not_running', message: r.message });
    // a cloud type at a loopback address is a relay (LiteLLM, a gateway): not a server of one's own, never probed
    await h.app.service.createProvider({ id: 'relay', name: 'Relay', type: 'openai', base_url: `http://127.0.0.1:${await deadPort()}/v1`, api_key: 'sk-relay-0123456789' });
    try {
      expect(await h.app.service.testProvider({ provider_id: 'relay' })).toMatchObject({ ok: false, message: expect.stringMatching(/^upstream connection failed/) });
      expect((await healthOf('relay')).status).toBe('unhealthy');
    } finally {
      await h.app.service.deleteProvider({ id: 'relay' });
    }
  });

  it('an Ollama stopped after it answered: a failed test shows it not running and takes its models out of routing', async () => {
    const oll = await startFakeOpenAI({ models: ['llama3.2:latest'] });
    await h.app.service.createProvider({ id: 'oll-stop', name: 'Ollama stopped', type: 'ollama', base_url: oll.url });
    const preview = async () => (await adminFetch(h.app, 'POST', '/api/v1/llm/route/preview', { request: { model: 'oll-stop/llama3.2:latest', messages: [{ role: 'user', content: 'hi' }] } })).json;
    try {
      await h.app.service.createModel({ provider_id: 'oll-stop', model_name: 'llama3.2:latest', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 8192 });
      expect(await h.app.service.testProvider({ provider_id: 'oll-stop' })).toMatchObject({ ok: true });
      expect((await preview()).candidates[0]).toMatchObject({ model: 'oll-stop/llama3.2:latest' });
      await oll.close();
      const r = await h.app.service.testProvider({ provider_id: 'oll-stop' });
      expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/^not running: nothing answers at /) });
      expect((await healthOf('oll-stop')).status).toBe('not_running');
      const after = await preview();
      expect(after.candidates.map((c: { model: string }) => c.model)).not.toContain('oll-stop/llama3.2:latest');
      expect(after.excluded).toContainEqual(expect.objectContaining({ model: 'oll-stop/llama3.2:latest', reason: 'not running' }));
    } finally {
      await h.app.service.deleteProvider({ id: 'oll-stop' });
      await oll.close().catch(() => undefined);
    }
  });

  it('a wrong key: ok false with the status', async () => {
    await h.app.service.updateProvider({ id: 'disc', patch: { api_key: 'sk-wrong-key-0123456789abcdef' } });
    try {
      const r = await h.app.service.testProvider({ provider_id: 'disc' });
      expect(r).toMatchObject({ ok: false, status: 401 });
      expect(r.message).not.toContain('sk-wrong-key-0123456789abcdef');
    } finally {
      await h.app.service.updateProvider({ id: 'disc', patch: { api_key: DISC_KEY } });
    }
  });

  it('OpenRouter, whose model listing is public: a wrong key fails the test (checked on GET /key)', async () => {
    const or = await startFakeOpenAI({ apiKey: 'sk-or-v1-right-0123456789abcdef', openRouter: true });
    try {
      await h.app.service.createProvider({ id: 'orx', name: 'OR test', type: 'openrouter', base_url: or.url, api_key: 'sk-or-v1-wrong-0123456789abcdef' });
      const wrong = await h.app.service.testProvider({ provider_id: 'orx' });
      expect(wrong).toMatchObject({ ok: false, status: 401 });
      expect(wrong.message).not.toContain('wrong-0123456789abcdef');
      await h.app.service.updateProvider({ id: 'orx', patch: { api_key: 'sk-or-v1-right-0123456789abcdef' } });
      expect(await h.app.service.testProvider({ provider_id: 'orx' })).toMatchObject({ ok: true });
      expect(or.requests.map((r) => r.path)).toContain('/v1/key');
    } finally {
      await h.app.service.deleteProvider({ id: 'orx' });
      await or.close();
    }
  });

  it('an unknown provider is a 404', async () => {
    await expect(h.app.service.testProvider({ provider_id: 'nope' })).rejects.toMatchObject({ status: 404 });
  });
});

describe('discoverModels', () => {
  it("adds the fake's models, then finds them existing", async () => {
    const first = await h.app.service.discoverModels({ id: 'disc' });
    expect(first.found).toBe(3);
    expect(first.existing).toBe(0);
    expect(first.added.map((m) => m.id).sort()).toEqual(['disc/disc-a', 'disc/disc-b', 'disc/text-embed-x']);
    const listed = (await h.app.service.listModels({ provider_id: 'disc' })).map((m) => m.id).sort();
    expect(listed).toEqual(['disc/disc-a', 'disc/disc-b', 'disc/text-embed-x']);
    expect(first.added.find((m) => m.id === 'disc/text-embed-x')!.capabilities).toContain('embeddings');

    const again = await adminFetch(h.app, 'POST', '/api/v1/llm/providers/disc/discover');
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ found: 3, existing: 3, added: [], more: 0 });
  });

  it('adds a long listing 2,000 models at a time, saying how many are left for the next discovery', async () => {
    const long = await startFakeOpenAI({ models: Array.from({ length: MAX_DISCOVERED_MODELS + 500 }, (_, i) => `gw-${String(i).padStart(4, '0')}`) });
    try {
      await h.app.service.createProvider({ id: 'gw', name: 'Gateway', type: 'openai-compatible', base_url: long.url });
      const first = await adminFetch(h.app, 'POST', '/api/v1/llm/providers/gw/discover');
      expect(first.status).toBe(200);
      expect(first.json).toMatchObject({ found: 2_500, existing: 0, more: 500 });
      expect(first.json.added).toHaveLength(2_000);
      expect(first.json.added[1_999].id).toBe('gw/gw-1999');
      const next = await h.app.service.discoverModels({ id: 'gw' });
      expect(next).toMatchObject({ found: 2_500, existing: 2_000, more: 0 });
      expect(next.added.map((m) => m.id)).toEqual(Array.from({ length: 500 }, (_, i) => `gw/gw-${2_000 + i}`));
      expect(await h.app.service.listModels({ provider_id: 'gw' })).toHaveLength(2_500);
    } finally {
      await h.app.service.deleteProvider({ id: 'gw' });
      await long.close();
    }
  });

  it('a dead provider is an error, adding nothing', async () => {
    const res = await adminFetch(h.app, 'POST', '/api/v1/llm/providers/dead/discover');
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.json.error.message).toMatch(/dead/);
    expect(await h.app.service.listModels({ provider_id: 'dead' })).toEqual([]);
  });
});

describe('discoverModels on a local server: what the server says of each new model', () => {
  it("Ollama: POST /api/show's capabilities and the context it runs each model with, a model it cannot show keeps the defaults", async () => {
    const oll = await startFakeOpenAI({
      models: ['granite4:tiny-h', 'mxbai-embed-large:latest', 'llava:7b', 'broken:1b', 'qwen3:8b', 'phi4:14b'],
      ollamaShow: {
        'granite4:tiny-h': ollamaShowBody({ arch: 'granitehybrid', contextLength: 1048576, capabilities: ['completion', 'tools'], numCtx: 65536 }),
        'mxbai-embed-large:latest': ollamaShowBody({ arch: 'bert', contextLength: 512, capabilities: ['embedding'] }),
        'llava:7b': ollamaShowBody({ arch: 'llama', contextLength: 32768, capabilities: ['completion', 'vision'] }),
        'qwen3:8b': ollamaShowBody({ arch: 'qwen3', contextLength: 40960, capabilities: ['completion', 'tools', 'thinking'] }),
        'phi4:14b': ollamaShowBody({ arch: 'phi3', contextLength: 16384, capabilities: ['completion'] }),
      },
      // llava is loaded with OLLAMA_CONTEXT_LENGTH=16384
      ollamaPs: { 'llava:7b': 16384 },
    });
    try {
      await h.app.service.createProvider({ id: 'oll', name: 'Ollama 2', type: 'ollama', base_url: oll.url });
      const r = await h.app.service.discoverModels({ id: 'oll' });
      const by = new Map(r.added.map((m) => [m.model_name, m]));
      // its Modelfile's num_ctx, not the million it was trained for
      expect(by.get('granite4:tiny-h')).toMatchObject({ context_length: 65536, capabilities: ['chat', 'tools', 'json'], enabled: true });
      expect(by.get('mxbai-embed-large:latest')).toMatchObject({ context_length: 512, capabilities: ['embeddings'] });
      // loaded: what /api/ps says it runs with
      expect(by.get('llava:7b')).toMatchObject({ context_length: 16384, capabilities: ['chat', 'vision', 'json'] });
      // neither: Ollama's default, for the bundled table's model too (Ollama's /v1 would cut a longer prompt)
      expect(by.get('phi4:14b')).toMatchObject({ context_length: 4096 });
      // free on a local runtime, as a model added there by hand is: no price anyone gave (Ollama's listing has none)
      expect(by.get('phi4:14b')).toMatchObject({ input_cost_per_1m: 0, output_cost_per_1m: 0, price_source: null, price_as_of: null });
      expect(by.get('qwen3:8b')).toMatchObject({ context_length: 4096, price_source: 'bundled' });
      expect(by.get('broken:1b')).toMatchObject({ context_length: 8192, capabilities: ['chat'] });
      const shows = oll.requests.filter((q) => q.path === '/api/show');
      expect(shows.map((q) => q.body.model).sort()).toEqual(['broken:1b', 'granite4:tiny-h', 'llava:7b', 'mxbai-embed-large:latest', 'phi4:14b', 'qwen3:8b']);
      expect(shows.every((q) => q.method === 'POST')).toBe(true);
    } finally {
      await h.app.service.deleteProvider({ id: 'oll' });
      await oll.close();
    }
  });

  it('LM Studio: GET /api/v0/models type and max_context_length', async () => {
    const lms = await startFakeOpenAI({
      models: ['qwen2-vl-7b-instruct', 'meta-llama-3.1-8b-instruct', 'text-embedding-nomic-embed-text-v1.5'],
      lmStudioModels: [
        { id: 'qwen2-vl-7b-instruct', object: 'model', type: 'vlm', publisher: 'mlx-community', arch: 'qwen2_vl', compatibility_type: 'mlx', quantization: '4bit', state: 'not-loaded', max_context_length: 32768 },
        { id: 'meta-llama-3.1-8b-instruct', object: 'model', type: 'llm', publisher: 'lmstudio-community', arch: 'llama', compatibility_type: 'gguf', quantization: 'Q4_K_M', state: 'not-loaded', max_context_length: 131072 },
        { id: 'text-embedding-nomic-embed-text-v1.5', object: 'model', type: 'embeddings', publisher: 'nomic-ai', arch: 'nomic-bert', compatibility_type: 'gguf', quantization: 'Q4_0', state: 'not-loaded', max_context_length: 2048 },
      ],
    });
    try {
      await h.app.service.createProvider({ id: 'lms2', name: 'LM Studio 2', type: 'lmstudio', base_url: lms.url });
      const r = await h.app.service.discoverModels({ id: 'lms2' });
      const by = new Map(r.added.map((m) => [m.model_name, m]));
      expect(by.get('qwen2-vl-7b-instruct')).toMatchObject({ context_length: 32768, capabilities: ['chat', 'vision', 'json'] });
      expect(by.get('meta-llama-3.1-8b-instruct')).toMatchObject({ context_length: 131072, capabilities: ['chat', 'json'] });
      expect(by.get('text-embedding-nomic-embed-text-v1.5')).toMatchObject({ context_length: 2048, capabilities: ['embeddings'] });
      expect(lms.requests.filter((q) => q.path === '/api/v0/models')).toHaveLength(1);
    } finally {
      await h.app.service.deleteProvider({ id: 'lms2' });
      await lms.close();
    }
  });

  it('LM Studio 0.4: GET /api/v1/models gives tool use and vision; v0 is not asked', async () => {
    const lms = await startFakeOpenAI({
      models: ['qwen/qwen3.5-9b', 'google/gemma-3-4b', 'text-embedding-nomic-embed-text-v1.5'],
      lmStudioV1Models: [
        { type: 'llm', publisher: 'google', key: 'google/gemma-3-4b', display_name: 'Gemma 3 4B', architecture: 'gemma3', size_bytes: 3034755901, loaded_instances: [], max_context_length: 131072, format: 'mlx', capabilities: { vision: true, trained_for_tool_use: false } },
        { type: 'llm', publisher: 'qwen', key: 'qwen/qwen3.5-9b', display_name: 'Qwen3.5 9B', architecture: 'qwen35', size_bytes: 6548927017, loaded_instances: [{ id: 'qwen/qwen3.5-9b', config: { context_length: 4096 } }], max_context_length: 262144, format: 'gguf', capabilities: { vision: false, trained_for_tool_use: true } },
        { type: 'embedding', publisher: 'nomic-ai', key: 'text-embedding-nomic-embed-text-v1.5', display_name: 'Nomic Embed', size_bytes: 84106624, loaded_instances: [], max_context_length: 2048, format: 'gguf' },
      ],
      lmStudioModels: [{ id: 'qwen/qwen3.5-9b', type: 'llm', max_context_length: 1 }],
    });
    try {
      await h.app.service.createProvider({ id: 'lms3', name: 'LM Studio 3', type: 'lmstudio', base_url: lms.url });
      const r = await h.app.service.discoverModels({ id: 'lms3' });
      const by = new Map(r.added.map((m) => [m.model_name, m]));
      // loaded with 4096 (LM Studio refuses a longer prompt), not its max_context_length of 262144
      expect(by.get('qwen/qwen3.5-9b')).toMatchObject({ context_length: 4096, capabilities: ['chat', 'tools', 'json'] });
      expect(by.get('google/gemma-3-4b')).toMatchObject({ context_length: 131072, capabilities: ['chat', 'vision', 'json'] });
      expect(by.get('text-embedding-nomic-embed-text-v1.5')).toMatchObject({ context_length: 2048, capabilities: ['embeddings'] });
      expect(lms.requests.filter((q) => q.path === '/api/v1/models')).toHaveLength(1);
      expect(lms.requests.filter((q) => q.path === '/api/v0/models')).toHaveLength(0);
    } finally {
      await h.app.service.deleteProvider({ id: 'lms3' });
      await lms.close();
    }
  });
});

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

describe("a local runtime's listing says which of its models are installed", () => {
  it("bundled Ollama models never pulled leave routing (still enabled, shown not installed) until a listing names them", async () => {
    const oll = await startFakeOpenAI({ models: ['llama3.2:latest', 'nomic-embed-text:latest'], text: 'answer from ollama' });
    const ask = { model: 'auto', messages: [{ role: 'user' as const, content: 'hi' }] };
    try {
      await h.app.service.updateProvider({ id: 'ollama', patch: { base_url: oll.url, enabled: true } });
      const before = (await h.app.service.previewRoute({ request: ask })).candidates.map((c) => c.model);
      expect(before).toContain('ollama/gpt-oss:20b');

      await h.app.service.discoverModels({ id: 'ollama' });
      const models = new Map((await h.app.service.listModels({ provider_id: 'ollama' })).map((m) => [m.model_name, m]));
      expect(models.get('gpt-oss:20b')).toMatchObject({ enabled: true, installed: false });
      expect(models.get('qwen3:8b')).toMatchObject({ enabled: true, installed: false });
      expect(models.get('llama3.2')).toMatchObject({ enabled: true, installed: true });
      const after = await h.app.service.previewRoute({ request: ask });
      const why = new Map(after.excluded.map((x) => [x.model, x.reason]));
      expect(why.get('ollama/gpt-oss:20b')).toMatch(/^not installed/);
      expect(why.get('ollama/qwen3:8b')).toMatch(/^not installed/);
      expect(after.candidates.map((c) => c.model)).not.toContain('ollama/gpt-oss:20b');
      // a chain naming them goes straight to the installed one
      const rules = await h.app.service.getRoutingRules(undefined);
      await h.app.service.updateRoutingRules({ aliases: { ...rules.aliases, local: ['ollama/gpt-oss:20b', 'ollama/qwen3:8b', 'ollama/llama3.2'] } });
      const answer = await h.client().chat.completions.create({ ...ask, model: 'local' });
      expect(answer.choices[0]!.message.content).toBe('answer from ollama');
      expect(oll.requests.filter((q) => q.path === '/v1/chat/completions').map((q) => q.body.model)).toEqual(['llama3.2']);

      // the user switches one off themselves; then both are pulled: a connection test lists them again
      await h.app.service.updateModel({ id: 'ollama/qwen3:8b', patch: { enabled: false } });
      oll.options.models = ['llama3.2:latest', 'nomic-embed-text:latest', 'gpt-oss:20b', 'qwen3:8b'];
      expect(await h.app.service.testProvider({ provider_id: 'ollama' })).toMatchObject({ ok: true });
      const back = new Map((await h.app.service.listModels({ provider_id: 'ollama' })).map((m) => [m.model_name, m]));
      expect(back.get('gpt-oss:20b')).toMatchObject({ enabled: true, installed: true });
      expect(back.get('qwen3:8b')).toMatchObject({ enabled: false, installed: true });
      const again = (await h.app.service.previewRoute({ request: ask })).candidates.map((c) => c.model);
      expect(again).toContain('ollama/gpt-oss:20b');
      expect(again).not.toContain('ollama/qwen3:8b');
    } finally {
      await h.app.service.updateModel({ id: 'ollama/qwen3:8b', patch: { enabled: true } });
      await h.app.service.updateProvider({ id: 'ollama', patch: { enabled: false } });
      await oll.close();
    }
  });

  it("another server's listing changes nothing: an openai-compatible model it leaves out stays routed", async () => {
    await h.app.service.createModel({ provider_id: 'disc', model_name: 'unlisted-x', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 8000 });
    await h.app.service.testProvider({ provider_id: 'disc' });
    expect((await h.app.service.listModels({ provider_id: 'disc' })).find((m) => m.model_name === 'unlisted-x')).toMatchObject({ installed: true });
  });
});

describe("Ollama models seeded at first start: the context Ollama runs them with", () => {
  it("a connection test and discovery lower the table's trained length of an installed one to what Ollama runs; a context the user set stays", async () => {
    const oll = await startFakeOpenAI({
      models: ['qwen3:8b'],
      ollamaShow: {
        'qwen3:8b': ollamaShowBody({ arch: 'qwen3', contextLength: 40960, capabilities: ['completion', 'tools', 'thinking'] }),
        'llama3.2:latest': ollamaShowBody({ arch: 'llama', contextLength: 131072, capabilities: ['completion', 'tools'], numCtx: 8192 }),
        'gpt-oss:20b': ollamaShowBody({ arch: 'gptoss', contextLength: 131072, capabilities: ['completion', 'tools', 'thinking'] }),
      },
    });
    const contexts = async () => Object.fromEntries((await h.app.service.listModels({ provider_id: 'ollama' })).map((m) => [m.model_name, m.context_length]));
    try {
      expect(await contexts()).toMatchObject({ 'qwen3:8b': 40960, 'llama3.2': 131072, 'gpt-oss:20b': 131072 });
      await h.app.service.updateModel({ id: 'ollama/gpt-oss:20b', patch: { context_length: 131072 } });
      await h.app.service.updateProvider({ id: 'ollama', patch: { base_url: oll.url, enabled: true } });

      // the check at start: Ollama's default for the installed one, the others not asked
      expect(await h.app.service.testProvider({ provider_id: 'ollama' })).toMatchObject({ ok: true });
      expect((await contexts())['qwen3:8b']).toBe(4096);
      expect(oll.requests.filter((q) => q.path === '/api/show').map((q) => q.body.model)).toEqual(['qwen3:8b']);
      const audit = await h.app.service.listAudit({ limit: 20 });
      expect(audit.find((a) => a.action === 'model.context_update' && a.subject === 'ollama/qwen3:8b')?.detail).toMatch(/4096/);

      // both pulled since: discovery asks of them; the context the user set stays
      oll.options.models = ['qwen3:8b', 'llama3.2:latest', 'gpt-oss:20b'];
      const found = await h.app.service.discoverModels({ id: 'ollama' });
      expect(found.added).toEqual([]);
      expect(await contexts()).toMatchObject({ 'qwen3:8b': 4096, 'llama3.2': 8192, 'gpt-oss:20b': 131072 });
      const preview = await h.app.service.previewRoute({ request: { model: 'ollama/llama3.2', messages: [{ role: 'user', content: 'x'.repeat(60_000) }] } });
      expect(preview.candidates.map((c) => c.model)).not.toContain('ollama/llama3.2');
    } finally {
      await h.app.service.updateProvider({ id: 'ollama', patch: { enabled: false } });
      await oll.close();
    }
  });
});

describe('discoverModels on vLLM (an openai-compatible URL): its max_model_len', () => {
  it('is the new model\'s context, so a 12K prompt goes to a server started with 32768', async () => {
    const vllm = await startFakeOpenAI({
      text: 'answer from vllm',
      modelListing: [{ id: 'Qwen/Qwen2.5-7B-Instruct', object: 'model', created: 1, owned_by: 'vllm', root: 'Qwen/Qwen2.5-7B-Instruct', parent: null, max_model_len: 32768, permission: [] }],
    });
    try {
      await h.app.service.createProvider({ id: 'vllm', name: 'vLLM', type: 'openai-compatible', base_url: vllm.url });
      const r = await h.app.service.discoverModels({ id: 'vllm' });
      expect(r.added).toHaveLength(1);
      expect(r.added[0]).toMatchObject({ id: 'vllm/Qwen/Qwen2.5-7B-Instruct', context_length: 32768 });
      const res = await h.client().chat.completions.create({ model: 'vllm/Qwen/Qwen2.5-7B-Instruct', messages: [{ role: 'user', content: 'word '.repeat(12_000) }] });
      expect(res.choices[0]!.message.content).toBe('answer from vllm');
    } finally {
      await h.app.service.deleteProvider({ id: 'vllm' });
      await vllm.close();
    }
  });
});
