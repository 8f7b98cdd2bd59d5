// What cools down when one model fails: the model alone when its provider answered (a body that broke off
// after the 200 headers), every model of the provider only when it could not be reached. Real proxy on
// 127.0.0.1, the fake OpenAI cutting its answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { activityEntryOf } from './helpers/routing-harness';

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
