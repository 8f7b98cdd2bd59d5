// Review fixes in Chromium: the Claude Code and Gemini CLI snippets say whether their routing name switch is on
// and turn it on; a model's capabilities and context are editable; modals are laid out as modals wherever they
// are opened from (not as a table cell); the Models table fits its card.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, screenshot } from './browser';
import { proxyChat } from './serve-process';
import { useE2E } from './suite';

const FAKE_KEY = 'sk-fake-review2-1a2b3c4d';

describe.skipIf(!chromiumAvailable())('review fixes (2)', () => {
  const e2e = useE2E({
    fake: { apiKey: FAKE_KEY },
    fakeProvider: true,
    seed: async () => {
      await api('POST', '/models', { provider_id: 'fo', model_name: 'tiny', input_cost_per_1m: 0.02, output_cost_per_1m: 0.0004, context_length: 128000, quality: 50 });
    },
  });
  const { api, show } = e2e;

  it('BYOK: the Claude Code snippet shows its name switch off, one click turns it on, and the Routing tab shows it on', async () => {
    expect((await proxyChat(e2e.serve, e2e.serve.defaultToken, 'claude-opus-5-5')).status).toBeGreaterThanOrEqual(400);
    await show('BYOK');
    await e2e.page.getByRole('tab', { name: 'Claude Code' }).click();
    const note = e2e.page.getByTestId('name-switch-claude_code_model_names');
    expect(await note.locator('.badge').textContent()).toBe('off');
    await note.getByRole('button', { name: 'Turn on Claude Code names' }).click();
    await expect.poll(() => note.locator('.badge').textContent()).toBe('on');
    expect(await note.getByRole('button').count()).toBe(0);
    await screenshot(e2e.page, 'review2-byok-claude-code-switch');
    expect((await api('GET', '/routing/rules')).claude_code_model_names).toBe(true);
    expect((await proxyChat(e2e.serve, e2e.serve.defaultToken, 'claude-opus-5-5')).status).toBe(200);

    await e2e.page.getByRole('tab', { name: 'Gemini CLI' }).click();
    expect(await e2e.page.getByTestId('name-switch-gemini_cli_model_names').locator('.badge').textContent()).toBe('off');

    await show('Routing');
    expect(await e2e.page.getByLabel('Claude Code names').isChecked()).toBe(true);
    expect(await e2e.page.getByLabel('Gemini CLI names').isChecked()).toBe(false);
    expect(await e2e.page.getByTestId('unsaved-marker').count()).toBe(0);
    expect(e2e.errors).toEqual([]);
  });

  for (const width of [1280, 900]) {
    it(`Models at ${width} px: the Prices dialog (opened from a row's actions cell) fits, its tier's Remove button in view; Escape gives focus back`, async () => {
      await e2e.page.setViewportSize({ width, height: 800 });
      await show('Models');
      const opener = e2e.page.getByRole('button', { name: 'Prices of fo/tiny' });
      await opener.click();
      const dialog = e2e.page.getByRole('dialog', { name: 'Prices of fo/tiny' });
      await dialog.getByRole('button', { name: 'Add long-context tier' }).click();
      const fits = await dialog.evaluate((d) => {
        const within = (el: Element) => el.scrollWidth <= el.clientWidth;
        const box = d.getBoundingClientRect();
        const remove = d.querySelector('button[aria-label="Remove tier 1"]')?.getBoundingClientRect();
        const help = d.querySelector('.modal-body p')?.getBoundingClientRect();
        return {
          dialog: within(d),
          wrap: [...d.querySelectorAll('.table-wrap, .modal-body')].every(within),
          removeInside: remove !== undefined && remove.right <= box.right && remove.left >= box.left,
          helpWraps: help !== undefined && help.width <= box.width,
          inViewport: box.right <= window.innerWidth,
        };
      });
      await dialog.screenshot({ path: `test-results/screenshots/review2-prices-${width}.png` });
      expect(fits).toEqual({ dialog: true, wrap: true, removeInside: true, helpWraps: true, inViewport: true });
      await e2e.page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);

      await e2e.page.getByRole('button', { name: 'Delete fo/tiny' }).click();
      const confirm = e2e.page.getByRole('dialog', { name: 'Delete fo/tiny?' });
      expect(await confirm.evaluate((d) => getComputedStyle(d.querySelector('.modal-body p')!).whiteSpace)).toBe('normal');
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await confirm.waitFor({ state: 'detached' });
      await e2e.page.setViewportSize({ width: 1280, height: 800 });
      expect(e2e.errors).toEqual([]);
    });
  }

  it('BYOK: a new profile starts at the level auto has now (the Routing tab\'s), not Balanced', async () => {
    await api('PUT', '/routing/rules', { power_level: 'precision' });
    await show('BYOK');
    await e2e.page.getByRole('button', { name: 'New profile' }).click();
    const dialog = e2e.page.getByRole('dialog', { name: 'New profile' });
    await expect.poll(() => dialog.getByLabel('Power level').inputValue()).toBe('precision');
    await dialog.getByLabel('Name').fill('Kid');
    await dialog.getByRole('button', { name: 'Create profile' }).click();
    await dialog.waitFor({ state: 'detached' });
    const users = (await api('GET', '/users')) as { name: string; power_level: string }[];
    expect(users.find((u) => u.name === 'Kid')?.power_level).toBe('precision');
    await api('PUT', '/routing/rules', { power_level: 'balanced' });
  });

  it('Models: the Prices dialog says an empty price is $0 on a local runtime, unknown elsewhere', async () => {
    // a cloud type at a loopback address is a relay that bills: there empty stays unknown
    await api('POST', '/providers', { id: 'relay', name: 'Relay', type: 'openai', base_url: e2e.fake.url, api_key: FAKE_KEY });
    await api('POST', '/models', { provider_id: 'relay', model_name: 'mystery', input_cost_per_1m: null, output_cost_per_1m: null, context_length: 128000 });
    await show('Models');
    const helpOf = async (id: string) => {
      await e2e.page.getByRole('button', { name: `Prices of ${id}` }).click();
      const dialog = e2e.page.getByRole('dialog', { name: `Prices of ${id}` });
      const help = await dialog.getByTestId('price-help').textContent();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      return help;
    };
    expect(await helpOf('fo/tiny')).toContain('Fake OpenAI is a local runtime, where running costs nothing: an empty input or output price is saved as $0.');
    expect(await helpOf('fo/tiny')).not.toContain('never as $0');
    expect(await helpOf('relay/mystery')).toContain('unknown');
    expect(await helpOf('relay/mystery')).toContain('never as $0');
  });

  it('Models: Edit gives a chat-only model tools and a longer context, and a request with tools then reaches it', async () => {
    // as discovery adds a model outside the bundled table
    await api('POST', '/models', { provider_id: 'fo', model_name: 'coder', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 8192, capabilities: ['chat'] });
    const withTools = () => fetch(`${e2e.serve.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${e2e.serve.defaultToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'fo/coder', messages: [{ role: 'user', content: 'hi' }],
        tools: [{ type: 'function', function: { name: 'ls', parameters: { type: 'object', properties: {} } } }],
      }),
    });
    expect((await withTools()).status).toBe(400);

    await show('Providers');
    await show('Models');
    const opener = e2e.page.getByRole('button', { name: 'Edit fo/coder' });
    await opener.click();
    const dialog = e2e.page.getByRole('dialog', { name: 'Edit fo/coder' });
    expect(await dialog.getByLabel('Context length').inputValue()).toBe('8192');
    await dialog.getByLabel('Display name').fill('Coder');
    await dialog.getByLabel('Context length').fill('131072');
    await dialog.getByLabel('Max output tokens').fill('16384');
    await dialog.getByRole('checkbox', { name: 'tools' }).check();
    await dialog.screenshot({ path: 'test-results/screenshots/review2-edit-model.png' });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);

    const row = e2e.page.getByRole('row').filter({ has: e2e.page.getByRole('button', { name: 'Edit fo/coder' }) });
    await expect.poll(() => row.locator('.chips').textContent()).toBe('chattools');
    const model = (await api('GET', '/models?provider_id=fo')).find((x: { id: string }) => x.id === 'fo/coder');
    expect(model).toMatchObject({ display_name: 'Coder', context_length: 131072, max_output_tokens: 16384, capabilities: ['chat', 'tools'], input_cost_per_1m: 0 });
    expect((await withTools()).status).toBe(200);
    expect(e2e.errors).toEqual([]);
  });

  for (const width of [1280, 900]) {
    it(`Models at ${width} px: the table fits its card (every row's buttons in view), the API select shows its choice, the header keeps its Settings button on its first line`, async () => {
      // a day with an unpriced request puts '+ 1 … unpriced' beside both spend figures
      if (width === 1280) {
        await api('POST', '/providers', { id: 'relay2', name: 'Relay 2', type: 'openai', base_url: e2e.fake.url, api_key: FAKE_KEY });
        await api('POST', '/models', { provider_id: 'relay2', model_name: 'unpriced', input_cost_per_1m: null, output_cost_per_1m: null, context_length: 128000 });
        expect((await proxyChat(e2e.serve, e2e.serve.defaultToken, 'relay2/unpriced')).status).toBe(200);
      }
      await e2e.page.setViewportSize({ width, height: 800 });
      await e2e.page.reload();
      await e2e.page.getByRole('heading', { name: 'Providers', level: 1 }).waitFor();
      await expect.poll(() => e2e.page.locator('.app-header .unpriced-note').count()).toBe(2);
      await show('Models');
      await e2e.page.screenshot({ path: `test-results/screenshots/review2-models-${width}.png` });
      const layout = await e2e.page.evaluate(() => {
        const wrap = document.querySelector('.table-models')!.closest('.table-wrap')!;
        const card = wrap.getBoundingClientRect();
        const buttons = [...wrap.querySelectorAll('.actions-col button')].map((b) => b.getBoundingClientRect());
        const selects = [...wrap.querySelectorAll('select')].filter((s) => s.getBoundingClientRect().width > 0);
        const header = document.querySelector('.app-header')!;
        const settings = header.querySelector('.header-settings')!.getBoundingClientRect();
        const brand = header.querySelector('.brand')!.getBoundingClientRect();
        return {
          tableFits: wrap.scrollWidth <= wrap.clientWidth,
          buttonsInCard: buttons.length > 0 && buttons.every((b) => b.right <= card.right && b.left >= card.left),
          selectsShowChoice: selects.every((s) => s.scrollWidth <= s.clientWidth + 1 && s.getBoundingClientRect().width >= 80),
          settingsBesideBrand: Math.abs(settings.top + settings.height / 2 - (brand.top + brand.height / 2)) < 12,
          pageFits: document.documentElement.scrollWidth <= window.innerWidth,
          // nothing of the status runs under the Settings button
          settingsClear: [...header.querySelectorAll('.header-status span, .header-status strong')].every((el) => {
            const r = el.getBoundingClientRect();
            return r.width === 0 || r.right <= settings.left || r.left >= settings.right || r.bottom <= settings.top || r.top >= settings.bottom;
          }),
        };
      });
      expect(layout).toEqual({ tableFits: true, buttonsInCard: true, selectsShowChoice: true, settingsBesideBrand: true, pageFits: true, settingsClear: true });
      expect(e2e.errors).toEqual([]);
    });
  }
});
