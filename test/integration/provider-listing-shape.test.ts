// What a connection test and discovery say of a listing: a model listed twice counts once (the number added), and
// a 200 JSON answer that is no listing at all fails the test rather than reading "Connected: 0 model(s) listed".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';
import { startHarness, type Harness } from './helpers/app-harness';

let h: Harness;
let fake: FakeProvider;

beforeAll(async () => {
  h = await startHarness();
  fake = await startFakeOpenAI({ models: ['m-one', 'm-two', 'm-one'] });
  await h.app.service.createProvider({ id: 'dup', name: 'Dup', type: 'openai-compatible', base_url: fake.url, api_key: 'sk-dup-0123456789abcdef', enabled: true });
});
afterAll(async () => {
  await fake?.close();
  await h?.close();
});

describe('a model listing', () => {
  it('that names a model twice counts it once, in the test and in discovery', async () => {
    const tested = await h.app.service.testProvider({ provider_id: 'dup' });
    expect(tested).toMatchObject({ ok: true, message: 'Connected: 2 model(s) listed', models_found: 2 });
    const found = await h.app.service.discoverModels({ id: 'dup' });
    expect(found.found).toBe(2);
    expect((await h.app.service.listModels({ provider_id: 'dup' })).map((m) => m.model_name).sort()).toEqual(['m-one', 'm-two']);
  });

  it.each([[{ data: 'oops' }], [{ object: 'list' }]])('that is no listing (%j) fails the test', async (body) => {
    fake.faults.push({ kind: 'status', status: 200, body });
    const tested = await h.app.service.testProvider({ provider_id: 'dup' });
    expect(tested.ok).toBe(false);
    expect(tested.message).toContain('the listing has no data/models array');
    expect((await h.app.service.listProviders()).find((p) => p.id === 'dup')?.health.status).toBe('unhealthy');
  });
});
