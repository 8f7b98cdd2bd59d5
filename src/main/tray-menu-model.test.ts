import { describe, expect, it } from 'vitest';
import { EMPTY_TRAY_STATE, buildTrayMenuModel, trayTooltip, type TrayMenuItem, type TrayState } from './tray-menu-model';

const state: TrayState = {
  powerLevel: 'balanced',
  todaySpendUsd: 1.234,
  monthSpendUsd: 12.5,
  todayUnpricedRequests: 0,
  monthUnpricedRequests: 0,
  monthlyCapUsd: 20,
  defaultSpendUsd: 9.99,
  defaultUnpricedRequests: 0,
  paused: false,
  proxyUrl: 'http://127.0.0.1:4141',
  notRunning: [],
  lastError: null,
  launchAtLogin: false,
};

const byId = (items: TrayMenuItem[], id: string) => items.find((i) => i.type !== 'separator' && i.id === id);
const labels = (items: TrayMenuItem[]) => items.map((i) => (i.type === 'separator' ? '---' : i.label));

describe('buildTrayMenuModel', () => {
  it('lays out power levels, spend, proxy controls, open and quit', () => {
    expect(labels(buildTrayMenuModel(state))).toEqual([
      'Power level', 'Eco', 'Balanced', 'Precision', '---',
      'Today (UTC): $1.23', 'This month (UTC): $12.50', 'Default profile: $9.99 of $20.00', '---',
      'Proxy on http://127.0.0.1:4141', 'Pause proxy', 'Copy proxy URL', '---',
      'Launch at login', 'Open Switchboard', 'Quit Switchboard',
    ]);
  });

  it('checks exactly the radio item of the current level', () => {
    for (const level of ['eco', 'balanced', 'precision'] as const) {
      const radios = buildTrayMenuModel({ ...state, powerLevel: level }).filter((i) => i.type === 'radio');
      expect(radios.filter((r) => r.type === 'radio' && r.checked).map((r) => r.type !== 'separator' && r.id)).toEqual([`power:${level}`]);
    }
  });

  it('shows spend without a cap, and Resume when paused', () => {
    const items = buildTrayMenuModel({ ...state, monthlyCapUsd: null, paused: true });
    expect(byId(items, 'month')).toMatchObject({ label: 'This month (UTC): $12.50', enabled: false });
    expect(byId(items, 'cap')).toBeUndefined();
    expect(byId(items, 'proxy-status')).toMatchObject({ label: 'Proxy paused' });
    expect(byId(items, 'toggle-pause')).toMatchObject({ label: 'Resume proxy', enabled: true });
  });

  it('says how many requests of unknown cost the spend leaves out, rather than counting them as $0', () => {
    const items = buildTrayMenuModel({ ...state, todayUnpricedRequests: 2, monthUnpricedRequests: 5 });
    expect(byId(items, 'today')).toMatchObject({ label: 'Today (UTC): $1.23 + 2 unpriced' });
    expect(byId(items, 'month')).toMatchObject({ label: 'This month (UTC): $12.50 + 5 unpriced' });
  });

  it('disables what needs the core until the first state arrives', () => {
    const items = buildTrayMenuModel(EMPTY_TRAY_STATE);
    expect(byId(items, 'power:eco')).toMatchObject({ enabled: false, checked: false });
    expect(byId(items, 'today')).toMatchObject({ label: 'Today (UTC): …' });
    expect(byId(items, 'toggle-pause')).toMatchObject({ enabled: false });
    expect(byId(items, 'copy-url')).toMatchObject({ enabled: false });
    expect(byId(items, 'open')).toMatchObject({ enabled: true });
    expect(byId(items, 'quit')).toMatchObject({ enabled: true });
  });

  it('names local servers that are not running and the last error, cut to one short line', () => {
    const items = buildTrayMenuModel({ ...state, notRunning: ['Ollama', 'LM Studio'], lastError: `12:00 ${'x'.repeat(80)}: timeout`, launchAtLogin: true });
    expect(byId(items, 'not-running')).toMatchObject({ label: 'Not running: Ollama, LM Studio', enabled: false });
    expect((byId(items, 'last-error') as { label: string }).label).toHaveLength(60);
    expect(byId(items, 'toggle-login')).toMatchObject({ type: 'checkbox', checked: true, enabled: true });
  });

  it("shows money in the UI's one format: sub-cent spend is not $0.00, the cap is not rounded, unpriced requests are named", () => {
    const items = buildTrayMenuModel({ ...state, todaySpendUsd: 0.0042, monthSpendUsd: 1234.567, todayUnpricedRequests: 0,
      monthlyCapUsd: 0.005, defaultSpendUsd: 0.00144, defaultUnpricedRequests: 2 });
    expect(byId(items, 'today')).toMatchObject({ label: 'Today (UTC): $0.0042' });
    expect((byId(items, 'month') as { label: string }).label).toMatch(/^This month \(UTC\): \$1,234\.57/);
    expect(byId(items, 'cap')).toMatchObject({ label: 'Default profile: $0.00144 of $0.005 + 2 unpriced' });
    expect(trayTooltip(state)).toBe('Switchboard: Proxy on http://127.0.0.1:4141');
  });
});
