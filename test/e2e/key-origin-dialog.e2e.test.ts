// Editing a provider's Base URL to another origin removes its stored key and every profile's own key for it
// (keys go only to the origin they were stored for): the Edit dialog says so before Save, with the key field
// open to paste the key again, and the toast after Save names what went.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, screenshot } from './browser';
import { useE2E } from './suite';

const FAKE_KEY = 'sk-fake-origin-1a2b3c4d';

describe.skipIf(!chromiumAvailable())('a provider moved to another origin', () => {
  const e2e = useE2E({
    fake: { apiKey: FAKE_KEY },
    fakeProvider: true,
    seed: async () => {
      await api('POST', '/users', { id: 'laptop', name: 'Laptop' });
      await api('POST', '/users/laptop/byok', { provider_id: 'fo', api_key: 'sk-laptop-own-5e6f' });
    },
  });
  const { api } = e2e;
  const fo = async () => ((await api('GET', '/providers')) as { id: string; has_key: boolean; base_url: string; byok_keys: number }[]).find((p) => p.id === 'fo');

  it('is warned of before Save, with the key field open, and the toast names the keys removed', async () => {
    expect(await fo()).toMatchObject({ has_key: true, byok_keys: 1 });
    await e2e.page.getByRole('button', { name: 'Edit Fake OpenAI' }).click();
    const dialog = e2e.page.getByRole('dialog', { name: 'Edit Fake OpenAI' });
    const warning = dialog.getByTestId('key-origin-warning');
    const baseUrl = dialog.getByLabel('Base URL');
    // another path at the same origin keeps the keys: no warning
    await baseUrl.fill(`${e2e.fake.url}/`);
    expect(await warning.count()).toBe(0);
    await expect.poll(() => dialog.getByLabel('API key').count()).toBe(0);

    const moved = e2e.fake.url.replace('127.0.0.1', 'localhost');
    await baseUrl.fill(moved);
    await expect.poll(() => warning.textContent()).toBe(
      "This base URL is another origin, and keys go only where they were stored for: the stored key and 1 profile's own key for it will be removed on save. Paste the key again to keep it.",
    );
    // the key's input is open, not the mask
    await expect.poll(() => dialog.getByLabel('API key').isVisible()).toBe(true);
    // a key pasted again keeps the provider's; the profile's still goes
    await dialog.getByLabel('API key').fill(FAKE_KEY);
    await expect.poll(() => warning.textContent()).toMatch(/: 1 profile's own key for it will be removed on save\. Add it again on the BYOK tab\.$/);
    await dialog.getByLabel('API key').fill('');
    await expect.poll(() => warning.textContent()).toMatch(/the stored key and 1 profile's own key for it will be removed/);
    await screenshot(e2e.page, 'key-origin-warning');

    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => e2e.page.locator('.toast').allTextContents()).toContainEqual(
      expect.stringContaining("Saved Fake OpenAI; removed its stored key and 1 profile's own key for it"),
    );
    expect(await fo()).toMatchObject({ base_url: moved, has_key: false, byok_keys: 0 });
    expect(await api('GET', '/users/laptop/byok')).toEqual([]);
    expect(e2e.errors).toEqual([]);
  });
});
