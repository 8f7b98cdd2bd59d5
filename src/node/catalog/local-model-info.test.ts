import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { lmStudioListing, lmStudioV1Listing, localModelInfo, nativeRoot, ollamaShowInfo } from './local-model-info';

describe('local model info', () => {
  it("reads Ollama's capabilities and the context it runs the model with", () => {
    const qwen = { model_info: { 'general.architecture': 'qwen3', 'qwen3.context_length': 40960 }, capabilities: ['completion', 'tools', 'thinking'] };
    // nothing set: Ollama's default, not the 40960 it was trained for
    expect(ollamaShowInfo(qwen)).toEqual({ context_length: 4096, capabilities: ['chat', 'tools', 'reasoning', 'json'] });
    // JSON mode and structured outputs for every model that generates (Ollama's OpenAI compatibility takes response_format)
    expect(ollamaShowInfo({ capabilities: ['completion'] })).toEqual({ capabilities: ['chat', 'json'] });
    // loaded (/api/ps), or the Modelfile's num_ctx (which wins), never past the trained length
    expect(ollamaShowInfo(qwen, 32768).context_length).toBe(32768);
    expect(ollamaShowInfo({ ...qwen, parameters: 'num_ctx                        16384\nstop                           "<|im_end|>"' }, 32768).context_length).toBe(16384);
    expect(ollamaShowInfo({ ...qwen, parameters: 'num_ctx 131072' }).context_length).toBe(40960);
    expect(ollamaShowInfo({ model_info: { 'general.architecture': 'bert', 'bert.context_length': 512 } }).context_length).toBe(512);
    expect(ollamaShowInfo({ capabilities: ['embedding'] })).toEqual({ capabilities: ['embeddings'] });
    // an older Ollama without `capabilities`, a context under another architecture's key: nothing claimed
    expect(ollamaShowInfo({ model_info: { 'general.architecture': 'llama', 'bert.context_length': 512 } })).toEqual({});
    expect(ollamaShowInfo('garbage')).toEqual({});
  });

  it("reads LM Studio's type and max_context_length", () => {
    const m = lmStudioListing({ data: [{ id: 'a', type: 'vlm', max_context_length: 32768 }, { id: 'b', type: 'embeddings' }, { type: 'llm' }] });
    expect([...m]).toEqual([['a', { context_length: 32768, capabilities: ['chat', 'vision', 'json'] }], ['b', { capabilities: ['embeddings'] }]]);
  });

  it("reads LM Studio 0.3's tool_use capability", () => {
    const m = lmStudioListing({ data: [{ id: 'q', type: 'llm', capabilities: ['tool_use'] }, { id: 'v', type: 'vlm', capabilities: ['tool_use'] }, { id: 'e', type: 'embeddings', capabilities: ['tool_use'] }] });
    expect(m.get('q')!.capabilities).toEqual(['chat', 'tools', 'json']);
    expect(m.get('v')!.capabilities).toEqual(['chat', 'tools', 'vision', 'json']);
    expect(m.get('e')!.capabilities).toEqual(['embeddings']);
  });

  it("reads LM Studio 0.4's /api/v1/models: key, loaded instance ids, tool use and vision", () => {
    const m = lmStudioV1Listing({ models: [
      { type: 'llm', key: 'google/gemma-3-4b', max_context_length: 131072, capabilities: { vision: true, trained_for_tool_use: false }, loaded_instances: [] },
      { type: 'llm', key: 'qwen/qwen3.5-9b', max_context_length: 262144, capabilities: { vision: false, trained_for_tool_use: true },
        loaded_instances: [{ id: 'qwen/qwen3.5-9b', config: { context_length: 4096 } }, { id: 'qwen/qwen3.5-9b:2', config: { context_length: 4096 } }] },
      { type: 'embedding', key: 'text-embedding-nomic-embed-text-v1.5', max_context_length: 2048, loaded_instances: [] },
      { type: 'llm', display_name: 'no key' },
    ] });
    expect(m.get('google/gemma-3-4b')).toEqual({ context_length: 131072, capabilities: ['chat', 'vision', 'json'] });
    // loaded with 4096: LM Studio refuses a longer prompt, whatever max_context_length says
    expect(m.get('qwen/qwen3.5-9b')).toEqual({ context_length: 4096, capabilities: ['chat', 'tools', 'json'], loaded: true });
    expect(m.get('qwen/qwen3.5-9b:2')).toEqual(m.get('qwen/qwen3.5-9b'));
    expect(m.get('text-embedding-nomic-embed-text-v1.5')).toEqual({ context_length: 2048, capabilities: ['embeddings'] });
    expect(m.size).toBe(4);
    expect(lmStudioV1Listing({ data: [] }).size).toBe(0);
  });

  it('LM Studio 0.4: the smallest loaded instance is the key\'s context, each instance id its own, capped by max_context_length', () => {
    const m = lmStudioV1Listing({ models: [
      { type: 'llm', key: 'q', max_context_length: 32768, loaded_instances: [
        { id: 'q', config: { context_length: 16384 } }, { id: 'q:2', config: { context_length: 8192 } }, { id: 'q:3', config: {} },
      ] },
      { type: 'llm', key: 'big', max_context_length: 8192, loaded_instances: [{ id: 'big', config: { context_length: 65536 } }] },
      { type: 'llm', key: 'odd', max_context_length: 8192, loaded_instances: [{ id: 'odd', config: { context_length: 'x' } }] },
    ] });
    expect(m.get('q')).toMatchObject({ context_length: 8192, loaded: true });
    expect(m.get('q:2')).toMatchObject({ context_length: 8192, loaded: true });
    expect(m.get('q:3')).toMatchObject({ context_length: 8192, loaded: true });
    expect(m.get('big')).toMatchObject({ context_length: 8192, loaded: true });
    // an instance that says no context: the maximum, as for a model not loaded
    expect(m.get('odd')).toEqual({ context_length: 8192, capabilities: ['chat', 'json'] });
  });

  it("LM Studio 0.3: a loaded model's loaded_context_length, not its max_context_length", () => {
    const m = lmStudioListing({ data: [
      { id: 'a', type: 'llm', state: 'loaded', max_context_length: 131072, loaded_context_length: 4096 },
      { id: 'b', type: 'llm', state: 'not-loaded', max_context_length: 131072, loaded_context_length: 4096 },
      { id: 'c', type: 'llm', state: 'loaded', max_context_length: 131072 },
    ] });
    expect(m.get('a')).toEqual({ context_length: 4096, capabilities: ['chat', 'json'], loaded: true });
    expect(m.get('b')).toEqual({ context_length: 131072, capabilities: ['chat', 'json'] });
    expect(m.get('c')).toEqual({ context_length: 131072, capabilities: ['chat', 'json'] });
  });

  it('the native root sits beside /v1', () => {
    expect(nativeRoot('http://127.0.0.1:11434/v1/')).toBe('http://127.0.0.1:11434');
  });

  it('a server that never answers costs one short timeout per batch, a few calls at a time, and falls back', async () => {
    let open = 0;
    let most = 0;
    const send = async () => {
      open++;
      most = Math.max(most, open);
      // headers arrive, the body never ends
      const body = new Readable({ read() {} });
      body.on('close', () => open--);
      return { statusCode: 200, headers: {}, body } as never;
    };
    const t0 = Date.now();
    const names = Array.from({ length: 8 }, (_, i) => `m${i}:1b`);
    const out = await localModelInfo(send, 'ollama', 'http://127.0.0.1:1/v1', names, { timeoutMs: 100, concurrency: 4 });
    expect(out.size).toBe(0);
    expect(most).toBeLessThanOrEqual(4);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(await localModelInfo(send, 'openai-compatible', 'http://x/v1', names)).toEqual(new Map());
  });
});

describe("Ollama's running context", () => {
  it('reads /api/ps for a loaded model, and num_ctx from /api/show', async () => {
    const answers: Record<string, unknown> = {
      '/api/ps': { models: [{ name: 'llama3.2:latest', model: 'llama3.2:latest', context_length: 8192 }] },
      '/api/show': { model_info: { 'general.architecture': 'llama', 'llama.context_length': 131072 }, capabilities: ['completion'] },
    };
    const send = async (req: { url: string }) => {
      const path = new URL(req.url).pathname;
      return { statusCode: 200, headers: {}, body: Readable.from([JSON.stringify(answers[path])]) } as never;
    };
    const out = await localModelInfo(send, 'ollama', 'http://127.0.0.1:11434/v1', ['llama3.2', 'qwen3:8b']);
    // llama3.2 is loaded as llama3.2:latest with 8192; qwen3:8b is not loaded: the default
    expect(out.get('llama3.2')?.context_length).toBe(8192);
    expect(out.get('qwen3:8b')?.context_length).toBe(4096);
  });
});
