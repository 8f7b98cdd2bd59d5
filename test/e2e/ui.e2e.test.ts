// The React UI against the real headless server and a fake OpenAI provider, in Chromium:
// every tab shows real data, a provider is added, tested and discovered, a request through the
// proxy (official openai client) shows up in Usage, and the console stays clean.
import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, screenshot, watchErrors } from './browser';
import { useE2E } from './suite';

const FAKE_KEY = 'sk-fake-e2e-key-7f3a';

describe.skipIf(!chromiumAvailable())('headless UI in Chromium', () => {
  // each test opens its own pages
  const e2e = useE2E({ fake: { apiKey: FAKE_KEY, models: ['fake-small', 'fake-large'] }, page: 'none' });

  it('asks for the admin token when the URL has none and accepts the right one', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${e2e.serve.url}/`);
    const tokenInput = page.getByLabel('Admin token');
    await tokenInput.waitFor();
    await tokenInput.fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('.field-error').textContent()).toBeTruthy();
    await screenshot(page, '00-login-refused');
    await tokenInput.fill(e2e.serve.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('tab', { name: 'Providers' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('switchboard.admin-token'))).toBe(e2e.serve.adminToken);
    await context.close();
  });

  it('keeps the admin token for this tab only: none in localStorage, an old one there removed, a reload signed in, a new tab asks', async () => {
    // an older version left the token in localStorage, where whatever listens on this port later could read it
    const context = await e2e.browser.newContext({
      viewport: { width: 1280, height: 800 },
      storageState: { cookies: [], origins: [{ origin: e2e.serve.url, localStorage: [{ name: 'switchboard.admin-token', value: e2e.serve.adminToken }] }] },
    });
    try {
      const page = await context.newPage();
      await page.goto(`${e2e.serve.url}/`);
      // it is gone at start, and not taken as a sign-in either
      await page.getByLabel('Admin token').waitFor();
      expect(await page.evaluate(() => localStorage.getItem('switchboard.admin-token'))).toBeNull();

      await page.goto(`${e2e.serve.url}/#token=${encodeURIComponent(e2e.serve.adminToken)}`);
      await page.getByRole('heading', { name: 'Providers', level: 1 }).waitFor();
      expect(await page.evaluate((t) => Object.values(localStorage).includes(t), e2e.serve.adminToken)).toBe(false);
      await page.reload();
      await page.getByRole('heading', { name: 'Providers', level: 1 }).waitFor();
      expect(await page.getByLabel('Admin token').count()).toBe(0);

      // a second tab has no token: the login screen says where the token is
      const second = await context.newPage();
      await second.goto(`${e2e.serve.url}/`);
      await second.getByLabel('Admin token').waitFor();
      expect(await second.locator('.login-card').textContent()).toContain('#token=');
      await screenshot(second, '00-login-second-tab');
    } finally {
      await context.close();
    }
  });

  it('stays signed in when a link from elsewhere brings a wrong #token=, and its hash leaves the address bar', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${e2e.serve.url}/#token=${e2e.serve.adminToken}`);
    await page.getByRole('heading', { name: 'Providers', level: 1 }).waitFor();
    await page.goto('about:blank');
    await page.goto(`${e2e.serve.url}/#token=garbage`);
    await page.getByRole('heading', { name: 'Providers', level: 1 }).waitFor();
    expect(await page.getByLabel('Admin token').count()).toBe(0);
    expect(page.url()).not.toContain('token=');
    expect(await page.evaluate(() => sessionStorage.getItem('switchboard.admin-token'))).toBe(e2e.serve.adminToken);
    await context.close();
  });

  it('drives every tab against real data', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    const page = await context.newPage();
    const errors = watchErrors(page);

    // login from the URL, the way `serve` prints it; the token leaves the address bar
    await page.goto(`${e2e.serve.url}/#token=${e2e.serve.adminToken}`);
    await page.getByRole('heading', { name: 'Providers' }).waitFor();
    expect(page.url()).not.toContain('token=');
    await expect.poll(() => page.locator('.header-url').textContent()).toBe(e2e.serve.url);

    // Providers: the seeded catalog, then our fake provider added, tested and discovered
    await expect.poll(() => page.locator('table tbody tr').count()).toBeGreaterThan(0);
    await screenshot(page, '01-providers-seeded');
    const providerId = await addFakeProvider(page, e2e.fake.url);
    const row = providerRow(page, providerId);
    await row.getByRole('button', { name: 'Test' }).click();
    const testResult = page.getByTestId('provider-test-result');
    await expect.poll(() => testResult.textContent(), { timeout: 15_000 }).toContain('Connection OK');
    await row.getByRole('button', { name: 'Discover models' }).click();
    await expect.poll(() => page.getByTestId('provider-discover-result').textContent(), { timeout: 15_000 }).toMatch(/2 models added/);
    await expect.poll(() => row.locator('.badge').first().textContent()).toBe('healthy');
    await screenshot(page, '02-providers');

    // Models: the discovered models, priced by inline edit (the model id's '/' is %2F-encoded)
    await page.getByRole('tab', { name: 'Models' }).click();
    await expect.poll(() => page.locator('table tbody tr').count()).toBeGreaterThan(2);
    await page.getByLabel('Provider', { exact: true }).selectOption(providerId);
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(2);
    const modelId = `${providerId}/fake-small`;
    await setInlineNumber(page, `Input price of ${modelId}`, '1.5');
    await setInlineNumber(page, `Output price of ${modelId}`, '4');
    await expect.poll(() => page.getByRole('button', { name: `Input price of ${modelId}: $1.50. Edit` }).count()).toBe(1);
    await page.getByLabel('Provider', { exact: true }).selectOption('');
    await screenshot(page, '03-models');

    // a real request through the proxy with the official client and the default profile token
    const client = new OpenAI({ baseURL: `${e2e.serve.url}/v1`, apiKey: e2e.serve.defaultToken, maxRetries: 0 });
    const { data, response } = await client.chat.completions
      .create({ model: modelId, messages: [{ role: 'user', content: 'Say hello' }] })
      .withResponse();
    expect(response.headers.get('x-switchboard-model')).toBe(modelId);
    expect(data.choices[0]?.message.content).toBeTruthy();
    expect(e2e.fake.requests.some((r) => r.path.includes('/chat/completions'))).toBe(true);

    // Routing: rules render; the simulator ranks candidates without calling the provider
    await page.getByRole('tab', { name: 'Routing' }).click();
    await page.getByRole('heading', { name: 'Route simulator' }).waitFor();
    await page.getByLabel('Model name').fill(modelId);
    const upstreamBefore = e2e.fake.requests.length;
    await page.getByRole('button', { name: 'Simulate' }).click();
    await expect.poll(() => page.getByTestId('route-preview').textContent()).toContain(modelId);
    expect(e2e.fake.requests.length).toBe(upstreamBefore);
    await screenshot(page, '04-routing');

    // Usage: the request is counted and priced, and the charts are drawn
    await page.getByRole('tab', { name: 'Usage' }).click();
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh usage' }).click();
          return Number((await page.getByTestId('total-requests').textContent())?.replace(/,/g, ''));
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('total-cost').textContent()).not.toMatch(/^\$0\.00$/);
    const costChart = page.getByRole('img', { name: 'Cost per day stacked by provider' });
    expect(await costChart.locator('rect').count()).toBeGreaterThan(0);
    expect(await page.getByRole('img', { name: 'Requests per day' }).locator('rect').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.table-grid').textContent()).toContain(modelId);
    await page.getByRole('button', { name: 'Compare' }).click();
    await expect.poll(() => page.getByTestId('whatif-result').textContent()).toMatch(/Actual/);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csvPath = await (await download).path();
    const csvLines = readFileSync(csvPath, 'utf8').trim().split('\n');
    expect(csvLines.length).toBeGreaterThanOrEqual(2);
    expect(csvLines.slice(1).join('\n')).toContain(modelId);
    await screenshot(page, '05-usage');

    // BYOK: the default profile, and set-up snippets with the real proxy URL and token
    await page.getByRole('tab', { name: 'BYOK' }).click();
    await page.getByRole('button', { name: /^default$/i }).first().waitFor();
    const setup = page.getByTestId('setup-panel');
    await expect.poll(() => setup.textContent()).toContain(`${e2e.serve.url}/v1`);
    expect(await setup.textContent()).toContain(e2e.serve.defaultToken);
    await page.getByRole('button', { name: 'Issue token' }).click();
    await expect.poll(() => page.getByTestId('token-reveal').textContent()).toMatch(/sb-/);
    await screenshot(page, '06-byok');

    // the header's spend follows the request
    await expect.poll(() => page.getByTestId('today-spend').textContent(), { timeout: 15_000 }).not.toBe('$0.00');

    // keyboard: the tab list moves with the arrow keys
    await page.getByRole('tab', { name: 'BYOK' }).focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByRole('tab', { name: 'Activity' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Activity');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('lays out at 800px in dark mode without errors', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 800, height: 800 }, colorScheme: 'dark' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${e2e.serve.url}/#token=${e2e.serve.adminToken}`);
    for (const tab of ['Providers', 'Models', 'Routing', 'Usage', 'Activity', 'BYOK']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.locator('.tab-content[data-state="active"] h1').waitFor();
      await expect.poll(() => page.locator('.tab-content[data-state="active"] .loading-state').count()).toBe(0);
      // nothing wider than the window except scrollable tables
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${tab} overflows horizontally`).toBeLessThanOrEqual(0);
      await screenshot(page, `07-narrow-dark-${tab.toLowerCase()}`);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});

function providerRow(page: Page, providerId: string) {
  return page.locator('table tbody tr').filter({ has: page.locator('.cell-sub', { hasText: new RegExp(`^${providerId}$`) }) });
}

async function addFakeProvider(page: Page, baseUrl: string): Promise<string> {
  await page.getByRole('button', { name: 'Add provider' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('Fake OpenAI');
  await dialog.getByLabel('Type').selectOption('openai-compatible');
  await dialog.getByLabel('Base URL').fill(baseUrl);
  await dialog.getByLabel('API key').fill(FAKE_KEY);
  await dialog.getByRole('button', { name: 'Add provider' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const cell = page.locator('table tbody tr', { hasText: 'Fake OpenAI' }).locator('.cell-sub').first();
  const id = (await cell.textContent())?.trim() ?? '';
  expect(id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
  // the key is never shown back, only its mask
  expect(await page.locator('table').textContent()).not.toContain(FAKE_KEY);
  return id;
}

async function setInlineNumber(page: Page, label: string, value: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${escapeRegExp(label)}:`) }).click();
  const input = page.getByRole('textbox', { name: label });
  await input.fill(value);
  await input.press('Enter');
  await input.waitFor({ state: 'detached' });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
