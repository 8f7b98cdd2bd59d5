import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createModelMethods } from '../../src/node/service/model-methods';
import { createHarness, refusal, type Harness } from './service-harness';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

const body = { provider_id: 'ollama', model_name: 'qwen2.5:7b', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 32768 };

describe('models', () => {
  it('lists, filtered by provider and enabled (booleans or query strings)', async () => {
    expect((await h.service.listModels({})).map((m) => m.id)).toEqual(['anthropic/claude-sonnet-4-5', 'ollama/llama3.2', 'openai/gpt-4.1-mini']);
    expect((await h.service.listModels({ provider_id: 'openai' })).map((m) => m.id)).toEqual(['openai/gpt-4.1-mini']);
    await h.service.updateModel({ id: 'openai/gpt-4.1-mini', patch: { enabled: false } });
    expect((await h.service.listModels({ enabled: 'false' })).map((m) => m.id)).toEqual(['openai/gpt-4.1-mini']);
    expect(await h.service.listModels({ enabled: true })).toHaveLength(2);
    expect(await h.service.listModels({ provider_id: '', enabled: '' })).toHaveLength(3);
    expect(await refusal(h.service.listModels({ enabled: 'yes' }))).toMatchObject({ status: 400, field: 'enabled' });
    expect(await h.service.listModels({ provider_id: 'nobody' })).toEqual([]);
  });

  it('creates with defaults and shows it in the snapshot', async () => {
    const m = await h.service.createModel(body);
    expect(m).toMatchObject({
      id: 'ollama/qwen2.5:7b', display_name: 'qwen2.5:7b', capabilities: ['chat'], quality: null, enabled: true,
      cached_input_cost_per_1m: null, max_output_tokens: null, avg_latency_ms: null,
    });
    const snap = h.catalog.snapshot();
    expect(snap.modelsById.get('ollama/qwen2.5:7b')).toMatchObject({ providerId: 'ollama', contextLength: 32768 });
    expect(snap.modelsByName.get('qwen2.5:7b')).toEqual(['ollama/qwen2.5:7b']);
  });

  it('400s on a missing provider, 409s on a duplicate, changing nothing', async () => {
    const before = h.state();
    expect(await refusal(h.service.createModel({ ...body, provider_id: 'ghost' }))).toMatchObject({ status: 400, field: 'provider_id' });
    expect(await refusal(h.service.createModel({ ...body, model_name: 'llama3.2' }))).toMatchObject({ status: 409, field: 'model_name' });
    expect(await refusal(h.service.createModel({ ...body, output_cost_per_1m: 20_000 }))).toMatchObject({ status: 400, field: 'output_cost_per_1m' });
    expect(await refusal(h.service.createModel({ ...body, context_length: 0 }))).toMatchObject({ status: 400, field: 'context_length' });
    expect(await refusal(h.service.createModel({ ...body, quality: 101 }))).toMatchObject({ status: 400, field: 'quality' });
    expect(h.state()).toBe(before);
  });

  it('updates any subset and 404s on unknown ids', async () => {
    const m = await h.service.updateModel({ id: 'openai/gpt-4.1-mini', patch: { quality: 72, capabilities: ['chat', 'chat', 'json'] } });
    expect(m).toMatchObject({ quality: 72, capabilities: ['chat', 'json'], input_cost_per_1m: 0.4, context_length: 1047576 });
    expect(h.catalog.snapshot().modelsById.get('openai/gpt-4.1-mini')?.quality).toBe(72);
    const before = h.state();
    expect(await refusal(h.service.updateModel({ id: 'openai/nope', patch: { quality: 1 } }))).toMatchObject({ status: 404 });
    expect(await refusal(h.service.deleteModel({ id: 'openai/nope' }))).toMatchObject({ status: 404 });
    expect(await refusal(h.service.updateModel({ id: 'openai/gpt-4.1-mini', patch: { quality: 50, model_name: 'x' } as never }))).toMatchObject({ status: 400, field: 'model_name' });
    expect(h.state()).toBe(before);
  });

  it('deletes and prunes routing references', async () => {
    await h.service.updateRoutingRules({ fallbacks: { 'openai/gpt-4.1-mini': ['ollama/llama3.2', 'anthropic/claude-sonnet-4-5'] } });
    await h.service.deleteModel({ id: 'ollama/llama3.2' });
    expect((await h.service.getRoutingRules()).fallbacks).toEqual({ 'openai/gpt-4.1-mini': ['anthropic/claude-sonnet-4-5'] });
    expect(h.catalog.snapshot().modelsById.has('ollama/llama3.2')).toBe(false);
    expect((await h.service.listAudit({ limit: '1' }))[0]).toMatchObject({ action: 'model.delete', subject: 'ollama/llama3.2' });
  });
});

describe('createPricedModels (discovery)', () => {
  it('creates them all in one transaction and one catalog refresh, each audited with its price source, one that fails the checks left out', async () => {
    const methods = createModelMethods(h.ctx);
    let refreshes = 0;
    h.catalog.onChange(() => { refreshes += 1; });
    const origin = { source: 'provider' as const, asOf: '2026-02-01' };
    const models = Array.from({ length: 300 }, (_, i) => ({ input: { ...body, model_name: `m${i}`, input_cost_per_1m: 1 }, origin }));
    const refused = [{ input: { ...body, model_name: 'bad', context_length: -1 }, origin }, { input: { ...body, model_name: 'llama3.2' }, origin }];
    const added = await methods.createPricedModels([...models, ...refused]);
    expect(added.map((m) => m.id)).toEqual(models.map((m) => `ollama/${m.input.model_name}`));
    expect(added[0]).toMatchObject({ input_cost_per_1m: 1, price_source: 'provider' });
    expect(refreshes).toBe(1);
    expect(h.catalog.snapshot().modelsById.has('ollama/m299')).toBe(true);
    const audited = h.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'model.create' AND json_extract(detail, '$.price_source') = 'provider'").pluck().get();
    expect(audited).toBe(300);
    expect(await methods.createPricedModels(refused)).toEqual([]);
    expect(refreshes).toBe(1);
  });
});
