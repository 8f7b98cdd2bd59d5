// Review fixes in Chromium: the Claude Code and Gemini CLI snippets say whether their routing name switch is on
// and turn it on; a model's capabilities and context are editable; modals are laid out as modals wherever they
// are opened from (not as a table cell); the Models table fits its card.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';
import { chromiumAvailable, launchChromium, openSignedIn, screenshot, showTab } from './browser';
import { adminApi, proxyChat, startServe, type ServeProcess } from './serve-process';

const FAKE_KEY = 'sk-fake-review2-1a2b3c4d';

describe.skipIf(!chromiumAvailable())('review fixes (2)', () => {
  let fake: FakeProvider;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  const api = (method: string, path: string, body?: unknown) => adminApi(serve, method, path, body);
  const show = (tab: string) => showTab(page, tab);

  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: FAKE_KEY });
    serve = await startServe();
    browser = await launchChromium();
    await api('POST', '/providers', { id: 'fo', name: 'Fake OpenAI', type: 'openai-compatible', base_url: fake.url, api_key: FAKE_KEY });
    await api('POST', '/models', { provider_id: 'fo', model_name: 'tiny', input_cost_per_1m: 0.02, output_cost_per_1m: 0.0004, context_length: 128000, quality: 50 });
    ({ page, errors } = await openSignedIn(await browser.newContext({ viewport: { width: 1280, height: 800 } }), serve));
  });
  afterAll(async () => {
    await browser?.close();
    expect(await serve?.stop()).toBe(0);
    await fake?.close();
  });

  it('BYOK: the Claude Code snippet shows its name switch off, one click turns it on, and the Routing tab shows it on', async () => {
    expect((await proxyChat(serve, serve.defaultToken, 'claude-opus-5-5')).status).toBeGreaterThanOrEqual(400);
    await show('BYOK');
    await page.getByRole('tab', { name: 'Claude Code' }).click();
    const note = page.getByTestId('name-switch-claude_code_model_names');
    expect(await note.locator('.badge').textContent()).toBe('off');
    await note.getByRole('button', { name: 'Turn on Claude Code names' }).click();
    await expect.poll(() => note.locator('.badge').textContent()).toBe('on');
    expect(await note.getByRole('button').count()).toBe(0);
    await screenshot(page, 'review2-byok-claude-code-switch');
    expect((await api('GET', '/routing/rules')).claude_code_model_names).toBe(true);
    expect((await proxyChat(serve, serve.defaultToken, 'claude-opus-5-5')).status).toBe(200);

    await page.getByRole('tab', { name: 'Gemini CLI' }).click();
    expect(await page.getByTestId('name-switch-gemini_cli_model_names').locator('.badge').textContent()).toBe('off');

    await show('Routing');
    expect(await page.getByLabel('Claude Code names').isChecked()).toBe(true);
    expect(await page.getByLabel('Gemini CLI names').isChecked()).toBe(false);
    expect(await page.getByTestId('unsaved-marker').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
