// The Models tab in Chromium: a model of a local runtime that runs elsewhere (an Ollama cloud model under a name
// that does not say so) is marked by hand in its Edit dialog, shows the cloud badge and its $0 turns unknown, and
// the privacy guard's local_only then keeps a secret from it; unmarked, it is local and free again.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, screenshot } from './browser';
import { proxyChat } from './serve-process';
import { useE2E } from './suite';

const SECRET = 'deploy with key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH';

describe.skipIf(!chromiumAvailable())('a model marked as run on another host', () => {
  const e2e = useE2E({
    fake: {},
    fakeProvider: true,
    seed: async ({ api }) => {
      // the fake is on this machine: an OpenAI-compatible server here runs free, so an unknown price is $0
      await api('POST', '/models', { provider_id: 'fo', model_name: 'boxed', input_cost_per_1m: null, output_cost_per_1m: null, context_length: 32768 });
      await api('PUT', '/users/default', { privacy_guard: 'local_only' });
    },
  });
  const { api, show } = e2e;

  it('Edit ticks "Runs on another host": the row says cloud and price unknown, the API says remote, and a secret is refused', async () => {
    expect((await proxyChat(e2e.serve, e2e.serve.defaultToken, 'fo/boxed', SECRET)).status).toBe(200);
    await show('Models');
    const row = e2e.page.getByRole('row').filter({ has: e2e.page.getByRole('button', { name: 'Edit fo/boxed' }) });
    expect(await row.locator('.badge', { hasText: 'cloud' }).count()).toBe(0);

    const edit = async (check: boolean) => {
      await e2e.page.getByRole('button', { name: 'Edit fo/boxed' }).click();
      const dialog = e2e.page.getByRole('dialog', { name: 'Edit fo/boxed' });
      const box = dialog.getByRole('checkbox', { name: 'Runs on another host (cloud)' });
      expect(await box.isChecked()).toBe(!check);
      await box.setChecked(check);
      if (check) await dialog.screenshot({ path: 'test-results/screenshots/model-remote-edit.png' });
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'detached' });
    };
    await edit(true);
    await expect.poll(() => row.locator('.badge').allTextContents()).toEqual(['cloud', 'price unknown']);
    const model = async () => (await api('GET', '/models?provider_id=fo')).find((x: { id: string }) => x.id === 'fo/boxed');
    expect(await model()).toMatchObject({ remote: true, input_cost_per_1m: null, output_cost_per_1m: null });
    await screenshot(e2e.page, 'model-remote-row');
    const refused = await proxyChat(e2e.serve, e2e.serve.defaultToken, 'fo/boxed', SECRET);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.code).toBe('privacy_guard');

    await edit(false);
    await expect.poll(() => row.locator('.badge').allTextContents()).toEqual([]);
    expect(await model()).toMatchObject({ remote: false, input_cost_per_1m: 0, output_cost_per_1m: 0 });
    expect((await proxyChat(e2e.serve, e2e.serve.defaultToken, 'fo/boxed', SECRET)).status).toBe(200);
    expect(e2e.errors).toEqual([]);
  });
});
