// A provider that could not be reached cools down; the user mending it ends that at once: a corrected URL
// or key, or a connection test the provider answers (an answered probe), not the rest of the cooldown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { closedPort } from './helpers/fresh-install';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';

let h: Harness;
const extra: FakeProvider[] = [];

beforeAll(async () => {
  h = await startHarness();
  // long enough that only the fix can end it within the test
  await h.app.service.updateRoutingRules({ cooldown_failures: 2, cooldown_ms: 600_000, retries_per_model: 0 });
});
afterAll(async () => {
  await Promise.all(extra.map((f) => f.close()));
  await h?.close();
});

const chat = (model: string) => rawRequest(`${h.url}/v1/chat/completions`, {
  headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
  body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
});

/** A cloud provider (a loopback URL is still cloud for a cloud type) whose URL refuses connections, cooled down. */
async function cooledProvider(id: string, port: number): Promise<string> {
  await h.app.service.createProvider({ id, name: id, type: 'together', base_url: `http://127.0.0.1:${port}/v1`, api_key: KEYS.openai, enabled: true });
  const m = await h.app.service.createModel({ provider_id: id, model_name: 'gpt-fake', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 100000 });
  for (let i = 0; i < 2; i++) expect((await chat(m.id)).status).toBe(502);
  const cooling = await chat(m.id);
  expect(cooling.status, cooling.text).toBe(503);
  expect(cooling.json.error.code).toBe('cooling_down');
  return m.id;
}

describe('a provider cooling down because it could not be reached', () => {
  it('serves at once when its URL is corrected', async () => {
    const model = await cooledProvider('moved', await closedPort());
    await h.app.service.updateProvider({ id: 'moved', patch: { base_url: h.openai.url, api_key: KEYS.openai } });
    const res = await chat(model);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(model);
  });

  it('is tried again at once when its key is changed', async () => {
    const model = await cooledProvider('rekeyed', await closedPort());
    await h.app.service.updateProvider({ id: 'rekeyed', patch: { api_key: `${KEYS.openai}-new` } });
    // tried again (still unreachable: the connection error, not the cooldown)
    const res = await chat(model);
    expect(res.status, res.text).toBe(502);
  });

  it('serves as soon as a connection test is answered, the probe the cooldown waits for', async () => {
    const port = await closedPort();
    const model = await cooledProvider('back', port);
    // the server comes up where it was expected, nothing in the settings changed: the model, cooled down for
    // its provider not answering, is probed by the next request
    const fake = await startFakeOpenAI({ apiKey: KEYS.openai, port });
    extra.push(fake);
    const test = await h.app.service.testProvider({ provider_id: 'back' });
    expect(test.ok, test.message).toBe(true);
    const res = await chat(model);
    expect(res.status, res.text).toBe(200);
  });
});
