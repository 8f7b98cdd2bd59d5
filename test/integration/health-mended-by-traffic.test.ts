// A provider recorded unhealthy by a connection test (not by traffic) and serving again: the next request it
// serves records it healthy and ends the "failed N times in a row" alert, also after a restart on the same data
// dir. The idle check leaves a provider with traffic alone, so nothing else would mend it.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type SwitchboardApp } from '../../src/node/app';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { adminFetch } from './helpers/routing-harness';

const env = { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
let h: Harness | undefined;
let restarted: SwitchboardApp | undefined;

afterEach(async () => {
  if (restarted) {
    await restarted.close();
    await Promise.all([h!.openai.close(), h!.anthropic.close(), h!.gemini.close()]);
    rmSync(h!.dataDir, { recursive: true, force: true });
  } else await h?.close();
  h = undefined;
  restarted = undefined;
});

async function healthOf(app: SwitchboardApp, id: string): Promise<{ status: string; consecutive_failures: number }> {
  const res = await adminFetch(app, 'GET', '/api/v1/llm/providers');
  return (res.json as { id: string; health: { status: string; consecutive_failures: number } }[]).find((p) => p.id === id)!.health;
}

async function failingAlerts(app: SwitchboardApp): Promise<string[]> {
  const res = await adminFetch(app, 'GET', '/api/v1/llm/alerts');
  return (res.json as { kind: string; subject: string }[]).filter((a) => a.kind === 'provider_failing').map((a) => a.subject);
}

/**
 * Three failed connection tests (503) of the fake Anthropic provider, then the fault clears. A cloud type (a
 * server on loopback of a local type would be probed at start, and its answer recorded, before any request).
 */
async function failThreeTests(app: SwitchboardApp, fake: Harness['anthropic']): Promise<void> {
  fake.persistentFault = { kind: 'status', status: 503 };
  for (let i = 0; i < 3; i++) {
    const res = await adminFetch(app, 'POST', '/api/v1/llm/test', { provider_id: 'fa' });
    expect(res.json.ok).toBe(false);
  }
  expect(await healthOf(app, 'fa')).toMatchObject({ status: 'unhealthy', consecutive_failures: 3 });
  expect(await failingAlerts(app)).toEqual(['fa']);
  fake.persistentFault = null;
}

async function serveOne(app: SwitchboardApp, token: string): Promise<void> {
  const res = await rawRequest(`${app.url}/v1/chat/completions`, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ model: MODELS.anthropic, messages: [{ role: 'user', content: 'hi' }] }),
  });
  expect(res.status, res.text).toBe(200);
}

describe('a provider a connection test found failing, serving again', () => {
  it('is recorded healthy by the next request it serves, and its failing alert ends', async () => {
    h = await startHarness({ env });
    await failThreeTests(h.app, h.anthropic);
    await serveOne(h.app, h.token);
    expect(await healthOf(h.app, 'fa')).toMatchObject({ status: 'healthy', consecutive_failures: 0 });
    expect(await failingAlerts(h.app)).toEqual([]);
  });

  it('the same after a restart on the same data dir', async () => {
    h = await startHarness({ env });
    await failThreeTests(h.app, h.anthropic);
    await h.app.close();
    restarted = await createApp({ dataDir: h.dataDir, port: 0, env, log: () => {}, limits: { testProvidersOnChange: false } });
    expect(await healthOf(restarted, 'fa')).toMatchObject({ status: 'unhealthy', consecutive_failures: 3 });
    await serveOne(restarted, h.token);
    expect(await healthOf(restarted, 'fa')).toMatchObject({ status: 'healthy', consecutive_failures: 0 });
    expect(await failingAlerts(restarted)).toEqual([]);
  });
});
