// Prices stay current: a start with a bundled table of a newer prices_version re-prices the models the user
// never edited (each change in the audit log) and leaves the edited ones alone. Real createApp on a temp dir.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createApp, type SwitchboardApp } from '../../src/node/app';
import { FIXTURE_CATALOG, makeTempDir, writeFixtureCatalog, type TempDir } from './db-fixtures';

let tmp: TempDir;
let app: SwitchboardApp | undefined;
const env = { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64'), OPENAI_API_KEY: 'sk-test-0123456789abcdef' };
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  tmp.cleanup();
});

const V1 = { ...FIXTURE_CATALOG, prices_version: 1 };
// the next release: GPT-4.1 mini cheaper, Sonnet cheaper and with its cache-write prices
const V2 = {
  ...FIXTURE_CATALOG,
  as_of: '2026-06-01',
  prices_version: 2,
  models: FIXTURE_CATALOG.models.map((m) => {
    if (m.model_name === 'gpt-4.1-mini') return { ...m, input_cost_per_1m: 0.35, as_of: '2026-06-01' };
    if (m.model_name === 'claude-sonnet-4-5') {
      return { ...m, input_cost_per_1m: 2.5, cache_write_5m_cost_per_1m: 3.125, cache_write_1h_cost_per_1m: 5 };
    }
    return m;
  }),
};

async function start(catalog: unknown, logs: string[] = []): Promise<SwitchboardApp> {
  const catalogPath = writeFixtureCatalog(tmp.dir, catalog);
  app = await createApp({ dataDir: tmp.path('data'), port: 0, env, catalogPath, log: (l) => logs.push(l) });
  return app;
}

const model = async (a: SwitchboardApp, id: string) => (await a.service.listModels({})).find((m) => m.id === id)!;
const priceUpdates = async (a: SwitchboardApp) => (await a.service.listAudit({ limit: 1000 })).filter((e) => e.action === 'model.price_update');

it('re-prices the untouched model, keeps the edited one, and records each change', async () => {
  let a = await start(V1);
  expect(await model(a, 'openai/gpt-4.1-mini')).toMatchObject({
    input_cost_per_1m: 0.4, price_source: 'bundled', price_as_of: '2026-01-15',
  });
  // the user sets their own (negotiated) Sonnet price
  const edited = await a.service.updateModel({ id: 'anthropic/claude-sonnet-4-5', patch: { input_cost_per_1m: 2.8 } });
  expect(edited).toMatchObject({ input_cost_per_1m: 2.8, price_source: 'user' });
  await a.close();

  const logs: string[] = [];
  a = await start(V2, logs);
  expect(await model(a, 'openai/gpt-4.1-mini')).toMatchObject({
    input_cost_per_1m: 0.35, output_cost_per_1m: 1.6, price_source: 'bundled', price_as_of: '2026-06-01',
  });
  expect(await model(a, 'anthropic/claude-sonnet-4-5')).toMatchObject({
    input_cost_per_1m: 2.8, cache_write_5m_cost_per_1m: null, price_source: 'user', price_as_of: edited.price_as_of,
  });
  const updates = await priceUpdates(a);
  expect(updates.map((e) => e.subject)).toEqual(['openai/gpt-4.1-mini']);
  expect(JSON.parse(updates[0]!.detail!)).toMatchObject({
    prices_version: 2, as_of: '2026-06-01', from: { input_cost_per_1m: 0.4 }, to: { input_cost_per_1m: 0.35 },
  });
  expect(logs).toContain('catalog: bundled prices version 2 applied to 1 model(s)');
  // the router prices with the new table at once
  await a.service.updateProvider({ id: 'openai', patch: { enabled: true } });
  const preview = await a.service.previewRoute({ request: { model: 'openai/gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }] } });
  const estimate = (preview.estimated_input_tokens * 0.35 + 500 * 1.6) / 1e6;
  expect(preview.candidates[0]).toMatchObject({ model: 'openai/gpt-4.1-mini', estimated_cost_usd: Number(estimate.toFixed(9)) });
  await a.close();

  // the same version again changes nothing
  a = await start(V2);
  expect(await priceUpdates(a)).toHaveLength(1);
});

it('an older build (lower version) leaves newer prices alone', async () => {
  let a = await start(V2);
  expect((await model(a, 'openai/gpt-4.1-mini')).input_cost_per_1m).toBe(0.35);
  // a fresh install starts on the table's prices: nothing changed, nothing to record
  expect(await model(a, 'anthropic/claude-sonnet-4-5')).toMatchObject({ cache_write_5m_cost_per_1m: 3.125, price_source: 'bundled' });
  expect(await priceUpdates(a)).toEqual([]);
  await a.close();
  a = await start(V1);
  expect((await model(a, 'openai/gpt-4.1-mini')).input_cost_per_1m).toBe(0.35);
  expect(await priceUpdates(a)).toEqual([]);
});
