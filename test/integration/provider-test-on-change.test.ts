// Health that follows reality without a click on Test: a provider is tested when it is added, gets a
// new key or moves, and its health shows the result (the idle check covers the quiet time after).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type SwitchboardApp } from '../../src/node/app';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';
import { waitFor } from './helpers/hardening-kit';

const KEY = 'sk-test-on-change-0123456789abcdef';
let app: SwitchboardApp;
let fake: FakeProvider;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sb-test-on-change-'));
  fake = await startFakeOpenAI({ apiKey: KEY });
  app = await createApp({ dataDir, port: 0, env: { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') }, log: () => {} });
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const listings = () => fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/models')).length;
const healthOf = async (id: string) => (await app.service.listProviders()).find((p) => p.id === id)!.health;

describe('a provider change tests the connection at once', () => {
  it('tests a new provider (a wrong key shows as unhealthy), then again when its key is replaced', async () => {
    await app.service.createProvider({ id: 'relay', name: 'Relay', type: 'openai-compatible', base_url: fake.url, api_key: 'sk-wrong-key-0000000000000000' });
    await waitFor(() => listings() === 1, 5_000, 'the test of the new provider');
    await waitFor(async () => (await healthOf('relay')).status === 'unhealthy', 5_000, 'unhealthy health');

    await app.service.updateProvider({ id: 'relay', patch: { api_key: KEY } });
    await waitFor(() => listings() === 2, 5_000, 'the test after the key change');
    expect((await waitFor(async () => {
      const h = await healthOf('relay');
      return h.status === 'healthy' ? h : undefined;
    }, 5_000, 'healthy health')).status).toBe('healthy');
  });

  it('does not test twice when the UI tested right after saving', async () => {
    const before = listings();
    await app.service.updateProvider({ id: 'relay', patch: { base_url: `${fake.url}/` } });
    await app.service.testProvider({ provider_id: 'relay' });
    await new Promise((r) => setTimeout(r, 2_000));
    expect(listings()).toBe(before + 1);
  });

  it('leaves a provider alone when nothing about its connection changed', async () => {
    const before = listings();
    await app.service.updateProvider({ id: 'relay', patch: { name: 'Relay (renamed)', priority: 3 } });
    await new Promise((r) => setTimeout(r, 300));
    expect(listings()).toBe(before);
  });
});
