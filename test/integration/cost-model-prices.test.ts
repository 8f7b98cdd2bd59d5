// The admin API's price per token class: unknown (null) prices, cache-write prices, long-context tiers,
// and where a model's prices came from. Real SQLite and catalog store (service-harness).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createHarness, refusal, type Harness } from './service-harness';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

const TIER = { above_prompt_tokens: 200_000, input_cost_per_1m: 6, output_cost_per_1m: 22.5 };

it('stores an unknown price as unknown on a cloud provider, and as $0 on a local runtime', async () => {
  const cloud = await h.service.createModel({ provider_id: 'openai', model_name: 'o9', input_cost_per_1m: null, output_cost_per_1m: null, context_length: 8192 });
  expect(cloud).toMatchObject({ input_cost_per_1m: null, output_cost_per_1m: null, price_unknown: true, price_source: null, price_as_of: null });
  expect(h.catalog.snapshot().modelsById.get('openai/o9')).toMatchObject({ inputCostPer1m: null, outputCostPer1m: null });
  const local = await h.service.createModel({ provider_id: 'ollama', model_name: 'qwen3:8b', input_cost_per_1m: null, output_cost_per_1m: null, context_length: 8192 });
  // the runtime's $0, not the user's price: it becomes unknown again if the provider moves off the machine
  expect(local).toMatchObject({ input_cost_per_1m: 0, output_cost_per_1m: 0, price_unknown: false, price_source: null, price_as_of: null });
  // the same for a price the user sets, then clears
  expect(await h.service.updateModel({ id: local.id, patch: { input_cost_per_1m: 1, output_cost_per_1m: 2 } })).toMatchObject({ price_source: 'user' });
  const cleared = await h.service.updateModel({ id: local.id, patch: { input_cost_per_1m: null, output_cost_per_1m: null } });
  expect(cleared).toMatchObject({ input_cost_per_1m: 0, output_cost_per_1m: 0, price_source: null, price_as_of: null });
});

it('takes every token class and long-context tiers, lowest threshold first, and routes with them', async () => {
  const m = await h.service.createModel({
    provider_id: 'anthropic', model_name: 'claude-x', input_cost_per_1m: 3, output_cost_per_1m: 15, cached_input_cost_per_1m: 0.3,
    cache_write_5m_cost_per_1m: 3.75, cache_write_1h_cost_per_1m: 6, context_length: 1_000_000,
    long_context_tiers: [{ ...TIER, above_prompt_tokens: 500_000, cached_input_cost_per_1m: 1 }, TIER],
  });
  expect(m).toMatchObject({
    cache_write_5m_cost_per_1m: 3.75, cache_write_1h_cost_per_1m: 6, price_source: 'user', price_as_of: '2026-02-01',
    long_context_tiers: [
      { ...TIER, cached_input_cost_per_1m: null, cache_write_5m_cost_per_1m: null, cache_write_1h_cost_per_1m: null },
      { ...TIER, above_prompt_tokens: 500_000, cached_input_cost_per_1m: 1, cache_write_5m_cost_per_1m: null, cache_write_1h_cost_per_1m: null },
    ],
  });
  expect(h.catalog.snapshot().modelsById.get('anthropic/claude-x')).toMatchObject({
    cacheWrite5mCostPer1m: 3.75, cacheWrite1hCostPer1m: 6,
    longContext: [{ abovePromptTokens: 200_000, inputCostPer1m: 6, cachedInputCostPer1m: null }, { abovePromptTokens: 500_000, cachedInputCostPer1m: 1 }],
  });
});

it('refuses bad tiers with the field named, changing nothing', async () => {
  const before = h.state();
  const patch = (long_context_tiers: unknown) => h.service.updateModel({ id: 'openai/gpt-4.1-mini', patch: { long_context_tiers } as never });
  expect(await refusal(patch([TIER, TIER]))).toMatchObject({ status: 400, field: 'long_context_tiers' });
  expect(await refusal(patch([{ above_prompt_tokens: 1000, output_cost_per_1m: 1 }]))).toMatchObject({ status: 400, field: 'long_context_tiers[0].input_cost_per_1m' });
  expect(await refusal(patch([{ ...TIER, above_prompt_tokens: 0 }]))).toMatchObject({ status: 400, field: 'long_context_tiers[0].above_prompt_tokens' });
  expect(await refusal(patch([{ ...TIER, batch_cost_per_1m: 1 }]))).toMatchObject({ status: 400, field: 'long_context_tiers[0].batch_cost_per_1m' });
  expect(await refusal(patch({}))).toMatchObject({ status: 400, field: 'long_context_tiers' });
  expect(await refusal(h.service.updateModel({ id: 'openai/gpt-4.1-mini', patch: { cache_write_1h_cost_per_1m: -1 } }))).toMatchObject({ status: 400, field: 'cache_write_1h_cost_per_1m' });
  expect(h.state()).toBe(before);
});

it('an edited price becomes the user\'s; other edits leave its source alone', async () => {
  // the harness database was seeded from the bundled table
  expect((await h.service.listModels({ provider_id: 'openai' }))[0]).toMatchObject({ price_source: 'bundled', price_as_of: '2026-01-15' });
  const quality = await h.service.updateModel({ id: 'openai/gpt-4.1-mini', patch: { quality: 71 } });
  expect(quality).toMatchObject({ price_source: 'bundled', price_as_of: '2026-01-15' });
  const edited = await h.service.updateModel({ id: 'openai/gpt-4.1-mini', patch: { cache_write_5m_cost_per_1m: 0.4 } });
  expect(edited).toMatchObject({ input_cost_per_1m: 0.4, cache_write_5m_cost_per_1m: 0.4, price_source: 'user', price_as_of: '2026-02-01' });
  // back to unknown is a choice the user can make, too
  expect(await h.service.updateModel({ id: 'openai/gpt-4.1-mini', patch: { output_cost_per_1m: null } })).toMatchObject({ price_unknown: true });
});
