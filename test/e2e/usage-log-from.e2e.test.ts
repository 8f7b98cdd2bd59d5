// The Usage tab says when its range reaches past what the request log keeps: retention prunes single requests
// (the CSV export's lines) but keeps the daily totals the cards count, so the note names the first day the log
// holds whole and the retention setting (before: the export of such a range held a fraction of its requests, unsaid).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, screenshot, showTab } from './browser';
import { proxyChat } from './serve-process';
import { useE2E } from './suite';

const FAKE_KEY = 'sk-fake-log-from-1a2b3c4d';
const DAY = 86_400_000;
const dayKey = (daysAgo: number): string => new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10);

describe.skipIf(!chromiumAvailable())('Usage: a range reaching past the request log retention', () => {
  const e2e = useE2E({
    fake: { apiKey: FAKE_KEY },
    fakeProvider: true,
    seed: async ({ api, serve }) => {
      await api('POST', '/models', { provider_id: 'fo', model_name: 'cheap', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 128000 });
      await api('PUT', '/settings', { usage_retention_days: 7 });
      expect((await proxyChat(serve, serve.defaultToken, 'fo/cheap')).status).toBe(200);
      // 20 days ago: counted in the daily totals, its requests pruned from the log (as retention leaves it)
      const db = new Database(join(serve.dataDir, 'switchboard.db'));
      db.prepare(`INSERT INTO usage_daily (day, user_id, provider_id, model_id, requests, errors, input_tokens, cached_input_tokens,
        output_tokens, cost_usd, latency_ms_sum) VALUES (?, 'default', 'fo', 'fo/cheap', 5, 0, 50, 0, 10, 0.001, 500)`).run(dayKey(20));
      db.close();
    },
  });

  it('names the first day the log holds whole and the retention setting, for a range that starts before it only', async () => {
    // the usage rows are written in batches, a moment after the answers
    await expect.poll(async () => (await e2e.api('GET', '/usage?days=30')).total_requests).toBe(6);
    expect((await e2e.api('GET', '/usage?days=30')).log_from).toBe(dayKey(19));
    await showTab(e2e.page, 'Usage');
    await e2e.page.getByRole('button', { name: 'Today', exact: true }).click();
    await expect.poll(() => e2e.page.getByTestId('total-requests').textContent()).toBe('1');
    expect(await e2e.page.getByTestId('log-coverage-note').count()).toBe(0);

    await e2e.page.getByRole('button', { name: '30 days', exact: true }).click();
    await expect.poll(() => e2e.page.getByTestId('total-requests').textContent()).toBe('6');
    await expect.poll(() => e2e.page.getByTestId('log-coverage-note').textContent()).toBe(
      `The request log holds every request from ${dayKey(19)} (UTC); earlier days are in the totals only (retention 7 days), ` +
        'so the CSV export holds some of their requests or none (Settings, "Keep request details for").',
    );
    await screenshot(e2e.page, 'usage-log-from');
    expect(e2e.errors).toEqual([]);
  });

  it('asks What if… of the days the range above shows, so its Actual is the Cost card\'s', async () => {
    await showTab(e2e.page, 'Usage');
    await e2e.page.getByRole('button', { name: 'Today', exact: true }).click();
    await expect.poll(() => e2e.page.locator('#whatif-days').inputValue()).toBe('1');
    await e2e.page.getByRole('button', { name: '30 days', exact: true }).click();
    await expect.poll(() => e2e.page.locator('#whatif-days').inputValue()).toBe('30');
  });
});
