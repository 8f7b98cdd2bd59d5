// Removing a provider's key (PUT {"api_key": null}) is a change like a new key: the health its key earned does not
// stand for it without one ('healthy' beside has_key false); it is unknown until tested, as a provider added
// without a key, and tested again when tests follow changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, startHarness, type Harness } from './helpers/app-harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const provider = async (id: string) => (await h.app.service.listProviders()).find((p) => p.id === id)!;

describe('a provider whose key is removed', () => {
  it('is no longer shown healthy', async () => {
    await h.app.service.createProvider({ id: 'tg', name: 'TG', type: 'together', base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
    expect((await h.app.service.testProvider({ provider_id: 'tg' })).ok).toBe(true);
    expect((await provider('tg')).health.status).toBe('healthy');

    const updated = await h.app.service.updateProvider({ id: 'tg', patch: { api_key: null } });
    expect(updated.keys_removed.provider_key).toBe(true);
    const after = await provider('tg');
    expect(after.has_key).toBe(false);
    expect(after.health).toMatchObject({ status: 'unknown', message: null, last_checked_at: null });
    // and a test says what it is now
    expect((await h.app.service.testProvider({ provider_id: 'tg' })).ok).toBe(false);
    expect((await provider('tg')).health.status).toBe('unhealthy');
  });
});
