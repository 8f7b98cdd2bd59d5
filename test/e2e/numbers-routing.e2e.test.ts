// Issue 15 items 4-6 in Chromium: the numbers agree (header, cards, by-day table, breakdowns) over any
// range, caps show spent against cap, the Routing tab's power level is the Default profile's and guards
// unsaved edits, and the BYOK snippets carry the selected profile's token (never Default's by mistake).
import { describe, expect, it } from 'vitest';
import { contrastProblems } from './a11y';
import { chromiumAvailable, screenshot } from './browser';
import { proxyChat } from './serve-process';
import { useE2E } from './suite';

const FAKE_KEY = 'sk-fake-numbers-9f8e7d6c';
const usd = (n: number): string => (n >= 1 ? `$${n.toFixed(2)}` : `$${Number(n.toPrecision(4))}`.replace(/^\$(\d)$/, '$$$1.00'));

describe.skipIf(!chromiumAvailable())('numbers, routing and set-up', () => {
  const e2e = useE2E({
    fake: { apiKey: FAKE_KEY },
    fakeProvider: true,
    seed: async () => {
      const { serve, fake } = e2e;
      await api('POST', '/models', { provider_id: 'fo', model_name: 'small', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 128000, quality: 50 });
      await api('POST', '/models', { provider_id: 'fo', model_name: 'large', input_cost_per_1m: 30, output_cost_per_1m: 60, context_length: 128000, quality: 90 });
      const alice = await api('POST', '/users', { id: 'alice', name: 'Alice', monthly_cap_usd: 1 });
      await api('POST', '/users', { id: 'kid', name: 'Kid', monthly_cap_usd: 0 });
      for (const model of ['fo/small', 'fo/large']) expect((await chat(serve.defaultToken, model)).status).toBe(200);
      expect((await chat(alice.token, 'fo/large')).status).toBe(200);
      expect((await chat(serve.defaultToken, 'no-such-model')).status).toBe(404);
      fake.faults.push({ kind: 'status', status: 400 });
      expect((await chat(serve.defaultToken, 'fo/small')).status).toBe(400);
    },
    clipboard: true,
  });
  const { api, show } = e2e;
  const chat = (token: string, model: string) => proxyChat(e2e.serve, token, model);

  it('shows the same totals in the header, the cards, the by-day table and the breakdowns', async () => {
    const today = await api('GET', '/usage?days=1');
    expect(today).toMatchObject({ total_requests: 5, total_errors: 2 });
    const cost = usd(today.total_cost_usd);
    // header: every profile, today and this month alike (one day of traffic)
    await expect.poll(() => e2e.page.getByTestId('today-spend').textContent(), { timeout: 15_000 }).toBe(cost);
    expect(await e2e.page.getByTestId('month-spend').textContent()).toBe(cost);
    // days and months are UTC (the caps count them so): the header says so
    const spend = e2e.page.locator('.header-item', { has: e2e.page.getByTestId('today-spend') });
    expect(await spend.locator('.header-label').allTextContents()).toEqual(['Today', 'This month', 'all profiles, UTC']);

    await show('Usage');
    await e2e.page.getByRole('button', { name: 'Today' }).click();
    await expect.poll(() => e2e.page.getByTestId('total-requests').textContent()).toBe('5');
    expect(await e2e.page.getByTestId('total-cost').textContent()).toBe(cost);
    expect(await e2e.page.getByTestId('total-errors').textContent()).toBe('2');
    expect(await e2e.page.locator('.stat-card', { hasText: 'Errors' }).textContent()).toContain('40% of requests');
    const total = e2e.page.getByTestId('by-day-total');
    expect(await total.locator('td').last().textContent()).toBe(cost);
    expect(await total.locator('td').first().textContent()).toBe('5');
    const byModel = e2e.page.getByRole('region', { name: 'By model' });
    expect(await byModel.locator('tr', { hasText: 'refused before routing' }).textContent()).toContain('unknown model ×1');
    expect(await byModel.locator('tr', { hasText: 'fo/small' }).locator('td').nth(2).textContent()).toBe('1 (50%)');
    expect(await e2e.page.locator('#caps-title').textContent()).toBe('This month (UTC) by profile');
    // spent against cap, for the profile that has one
    await expect.poll(() => e2e.page.locator('[data-profile="alice"]').textContent()).toMatch(/\$0\.\d+ \/ \$1\.00/);
    expect(await e2e.page.locator('[data-profile="default"]').textContent()).toContain('no cap');
    // a $0 cap refuses every request: a full bar, never "no cap"
    expect(await e2e.page.locator('[data-profile="kid"]').textContent()).toContain('$0.00 / $0.00 (cap reached)');
    expect(await e2e.page.locator('[data-profile="kid"] .cap-over').count()).toBe(1);

    // an HTML tooltip with the day's total on the cost chart
    const chart = e2e.page.locator('.chart-box').first();
    const box = (await chart.boundingBox())!;
    await e2e.page.mouse.move(box.x + box.width - 20, box.y + 100);
    await expect.poll(() => e2e.page.getByTestId('chart-tooltip').textContent()).toContain(`Total${cost}`);
    await screenshot(e2e.page, 'numbers-00-usage-today');
    expect(await contrastProblems(e2e.page)).toEqual([]);

    // the Cost column is never cut off or scrolled out of a breakdown, at 1280 and at 900 px
    const clipped = () => e2e.page.evaluate(() => [...document.querySelectorAll('.table-breakdown')]
      .filter((t) => t.parentElement!.scrollWidth > t.parentElement!.clientWidth + 1).length);
    expect(await clipped()).toBe(0);
    await e2e.page.setViewportSize({ width: 900, height: 700 });
    expect(await clipped()).toBe(0);
    await e2e.page.setViewportSize({ width: 1280, height: 800 });

    await e2e.page.getByRole('button', { name: 'Yesterday' }).click();
    await expect.poll(() => e2e.page.getByTestId('total-requests').textContent()).toBe('0');
    await e2e.page.getByRole('button', { name: 'Custom…' }).click();
    const day = new Date().toISOString().slice(0, 10);
    await e2e.page.getByLabel('From', { exact: true }).fill(day);
    await e2e.page.getByLabel('To', { exact: true }).fill(day);
    await e2e.page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => e2e.page.getByTestId('total-requests').textContent()).toBe('5');
    expect(await e2e.page.getByTestId('total-cost').textContent()).toBe(cost);
  });

  it('Routing: the power level is the Default profile\'s, saved only on Save, and never lost without a word', async () => {
    await show('Routing');
    const radio = (level: string) => e2e.page.getByRole('radio', { name: new RegExp(`^${level}`) });
    expect(await e2e.page.getByRole('group', { name: 'Power level of the Default profile' }).count()).toBe(1);
    expect(await radio('balanced').isChecked()).toBe(true);
    const save = e2e.page.getByRole('button', { name: 'Save', exact: true });
    expect(await save.isDisabled()).toBe(true);

    await e2e.page.locator('.power-levels .segment', { hasText: 'precision' }).click();
    await e2e.page.getByTestId('unsaved-marker').waitFor();
    expect(await save.isDisabled()).toBe(false);
    // leaving asks first; keeping the edit stays on the tab
    await e2e.page.getByRole('tab', { name: 'Usage' }).click();
    const dialog = e2e.page.getByRole('dialog', { name: 'Discard unsaved changes?' });
    await dialog.getByRole('button', { name: 'Keep editing' }).click();
    expect(await e2e.page.getByRole('tab', { name: 'Routing' }).getAttribute('aria-selected')).toBe('true');
    await save.click();
    await e2e.page.getByTestId('unsaved-marker').waitFor({ state: 'detached' });
    // the saved level stays shown (a status poll from before the Save must not switch it back)
    expect(await radio('precision').isChecked()).toBe(true);
    const users = (await api('GET', '/users')) as { id: string; power_level: string }[];
    expect(users.find((u) => u.id === 'default')?.power_level).toBe('precision');
    expect(users.find((u) => u.id === 'alice')?.power_level).toBe('balanced');
    await e2e.page.getByRole('button', { name: 'Simulate' }).click();
    await expect.poll(() => e2e.page.getByTestId('route-preview').locator('.preview-meta').textContent()).toContain('Power level: precision');
    expect(await e2e.page.getByTestId('route-preview').locator('.preview-meta').textContent()).toContain('Strategy: balanced');

    // what the tray sets shows here too, on the open tab (the status poll, every 5 s, carries it)
    await api('PUT', '/users/default', { power_level: 'eco' });
    await expect.poll(() => radio('eco').isChecked(), { timeout: 12_000 }).toBe(true);
    expect(await e2e.page.getByTestId('unsaved-marker').count()).toBe(0);
    await show('Models');
    await show('Routing');
    expect(await radio('eco').isChecked()).toBe(true);

    // the Gemini CLI names switch is saved like the Claude Code one
    const gemini = e2e.page.getByLabel('Gemini CLI names');
    expect(await gemini.isChecked()).toBe(false);
    await gemini.check();
    await save.click();
    await e2e.page.getByTestId('unsaved-marker').waitFor({ state: 'detached' });
    expect((await api('GET', '/routing/rules')).gemini_cli_model_names).toBe(true);
    await gemini.uncheck();
    await save.click();
    await e2e.page.getByTestId('unsaved-marker').waitFor({ state: 'detached' });
    expect((await api('GET', '/routing/rules')).gemini_cli_model_names).toBe(false);

    // every bad field at once
    await e2e.page.getByLabel('Timeout (ms)').fill('0');
    await e2e.page.getByLabel('Cooldown after failures').fill('0');
    await save.click();
    const problems = e2e.page.getByTestId('routing-errors');
    await expect.poll(() => problems.locator('li').allTextContents()).toEqual([
      'Timeout: Milliseconds, a whole number from 1000 to 600000', 'Cooldown after failures: A whole number from 1 to 100',
    ]);
    expect(await e2e.page.locator('.field-error').count()).toBeGreaterThanOrEqual(2);
    // discarding on the way out drops the edit
    await e2e.page.getByRole('tab', { name: 'BYOK' }).click();
    await e2e.page.getByRole('dialog', { name: 'Discard unsaved changes?' }).getByRole('button', { name: 'Discard changes' }).click();
    await e2e.page.getByRole('heading', { name: 'Profiles & keys' }).waitFor();
    expect((await api('GET', '/routing/rules')).timeout_ms).toBe(120000);
  });

  it('BYOK: the snippets carry the selected profile\'s token, new tokens stay listed until dismissed', async () => {
    await show('BYOK');
    const setup = e2e.page.getByTestId('setup-panel');
    await expect.poll(() => setup.textContent()).toContain(e2e.serve.defaultToken);
    await e2e.page.getByRole('button', { name: 'Alice', exact: true }).click();
    await expect.poll(() => setup.locator('h2').textContent()).toBe('Set up your tools for Alice');
    expect(await setup.textContent()).not.toContain(e2e.serve.defaultToken);
    expect(await setup.textContent()).toContain('sb-YOUR-PROFILE-TOKEN');

    await e2e.page.getByRole('button', { name: 'Issue token' }).click();
    await expect.poll(() => e2e.page.getByTestId('token-reveal').locator('.token-value').count()).toBe(1);
    const first = (await e2e.page.getByTestId('token-reveal').locator('.token-value').first().textContent())!;
    await expect.poll(() => setup.textContent()).toContain(first);
    await e2e.page.getByRole('button', { name: 'Issue token' }).click();
    await expect.poll(() => e2e.page.getByTestId('token-reveal').locator('.token-value').count()).toBe(2);
    const tokens = await e2e.page.getByTestId('token-reveal').locator('.token-value').allTextContents();
    expect(tokens[1]).toBe(first);
    await expect.poll(() => setup.textContent()).toContain(tokens[0]);
    // the snippet's token really is Alice's: a request with it is charged to her
    expect((await chat(tokens[0]!, 'fo/small')).status).toBe(200);
    const page0 = await api('GET', '/requests?limit=1');
    expect(page0.requests[0].user_id).toBe('alice');

    await setup.getByRole('tab', { name: 'Codex CLI' }).click();
    // every block of the snippet (Codex: config.toml, then the shell), each with its own Copy button
    const code = async () => (await setup.locator('.snippet[data-state="active"] code').allTextContents()).join('\n');
    await expect.poll(code).toContain(`base_url = "${e2e.serve.url}/v1"`);
    expect(await code()).toContain('wire_api = "responses"');
    expect(await code()).toContain(`export SWITCHBOARD_TOKEN=${tokens[0]}`);
    expect(await setup.locator('.snippet[data-state="active"]').getByRole('button', { name: /^Copy/ }).allTextContents()).toEqual(['Copy config.toml', 'Copy commands']);
    await setup.getByRole('tab', { name: 'Gemini CLI' }).click();
    await expect.poll(code).toContain(`export GOOGLE_GEMINI_BASE_URL=${e2e.serve.url}\nexport GEMINI_API_KEY=${tokens[0]}`);
    await screenshot(e2e.page, 'numbers-01-byok');

    await e2e.page.getByRole('button', { name: 'I have copied it' }).first().click();
    await expect.poll(() => e2e.page.getByTestId('token-reveal').locator('.token-value').count()).toBe(1);
    await e2e.page.getByRole('button', { name: 'Default', exact: true }).click();
    await expect.poll(() => setup.textContent()).toContain(e2e.serve.defaultToken);
    expect(e2e.errors.filter((e) => !/status of (404|400)/.test(e))).toEqual([]);
  });
});
