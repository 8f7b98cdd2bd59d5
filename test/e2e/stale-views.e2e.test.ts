// What a view kept showing after the state behind it changed: a #token= link pasted into the login screen,
// models discovery switched off, a removed key's warning, Routing errors already corrected, a What-if result
// beside a reset form, a token's "Last used" after requests with it; and what must not change under the user
// (a half-typed key's provider) or go with the element that had the focus.
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, SCREENSHOT_DIR, screenshot, watchErrors } from './browser';
import { proxyChat } from './serve-process';
import { useE2E } from './suite';

const FAKE_KEY = 'sk-fake-stale-7e8f9a0b';

/** The element with the keyboard focus: its role (else tag), id and text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    return { role: a?.getAttribute('role') ?? a?.tagName.toLowerCase(), id: a?.id, text: a?.textContent?.trim() };
  });

describe.skipIf(!chromiumAvailable())('views that follow the state behind them', () => {
  const e2e = useE2E({
    fake: { apiKey: FAKE_KEY },
    fakeProvider: true,
    seed: async () => {
      await api('POST', '/models', { provider_id: 'fo', model_name: 'tiny', input_cost_per_1m: 0.5, output_cost_per_1m: 1, context_length: 128000, quality: 50 });
      // a cloud type on loopback (a relay): what discovery adds from it outside the bundled table stays switched off
      await api('POST', '/providers', { id: 'relay', name: 'Relay Box', type: 'openai', base_url: e2e.fake.url, api_key: FAKE_KEY });
      await api('POST', '/users', { id: 'alice', name: 'Alice' });
    },
    reloadEachTest: true,
  });
  const { api, show } = e2e;

  it('Login: a #token= link pasted into a tab showing the login screen signs in and leaves the address bar', async () => {
    const context = await e2e.browser.newContext();
    try {
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${e2e.serve.url}/`);
      await page.getByLabel('Admin token').waitFor();

      // a wrong one says so on the login screen
      const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/llm/status') && r.status() === 401);
      await page.goto(`${e2e.serve.url}/#token=not-the-token`);
      await refused;
      await expect.poll(() => page.locator('.error-box').textContent()).toBe('The admin token in the link was not accepted.');
      expect(page.url()).not.toContain('token=');
      // refused, it is not kept: a reload shows the login screen as it was, with no "not accepted"
      expect(await page.evaluate(() => sessionStorage.getItem('switchboard.admin-token'))).toBeNull();
      await page.reload();
      await page.getByLabel('Admin token').waitFor();
      expect(await page.locator('.error-box').count()).toBe(0);

      await page.goto(`${e2e.serve.url}/#token=${encodeURIComponent(e2e.serve.adminToken)}`);
      await page.getByRole('heading', { name: 'Providers', level: 1 }).waitFor();
      expect(page.url()).not.toContain('token=');
      expect(await page.evaluate(() => sessionStorage.getItem('switchboard.admin-token'))).toBe(e2e.serve.adminToken);

      // signed in, a link with a token the admin API refuses changes nothing (but leaves the address bar)
      const checked = page.waitForResponse((r) => r.url().endsWith('/api/v1/llm/status') && r.status() === 401);
      await page.goto(`${e2e.serve.url}/#tab=x&token=garbage`);
      await checked;
      await expect.poll(() => page.url()).toBe(`${e2e.serve.url}/#tab=x`);
      await page.getByRole('tab', { name: 'Models' }).click();
      await page.getByRole('heading', { name: 'Models', level: 1 }).waitFor();
      expect(await page.getByLabel('Admin token').count()).toBe(0);
      expect(await page.evaluate(() => sessionStorage.getItem('switchboard.admin-token'))).toBe(e2e.serve.adminToken);

      // with nothing stored (site data cleared, storage blocked) a refused link still meets the token in use: the
      // header's next status poll goes out with it, and the session stays
      await page.evaluate(() => sessionStorage.clear());
      await page.goto(`${e2e.serve.url}/#token=garbage-again`);
      await expect.poll(() => page.url()).toBe(`${e2e.serve.url}/`);
      const polled = page
        .waitForResponse((r) => r.url().endsWith('/api/v1/llm/status') && r.request().headers().authorization === `Bearer ${e2e.serve.adminToken}`, { timeout: 15_000 })
        .then((r) => `polled: ${r.status()}`, () => 'no poll');
      const signedOut = page.getByLabel('Admin token').waitFor({ timeout: 15_000 }).then(() => 'signed out', () => 'timed out');
      expect(await Promise.race([polled, signedOut])).toBe('polled: 200');
      expect(await page.getByLabel('Admin token').count()).toBe(0);
      expect(await page.evaluate(() => sessionStorage.getItem('switchboard.admin-token'))).toBeNull();
      // the refused checks' console lines are this test's doing
      expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('Providers: Discover says how many models arrived switched off for an unknown price, and opens them in Models', async () => {
    await show('Providers');
    const row = e2e.page.locator('table tbody tr', { hasText: 'Relay Box' });
    await row.getByRole('button', { name: 'Discover models' }).click();
    const result = e2e.page.getByTestId('provider-discover-result');
    await expect.poll(() => result.textContent(), { timeout: 15_000 }).toContain('2 models added');
    const off = e2e.page.getByTestId('provider-discover-off');
    expect(await off.textContent()).toContain('2 switched off because their price is unknown');
    expect(await off.textContent()).toContain('Models tab');
    await screenshot(e2e.page, 'stale-discover-off');

    await off.getByRole('button', { name: 'Show them in Models' }).focus();
    await e2e.page.keyboard.press('Enter');
    await e2e.page.getByRole('heading', { name: 'Models', level: 1 }).waitFor();
    // the button went with the Providers tab: the focus is on the tab opened, not on <body>
    expect(await focused(e2e.page)).toMatchObject({ role: 'tab', text: 'Models' });
    // (the filter's options arrive with the tab's own load of the providers)
    await expect.poll(() => e2e.page.getByLabel('Provider', { exact: true }).inputValue()).toBe('relay');
    await expect.poll(() => e2e.page.locator('table tbody tr').count()).toBe(2);
    expect(await e2e.page.getByRole('switch', { name: /relay\/fake-small/ }).isChecked()).toBe(false);

    // a runtime of one's own: its models arrive switched on, and nothing more is said
    await show('Providers');
    const foRow = e2e.page.locator('table tbody tr', { hasText: 'Fake OpenAI' });
    await foRow.getByRole('button', { name: 'Discover models' }).click();
    const foResult = foRow.locator('xpath=following-sibling::tr[1]');
    await expect.poll(() => foResult.getByTestId('provider-discover-result').textContent(), { timeout: 15_000 }).toContain('2 models added');
    expect(await foResult.getByTestId('provider-discover-off').count()).toBe(0);
    expect(await api('GET', '/models?provider_id=fo&enabled=false')).toEqual([]);
    expect(e2e.errors).toEqual([]);
  });

  it('BYOK: removing a profile\'s key asks first, and takes the warning about that key with it', async () => {
    await show('BYOK');
    await e2e.page.getByRole('button', { name: 'Alice', exact: true }).click();
    await e2e.page.getByLabel('Provider', { exact: true }).selectOption('fo');
    await e2e.page.getByLabel('API key').fill('sk-alice-wrong-key-4d5e');
    await e2e.page.getByRole('button', { name: 'Save key' }).click();
    const check = e2e.page.getByTestId('byok-key-check');
    await expect.poll(() => check.textContent()).toContain("Saved anyway: Alice's requests to fo use this key");

    const remove = e2e.page.getByRole('button', { name: 'Remove key for fo' });
    await remove.click();
    const dialog = e2e.page.getByRole('dialog', { name: "Remove Alice's key for fo?" });
    await dialog.screenshot({ path: resolve(SCREENSHOT_DIR, 'stale-remove-key.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await api('GET', '/users/alice/byok')).toHaveLength(1);
    expect(await check.count()).toBe(1);
    expect(await focused(e2e.page)).toMatchObject({ text: 'Remove' });

    await remove.click();
    await dialog.getByRole('button', { name: 'Remove key' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => api('GET', '/users/alice/byok')).toEqual([]);
    await e2e.page.getByText('No own keys: the global provider keys are used.').waitFor();
    expect(await check.count()).toBe(0);
    // the key's row went, its Remove button with it: the focus is on the key form, not on <body>
    expect(await focused(e2e.page)).toMatchObject({ id: 'byok-provider' });
    expect(e2e.errors).toEqual([]);
  });

  it('Routing: once a Save showed errors, each one goes as its field is corrected', async () => {
    await show('Routing');
    await e2e.page.getByLabel('Timeout (ms)').fill('0');
    await e2e.page.getByLabel('Cooldown after failures').fill('0');
    await e2e.page.getByRole('button', { name: 'Save', exact: true }).click();
    const problems = e2e.page.getByTestId('routing-errors');
    await expect.poll(() => problems.locator('strong').textContent()).toBe('2 fields need attention');

    await e2e.page.getByLabel('Timeout (ms)').fill('60000');
    await expect.poll(() => problems.locator('li').allTextContents()).toEqual(['Cooldown after failures: A whole number from 1 to 100']);
    await e2e.page.getByLabel('Cooldown after failures').fill('3');
    await problems.waitFor({ state: 'detached' });
    expect(await e2e.page.locator('.field-error').count()).toBe(0);
    await e2e.page.getByRole('button', { name: 'Save', exact: true }).click();
    await e2e.page.getByTestId('unsaved-marker').waitFor({ state: 'detached' });
    expect(await api('GET', '/routing/rules')).toMatchObject({ timeout_ms: 60000, cooldown_failures: 3 });
  });

  it('Usage: a What-if result goes when the tab is left, with the form that asked it', async () => {
    await show('Usage');
    await e2e.page.getByLabel('Scenario').selectOption('model');
    await e2e.page.getByLabel('Model', { exact: true }).selectOption('fo/tiny');
    await e2e.page.getByRole('button', { name: 'Compare' }).click();
    await e2e.page.getByTestId('whatif-result').waitFor();

    await show('Models');
    await show('Usage');
    expect(await e2e.page.getByLabel('Scenario').inputValue()).toBe('power');
    expect(await e2e.page.getByTestId('whatif-result').count()).toBe(0);
  });

  it('BYOK: a token\'s Last used follows requests made with it while the tab is open', async () => {
    const created = await api('POST', '/users', { id: 'bob', name: 'Bob' });
    await show('Providers');
    await show('BYOK');
    await e2e.page.getByRole('button', { name: 'Bob', exact: true }).click();
    const lastUsed = e2e.page.getByRole('region', { name: 'Proxy tokens' }).locator('tbody tr').first().locator('td').nth(2);
    await expect.poll(() => lastUsed.textContent()).toBe('never');

    expect((await proxyChat(e2e.serve, created.token, 'fo/tiny')).status).toBe(200);
    await expect.poll(() => lastUsed.textContent(), { timeout: 15_000 }).not.toBe('never');
    expect(await e2e.page.getByRole('heading', { name: 'Profiles & keys' }).count()).toBe(1);
  });

  it('BYOK: a key half typed keeps its provider while the list polls and providers come and go elsewhere', async () => {
    // fo first in the list (by priority), so the form's default is a provider on loopback
    const { priority } = (await api('GET', '/providers')).find((p: { id: string }) => p.id === 'fo');
    await api('PUT', '/providers/fo', { priority: -1 });
    await show('BYOK');
    await e2e.page.getByRole('button', { name: 'Alice', exact: true }).click();
    const provider = e2e.page.getByLabel('Provider', { exact: true });
    expect(await provider.inputValue()).toBe('fo');
    await e2e.page.getByLabel('API key').fill('sk-alice-for-fo-9a8b');

    // another window adds a provider that sorts first; the tab's poll comes and goes
    await api('POST', '/providers', { id: 'aaa', name: 'AAA First', type: 'openai-compatible', base_url: e2e.fake.url, api_key: FAKE_KEY, priority: -2 });
    await e2e.page.waitForResponse((r) => r.url().endsWith('/api/v1/llm/users') && r.request().method() === 'GET', { timeout: 10_000 });
    expect(await provider.inputValue()).toBe('fo');
    // a change made in the tab reloads the providers: the new one is offered, the choice stays
    await e2e.page.getByRole('button', { name: 'Issue token' }).click();
    await expect.poll(() => provider.locator('option').allTextContents()).toContain('AAA First');
    expect(await provider.inputValue()).toBe('fo');

    await e2e.page.getByRole('button', { name: 'Save key' }).click();
    await expect.poll(() => api('GET', '/users/alice/byok')).toMatchObject([{ provider_id: 'fo', api_key_masked: expect.stringContaining('9a8b') }]);
    await api('DELETE', '/users/alice/byok/fo');
    await api('DELETE', '/providers/aaa');
    await api('PUT', '/providers/fo', { priority });
  });
});
