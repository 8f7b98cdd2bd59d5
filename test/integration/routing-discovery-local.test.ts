// What discovery and connection tests learn from a local server of each model: Ollama's /api/show and
// /api/ps, LM Studio's model listings, vLLM's max_model_len, and which bundled models are installed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../mocks/fake-openai';
import { ollamaShowBody } from '../mocks/fake-openai-wire';
import type { FakeProvider } from '../mocks/types';
import { startWithDiscoverable, type RoutingHarness } from './helpers/routing-harness';

let h: RoutingHarness;
let disc: FakeProvider;
beforeAll(async () => { ({ h, disc } = await startWithDiscoverable()); });
afterAll(async () => {
  await h?.close();
  await disc?.close();
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
