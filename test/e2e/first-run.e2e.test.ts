// Issue 15 items 1-3 in Chromium, from an empty data dir: the first request without a key says what to do,
// local servers show as not running, a key added in the Providers tab is tested at once, the checklist
// follows to the first successful request, and the Activity tab shows every request (failed ones with
// their attempts) as real proxied requests made them.
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { contrastProblems } from './a11y';
import { chromiumAvailable, screenshot } from './browser';
import { proxyChat } from './serve-process';
import { useE2E } from './suite';

const FAKE_KEY = 'sk-fake-first-run-1a2b3c4d';

describe.skipIf(!chromiumAvailable())('first run and activity', () => {
  // a blank page: the first test signs in with the link serve prints
  const e2e = useE2E({ fake: { apiKey: FAKE_KEY }, page: 'blank', clipboard: true });
  const { api } = e2e;
  const chat = (model: string) => proxyChat(e2e.serve, e2e.serve.defaultToken, model, 'hi');
  const step = (id: string) => e2e.page.locator(`[data-testid="first-run"] [data-step="${id}"]`);
  const providerRow = (id: string) => e2e.page.locator('table tbody tr').filter({ has: e2e.page.locator('.cell-sub', { hasText: new RegExp(`^${id}$`) }) });

  it('answers the first request with what to do, and shows the checklist and the local servers as not running', async () => {
    // the path under test has no local model server: on a machine that runs one, point the seeded ones away
    const locals = async () => ((await api('GET', '/providers')) as { id: string; health: { status: string } }[])
      .filter((p) => p.id === 'ollama' || p.id === 'lmstudio');
    for (const p of (await locals()).filter((x) => x.health.status !== 'not_running')) {
      await api('PUT', `/providers/${p.id}`, { base_url: 'http://127.0.0.1:9/v1' });
    }
    await expect.poll(async () => (await locals()).map((p) => p.health.status)).toEqual(['not_running', 'not_running']);
    const res = await chat('auto');
    expect(res.status).toBe(503);
    const message = ((await res.json()) as { error: { message: string } }).error.message;
    expect(message).toMatch(/Add a provider key in the Providers tab/);
    expect(message).toMatch(/start Ollama or LM Studio/);

    await e2e.page.goto(`${e2e.serve.url}/#token=${e2e.serve.adminToken}`);
    await e2e.page.getByTestId('first-run').waitFor();
    expect(await e2e.page.locator('[data-testid="first-run"] [data-done="true"]').count()).toBe(0);
    await expect.poll(() => providerRow('ollama').locator('.badge').last().textContent()).toBe('not running');

    await e2e.page.getByRole('tab', { name: 'Routing' }).click();
    await e2e.page.getByRole('button', { name: 'Simulate' }).click();
    const excluded = e2e.page.getByTestId('route-preview').locator('.excluded');
    await excluded.locator('summary').click();
    await expect.poll(() => excluded.locator('li', { hasText: 'ollama/llama3.2' }).textContent()).toContain('not running');
    await screenshot(e2e.page, 'first-run-00-fresh');
  });

  it('tests a key as soon as it is added, and follows the checklist to the first successful request', async () => {
    await e2e.page.getByRole('tab', { name: 'Providers' }).click();
    await providerRow('openai').getByRole('button', { name: 'Edit OpenAI' }).click();
    const dialog = e2e.page.getByRole('dialog');
    await dialog.getByLabel('Base URL').fill(e2e.fake.url);
    await dialog.getByLabel('API key').fill(FAKE_KEY);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // no click on Test: saving the key tested it
    await expect.poll(() => providerRow('openai').locator('.badge').last().textContent(), { timeout: 15_000 }).toBe('healthy');
    expect(e2e.fake.requests.some((r) => r.method === 'GET' && r.path.startsWith('/v1/models'))).toBe(true);
    await expect.poll(() => step('key').getAttribute('data-done'), { timeout: 10_000 }).toBe('true');
    await expect.poll(() => step('tested').getAttribute('data-done'), { timeout: 10_000 }).toBe('true');

    await e2e.page.getByRole('button', { name: 'Open set-up snippets' }).click();
    await e2e.page.getByTestId('setup-panel').getByRole('button', { name: 'Copy' }).first().click();
    await expect.poll(() => step('snippet').getAttribute('data-done')).toBe('true');
    await screenshot(e2e.page, 'first-run-01-three-steps');

    const client = new OpenAI({ baseURL: `${e2e.serve.url}/v1`, apiKey: e2e.serve.defaultToken, maxRetries: 0 });
    const reply = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] });
    expect(reply.choices[0]?.message.content).toBeTruthy();
    await e2e.page.getByTestId('first-run').waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('shows every request in the Activity tab, failed ones with their attempts, filterable', async () => {
    const client = new OpenAI({ baseURL: `${e2e.serve.url}/v1`, apiKey: e2e.serve.defaultToken, maxRetries: 0 });
    e2e.fake.faults.push({ kind: 'status', status: 500 });
    const { response } = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'again' }] }).withResponse();
    const failoverId = response.headers.get('x-switchboard-request-id')!;
    expect((await chat('no-such-model')).status).toBe(404);

    await e2e.page.getByRole('tab', { name: 'Activity' }).click();
    const table = e2e.page.getByTestId('activity-table');
    await e2e.page.getByRole('button', { name: 'Refresh activity' }).click();
    await expect.poll(() => table.locator('tbody > tr').count()).toBe(4);
    const rows = table.locator('tbody > tr');
    // plain words, the recorded code in the title
    expect(await rows.nth(0).textContent()).toContain('404 unknown model');
    expect(await rows.nth(0).locator('.badge', { hasText: '404 unknown model' }).getAttribute('title')).toBe('unknown_model: refused before routing');
    expect(await rows.nth(3).textContent()).toContain('503 no model available');
    const failover = table.locator(`tr[data-request-id="${failoverId}"]`);
    expect(await failover.textContent()).toContain('2 attempts');
    expect(await failover.textContent()).toContain('OpenAI SDK (JS)');
    await failover.getByRole('button').first().click();
    const detail = e2e.page.getByTestId('request-detail');
    const attempts = detail.getByRole('table', { name: 'Attempts' }).locator('tbody tr');
    await expect.poll(() => attempts.count()).toBe(2);
    expect(await attempts.nth(0).textContent()).toMatch(/provider error.*HTTP 500/);
    expect(await attempts.nth(0).locator('.badge').getAttribute('title')).toBe('server');
    expect(await attempts.nth(1).textContent()).toContain('served');
    await screenshot(e2e.page, 'first-run-02-activity');

    await e2e.page.getByLabel('Status', { exact: true }).selectOption('error');
    await expect.poll(() => table.locator('tbody > tr[data-request-id]').count()).toBe(2);
    await rows.nth(1).getByRole('button').first().click();
    await expect.poll(() => e2e.page.getByTestId('request-detail').textContent()).toContain('Refused before routing: no model available (no_candidate)');
    expect(await contrastProblems(e2e.page)).toEqual([]);
    await e2e.page.getByLabel('Status', { exact: true }).selectOption('');

    await e2e.page.getByRole('button', { name: 'Start capturing' }).click();
    await expect.poll(() => e2e.page.getByTestId('body-capture').textContent()).toMatch(/Capturing request and response bodies until/);
    expect((await api('GET', '/settings')).body_capture_until).not.toBeNull();
    await e2e.page.getByRole('button', { name: 'Stop capturing' }).click();
    await expect.poll(() => e2e.page.getByTestId('body-capture').textContent()).toMatch(/Bodies are not stored/);

    // the rest of the session's console: a 503, a 404 and a 500 were meant to happen
    expect(e2e.errors.filter((e) => !/status of (404|503)/.test(e))).toEqual([]);
  });
});
