import { describe, expect, it } from 'vitest';
import type { Model } from '../../../shared/types';
import { filterModels, nextSort, sortModels } from './model-table';

function model(id: string, over: Partial<Model> = {}): Model {
  const [provider_id = '', model_name = ''] = id.split('/');
  return {
    id, provider_id, model_name, display_name: model_name,
    input_cost_per_1m: 1, output_cost_per_1m: 2, cached_input_cost_per_1m: null, cache_write_5m_cost_per_1m: null,
    cache_write_1h_cost_per_1m: null, long_context_tiers: [], price_unknown: false, price_source: 'bundled', price_as_of: '2026-11-27',
    context_length: 8000, max_output_tokens: null, capabilities: ['chat'], quality: 50,
    enabled: true, installed: true, remote: false, api: 'chat', avg_latency_ms: null, created_at: '', updated_at: '', ...over,
  };
}

const models = [
  model('openai/gpt-4o', { input_cost_per_1m: 2.5, quality: 80, capabilities: ['chat', 'tools', 'vision'] }),
  model('anthropic/claude-haiku', { input_cost_per_1m: 0.8, quality: null, avg_latency_ms: 300 }),
  model('openai/gpt-4o-mini', { input_cost_per_1m: 0.15, quality: 60, avg_latency_ms: 200, capabilities: ['chat', 'tools'] }),
];

describe('model table', () => {
  it('filters by text, provider and capability together', () => {
    expect(filterModels(models, { text: 'MINI', provider: '', capability: '' }).map((m) => m.id)).toEqual(['openai/gpt-4o-mini']);
    expect(filterModels(models, { text: '', provider: 'openai', capability: 'vision' }).map((m) => m.id)).toEqual(['openai/gpt-4o']);
    expect(filterModels(models, { text: 'gpt', provider: 'anthropic', capability: '' })).toEqual([]);
  });

  it('sorts numbers both ways and keeps nulls last', () => {
    expect(sortModels(models, 'input_cost_per_1m', 'asc').map((m) => m.input_cost_per_1m)).toEqual([0.15, 0.8, 2.5]);
    expect(sortModels(models, 'quality', 'desc').map((m) => m.quality)).toEqual([80, 60, null]);
    expect(sortModels(models, 'quality', 'asc').map((m) => m.quality)).toEqual([60, 80, null]);
    expect(sortModels(models, 'avg_latency_ms', 'desc').map((m) => m.id)).toEqual([
      'anthropic/claude-haiku', 'openai/gpt-4o-mini', 'openai/gpt-4o',
    ]);
  });

  it('sorts strings and leaves the input untouched', () => {
    const before = models.map((m) => m.id);
    expect(sortModels(models, 'id', 'asc').map((m) => m.id)).toEqual(['anthropic/claude-haiku', 'openai/gpt-4o', 'openai/gpt-4o-mini']);
    expect(models.map((m) => m.id)).toEqual(before);
  });

  it('flips direction on the same column and resets on a new one', () => {
    expect(nextSort({ key: 'id', dir: 'asc' }, 'id')).toEqual({ key: 'id', dir: 'desc' });
    expect(nextSort({ key: 'id', dir: 'desc' }, 'quality')).toEqual({ key: 'quality', dir: 'asc' });
  });
});
