// Issue 15 item 7 in Chromium: forms that say what is wrong in words, dialogs that focus their first
// field, a provider's Enabled box that means what it shows, AA contrast on every tab in light and dark
// mode (checked over the rendered page), and headings that never skip a level.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { contrastProblems, headingSkips } from './a11y';
import { chromiumAvailable, openSignedIn, screenshot, showTab } from './browser';
import { useE2E } from './suite';

const TABS = ['Providers', 'Models', 'Routing', 'Usage', 'Activity', 'BYOK'];

describe.skipIf(!chromiumAvailable())('forms and accessibility', () => {
  // each test opens its own pages
  const e2e = useE2E({ page: 'none' });

  async function open(colorScheme: 'light' | 'dark' = 'light', width = 1280): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
    const context = await e2e.browser.newContext({ viewport: { width, height: 800 }, colorScheme });
    const { page, errors } = await openSignedIn(context, e2e.serve);
    return { page, errors, close: () => context.close() };
  }

  it('Add provider: the first field has focus, a clash is resolved with the Id field, a bare host gets words', async () => {
    const { page, errors, close } = await open();
    await page.getByRole('button', { name: 'Add provider' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(await dialog.getByLabel('Name').getAttribute('id'));
    await dialog.getByLabel('Name').fill('OpenAI');
    await dialog.getByLabel('Base URL').fill('api.example.com/v1');
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await expect.poll(() => dialog.locator('.field-error').allTextContents()).toEqual([
      'Base URL must be an absolute http(s) URL, such as https://api.openai.com/v1',
    ]);
    await dialog.getByLabel('Base URL').fill('https://api.example.com/v1');
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    // the seeded OpenAI provider already has the id the name gives: the Id field says so and takes another
    const idField = dialog.getByLabel('Id');
    await expect.poll(() => dialog.locator('.field-error').allTextContents()).toEqual(['a provider with id openai already exists']);
    expect(await idField.getAttribute('placeholder')).toBe('openai');
    await idField.fill('openai-work');
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('table tbody tr', { hasText: 'openai-work' }).first().waitFor();
    // the clash is the one failed call: Chromium logs every 4xx it sees
    expect(errors.filter((e) => !e.includes('status of 409'))).toEqual([]);
    await close();
  });

  it('Edit provider: a first key switches Enabled on visibly, and unticking it keeps the provider off', async () => {
    const { page, close } = await open();
    const row = page.locator('table tbody tr').filter({ has: page.locator('.cell-sub', { hasText: /^mistral$/ }) });
    await row.getByRole('button', { name: 'Edit Mistral' }).click();
    const dialog = page.getByRole('dialog');
    const enabled = dialog.getByLabel('Enabled');
    expect(await enabled.isChecked()).toBe(false);
    await dialog.getByLabel('API key').fill('sk-mistral-test-0123456789');
    expect(await enabled.isChecked()).toBe(true);
    await enabled.uncheck();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const mistral = ((await e2e.api('GET', '/providers')) as { id: string; enabled: boolean; has_key: boolean }[]).find((p) => p.id === 'mistral');
    expect(mistral).toMatchObject({ enabled: false, has_key: true });
    await close();
  });

  it('Add model: no provider is picked for the user, and every bad field is named at once', async () => {
    const { page, close } = await open();
    await showTab(page, 'Models');
    await page.getByRole('button', { name: 'Add model' }).click();
    const dialog = page.getByRole('dialog');
    const provider = dialog.getByLabel('Provider');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
    expect(await provider.inputValue()).toBe('');
    await dialog.getByLabel('Model name').fill('gpt-4.1-mini');
    await dialog.getByLabel('Context length').fill('lots');
    await dialog.getByRole('button', { name: 'Add model' }).click();
    await expect.poll(() => dialog.locator('.field-error').allTextContents()).toEqual([
      'Choose the provider that serves this model', 'A whole number of tokens',
    ]);
    await provider.selectOption('openai');
    expect(await dialog.getByText('Clients send it as openai/gpt-4.1-mini').count()).toBe(1);
    await page.keyboard.press('Escape');
    await close();
  });

  it('Settings: exports the configuration as a file and imports it back, all or nothing', async () => {
    const { page, errors, close } = await open();
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
    // the headless UI cannot start anything at login: the desktop-only setting is not offered
    expect(await dialog.getByText('Start Switchboard when I log in').count()).toBe(0);
    // days typed in hex are no number of days (Number() would read 0x10 as 16): an error, nothing saved
    const retention = dialog.getByLabel('Keep request details for (days)');
    await expect.poll(() => retention.inputValue()).not.toBe('');
    const kept = await retention.inputValue();
    await retention.fill('0x10');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByText('Whole days from 1 to 3650').count()).toBe(1);
    await retention.fill(kept);
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export configuration' }).click();
    const file = await (await download).path();
    const text = readFileSync(file, 'utf8');
    const doc = JSON.parse(text) as { format: string; providers: unknown[] };
    expect(doc.format).toBe('switchboard-config');
    expect(text).not.toContain(e2e.serve.defaultToken);

    await dialog.getByLabel('Import configuration…').setInputFiles(file);
    await expect.poll(() => dialog.getByTestId('import-result').textContent()).toContain(`Providers: 0 added, ${doc.providers.length} updated`);
    expect(await contrastProblems(page, 'dialog[open]')).toEqual([]);
    await dialog.getByLabel('Import configuration…').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...doc, version: 9 })) });
    await expect.poll(() => dialog.locator('.error-box').textContent()).toBe('version: version must be at most 1. Nothing was changed.');
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    await close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`meets AA contrast with headings in order on every tab (${scheme})`, async () => {
      const { page, errors, close } = await open(scheme);
      for (const tab of TABS) {
        await showTab(page, tab);
        expect(await contrastProblems(page), `${tab} (${scheme})`).toEqual([]);
        expect(await headingSkips(page), `${tab} (${scheme})`).toEqual([]);
      }
      await screenshot(page, `a11y-${scheme}`);
      expect(errors).toEqual([]);
      await close();
    });
  }
});
