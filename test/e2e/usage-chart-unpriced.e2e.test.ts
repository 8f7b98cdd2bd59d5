// The Usage tab's cost chart keeps "unknown is not zero": a provider whose requests all have an unknown cost reads
// "unknown" in the day's tooltip, never $0.00, and the day's Total says how many requests it leaves out.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, screenshot, showTab } from './browser';
import { proxyChat } from './serve-process';
import { useE2E } from './suite';

const FAKE_KEY = 'sk-fake-chart-unpriced-5a6b7c8d';

describe.skipIf(!chromiumAvailable())('Usage: the cost chart with requests of unknown cost', () => {
  const e2e = useE2E({
    fake: { apiKey: FAKE_KEY },
    fakeProvider: true,
    seed: async ({ api, fake, serve }) => {
      // a second provider (the same fake, a cloud type: a relay that bills) whose only model has no known price
      await api('POST', '/providers', { id: 'fu', name: 'Fake unpriced', type: 'openai', base_url: fake.url, api_key: FAKE_KEY });
      await api('POST', '/models', { provider_id: 'fo', model_name: 'priced', input_cost_per_1m: 1000, output_cost_per_1m: 2000, context_length: 128000 });
      await api('POST', '/models', { provider_id: 'fu', model_name: 'mystery', input_cost_per_1m: null, output_cost_per_1m: null, context_length: 128000 });
      for (const model of ['fo/priced', 'fu/mystery', 'fu/mystery']) expect((await proxyChat(serve, serve.defaultToken, model)).status).toBe(200);
    },
  });

  it("reads a wholly unpriced provider as unknown and counts its requests under the day's Total", async () => {
    // the usage rows are written in batches, a moment after the answers
    await expect.poll(async () => (await e2e.api('GET', '/usage?days=1')).total_requests).toBe(3);
    const today = await e2e.api('GET', '/usage?days=1');
    expect(today.unpriced_requests).toBe(2);
    const priced = today.by_provider.find((p: { provider: string }) => p.provider === 'fo');
    expect(priced.cost_usd).toBeGreaterThan(0);

    await showTab(e2e.page, 'Usage');
    await e2e.page.getByRole('button', { name: 'Today', exact: true }).click();
    await expect.poll(() => e2e.page.getByTestId('total-requests').textContent()).toBe('3');
    // the keyboard picks the last day, today
    await e2e.page.locator('.chart-box').first().focus();
    const tooltip = e2e.page.getByTestId('chart-tooltip');
    // each line its label and value, each note under its line
    const lines = () => tooltip.locator('.chart-tooltip-line, .chart-tooltip-note').allTextContents();
    const cost = await e2e.page.getByTestId('total-cost').textContent();
    await expect.poll(lines).toEqual([
      `Total${cost}`, '+ 2 requests unpriced',
      `fo${cost}`,
      'fuunknown', '+ 2 requests unpriced',
    ]);
    expect((await lines()).join(' ')).not.toContain('$0.00');
    await screenshot(e2e.page, 'usage-chart-unpriced');
    expect(e2e.errors).toEqual([]);
  });

  it('a day read on the chart when the range shrinks is the nearest day it still has, not one past its end ($0.00)', async () => {
    await showTab(e2e.page, 'Usage');
    await e2e.page.getByRole('button', { name: '7 days', exact: true }).click();
    await expect.poll(() => e2e.page.locator('.chart-box').first().locator('svg').getAttribute('aria-label')).toBeTruthy();
    // read today (the 7th day) by keyboard, then switch to Today without taking the focus off the chart
    await e2e.page.locator('.chart-box').first().focus();
    const tooltip = e2e.page.getByTestId('chart-tooltip');
    await tooltip.waitFor();
    await e2e.page.evaluate(() => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Today')!.click());
    await expect.poll(() => e2e.page.getByRole('button', { name: 'Today', exact: true }).getAttribute('aria-pressed')).toBe('true');
    const cost = await e2e.page.getByTestId('total-cost').textContent();
    await expect.poll(() => tooltip.locator('.chart-tooltip-line').first().textContent()).toBe(`Total${cost}`);
  });

  it('the arrow keys move from the day shown after the range shrank (30 days on today, then 7 days: left reads yesterday)', async () => {
    await showTab(e2e.page, 'Usage');
    await e2e.page.getByRole('button', { name: '30 days', exact: true }).click();
    await expect.poll(() => e2e.page.locator('.chart-box').first().locator('svg').getAttribute('aria-label')).toBeTruthy();
    // the keyboard picks today, the 30th day; then 7 days without taking the focus off the chart: today, the 7th
    await e2e.page.locator('.chart-box').first().focus();
    const tooltip = e2e.page.getByTestId('chart-tooltip');
    const day = () => tooltip.locator('strong').textContent();
    const shown = (offset: number) => new Date(Date.now() - offset * 86_400_000).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
    await expect.poll(day).toBe(shown(0));
    await e2e.page.evaluate(() => [...document.querySelectorAll('button')].find((b) => b.textContent === '7 days')!.click());
    await expect.poll(() => e2e.page.getByRole('button', { name: '7 days', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(day).toBe(shown(0));
    await e2e.page.keyboard.press('ArrowLeft');
    await expect.poll(day).toBe(shown(1));
  });
});
