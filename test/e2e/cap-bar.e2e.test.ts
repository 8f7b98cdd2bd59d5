// The Usage tab's "This month by profile" row lays out as its grid (name, bar, figures) and the bar's fill
// is as wide as spend is of the cap: the list's own `.plain-list li` flex row must not win over it.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, screenshot, showTab } from './browser';
import { proxyChat } from './serve-process';
import { useE2E } from './suite';

const FAKE_KEY = 'sk-fake-cap-bar-3c4d5e6f';

describe.skipIf(!chromiumAvailable())('Usage: the monthly cap bar', () => {
  const e2e = useE2E({
    fake: { apiKey: FAKE_KEY },
    fakeProvider: true,
    seed: async () => {
      await api('POST', '/models', { provider_id: 'fo', model_name: 'priced', input_cost_per_1m: 1000, output_cost_per_1m: 2000, context_length: 128000 });
      for (const id of ['full', 'quarter']) {
        const user = await api('POST', '/users', { id, name: `Cap ${id}`, monthly_cap_usd: 100 });
        expect((await proxyChat(e2e.serve, user.token, 'fo/priced')).status).toBe(200);
      }
    },
    // signed in by the test, once the caps are set
    page: 'none',
  });
  const { api } = e2e;

  /** This month's spend of a profile once its request is recorded (rows are written in batches). */
  const spentOf = async (id: string): Promise<number> => {
    let spent = 0;
    await expect.poll(async () => (spent = (await api('GET', `/credits?user_id=${id}`)).spent_this_month_usd)).toBeGreaterThan(0);
    return spent;
  };

  it('shows each profile as a grid row whose bar is filled as far as spend is of the cap', async () => {
    // caps set from what was spent: one reached exactly (as $5.00 of $5), one a quarter used
    await api('PUT', '/users/full', { monthly_cap_usd: await spentOf('full') });
    await api('PUT', '/users/quarter', { monthly_cap_usd: (await spentOf('quarter')) * 4 });
    const { page, errors } = await e2e.signIn();
    await showTab(page, 'Usage');
    const row = (id: string) => page.locator(`[data-profile="${id}"]`);
    await expect.poll(() => row('quarter').locator('[role="progressbar"]').count()).toBe(1);
    const measure = (id: string) => row(id).evaluate((li) => {
      const bar = li.querySelector<HTMLElement>('.cap-bar')!;
      const fill = bar.querySelector<HTMLElement>('span')!;
      return { display: getComputedStyle(li).display, bar: bar.clientWidth, fill: fill.getBoundingClientRect().width };
    });
    const full = await measure('full');
    const quarter = await measure('quarter');
    expect(full.display).toBe('grid');
    expect(quarter.display).toBe('grid');
    // a bar with room to read (its grid track), not its 2 px of border
    expect(full.bar).toBeGreaterThan(200);
    expect(full.fill).toBeCloseTo(full.bar, 0);
    expect(Math.abs(quarter.fill - quarter.bar / 4)).toBeLessThan(1.5);
    expect(await row('full').locator('.cap-over').count()).toBe(1);
    await screenshot(page, 'usage-cap-bars');
    expect(errors).toEqual([]);
  });
});
