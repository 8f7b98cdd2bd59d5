// Review fixes in Chromium: an import reloads the open tabs (and the Routing draft, so a later Save cannot
// undo it), revoked tokens leave the BYOK snippets, unpriced days read 'unknown' in the by-day table, and
// model prices use the one money format.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './browser';
import { proxyChat } from './serve-process';
import { useE2E } from './suite';

const FAKE_KEY = 'sk-fake-uifix-1a2b3c4d';

describe.skipIf(!chromiumAvailable())('review fixes', () => {
  const e2e = useE2E({
    fake: { apiKey: FAKE_KEY },
    fakeProvider: true,
    seed: async () => {
      await api('POST', '/models', { provider_id: 'fo', model_name: 'tiny', input_cost_per_1m: 0.02, output_cost_per_1m: 0.0004, context_length: 128000, quality: 50 });
      // a cloud type (a relay on loopback is still cloud, so not free) and a model with no price: its requests are unpriced
      await api('POST', '/providers', { id: 'relay', name: 'Relay', type: 'openai', base_url: e2e.fake.url, api_key: FAKE_KEY });
      expect(await api('POST', '/models', { provider_id: 'relay', model_name: 'mystery', input_cost_per_1m: null, output_cost_per_1m: null, context_length: 128000, quality: 50 })).toMatchObject({ price_unknown: true });
    },
  });
  const { api, show } = e2e;
  const chat = (model: string) => proxyChat(e2e.serve, e2e.serve.defaultToken, model);

  it('Models: prices per 1M tokens in the one money format', async () => {
    await show('Models');
    const priceOf = (what: string) => e2e.page.getByRole('button', { name: new RegExp(`^${what} price of fo/tiny: `) }).textContent();
    expect(await priceOf('Input')).toBe('$0.02');
    expect(await priceOf('Output')).toBe('$0.0004');
    expect(await e2e.page.getByRole('button', { name: /^Input price of relay\/mystery: / }).textContent()).toBe('unknown');
  });

  it('Usage: a day of unpriced requests reads unknown, never $0.00, and a mixed one notes the unpriced', async () => {
    for (let i = 0; i < 2; i++) expect((await chat('relay/mystery')).status).toBe(200);
    await show('Usage');
    await e2e.page.getByRole('button', { name: 'Today' }).click();
    await expect.poll(() => e2e.page.getByTestId('total-requests').textContent()).toBe('2');
    const today = e2e.page.getByTestId('by-day-table').locator('tbody tr').first();
    const total = e2e.page.getByTestId('by-day-total');
    expect(await today.locator('td').last().textContent()).toBe('unknown+ 2 requests unpriced');
    expect(await total.locator('td').last().textContent()).toBe('unknown+ 2 requests unpriced');
    expect(await e2e.page.getByTestId('total-cost').textContent()).toBe('unknown');

    expect((await chat('fo/tiny')).status).toBe(200);
    const cost = (await api('GET', '/usage?days=1')).total_cost_usd as number;
    expect(cost).toBeGreaterThan(0);
    await show('Models');
    await show('Usage');
    await expect.poll(() => e2e.page.getByTestId('total-requests').textContent()).toBe('3');
    expect(await today.locator('td').last().textContent()).toMatch(/^\$0\.\d+\+ 2 requests unpriced$/);
    expect(await total.locator('td').last().textContent()).toBe(await today.locator('td').last().textContent());
  });

  it('Settings → Import reloads the open Routing tab, replaces its unsaved draft, and a later Save keeps the import', async () => {
    const doc = await api('GET', '/config');
    expect(doc.routing_rules.timeout_ms).toBe(120000);
    await show('Routing');
    const timeout = e2e.page.getByLabel('Timeout (ms)');
    await timeout.fill('5000');
    await e2e.page.getByTestId('unsaved-marker').waitFor();

    await e2e.page.getByRole('button', { name: 'Settings' }).click();
    const dialog = e2e.page.getByRole('dialog', { name: 'Settings' });
    const imported = { ...doc, routing_rules: { ...doc.routing_rules, timeout_ms: 77000 } };
    await dialog.getByLabel('Import configuration…').setInputFiles({ name: 'config.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(imported)) });
    await dialog.getByTestId('import-result').waitFor();
    expect(await dialog.getByTestId('routing-edits-replaced').count()).toBe(1);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await api('GET', '/routing/rules')).timeout_ms).toBe(77000);

    // the tab shows the imported rules, not the old draft
    await expect.poll(() => timeout.inputValue()).toBe('77000');
    expect(await e2e.page.getByTestId('unsaved-marker').count()).toBe(0);
    // an unrelated edit saved afterwards sends the imported rules along, not the ones the import replaced
    await e2e.page.getByLabel('Max retries').fill('3');
    await e2e.page.getByRole('button', { name: 'Save', exact: true }).click();
    await e2e.page.getByTestId('unsaved-marker').waitFor({ state: 'detached' });
    expect(await api('GET', '/routing/rules')).toMatchObject({ timeout_ms: 77000, max_retries: 3 });
  });

  it('BYOK: a revoked token leaves the snippets at once, the Default profile\'s file token too', async () => {
    await show('BYOK');
    const setup = e2e.page.getByTestId('setup-panel');
    await expect.poll(() => setup.textContent()).toContain(e2e.serve.defaultToken);
    await e2e.page.getByRole('button', { name: 'Issue token' }).click();
    await expect.poll(() => e2e.page.getByTestId('token-reveal').locator('.token-value').count()).toBe(1);
    const issued = (await e2e.page.getByTestId('token-reveal').locator('.token-value').first().textContent())!;
    await expect.poll(() => setup.textContent()).toContain(issued);

    const revoke = async (name: string) => {
      await e2e.page.getByRole('button', { name: `Revoke ${name}`, exact: true }).click();
      await e2e.page.getByRole('dialog', { name: 'Revoke token?' }).getByRole('button', { name: 'Revoke' }).click();
    };
    const users = (await api('GET', '/users')) as { id: string; tokens: { id: string; name: string; prefix: string }[] }[];
    const issuedRow = users.find((u) => u.id === 'default')!.tokens.find((t) => issued.startsWith(t.prefix.replace('…', '')) && t.name !== 'default')!;
    await revoke(issuedRow.name || issuedRow.prefix);
    // well inside the header's 5 s status poll: the store drops it itself
    await expect.poll(() => setup.textContent(), { timeout: 2000 }).toContain(e2e.serve.defaultToken);
    expect(await setup.textContent()).not.toContain(issued);

    await revoke('default');
    await expect.poll(() => setup.textContent(), { timeout: 2000 }).not.toContain(e2e.serve.defaultToken);
    expect(await setup.textContent()).toContain('sb-YOUR-PROFILE-TOKEN');
    expect((await api('GET', '/status')).default_token).toBeNull();
    expect(e2e.errors).toEqual([]);
  });
});
