// Typed numbers the browser cannot read (1e, 1e400, --2) are refused where empty means something (no cap,
// unlimited credit, an unknown price), not saved as empty; the BYOK tab's own-key form shows a key's preferred
// models, an emptied field clears them and one left alone keeps them, loaded or not; a profile whose credit
// went below 0 can be edited.
import type { Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, showTab } from './browser';
import { useE2E } from './suite';
import { startFakeOpenAI } from '../mocks/fake-openai';

describe.skipIf(!chromiumAvailable())('BYOK and Models: numbers the browser cannot read, own keys\' preferred models', () => {
  const e2e = useE2E({
    seed: async () => {
      // a provider that is never called: these tests only edit
      await api('POST', '/providers', { id: 'fo', name: 'Fake OpenAI', type: 'openai-compatible', base_url: 'http://127.0.0.1:9/v1', api_key: 'sk-fake-numbers-1a2b' });
      await api('POST', '/models', { provider_id: 'fo', model_name: 'small', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 128000, quality: 50 });
      await api('POST', '/providers', { id: 'fb', name: 'Fake B', type: 'openai-compatible', base_url: 'http://127.0.0.1:9/v1', api_key: 'sk-fake-numbers-3c4d' });
      await api('POST', '/users', { id: 'alice', name: 'Alice', monthly_cap_usd: 5, credit_balance_usd: 3 });
    },
    reloadEachTest: true,
  });
  const { api } = e2e;
  const alice = async () => ((await api('GET', '/users')) as { id: string; monthly_cap_usd: number | null; credit_balance_usd: number | null }[])
    .find((u) => u.id === 'alice');
  const model = async () => (await api('GET', '/models?provider_id=fo')) as { id: string; input_cost_per_1m: number | null }[];

  it('BYOK: a cap or balance the browser cannot read is an error on its field, and the profile keeps its cap', async () => {
    await showTab(e2e.page, 'BYOK');
    // a cap counts spend by UTC month (as the Usage tab counts UTC days): the list and the form say so
    expect(await e2e.page.getByRole('columnheader', { name: 'Cap / UTC month' }).count()).toBe(1);
    await e2e.page.getByRole('button', { name: 'Edit Alice' }).click();
    const dialog = e2e.page.getByRole('dialog', { name: 'Edit Alice' });
    expect(await dialog.textContent()).toContain('Per UTC month. Empty = no cap.');
    for (const [label, typed, field] of [
      ['Monthly cap (USD)', '1e', 'Dollars, 0 or more (empty = no cap)'],
      ['Monthly cap (USD)', '1e400', 'Dollars, 0 or more (empty = no cap)'],
      ['Credit balance (USD)', '--2', 'Dollars, 0 or more (empty = unlimited)'],
    ] as const) {
      const input = dialog.getByLabel(label);
      await input.fill('');
      await input.pressSequentially(typed);
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => dialog.locator('.field-error').allTextContents()).toEqual([field]);
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      await input.fill(label === 'Monthly cap (USD)' ? '5' : '3');
    }
    expect(await alice()).toMatchObject({ monthly_cap_usd: 5, credit_balance_usd: 3 });
    // a number it can read still saves
    await dialog.getByLabel('Monthly cap (USD)').fill('7.5');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await alice()).toMatchObject({ monthly_cap_usd: 7.5, credit_balance_usd: 3 });
  });

  it('BYOK: a profile whose credit the proxy overdrew is edited without retyping its balance, which stays as it was', async () => {
    // an export holds such a balance, and its import sets it
    const doc = await api('GET', '/config');
    doc.profiles.push({ id: 'bob', name: 'Bob', power_level: 'eco', monthly_cap_usd: null, credit_balance_usd: -0.002, preferred_models: [], privacy_guard: 'off' });
    expect(await api('POST', '/config', doc)).not.toHaveProperty('error');
    const bob = async () => ((await api('GET', '/users')) as { id: string; power_level: string; credit_balance_usd: number | null }[]).find((u) => u.id === 'bob');
    expect((await bob())?.credit_balance_usd).toBe(-0.002);
    await showTab(e2e.page, 'BYOK');
    await e2e.page.getByRole('button', { name: 'Edit Bob' }).click();
    const dialog = e2e.page.getByRole('dialog', { name: 'Edit Bob' });
    await dialog.getByLabel('Power level').selectOption('precision');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await bob()).toMatchObject({ power_level: 'precision', credit_balance_usd: -0.002 });
  });

  it('BYOK: the key form shows the chosen provider\'s preferred models, and saving it emptied clears them', async () => {
    await api('POST', '/users/alice/byok', { provider_id: 'fo', api_key: 'sk-alice-own-5e6f', preferred_models: ['fo/small'] });
    const preferred = async () => ((await api('GET', '/users/alice/byok')) as { provider_id: string; preferred_models: string[] }[])
      .find((k) => k.provider_id === 'fo')?.preferred_models;
    await showTab(e2e.page, 'BYOK');
    await e2e.page.getByRole('button', { name: 'Alice', exact: true }).click();
    await expect.poll(() => e2e.page.getByRole('heading', { name: 'Own provider keys' }).count()).toBe(1);
    const field = e2e.page.getByLabel('Preferred models');
    const provider = e2e.page.getByLabel('Provider', { exact: true });
    await provider.selectOption('fo');
    await expect.poll(() => field.inputValue()).toBe('fo/small');
    // another provider, with no key of Alice's: nothing to keep
    await provider.selectOption('fb');
    expect(await field.inputValue()).toBe('');
    await provider.selectOption('fo');
    expect(await field.inputValue()).toBe('fo/small');

    // the key saved again as it was keeps the list
    await e2e.page.getByLabel('API key').fill('sk-alice-own-7a8b');
    await e2e.page.getByRole('button', { name: 'Save key' }).click();
    await expect.poll(() => e2e.page.getByLabel('API key').inputValue()).toBe('');
    expect(await preferred()).toEqual(['fo/small']);
    // emptied, it clears it
    await expect.poll(() => field.inputValue()).toBe('fo/small');
    await field.fill('');
    await e2e.page.getByLabel('API key').fill('sk-alice-own-9c0d');
    await e2e.page.getByRole('button', { name: 'Save key' }).click();
    await expect.poll(preferred).toEqual([]);
    await expect.poll(() => field.inputValue()).toBe('');
  });

  it('BYOK: a key saved while the keys load, or after they failed to, keeps its preferred models', async () => {
    await api('POST', '/users/alice/byok', { provider_id: 'fo', api_key: 'sk-alice-own-1f2e', preferred_models: ['fo/small'] });
    const stored = async () => ((await api('GET', '/users/alice/byok')) as { provider_id: string; api_key_masked: string; preferred_models: string[] }[])
      .find((k) => k.provider_id === 'fo');
    let mode: 'fail' | 'hold' | 'pass' = 'fail';
    const held: Route[] = [];
    const keysUrl = '**/api/v1/llm/users/alice/byok';
    await e2e.page.route(keysUrl, (route) => {
      if (route.request().method() !== 'GET' || mode === 'pass') return route.continue();
      if (mode === 'hold') return void held.push(route);
      return route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { message: 'keys unavailable' } }) });
    });
    const errorsBefore = e2e.errors.length;
    const saveKey = async (key: string) => {
      await e2e.page.getByLabel('Provider', { exact: true }).selectOption('fo');
      // the list is not known: the field shows nothing
      expect(await e2e.page.getByLabel('Preferred models').inputValue()).toBe('');
      await e2e.page.getByLabel('API key').fill(key);
      await e2e.page.getByRole('button', { name: 'Save key' }).click();
      await expect.poll(async () => (await stored())?.api_key_masked.endsWith(key.slice(-4))).toBe(true);
      expect((await stored())?.preferred_models).toEqual(['fo/small']);
    };

    await showTab(e2e.page, 'BYOK');
    await e2e.page.getByRole('button', { name: 'Alice', exact: true }).click();
    await expect.poll(() => e2e.page.getByRole('alert').filter({ hasText: 'keys unavailable' }).count()).toBe(1);
    await saveKey('sk-alice-own-long-key-3a4b');
    await expect.poll(() => e2e.page.getByLabel('API key').inputValue()).toBe('');

    mode = 'hold';
    await e2e.page.reload();
    await showTab(e2e.page, 'BYOK');
    await e2e.page.getByRole('button', { name: 'Alice', exact: true }).click();
    await expect.poll(() => held.length).toBeGreaterThan(0);
    await saveKey('sk-alice-own-long-key-5c6d');
    // the form waits for the keys to load again after a save
    mode = 'pass';
    for (const route of held.splice(0)) await route.continue();
    await e2e.page.unroute(keysUrl);
    await expect.poll(() => e2e.page.getByLabel('API key').inputValue()).toBe('');
    await expect.poll(() => e2e.page.getByLabel('Preferred models').inputValue()).toBe('fo/small');
    // the failed loads' console lines are this test's doing
    expect(e2e.errors.splice(errorsBefore).every((e) => e.includes('500'))).toBe(true);
  });

  it('BYOK: a key saved is tried at the provider, and one it refuses says so (saved anyway)', async () => {
    const fake = await startFakeOpenAI({ apiKey: 'sk-shared-good-key-1234' });
    try {
      await api('POST', '/providers', { id: 'fk', name: 'Keyed', type: 'openai-compatible', base_url: fake.url, api_key: 'sk-shared-good-key-1234' });
      await e2e.page.reload();
      await showTab(e2e.page, 'BYOK');
      await e2e.page.getByRole('button', { name: 'Alice', exact: true }).click();
      await e2e.page.getByLabel('Provider', { exact: true }).selectOption('fk');
      await e2e.page.getByLabel('API key').fill('sk-alice-wrong-key-9z9z');
      await e2e.page.getByRole('button', { name: 'Save key' }).click();
      const check = e2e.page.getByTestId('byok-key-check');
      await expect.poll(() => check.textContent()).toContain('fk refused the key');
      const said = (await check.textContent()) ?? '';
      expect(said).toContain('HTTP 401');
      expect(said).toContain("Saved anyway: Alice's requests to fk use this key");
      expect(said).not.toContain('sk-alice-wrong-key-9z9z');
      expect(await check.getAttribute('role')).toBe('status');
      expect(((await api('GET', '/users/alice/byok')) as { provider_id: string }[]).some((k) => k.provider_id === 'fk')).toBe(true);

      await e2e.page.getByLabel('API key').fill('sk-shared-good-key-1234');
      await e2e.page.getByRole('button', { name: 'Save key' }).click();
      await expect.poll(() => check.textContent()).toContain('fk accepted the key');
      await api('DELETE', '/users/alice/byok/fk');
      await api('DELETE', '/providers/fk');
    } finally {
      await fake.close();
    }
  });

  it('Models: a price the browser cannot read is refused, not saved as unknown', async () => {
    await showTab(e2e.page, 'Models');
    await e2e.page.getByRole('button', { name: /^Input price of fo\/small:/ }).click();
    const inline = e2e.page.getByLabel('Input price of fo/small', { exact: true });
    await inline.fill('');
    await inline.pressSequentially('1e');
    await inline.press('Enter');
    await expect.poll(() => inline.getAttribute('aria-invalid')).toBe('true');
    await inline.press('Escape');
    expect((await model())[0]?.input_cost_per_1m).toBe(1);

    await e2e.page.getByRole('button', { name: 'Prices of fo/small' }).click();
    const dialog = e2e.page.getByRole('dialog', { name: 'Prices of fo/small' });
    const input = dialog.getByLabel('Input $ per 1M tokens, standard', { exact: true });
    await input.fill('');
    await input.pressSequentially('--2');
    await e2e.page.getByRole('button', { name: 'Save prices' }).click();
    await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
    expect((await model())[0]?.input_cost_per_1m).toBe(1);
    expect(e2e.errors).toEqual([]);
  });

  it('Models: a price typed as the cell shows it ($0.50) is saved; text that is no price says what the field takes', async () => {
    await showTab(e2e.page, 'Models');
    await e2e.page.getByRole('button', { name: /^Output price of fo\/small:/ }).click();
    const inline = e2e.page.getByLabel('Output price of fo/small', { exact: true });
    await inline.fill('fifty cents');
    await inline.press('Enter');
    await expect.poll(() => inline.getAttribute('aria-invalid')).toBe('true');
    const hintId = await inline.getAttribute('aria-describedby');
    expect(hintId).toBeTruthy();
    const hint = e2e.page.locator(`[id="${hintId}"]`);
    expect(await hint.isVisible()).toBe(true);
    expect(await hint.textContent()).toBe('A price in dollars per 1M tokens, e.g. 0.5 (empty: unknown)');
    expect((await model())[0]?.input_cost_per_1m).toBe(1);

    await inline.fill(' $0.50 ');
    // typing again takes the message away until the next try
    expect(await inline.getAttribute('aria-describedby')).toBeNull();
    await inline.press('Enter');
    await expect.poll(async () => ((await api('GET', '/models?provider_id=fo')) as { output_cost_per_1m: number | null }[])[0]?.output_cost_per_1m).toBe(0.5);
    await expect.poll(() => e2e.page.getByRole('button', { name: /^Output price of fo\/small:/ }).count()).toBe(1);
    expect(e2e.errors).toEqual([]);
  });
});
