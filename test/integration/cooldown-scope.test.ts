// What cools down when one model fails, and for how long: the model alone when its provider answered (a body
// that broke off after the 200 headers), every model of the provider only when it could not be reached; never
// longer than 10 minutes, and not past the user lowering cooldown_ms, switching the model on again or adding it
// back. Real proxy on 127.0.0.1, the fake OpenAI failing as told.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { activityEntryOf } from './helpers/routing-harness';
import { withRules } from './helpers/rules-change';
import { MAX_COOLDOWN_MS } from '../../src/core/routing';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.app.service.updateRoutingRules({ cooldown_failures: 3, cooldown_ms: 600_000, retries_per_model: 0 });
});
afterAll(async () => {
  await h?.close();
});

const chat = (model: string) => rawRequest(`${h.url}/v1/chat/completions`, {
  headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
  body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
});

const model = async (name: string): Promise<string> =>
  (await h.app.service.createModel({ provider_id: 'fo', model_name: name, input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 100000 })).id;

describe('a non-streamed answer that breaks off after its 200 headers', () => {
  it('three times: that model cools down (error kind stream), the provider\'s other models go on serving', async () => {
    const cut = await model('cut-body');
    const other = await model('whole-body');
    for (let i = 0; i < 3; i++) {
      h.openai.faults.push({ kind: 'reset-mid-stream', afterChunks: 0 });
      const res = await chat(cut);
      expect(res.status, res.text).toBe(502);
      expect(res.json.error.message).toContain('upstream body broke off');
      const entry = await activityEntryOf(h.app, res);
      expect(entry.attempts).toEqual([expect.objectContaining({ model: cut, error_kind: 'stream' })]);
    }
    const cooling = await chat(cut);
    expect(cooling.status, cooling.text).toBe(503);
    expect(cooling.json.error.code).toBe('cooling_down');
    // the provider answered every time: its other model is not held back
    const res = await chat(other);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(other);
    const fo = (await h.app.service.listProviders(undefined)).find((p) => p.id === 'fo');
    expect(fo?.health?.status).not.toBe('unhealthy');
  });
});

/** Three 500s from `id`: cooling down (cooldown_failures 3), the client told when it comes back. */
async function cooled(id: string): Promise<number> {
  for (let i = 0; i < 3; i++) {
    h.openai.faults.push({ kind: 'status', status: 500 });
    expect((await chat(id)).status).toBe(502);
  }
  const cooling = await chat(id);
  expect(cooling.status, cooling.text).toBe(503);
  expect(cooling.json.error.code).toBe('cooling_down');
  return Number(cooling.headers.get('retry-after'));
}

describe('cooldown_ms', () => {
  it('of an hour benches a model for 10 minutes at most, what its clients are told; set to 0 it ends at once', () => withRules(h.app, { cooldown_ms: 3_600_000 }, async () => {
    const id = await model('an-hour');
    const told = await cooled(id);
    expect(told).toBeLessThanOrEqual(MAX_COOLDOWN_MS / 1_000);
    const preview = await h.app.service.previewRoute({ request: { model: id, messages: [{ role: 'user', content: 'hi' }] } });
    const excluded = preview.excluded.find((e) => e.model === id);
    expect(excluded?.reason).toBe('cooling down');
    await h.app.service.updateRoutingRules({ cooldown_ms: 0 });
    const res = await chat(id);
    expect(res.status, res.text).toBe(200);
  }));
});

describe('a model cooling down', () => {
  it('serves at once when switched off and on again', async () => {
    const id = await model('switched');
    await cooled(id);
    await h.app.service.updateModel({ id, patch: { enabled: false } });
    await h.app.service.updateModel({ id, patch: { enabled: true } });
    const res = await chat(id);
    expect(res.status, res.text).toBe(200);
  });

  it('serves at once when switched off and on again by a config import', async () => {
    const id = await model('imported-on');
    await cooled(id);
    const doc = await h.app.service.exportConfig();
    const withModel = (enabled: boolean) => ({ ...doc, models: doc.models.map((m) => (`${m.provider_id}/${m.model_name}` === id ? { ...m, enabled } : m)) });
    await h.app.service.importConfig(withModel(false));
    await h.app.service.importConfig(withModel(true));
    const res = await chat(id);
    expect(res.status, res.text).toBe(200);
  });

  it('still cools down through an import that leaves it switched on', async () => {
    const id = await model('imported-same');
    await cooled(id);
    await h.app.service.importConfig(await h.app.service.exportConfig());
    expect((await chat(id)).status).toBe(503);
  });

  it('serves at once when deleted and added back', async () => {
    const id = await model('re-added');
    await cooled(id);
    await h.app.service.deleteModel({ id });
    expect(await model('re-added')).toBe(id);
    const res = await chat(id);
    expect(res.status, res.text).toBe(200);
  });

  it('still cools down when another of its fields is edited', async () => {
    const id = await model('edited');
    await cooled(id);
    await h.app.service.updateModel({ id, patch: { quality: 70 } });
    expect((await chat(id)).status).toBe(503);
  });
});
