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

  it('says nothing for a type whose listing holds ids alone, or for a body that is not a listing', () => {
    expect(providerListing('openai', { data: [{ id: 'gpt-x', context_length: 1 }] }).size).toBe(0);
    expect(providerListing('groq', 'oops').size).toBe(0);
    expect(providerListing('mistral', { data: [null, { id: '' }, 7] }).size).toBe(0);
  });
});
