import { describe, expect, it } from 'vitest';
import { parseBundledCatalog, BundledCatalogError } from './bundled-catalog';
import { modelCreateFromBundled, priceLookup } from './price-lookup';
import { modelCreateBody } from '../../shared/validate-admin';

const entry = (provider_type: string, model_name: string, input: number) => ({
  provider_type, model_name, display_name: model_name, input_cost_per_1m: input, output_cost_per_1m: input * 4,
  cached_input_cost_per_1m: null, context_length: 128000, max_output_tokens: null, capabilities: ['chat'], quality: 50,
});

const catalog = parseBundledCatalog({
  as_of: '2026-01-01',
  providers: [
    { type: 'openai', name: 'OpenAI', base_url: 'https://api.openai.com/v1' },
    { type: 'anthropic', name: 'Anthropic', base_url: 'https://api.anthropic.com' },
    { type: 'gemini', name: 'Gemini', base_url: 'https://generativelanguage.googleapis.com' },
    { type: 'openrouter', name: 'OpenRouter', base_url: 'https://openrouter.ai/api/v1' },
    { type: 'ollama', name: 'Ollama', base_url: 'http://127.0.0.1:11434/v1' },
    { type: 'mistral', name: 'Mistral', base_url: 'https://api.mistral.ai/v1' },
  ],
  models: [
    entry('openai', 'gpt-4o', 2.5),
    entry('openai', 'gpt-4o-mini', 0.15),
    entry('openai', 'gpt-4o-2024-05-13', 5),
    { ...entry('openai', 'gpt-5-pro', 15), api: 'responses' },
    entry('anthropic', 'claude-sonnet-4-5', 3),
    entry('gemini', 'gemini-2.5-flash', 0.3),
    entry('openrouter', 'openai/gpt-4o', 2.6),
    entry('ollama', 'llama3.2', 0),
    entry('ollama', 'qwen3:8b', 0.01),
    entry('ollama', 'mistral:latest', 0.02),
    entry('mistral', 'mistral-large-latest', 0.5),
  ],
});

describe('priceLookup', () => {
  const lookup = priceLookup(catalog);
  it.each([
    ['openai', 'gpt-4o', 2.5],
    ['openai', 'GPT-4o', 2.5],
    ['openai', 'gpt-4o-2024-08-06', 2.5],
    ['openai', 'gpt-4o-2024-05-13', 5],
    ['openai', 'gpt-4o-mini-2024-07-18', 0.15],
    ['openai', 'gpt-4o-latest', 2.5],
    ['anthropic', 'claude-sonnet-4-5-20250929', 3],
    ['gemini', 'models/gemini-2.5-flash', 0.3],
    ['openrouter', 'openai/gpt-4o', 2.6],
    ['openrouter', 'gpt-4o', 2.6],
    // Ollama names its default tag `:latest`: X and X:latest are one model
    ['ollama', 'llama3.2:latest', 0],
    ['ollama', 'LLAMA3.2:Latest', 0],
    ['ollama', 'qwen3:8b', 0.01],
    ['ollama', 'mistral', 0.02],
    ['mistral', 'mistral-large-latest', 0.5],
    ['mistral', 'mistral-large', 0.5],
  ])('%s %s', (type, name, price) => {
    expect(lookup(type, name)?.input_cost_per_1m).toBe(price);
  });

  it('turns an entry into a createModel body the validator accepts', () => {
    const hit = lookup('openai', 'gpt-4o-2024-08-06');
    const body = modelCreateFromBundled('work-openai', 'gpt-4o-2024-08-06', hit!);
    expect(modelCreateBody(body, '')).toMatchObject({ provider_id: 'work-openai', model_name: 'gpt-4o-2024-08-06', input_cost_per_1m: 2.5 });
  });

  it('carries a Responses-only model\'s api into the createModel body', () => {
    expect(modelCreateFromBundled('openai', 'gpt-5-pro', lookup('openai', 'gpt-5-pro')!).api).toBe('responses');
    expect(modelCreateFromBundled('openai', 'gpt-4o', lookup('openai', 'gpt-4o')!)).not.toHaveProperty('api');
  });

  it('does not cross provider types or invent entries', () => {
    expect(lookup('groq', 'gpt-4o')).toBeUndefined();
    expect(lookup('openai', 'gpt-5')).toBeUndefined();
    expect(lookup('openai', 'gpt-4')).toBeUndefined();
  });

  it('never prices a dated snapshot as the -latest alias (mistral-large-latest is Large 3, mistral-large-2411 is Large 2)', () => {
    expect(lookup('mistral', 'mistral-large-2411')).toBeUndefined();
    expect(lookup('mistral', 'mistral-large-2024-11-18')).toBeUndefined();
  });
});

describe('parseBundledCatalog', () => {
  const good = { as_of: 'x', providers: [{ type: 'openai', name: 'OpenAI', base_url: 'https://api.openai.com/v1' }], models: [entry('openai', 'm', 1)] };
  it.each([
    ['unknown provider type', { ...good, providers: [{ ...good.providers[0], type: 'nope' }] }, 'providers[0].type'],
    ['model of a missing provider', { ...good, models: [entry('anthropic', 'm', 1)] }, 'models[0].provider_type'],
    ['negative price', { ...good, models: [entry('openai', 'm', -1)] }, 'models[0].input_cost_per_1m'],
    ['duplicate model', { ...good, models: [entry('openai', 'm', 1), entry('openai', 'm', 2)] }, 'models[1].model_name'],
    ['no models array', { ...good, models: undefined }, 'models'],
    ['an unknown api', { ...good, models: [{ ...entry('openai', 'm', 1), api: 'soap' }] }, 'models[0].api'],
  ])('refuses %s, naming the entry', (_label, json, field) => {
    expect(() => parseBundledCatalog(json, 'test.json')).toThrow(BundledCatalogError);
    expect(() => parseBundledCatalog(json, 'test.json')).toThrow(field);
  });

  it('tolerates fields it does not know', () => {
    const c = parseBundledCatalog({ ...good, extra: 1, models: [{ ...entry('openai', 'm', 1), notes: 'x' }] });
    expect(c.models).toHaveLength(1);
  });
});
