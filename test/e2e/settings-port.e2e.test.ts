// The Settings dialog's proxy port: the way back after the desktop app's "Use port N" saved another one. It shows
// the saved value, saves a new one (applied at the next start, as the hint says), and refuses a bad one with the
// admin API's own message, saving nothing.
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './browser';
import { useE2E } from './suite';

describe.skipIf(!chromiumAvailable())('Settings: proxy port', () => {
  const e2e = useE2E({ reloadEachTest: true, seed: (e) => e.api('PUT', '/settings', { proxy_port: 4142 }) });

  const openSettings = async () => {
    await e2e.page.getByRole('button', { name: 'Settings' }).click();
    const dialog = e2e.page.getByRole('dialog', { name: 'Settings' });
    const port = dialog.getByLabel('Proxy port');
    await expect.poll(() => port.inputValue()).not.toBe('');
    return { dialog, port, field: dialog.locator('.field').filter({ hasText: 'Proxy port' }) };
  };

  it('shows the saved port, says a change applies at the next start, and saves a new one', async () => {
    const { dialog, port, field } = await openSettings();
    expect(await port.inputValue()).toBe('4142');
    // serve runs on --port 0 here: the hint names the port it listens on, not the saved one
    const listening = new URL(e2e.serve.url).port;
    const hint = await field.locator('.field-hint').textContent();
    expect(hint).toContain(`listening on port ${listening} now`);
    expect(hint).toContain('applies the next time Switchboard starts');
    await port.fill('4141');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect((await e2e.api('GET', '/settings')).proxy_port).toBe(4141);
    // the running proxy stays where it is
    expect((await e2e.api('GET', '/status')).proxy_url).toContain(`:${listening}`);
  });

  for (const [typed, message] of [
    ['0', 'proxy_port must be at least 1'],
    ['70000', 'proxy_port must be at most 65535'],
    ['abc', 'proxy_port must be a number, got string'],
  ] as const) {
    it(`refuses ${typed} with the validator's message and saves nothing`, async () => {
      const before = (await e2e.api('GET', '/settings')).proxy_port;
      const { dialog, port, field } = await openSettings();
      await port.fill(typed);
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => field.locator('.field-error').textContent()).toBe(message);
      expect(await dialog.count()).toBe(1);
      expect((await e2e.api('GET', '/settings')).proxy_port).toBe(before);
    });
  }
});
