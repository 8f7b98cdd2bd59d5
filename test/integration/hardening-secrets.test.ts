// The secret store failing: no keychain reachable at start (status says so clearly, keyless local
// providers keep serving, storing a key is refused by name), and a wrong SWITCHBOARD_ENCRYPTION_KEY
// (refused at start, nothing destroyed, the right key still works afterwards).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type SwitchboardApp } from '../../src/node/app';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';
import { authJson, httpRequest, queryAll, sseData } from './helpers/hardening-kit';

let local: FakeProvider;
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'sb-secrets-'));
  dirs.push(d);
  return d;
};

beforeAll(async () => { local = await startFakeOpenAI({ text: 'local model says hi' }); });
afterAll(async () => {
  await local?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux')('no keychain reachable at start', () => {
  let app: SwitchboardApp;
  let dataDir: string;
  const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;

  beforeAll(async () => {
    dataDir = tempDir();
    // the Secret Service lives on the D-Bus session bus: point at one that does not exist
    process.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${join(dataDir, 'no-such-bus')}`;
    app = await createApp({ dataDir, port: 0, env: {}, log: () => undefined });
  });
  afterAll(async () => {
    await app?.close();
    if (savedBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
  });

  it('starts, and getStatus says the store is unavailable with a message naming both ways out', async () => {
    const status = await app.service.getStatus();
    expect(status.secret_store).toMatchObject({ kind: 'keychain', available: false });
    expect(status.secret_store.message).toMatch(/keychain/i);
    expect(status.secret_store.message).toMatch(/SWITCHBOARD_ENCRYPTION_KEY/);
    const http = await httpRequest(app.url, '/api/v1/llm/status', { headers: { authorization: `Bearer ${app.adminToken}` } });
    expect(http.status).toBe(200);
    expect(http.json.secret_store).toEqual(status.secret_store);
  });

  it('still serves a keyless local provider through the proxy', async () => {
    await app.service.createProvider({ id: 'my-ollama', name: 'My Ollama', type: 'ollama', base_url: local.url });
    await app.service.createModel({ provider_id: 'my-ollama', model_name: 'llama-fake', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 32_000 });
    const token = readFileSync(join(dataDir, 'default-token'), 'utf8').trim();
    for (const stream of [false, true]) {
      const res = await httpRequest(app.url, '/v1/chat/completions', {
        method: 'POST', headers: authJson(token), body: JSON.stringify({ model: 'my-ollama/llama-fake', stream, messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(res.status, res.text).toBe(200);
      const text = stream
        ? sseData(res.text).map((e: any) => e?.choices?.[0]?.delta?.content ?? '').join('')
        : res.json.choices[0].message.content;
      expect(text).toBe('local model says hi');
    }
    expect(local.requests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('refuses to store a key (503, field api_key, both ways out named) and stores nothing', async () => {
    const res = await httpRequest(app.url, '/api/v1/llm/providers', {
      method: 'POST', headers: authJson(app.adminToken),
      body: JSON.stringify({ id: 'my-openai', name: 'My OpenAI', type: 'openai', api_key: 'sk-never-stored-0000000000000000' }),
    });
    expect(res.status).toBe(503);
    expect(res.json.error.field).toBe('api_key');
    expect(res.json.error.message).toMatch(/SWITCHBOARD_ENCRYPTION_KEY/);
    expect(res.json.error.message).not.toContain('sk-never-stored');
    expect(queryAll(dataDir, "SELECT COUNT(*) AS n FROM providers WHERE id = 'my-openai'")[0]).toEqual({ n: 0 });
  });
});

describe('a wrong SWITCHBOARD_ENCRYPTION_KEY', () => {
  it('is refused at start with a clear message, destroys nothing, and the right key still works', async () => {
    const dataDir = tempDir();
    const rightKey = randomBytes(32).toString('base64');
    const keyed = await startFakeOpenAI({ apiKey: 'sk-stored-before-0123456789abcdef' });
    try {
      const first = await createApp({ dataDir, port: 0, env: { SWITCHBOARD_ENCRYPTION_KEY: rightKey }, log: () => undefined });
      await first.service.createProvider({ id: 'p', name: 'P', type: 'openai-compatible', base_url: keyed.url, api_key: 'sk-stored-before-0123456789abcdef' });
      await first.service.createModel({ provider_id: 'p', model_name: 'gpt-fake', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 32_000 });
      await first.close();
      const secretsBefore = readFileSync(join(dataDir, 'secrets.enc'));
      const providersBefore = queryAll(dataDir, 'SELECT * FROM providers');

      for (const wrong of [randomBytes(32).toString('base64'), 'not-a-key', randomBytes(16).toString('base64')]) {
        await expect(createApp({ dataDir, port: 0, env: { SWITCHBOARD_ENCRYPTION_KEY: wrong }, log: () => undefined }))
          .rejects.toThrow(/SWITCHBOARD_ENCRYPTION_KEY/);
        expect(readFileSync(join(dataDir, 'secrets.enc')).equals(secretsBefore)).toBe(true);
        expect(queryAll(dataDir, 'SELECT * FROM providers')).toEqual(providersBefore);
      }
      const wrongOnce = await createApp({ dataDir, port: 0, env: { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') }, log: () => undefined })
        .catch((e: Error) => e);
      expect(String(wrongOnce)).toMatch(/untouched/);

      const again = await createApp({ dataDir, port: 0, env: { SWITCHBOARD_ENCRYPTION_KEY: rightKey }, log: () => undefined });
      try {
        expect((await again.service.getStatus()).secret_store).toMatchObject({ kind: 'encrypted-file', available: true });
        const token = readFileSync(join(dataDir, 'default-token'), 'utf8').trim();
        const res = await httpRequest(again.url, '/v1/chat/completions', {
          method: 'POST', headers: authJson(token), body: JSON.stringify({ model: 'p/gpt-fake', messages: [{ role: 'user', content: 'hi' }] }),
        });
        expect(res.status, res.text).toBe(200);
      } finally {
        await again.close();
      }
    } finally {
      await keyed.close();
    }
  });
});
