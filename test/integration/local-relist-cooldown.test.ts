// A request for a model its Ollama never pulled lists that Ollama again (local-pulled-model.test.ts), and that
// listing is only a listing: an Ollama whose generations fail (hung, 504 from a proxy in front) while it still
// answers /v1/models stays cooling down. Before, the listing was a full connection test, which wrote "Connected"
// over the cooldown's health and ended the provider's breaker: any client asking every few seconds for a model
// never pulled kept sending the real requests back to the failing server. Real proxy on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';

let h: Harness;
let upstream: RawUpstream;
let listings = 0;
let generations = 0;

const chat = (model: string) => fetch(`${h.url}/v1/chat/completions`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
  body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
});
const health = async () => (await h.app.service.listProviders(undefined)).find((p) => p.id === 'oll')!.health;

beforeAll(async () => {
  h = await startHarness();
  upstream = await startRawUpstream((_body, res, req) => {
    if (req.method === 'GET') {
      listings++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'have', object: 'model' }] }));
      return;
    }
    generations++;
    res.writeHead(504, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'gateway timeout' } }));
  });
  const s = h.app.service;
  await s.createProvider({ id: 'oll', name: 'Ollama', type: 'ollama', base_url: `${upstream.origin}/v1` });
  for (const model_name of ['have', 'missing']) {
    await s.createModel({ provider_id: 'oll', model_name, input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 32768, capabilities: ['chat'] });
  }
  expect(await s.testProvider({ provider_id: 'oll' })).toMatchObject({ ok: true });
});

afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

describe('an Ollama that lists its models but fails every generation', () => {
  it('stays cooling down after a request for a model it never pulled lists it again', async () => {
    for (let i = 0; i < 10 && !/cooling down/.test((await health()).message ?? ''); i++) await chat('oll/have');
    expect((await health()).message).toMatch(/cooling down/);
    expect((await health()).status).toBe('unhealthy');
    const tried = generations;
    const listed = listings;

    const missing = await chat('oll/missing');
    expect(missing.status).toBe(400);
    expect(await missing.text()).toMatch(/not installed/);
    expect(listings).toBe(listed + 1);

    expect((await health()).status).toBe('unhealthy');
    expect((await health()).message).toMatch(/cooling down/);
    const again = await chat('oll/have');
    expect(again.status).not.toBe(200);
    expect(generations).toBe(tried);
  });
});
