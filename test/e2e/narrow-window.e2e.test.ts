// A phone-wide window (390 px): the header's status gets its own line below the name and Settings, so nothing in it
// sits over another control (a tap on Pause is Pause's), the proxy URL shortens with an ellipsis so its Copy stays in
// view, and no tab is wider than the window (no sideways scroll).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, screenshot, showTab } from './browser';
import { proxyChat } from './serve-process';
import { useE2E } from './suite';

const FAKE_KEY = 'sk-fake-narrow-9a8b7c6d';
const TABS = ['Providers', 'Models', 'Routing', 'BYOK', 'Activity', 'Usage'];

/** The elements past the window's right edge (the innermost ones, outside scrolling boxes such as wide tables'), to say what overflows. */
const overflowing = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrolls = (el: Element | null): boolean =>
      el !== null && el !== document.body && (getComputedStyle(el).overflowX !== 'visible' || scrolls(el.parentElement));
    const out: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 0.5 || scrolls(el.parentElement)) continue;
      if ([...el.children].some((c) => c.getBoundingClientRect().right > width + 0.5)) continue;
      out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 30)}" right=${Math.round(r.right)}`);
    }
    return out;
  });

describe.skipIf(!chromiumAvailable())('a 390 px window', () => {
  const e2e = useE2E({
    fake: { apiKey: FAKE_KEY },
    fakeProvider: true,
    seed: async () => {
      await api('POST', '/models', { provider_id: 'fo', model_name: 'narrow-model', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 128000, quality: 50 });
      expect((await proxyChat(e2e.serve, e2e.serve.defaultToken, 'fo/narrow-model')).status).toBe(200);
    },
    viewport: { width: 390, height: 844 },
  });
  const { api } = e2e;

  it('scrolls no tab sideways', async () => {
    for (const tab of [...TABS, 'Usage: Custom…']) {
      if (tab.endsWith('…')) await e2e.page.getByRole('button', { name: 'Custom…' }).click();
      else await showTab(e2e.page, tab);
      const { scroll, client } = await e2e.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      await screenshot(e2e.page, `narrow-${tab.replace(/\W+/g, '-')}`);
      expect({ tab, scroll, overflowing: scroll === client ? [] : await overflowing(e2e.page) }).toEqual({ tab, scroll: client, overflowing: [] });
    }
  });

  it('gives the tab bar no scrollbar of its own (the active tab\u2019s underline sits below it)', async () => {
    await showTab(e2e.page, 'Providers');
    // a scrollbar shows exactly when overflow-y lets the box scroll (auto/scroll) and its content is taller than it
    const scrollbar = await e2e.page.locator('.tab-list').evaluate((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowY) && el.scrollHeight > el.clientHeight);
    expect(scrollbar).toBe(false);
  });

  it('keeps each spend label on the line of its figure', async () => {
    await showTab(e2e.page, 'Providers');
    for (const id of ['today-spend', 'month-spend']) {
      const figure = e2e.page.getByTestId(id);
      const label = figure.locator('xpath=preceding-sibling::span[contains(@class, "header-label")][1]');
      const [a, b] = [await label.boundingBox(), await figure.boundingBox()];
      // the same line: their vertical middles within a few pixels
      expect({ id, apart: Math.abs(a!.y + a!.height / 2 - (b!.y + b!.height / 2)) > 4 }).toEqual({ id, apart: false });
    }
  });

  it('keeps the header\u2019s controls apart: a tap on Pause is Pause\u2019s, Copy is in view', async () => {
    await showTab(e2e.page, 'Providers');
    const pause = e2e.page.getByRole('button', { name: 'Pause', exact: true });
    const hit = await pause.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === el;
    });
    expect(hit).toBe(true);
    const copy = e2e.page.locator('.app-header').getByRole('button', { name: 'Copy', exact: true });
    const box = await copy.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    const settings = await e2e.page.locator('.header-settings').boundingBox();
    expect(settings!.x + settings!.width).toBeLessThanOrEqual(390);
    // the tap does pause the proxy
    await pause.click({ timeout: 5000 });
    await expect.poll(async () => (await api('GET', '/status')).paused).toBe(true);
    await e2e.page.getByRole('button', { name: 'Resume', exact: true }).click();
    await expect.poll(async () => (await api('GET', '/status')).paused).toBe(false);
    expect(e2e.errors).toEqual([]);
  });
});
