// Issue 4: connection test and model discovery against a fake provider and a dead port. What discovery
// learns of each model: routing-discovery-local (local servers) and routing-discovery-cloud.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DISCOVERED_MODELS } from '../../src/node/service/provider-ops';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';
import { closedPort as deadPort } from './helpers/fresh-install';
import { adminFetch, DISC_KEY, startWithDiscoverable, type RoutingHarness } from './helpers/routing-harness';

let h: RoutingHarness;
let disc: FakeProvider;
beforeAll(async () => {
  ({ h, disc } = await startWithDiscoverable());
  await h.app.service.createProvider({ id: 'dead', name: 'Dead', type: 'openai-compatible', base_url: `http://127.0.0.1:${await deadPort()}/v1`, api_key: 'sk-dead-0123456789' });
});
afterAll(async () => {
  await h?.close();
  await disc?.close();
});

const healthOf = async (id: string) => (await h.app.service.listProviders()).find((p) => p.id === id)!.health;

describe('testProvider', () => {
  it('against a fake: ok, a latency, the models found, and healthy', async () => {
    const t0 = performance.now();
    const r = await h.app.service.testProvider({ provider_id: 'disc' });
    const around = performance.now() - t0;
    expect(r).toMatchObject({ ok: true, status: 200, models_found: 3 });
    // a duration in ms measured within the call (whatever the machine's load): not seconds, not a timestamp
    expect(r.latency_ms).toBeGreaterThanOrEqual(0);
    expect(r.latency_ms).toBeLessThanOrEqual(Math.round(around));
    expect(disc.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(disc.requests.at(-1)!.headers.authorization).toBe(`Bearer ${DISC_KEY}`);
    expect((await healthOf('disc')).status).toBe('healthy');
  });

  it('over HTTP: POST /api/v1/llm/test', async () => {
    const res = await adminFetch(h.app, 'POST', '/api/v1/llm/test', { provider_id: 'disc' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true, models_found: 3, latency_ms: expect.any(Number), message: expect.any(String) });
  });

  it('against a dead port: ok false with a message; a server on this machine is not running, a relay there unhealthy', async () => {
    const r = await h.app.service.testProvider({ provider_id: 'dead' });
    expect(r.ok).toBe(false);
    expect(r.models_found).toBe(0);
    expect(r.message).toMatch(/^not running: nothing answers at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/);
    expect(r.message).not.toContain('sk-dead-0123456789');
    expect(await healthOf('dead')).toMatchObject({ status: 'not_running', message: r.message });
    // a cloud type at a loopback address is a relay (LiteLLM, a gateway): not a server of one's own, never probed
    await h.app.service.createProvider({ id: 'relay', name: 'Relay', type: 'openai', base_url: `http://127.0.0.1:${await deadPort()}/v1`, api_key: 'sk-relay-0123456789' });
    try {
      expect(await h.app.service.testProvider({ provider_id: 'relay' })).toMatchObject({ ok: false, message: expect.stringMatching(/^upstream connection failed/) });
      expect((await healthOf('relay')).status).toBe('unhealthy');
    } finally {
      await h.app.service.deleteProvider({ id: 'relay' });
    }
  });

  it('an Ollama stopped after it answered: a failed test shows it not running and takes its models out of routing', async () => {
    const oll = await startFakeOpenAI({ models: ['llama3.2:latest'] });
    await h.app.service.createProvider({ id: 'oll-stop', name: 'Ollama stopped', type: 'ollama', base_url: oll.url });
    const preview = async () => (await adminFetch(h.app, 'POST', '/api/v1/llm/route/preview', { request: { model: 'oll-stop/llama3.2:latest', messages: [{ role: 'user', content: 'hi' }] } })).json;
    try {
      await h.app.service.createModel({ provider_id: 'oll-stop', model_name: 'llama3.2:latest', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 8192 });
      expect(await h.app.service.testProvider({ provider_id: 'oll-stop' })).toMatchObject({ ok: true });
      expect((await preview()).candidates[0]).toMatchObject({ model: 'oll-stop/llama3.2:latest' });
      await oll.close();
      const r = await h.app.service.testProvider({ provider_id: 'oll-stop' });
      expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/^not running: nothing answers at /) });
      expect((await healthOf('oll-stop')).status).toBe('not_running');
      const after = await preview();
      expect(after.candidates.map((c: { model: string }) => c.model)).not.toContain('oll-stop/llama3.2:latest');
      expect(after.excluded).toContainEqual(expect.objectContaining({ model: 'oll-stop/llama3.2:latest', reason: 'not running' }));
    } finally {
      await h.app.service.deleteProvider({ id: 'oll-stop' });
      await oll.close().catch(() => undefined);
    }
  });

  it('a wrong key: ok false with the status', async () => {
    await h.app.service.updateProvider({ id: 'disc', patch: { api_key: 'sk-wrong-key-0123456789abcdef' } });
    try {
      const r = await h.app.service.testProvider({ provider_id: 'disc' });
      expect(r).toMatchObject({ ok: false, status: 401 });
      expect(r.message).not.toContain('sk-wrong-key-0123456789abcdef');
    } finally {
      await h.app.service.updateProvider({ id: 'disc', patch: { api_key: DISC_KEY } });
    }
  });

  it('OpenRouter, whose model listing is public: a wrong key fails the test (checked on GET /key)', async () => {
    const or = await startFakeOpenAI({ apiKey: 'sk-or-v1-right-0123456789abcdef', openRouter: true });
    try {
      await h.app.service.createProvider({ id: 'orx', name: 'OR test', type: 'openrouter', base_url: or.url, api_key: 'sk-or-v1-wrong-0123456789abcdef' });
      const wrong = await h.app.service.testProvider({ provider_id: 'orx' });
      expect(wrong).toMatchObject({ ok: false, status: 401 });
      expect(wrong.message).not.toContain('wrong-0123456789abcdef');
      await h.app.service.updateProvider({ id: 'orx', patch: { api_key: 'sk-or-v1-right-0123456789abcdef' } });
      expect(await h.app.service.testProvider({ provider_id: 'orx' })).toMatchObject({ ok: true });
      expect(or.requests.map((r) => r.path)).toContain('/v1/key');
    } finally {
      await h.app.service.deleteProvider({ id: 'orx' });
      await or.close();
    }
  });

  it('an unknown provider is a 404', async () => {
    await expect(h.app.service.testProvider({ provider_id: 'nope' })).rejects.toMatchObject({ status: 404 });
  });
});

