// An OpenAI-compatible server added without `/v1` in its base URL (http://127.0.0.1:8000 for vLLM, Ollama, LM
// Studio): the connection test and discovery get 404 for GET /models. Before: a bare "not found". Now, when
// `<url>/v1/models` answers, the error says `did you mean <url>/v1?`; the stored URL stays as it was given.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type SwitchboardApp } from '../../src/node/app';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';

const KEY = 'sk-no-v1-0123456789abcdef0123';
let app: SwitchboardApp;
let fake: FakeProvider;
let dataDir: string;
let bare: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sb-no-v1-'));
  // serves its API under /v1 only
  fake = await startFakeOpenAI({ apiKey: KEY });
  bare = fake.url.replace(/\/v1$/, '');
  app = await createApp({
    dataDir, port: 0, env: { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') }, log: () => {},
    limits: { testProvidersOnChange: false },
  });
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a 404 for the model listing of a base URL without /v1', () => {
  it('the connection test and discovery ask <url>/v1/models once and suggest it', async () => {
    await app.service.createProvider({ id: 'vllm', name: 'vLLM', type: 'openai-compatible', base_url: bare, api_key: KEY });
    const before = fake.requests.length;
    const test = await app.service.testProvider({ provider_id: 'vllm' });
    expect(test).toMatchObject({ ok: false, status: 404 });
    expect(test.message).toContain(`did you mean ${bare}/v1?`);
    expect(fake.requests.slice(before).map((r) => r.path)).toEqual(['/models', '/v1/models']);
    const health = (await app.service.listProviders()).find((p) => p.id === 'vllm')!;
    expect(health.health.message).toContain(`did you mean ${bare}/v1?`);
    // never changed behind the user's back
    expect(health.base_url).toBe(bare);
    await expect(app.service.discoverModels({ id: 'vllm' })).rejects.toThrow(`did you mean ${bare}/v1?`);
    expect((await app.service.listModels({ provider_id: 'vllm' })).length).toBe(0);
  });

  it('a URL whose /v1 lists nothing either gets the 404 as it was', async () => {
    await app.service.createProvider({ id: 'elsewhere', name: 'Elsewhere', type: 'openai-compatible', base_url: `${bare}/elsewhere`, api_key: KEY });
    const test = await app.service.testProvider({ provider_id: 'elsewhere' });
    expect(test).toMatchObject({ ok: false, status: 404 });
    expect(test.message).not.toContain('did you mean');
  });

  it('a base URL with a version in its path is not second-guessed', async () => {
    await app.service.createProvider({ id: 'versioned', name: 'Versioned', type: 'openai-compatible', base_url: `${bare}/v2`, api_key: KEY });
    const before = fake.requests.length;
    const test = await app.service.testProvider({ provider_id: 'versioned' });
    expect(test).toMatchObject({ ok: false, status: 404 });
    expect(test.message).not.toContain('did you mean');
    expect(fake.requests.slice(before).map((r) => r.path)).toEqual(['/v2/models']);
  });
});
