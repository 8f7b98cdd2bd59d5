// A model name with no break point (a client may ask for anything; a model name may be 200 characters) wraps inside
// its column: the Activity and Models tables stay as wide as their box, their Status, Tokens, Cost and price
// columns on screen.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, screenshot, showTab } from './browser';
import { proxyChat } from './serve-process';
import { useE2E } from './suite';

const FAKE_KEY = 'sk-fake-long-names-1a2b3c4d';
const ASKED = 'x'.repeat(2_000);
const LONG = `m${'0123456789'.repeat(19)}-long`;
/** shown under the model name (the admin API takes up to 200 characters) */
const DISPLAY = 'D'.repeat(200);

describe.skipIf(!chromiumAvailable())('long model names', () => {
  const e2e = useE2E({
    fake: { apiKey: FAKE_KEY },
    fakeProvider: true,
    seed: async ({ api, serve }) => {
      expect((await api('POST', '/models', { provider_id: 'fo', model_name: LONG, display_name: DISPLAY, input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 128000 })).id).toBe(`fo/${LONG}`);
      expect((await proxyChat(serve, serve.defaultToken, ASKED)).status).toBe(404);
      expect((await proxyChat(serve, serve.defaultToken, `fo/${LONG}`)).status).toBe(200);
    },
  });

  /** How far the table sticks out of its scrolling box, in px (0: it fits). */
  const overflow = (table: string) => e2e.page.locator(table).evaluate((t) => t.parentElement!.scrollWidth - t.parentElement!.clientWidth);

  it('Activity: a 2,000-character requested model (logged to 256) and a 200-character model id wrap within the Model column', async () => {
    // the usage rows are written in batches, a moment after the answers
    await expect.poll(async () => (await e2e.api('GET', '/requests')).requests.length).toBe(2);
    await showTab(e2e.page, 'Activity');
    const table = e2e.page.getByTestId('activity-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    // the log keeps the name's first 256 characters
    expect(await table.locator('.cell-model', { hasText: 'refused before routing' }).textContent()).toContain(`asked for ${'x'.repeat(256)}`);
    expect(await overflow('.table-activity')).toBeLessThanOrEqual(0);
    // the last column is inside the window, and the Model column leaves room for the others
    const latency = (await table.getByRole('columnheader', { name: 'Latency' }).boundingBox())!;
    expect(latency.x + latency.width).toBeLessThanOrEqual(1280);
    const model = (await table.getByRole('columnheader', { name: 'Model' }).boundingBox())!;
    const box = (await table.boundingBox())!;
    expect(model.width).toBeLessThan(box.width / 2);
    await screenshot(e2e.page, 'long-model-names-activity');
  });

  it('Models: a 200-character model name and display name wrap within their column', async () => {
    await showTab(e2e.page, 'Models');
    await e2e.page.getByPlaceholder('Filter by name…').fill('long');
    await expect.poll(() => e2e.page.locator('.table-models tbody tr').count()).toBe(1);
    await expect.poll(() => e2e.page.locator('.table-models tbody .cell-sub').textContent()).toContain(DISPLAY);
    expect(await overflow('.table-models')).toBeLessThanOrEqual(0);
    await screenshot(e2e.page, 'long-model-names-models');
    expect(e2e.errors).toEqual([]);
  });
});
