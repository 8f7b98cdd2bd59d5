// Issue 4: connection test and model discovery against a fake provider and a dead port.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';
import { adminFetch, startRoutingHarness, type RoutingHarness } from './helpers/routing-harness';

let h: RoutingHarness;
let disc: FakeProvider;
const DISC_KEY = 'sk-disc-CANARY-0123456789abcdef';

/** A loopback port nothing listens on. */
async function deadPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  h = await startRoutingHarness();
  disc = await startFakeOpenAI({ apiKey: DISC_KEY, models: ['disc-a', 'disc-b', 'text-embed-x'] });
  await h.app.service.createProvider({ id: 'disc', name: 'Discoverable', type: 'openai-compatible', base_url: disc.url, api_key: DISC_KEY });
  await h.app.service.createProvider({ id: 'dead', name: 'Dead', type: 'openai-compatible', base_url: `http://127.0.0.1:${await deadPort()}/v1`, api_key: 'sk-dead-0123456789' });
});
afterAll(async () => {
  await h?.close();
  await disc?.close();
});

const healthOf = async (id: string) => (await h.app.service.listProviders()).find((p) => p.id === id)!.health;

describe('testProvider', () => {
  it('against a fake: ok, a latency, the models found, and healthy', async () => {
    const r = await h.app.service.testProvider({ provider_id: 'disc' });
    expect(r).toMatchObject({ ok: true, status: 200, models_found: 3 });
    expect(r.latency_ms).toBeGreaterThanOrEqual(0);
    expect(r.latency_ms).toBeLessThan(5_000);
    expect(disc.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(disc.requests.at(-1)!.headers.authorization).toBe(`Bearer ${DISC_KEY}`);
    expect((await healthOf('disc')).status).toBe('healthy');
  });

  it('over HTTP: POST /api/v1/llm/test', async () => {
    const res = await adminFetch(h.app, 'POST', '/api/v1/llm/test', { provider_id: 'disc' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true, models_found: 3, latency_ms: expect.any(Number), message: expect.any(String) });
  });

  it('against a dead port: ok false with a message, and unhealthy', async () => {
    const r = await h.app.service.testProvider({ provider_id: 'dead' });
    expect(r.ok).toBe(false);
    expect(r.models_found).toBe(0);
    expect(r.message.length).toBeGreaterThan(0);
    expect(r.message).not.toContain('sk-dead-0123456789');
    expect((await healthOf('dead')).status).toBe('unhealthy');
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
    expect(again.json).toMatchObject({ found: 3, existing: 3, added: [] });
  });

  it('a dead provider is an error, adding nothing', async () => {
    const res = await adminFetch(h.app, 'POST', '/api/v1/llm/providers/dead/discover');
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.json.error.message).toMatch(/dead/);
    expect(await h.app.service.listModels({ provider_id: 'dead' })).toEqual([]);
  });
});