describe('discoverModels', () => {
  it("adds the fake's models, then finds them existing", async () => {
    const first = await h.app.service.discoverModels({ id: 'disc' });
    expect(first.found).toBe(3);
    expect(first.existing).toBe(0);
    expect(first.added.map((m) => m.id).sort()).toEqual(['disc/disc-a', 'disc/disc-b', 'disc/text-embed-x']);
    const listed = (await h.app.service.listModels({ provider_id: 'disc' })).map((m) => m.id).sort();
    expect(listed).toEqual(['disc/disc-a', 'disc/disc-b', 'disc/text-embed-x']);
    expect(first.added.find((m) => m.id === 'disc/text-embed-x')!.capabilities).toContain('embeddings');

    const again = await adminFetch(h.app, 'POST', '/api/v1/llm/providers/disc/discover');
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ found: 3, existing: 3, added: [], more: 0 });
  });

  it('adds a long listing 2,000 models at a time, saying how many are left for the next discovery', async () => {
    const long = await startFakeOpenAI({ models: Array.from({ length: MAX_DISCOVERED_MODELS + 500 }, (_, i) => `gw-${String(i).padStart(4, '0')}`) });
    try {
      await h.app.service.createProvider({ id: 'gw', name: 'Gateway', type: 'openai-compatible', base_url: long.url });
      const first = await adminFetch(h.app, 'POST', '/api/v1/llm/providers/gw/discover');
      expect(first.status).toBe(200);
      expect(first.json).toMatchObject({ found: 2_500, existing: 0, more: 500 });
      expect(first.json.added).toHaveLength(2_000);
      expect(first.json.added[1_999].id).toBe('gw/gw-1999');
      const next = await h.app.service.discoverModels({ id: 'gw' });
      expect(next).toMatchObject({ found: 2_500, existing: 2_000, more: 0 });
      expect(next.added.map((m) => m.id)).toEqual(Array.from({ length: 500 }, (_, i) => `gw/gw-${2_000 + i}`));
      expect(await h.app.service.listModels({ provider_id: 'gw' })).toHaveLength(2_500);
    } finally {
      await h.app.service.deleteProvider({ id: 'gw' });
      await long.close();
    }
  });

  it('a dead provider is an error, adding nothing', async () => {
    const res = await adminFetch(h.app, 'POST', '/api/v1/llm/providers/dead/discover');
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.json.error.message).toMatch(/dead/);
    expect(await h.app.service.listModels({ provider_id: 'dead' })).toEqual([]);
  });
});
