// Second review's fixes in Chromium: editing a profile sends only what changed (never its spent credit back),
// a failed Routing Save changes nothing, non-Latin profile names get a free id (and New profile has an Id field),
// the Edit provider dialog shows every server error, closing a dialog gives focus back, and a custom usage range
// over the limit is refused in the picker instead of showing another range's figures under an error; deleting a
// provider or a model names the routing rules it prunes; the route simulator lists each profile once.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './browser';
import { proxyChat } from './serve-process';
import { useE2E } from './suite';

const FAKE_KEY = 'sk-fake-dialogs-5e6f7a8b';

describe.skipIf(!chromiumAvailable())('dialog and form fixes', () => {
  let aliceToken: string;
  const e2e = useE2E({
    fake: { apiKey: FAKE_KEY },
    fakeProvider: true,
    seed: async () => {
      await api('POST', '/models', { provider_id: 'fo', model_name: 'dear', input_cost_per_1m: 1000, output_cost_per_1m: 1000, context_length: 128000, quality: 50 });
      aliceToken = (await api('POST', '/users', { id: 'alice', name: 'Alice', credit_balance_usd: 1 })).token;
    },
    // each test starts from a fresh page, so one that fails leaves no dialog open for the next
    reloadEachTest: true,
  });
  const { api, show } = e2e;
  const focusedLabel = () => e2e.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? null);

  it('BYOK: renaming a profile leaves the credit it has spent spent', async () => {
    await show('BYOK');
    // the list was loaded before the spend: the dialog opens with the old balance
    expect((await proxyChat(e2e.serve, aliceToken, 'fo/dear')).status).toBe(200);
    const balance = async () => (await api('GET', '/credits?user_id=alice')).credit_balance_usd as number;
    await expect.poll(balance).toBeLessThan(1);
    const spentDown = await balance();

    await e2e.page.getByRole('button', { name: 'Edit Alice' }).click();
    const dialog = e2e.page.getByRole('dialog', { name: 'Edit Alice' });
    await dialog.getByLabel('Name').fill('Alice B');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const alice = ((await api('GET', '/users')) as { id: string; name: string }[]).find((u) => u.id === 'alice');
    expect(alice?.name).toBe('Alice B');
    expect(await balance()).toBe(spentDown);
  });

  it('BYOK: profiles with non-Latin names get free ids; the New profile dialog takes an id of its own', async () => {
    await show('BYOK');
    const create = async (name: string, id?: string) => {
      await e2e.page.getByRole('button', { name: 'New profile' }).click();
      const dialog = e2e.page.getByRole('dialog', { name: 'New profile' });
      await dialog.getByLabel('Name').fill(name);
      if (id !== undefined) await dialog.getByLabel('Id').fill(id);
      await dialog.getByRole('button', { name: 'Create profile' }).click();
      return dialog;
    };
    await (await create('Иван')).waitFor({ state: 'detached' });
    await (await create('Мария')).waitFor({ state: 'detached' });
    await (await create('Petra', 'petra-laptop')).waitFor({ state: 'detached' });
    const ids = ((await api('GET', '/users')) as { id: string; name: string }[]).map((u) => [u.name, u.id]);
    expect(ids).toEqual(expect.arrayContaining([['Иван', 'profile'], ['Мария', 'profile-2'], ['Petra', 'petra-laptop']]));

    // an id given that is taken is refused beside the Id field
    const clash = await create('Again', 'alice');
    await expect.poll(() => clash.locator('.field-error').allTextContents()).toEqual(['a profile with id alice already exists']);
    await clash.getByRole('button', { name: 'Cancel' }).click();
  });

  it('Providers: the Edit dialog shows a server error on the name', async () => {
    await show('Providers');
    await e2e.page.getByRole('button', { name: 'Edit Fake OpenAI' }).click();
    const dialog = e2e.page.getByRole('dialog', { name: 'Edit Fake OpenAI' });
    await dialog.getByLabel('Name').fill('n'.repeat(250));
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.locator('.field-error, .error-box').allTextContents()).toEqual(['name must be at most 200 characters']);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(((await api('GET', '/providers')) as { id: string; name: string }[]).find((p) => p.id === 'fo')?.name).toBe('Fake OpenAI');
  });

  it('Providers: the delete confirm names the routing rules and profiles it prunes, and so does the toast', async () => {
    const errorsBefore = e2e.errors.length;
    await api('POST', '/providers', { id: 'gone', name: 'Going Away', type: 'openai-compatible', base_url: e2e.fake.url, api_key: FAKE_KEY });
    await api('POST', '/models', { provider_id: 'gone', model_name: 'm1', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 8000 });
    const rulesBefore = await api('GET', '/routing/rules');
    await api('PUT', '/routing/rules', { fallbacks: { 'fo/dear': ['gone/m1'] }, aliases: { fastest: ['gone/m1'], both: ['gone/m1', 'fo/dear'] } });
    await api('PUT', '/users/alice', { preferred_models: ['gone/m1'] });
    // (an earlier test renames her)
    const aliceName = ((await api('GET', '/users')) as { id: string; name: string }[]).find((u) => u.id === 'alice')!.name;
    try {
      await e2e.page.reload();
      await e2e.page.getByRole('button', { name: 'Delete Going Away' }).click();
      const confirm = e2e.page.getByRole('dialog', { name: 'Delete Going Away?' });
      const pruning = confirm.getByTestId('provider-delete-pruning');
      await expect.poll(() => pruning.getByRole('listitem').allTextContents()).toEqual([
        'Fallback chains removed: fo/dear',
        'Aliases removed: fastest',
        'Aliases shortened: both',
        `Preferred models shortened for: ${aliceName}`,
      ]);
      // asking changed nothing
      expect((await api('GET', '/routing/rules')).aliases).toEqual({ fastest: ['gone/m1'], both: ['gone/m1', 'fo/dear'] });
      await confirm.getByRole('button', { name: 'Delete' }).click();
      await confirm.waitFor({ state: 'detached' });
      await expect.poll(() => e2e.page.getByRole('status').filter({ hasText: 'Deleted Going Away' }).textContent())
        .toContain(`Deleted Going Away. Fallback chains removed: fo/dear. Aliases removed: fastest. Aliases shortened: both. Preferred models shortened for: ${aliceName}.`);
      expect((await api('GET', '/routing/rules')).aliases).toEqual({ both: ['fo/dear'] });
    } finally {
      await api('PUT', '/routing/rules', { fallbacks: rulesBefore.fallbacks, aliases: rulesBefore.aliases });
      await api('PUT', '/users/alice', { preferred_models: [] });
    }
    expect(e2e.errors.slice(errorsBefore)).toEqual([]);
  });

  it('closing a dialog gives the keyboard focus back to what opened it', async () => {
    await show('Providers');
    const edit = e2e.page.getByRole('button', { name: 'Edit Fake OpenAI' });
    await edit.focus();
    await e2e.page.keyboard.press('Enter');
    const dialog = e2e.page.getByRole('dialog', { name: 'Edit Fake OpenAI' });
    await dialog.waitFor();
    await e2e.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focusedLabel()).toBe('Edit Fake OpenAI');

    await show('BYOK');
    await e2e.page.getByRole('button', { name: 'New profile' }).click();
    const created = e2e.page.getByRole('dialog', { name: 'New profile' });
    await created.getByRole('button', { name: 'Cancel' }).click();
    await created.waitFor({ state: 'detached' });
    expect(await focusedLabel()).toBe('New profile');

    // Keep editing gives it to the tab shown, not to the one clicked (focusing a tab switches to it: it would ask again)
    await show('Routing');
    await e2e.page.getByLabel('Timeout (ms)').fill('5000');
    await e2e.page.getByRole('tab', { name: 'Usage' }).click();
    const leave = e2e.page.getByRole('dialog', { name: 'Discard unsaved changes?' });
    await leave.getByRole('button', { name: 'Keep editing' }).click();
    await leave.waitFor({ state: 'detached' });
    expect(await focusedLabel()).toBe('Routing');
    expect(await e2e.page.getByRole('tab', { name: 'Routing' }).getAttribute('aria-selected')).toBe('true');
    expect(await leave.count()).toBe(0);
    await e2e.page.getByRole('button', { name: 'Revert' }).click();
  });

  it('Routing: a Save the server refuses leaves the power level as it was', async () => {
    await show('Routing');
    await e2e.page.locator('.power-levels .segment', { hasText: 'eco' }).click();
    await e2e.page.getByLabel('Strategy').selectOption('custom');
    for (const w of ['cost', 'latency', 'quality']) await e2e.page.getByLabel(w, { exact: true }).fill('0');
    await e2e.page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => e2e.page.getByTestId('routing-errors').locator('li').allTextContents()).toEqual(['Weights: weights must not all be zero']);
    const levelOf = async () => ((await api('GET', '/users')) as { id: string; power_level: string }[]).find((u) => u.id === 'default')?.power_level;
    expect(await levelOf()).toBe('balanced');
    expect(await api('GET', '/routing/rules')).toMatchObject({ power_level: 'balanced', strategy: 'balanced' });

    // the form's own limits are the server's: a 500 ms timeout is refused before anything is sent
    await e2e.page.getByLabel('Strategy').selectOption('balanced');
    await e2e.page.getByLabel('Timeout (ms)').fill('500');
    await e2e.page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => e2e.page.getByTestId('routing-errors').locator('li').allTextContents())
      .toEqual(['Timeout: Milliseconds, a whole number from 1000 to 600000']);
    expect(await levelOf()).toBe('balanced');
    await e2e.page.getByRole('button', { name: 'Revert' }).click();
  });

  it('Usage: a custom range over 366 days is refused in the picker, the shown range stays as it was', async () => {
    await show('Usage');
    await e2e.page.getByRole('button', { name: '7 days' }).click();
    await expect.poll(() => e2e.page.getByTestId('total-requests').textContent()).toBe('1');
    await e2e.page.getByRole('button', { name: 'Custom…' }).click();
    await e2e.page.getByLabel('From', { exact: true }).fill('2024-01-01');
    await e2e.page.getByLabel('To', { exact: true }).fill('2025-06-30');
    await e2e.page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => e2e.page.locator('.range-custom .field-error').textContent()).toBe('A range spans at most 366 days');
    expect(await e2e.page.getByRole('button', { name: '7 days' }).getAttribute('aria-pressed')).toBe('true');
    expect(await e2e.page.locator('.tab-content[data-state="active"] .error-box').count()).toBe(0);
    expect(e2e.errors.filter((e) => !/status of (400|409)/.test(e))).toEqual([]);
  });

  // last: its proxy requests would count in the Usage test's figures
  it('Models: the delete confirm names the aliases and fallback chains it prunes, and so does the toast', async () => {
    const errorsBefore = e2e.errors.length;
    await api('POST', '/models', { provider_id: 'fo', model_name: 'solo', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 8000 });
    const rulesBefore = await api('GET', '/routing/rules');
    await api('PUT', '/routing/rules', { fallbacks: { 'fo/dear': ['fo/solo'] }, aliases: { coder: ['fo/solo'] } });
    try {
      expect((await proxyChat(e2e.serve, e2e.serve.defaultToken, 'coder')).status).toBe(200);
      await show('Models');
      await e2e.page.getByPlaceholder('Filter by name…').fill('solo');
      await e2e.page.getByRole('button', { name: 'Delete fo/solo', exact: true }).click();
      const confirm = e2e.page.getByRole('dialog', { name: 'Delete fo/solo?' });
      const pruning = confirm.getByTestId('model-delete-pruning');
      await expect.poll(() => pruning.getByRole('listitem').allTextContents()).toEqual([
        'Fallback chains removed: fo/dear',
        'Aliases removed: coder',
      ]);
      // what comes back with the model and what does not
      expect(await confirm.textContent()).toContain('Discover models (or Add model) can bring the model back later.');
      expect(await pruning.textContent()).toContain('Bringing the model back does not bring these back.');
      // asking changed nothing
      expect((await api('GET', '/routing/rules')).aliases).toEqual({ coder: ['fo/solo'] });
      await confirm.getByRole('button', { name: 'Delete' }).click();
      await confirm.waitFor({ state: 'detached' });
      await expect.poll(() => e2e.page.getByRole('status').filter({ hasText: 'Deleted fo/solo' }).textContent())
        .toContain('Deleted fo/solo. Fallback chains removed: fo/dear. Aliases removed: coder.');
      const rules = await api('GET', '/routing/rules');
      expect([rules.aliases, rules.fallbacks]).toEqual([{}, {}]);
      expect((await proxyChat(e2e.serve, e2e.serve.defaultToken, 'coder')).status).toBe(404);
    } finally {
      await api('PUT', '/routing/rules', { fallbacks: rulesBefore.fallbacks, aliases: rulesBefore.aliases });
    }
    expect(e2e.errors.slice(errorsBefore)).toEqual([]);
  });

  it('Routing: the simulator lists each profile once (the default profile not twice)', async () => {
    await show('Routing');
    const names = await e2e.page.locator('#sim-profile option').allTextContents();
    const profiles = (await api('GET', '/users')) as { id: string; name: string }[];
    expect(names).toHaveLength(profiles.length);
    expect(names.filter((n) => n === 'Default')).toEqual(['Default']);
    expect(await e2e.page.locator('#sim-profile').inputValue()).toBe('');
  });
});

