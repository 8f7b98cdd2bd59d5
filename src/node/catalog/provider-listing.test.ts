import { describe, expect, it } from 'vitest';
import { providerListing } from './provider-listing';

describe('providerListing', () => {
  it('reads each type its own way and leaves out what a listing does not say or says wrongly', () => {
    expect(providerListing('together', [{ id: 'a/b', type: 'chat', context_length: 32768, display_name: 'A B' }, { id: 'a/c', context_length: -1 }]))
      .toEqual(new Map([['a/b', { context_length: 32768, display_name: 'A B' }], ['a/c', {}]]));
    expect(providerListing('groq', { object: 'list', data: [{ id: 'g', context_window: 131072, max_completion_tokens: 8192 }, { id: 'h', context_window: '131072' }] }))
      .toEqual(new Map([['g', { context_length: 131072, max_output_tokens: 8192 }], ['h', {}]]));
    expect(providerListing('mistral', { data: [{ id: 'm', max_context_length: 128000, capabilities: { completion_chat: true, function_calling: true, vision: false } }] }).get('m'))
      .toEqual({ context_length: 128000, capabilities: ['chat', 'tools'] });
    // vLLM (an openai-compatible URL): max_model_len is the context the server runs with
    const vllm = { object: 'list', data: [{ id: 'Qwen/Qwen2.5-7B-Instruct', object: 'model', owned_by: 'vllm', root: 'Qwen/Qwen2.5-7B-Instruct', parent: null, max_model_len: 32768, permission: [] }] };
    expect(providerListing('openai-compatible', vllm)).toEqual(new Map([['Qwen/Qwen2.5-7B-Instruct', { context_length: 32768 }]]));
    expect(providerListing('openai-compatible', { data: [{ id: 'x', object: 'model' }] })).toEqual(new Map([['x', {}]]));
    // OpenRouter's reader is the same as before
    expect(providerListing('openrouter', { data: [{ id: 'o', context_length: 200000, pricing: { prompt: '0.000001', completion: '0.000002' } }] }).get('o'))
      .toMatchObject({ context_length: 200000, prices: { input_cost_per_1m: 1, output_cost_per_1m: 2 } });
  });

  it('reads Gemini\'s listing (models/ names, token limits, thinking) and Anthropic\'s (limits and capabilities)', () => {
    // ai.google.dev/api/models#Model
    const gemini = {
      models: [
        { name: 'models/gemini-9-pro', displayName: 'Gemini 9 Pro', inputTokenLimit: 1048576, outputTokenLimit: 65536, supportedGenerationMethods: ['generateContent', 'countTokens', 'createCachedContent'], thinking: true },
        { name: 'models/gemma-9-27b-it', displayName: 'Gemma 9 27B', inputTokenLimit: 131072, outputTokenLimit: 8192, supportedGenerationMethods: ['generateContent', 'countTokens'] },
        { name: 'models/gemini-embedding-9', inputTokenLimit: 2048, outputTokenLimit: 1, supportedGenerationMethods: ['embedContent', 'countTextTokens'] },
        { name: 'models/', inputTokenLimit: 1 }, { displayName: 'no name' },
      ],
      nextPageToken: '',
    };
    expect(providerListing('gemini', gemini)).toEqual(new Map([
      ['gemini-9-pro', { context_length: 1048576, max_output_tokens: 65536, display_name: 'Gemini 9 Pro', capabilities: ['chat', 'tools', 'vision', 'json', 'documents', 'reasoning'] }],
      ['gemma-9-27b-it', { context_length: 131072, max_output_tokens: 8192, display_name: 'Gemma 9 27B', capabilities: ['chat'] }],
      ['gemini-embedding-9', { context_length: 2048, max_output_tokens: 1, capabilities: ['embeddings'] }],
    ]));
    // docs.anthropic.com/en/api/models-list: capabilities entries are {supported}
    const anthropic = {
      data: [
        {
          type: 'model', id: 'claude-nine-9', display_name: 'Claude Nine 9', created_at: '2026-11-01T00:00:00Z', max_input_tokens: 1000000, max_tokens: 128000,
          capabilities: { image_input: { supported: true }, pdf_input: { supported: true }, structured_outputs: { supported: false }, thinking: { supported: true, types: { enabled: { supported: true } } }, batch: { supported: true } },
        },
        { type: 'model', id: 'claude-old-1', display_name: 'Claude Old', created_at: '2024-01-01T00:00:00Z' },
      ],
      has_more: false, first_id: 'claude-nine-9', last_id: 'claude-old-1',
    };
    expect(providerListing('anthropic', anthropic)).toEqual(new Map([
      ['claude-nine-9', { context_length: 1000000, max_output_tokens: 128000, display_name: 'Claude Nine 9', capabilities: ['chat', 'tools', 'vision', 'reasoning', 'documents'] }],
      ['claude-old-1', { display_name: 'Claude Old' }],
    ]));
    // OpenRouter: the first endpoint's output cap
    expect(providerListing('openrouter', { data: [{ id: 'o', top_provider: { context_length: 1, max_completion_tokens: 32000 } }, { id: 'p', top_provider: { max_completion_tokens: null } }] }))
      .toSatisfy((m: Map<string, { max_output_tokens?: number }>) => m.get('o')?.max_output_tokens === 32000 && m.get('p')?.max_output_tokens === undefined);
  });

  it('says nothing for a type whose listing holds ids alone, or for a body that is not a listing', () => {
    expect(providerListing('openai', { data: [{ id: 'gpt-x', context_length: 1 }] }).size).toBe(0);
    expect(providerListing('gemini', { data: [{ id: 'gemini-x' }] }).size).toBe(0);
    expect(providerListing('groq', 'oops').size).toBe(0);
    expect(providerListing('mistral', { data: [null, { id: '' }, 7] }).size).toBe(0);
  });
});
