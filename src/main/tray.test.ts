import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADMIN_METHOD_NAMES, type AdminMethod, type AdminService } from '../shared/contract';
import type { ActivityEntry } from '../shared/activity-types';
import type { Alert, AppStatus, Provider, Settings, User } from '../shared/types';
import { FakeNotification, FakeTray, fake, resetElectronFake, type FakeMenu } from '../../test/helpers/fake-electron';
import { createTray, type SwitchboardTray } from './tray';

vi.mock('electron', async () => (await import('../../test/helpers/fake-electron')).fakeElectronModule());

const status: AppStatus = {
  version: '0.1.0', proxy_url: 'http://127.0.0.1:4141', paused: false,
  secret_store: { kind: 'keychain', available: true, message: null }, default_token: null,
  today_spend_usd: 0.42, month_spend_usd: 7.5, today_unpriced_requests: 0, month_unpriced_requests: 0,
  data_warnings: [], power_level: 'balanced',
};
const profile = { id: 'default', name: 'Default', power_level: 'balanced', monthly_cap_usd: 25 } as User;

/** A service that keeps just the state the tray reads and writes. */
function fakeService() {
  const state = {
    status: { ...status }, profile: { ...profile }, alerts: [] as Alert[],
    providers: [
      { id: 'ollama', name: 'Ollama', enabled: true, health: { status: 'not_running' } },
      { id: 'lmstudio', name: 'LM Studio', enabled: false, health: { status: 'not_running' } },
      { id: 'openai', name: 'OpenAI', enabled: true, health: { status: 'healthy' } },
    ] as Provider[],
    failed: [] as ActivityEntry[],
    settings: { usage_retention_days: 365, proxy_port: 4141, body_capture_until: null, launch_at_login: true } as Settings,
  };
  const calls: Array<[AdminMethod, unknown]> = [];
  const impl: Partial<Record<AdminMethod, (input: never) => Promise<unknown>>> = {
    getStatus: async () => ({ ...state.status }),
    listUsers: async () => [{ ...state.profile }],
    getCredits: async () => ({ spent_this_month_usd: 3.25 }),
    listProviders: async () => state.providers,
    listRequests: async () => ({ requests: state.failed, next_before: null }),
    getSettings: async () => ({ ...state.settings }),
    updateSettings: async (input: Partial<Settings>) => Object.assign(state.settings, input),
    getAlerts: async () => state.alerts,
    updateUser: async (input: { id: string; patch: Partial<User> }) => Object.assign(state.profile, input.patch),
    setProxyPaused: async (input: { paused: boolean }) => Object.assign(state.status, { paused: input.paused }),
  };
  const service = Object.fromEntries(ADMIN_METHOD_NAMES.map((m) => [m, async (input: never) => {
    calls.push([m, input]);
    const fn = impl[m];
    if (!fn) throw new Error(`tray should not call ${m}`);
    return fn(input);
  }])) as unknown as AdminService;
  return { service, state, calls };
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** A full collection once the current job is over (until then a WeakRef keeps what it last gave out). */
const collect = async (): Promise<void> => {
  await new Promise((done) => setImmediate(done));
  gc();
};

const item = (menu: FakeMenu | null, id: string) => {
  const found = menu?.template.find((i) => i.id === id);
  if (!found) throw new Error(`no menu item ${id}`);
  return found;
};

describe('createTray', () => {
  let tray: SwitchboardTray | null = null;
  beforeEach(() => resetElectronFake());
  afterEach(() => tray?.destroy());

  function start(platform: NodeJS.Platform = 'linux') {
    const svc = fakeService();
    const listeners = new Set<() => void>();
    const openWindow = vi.fn();
    const quit = vi.fn();
    tray = createTray({
      service: svc.service,
      subscribe: (fn) => { listeners.add(fn); return () => listeners.delete(fn); },
      iconPath: '/icons/tray.png', template: false, platform, openWindow, quit, log: () => undefined,
    });
    const fakeTray = FakeTray.instances[0];
    if (!fakeTray) throw new Error('no tray');
    return { ...svc, tray, fakeTray, listeners, openWindow, quit };
  }

  it('shows the profile level checked and the spend from the service', async () => {
    const { tray: t, fakeTray } = start();
    await t.refresh();
    expect(item(fakeTray.menu, 'power:balanced')).toMatchObject({ type: 'radio', checked: true });
    expect(item(fakeTray.menu, 'power:eco')).toMatchObject({ type: 'radio', checked: false });
    expect(item(fakeTray.menu, 'today').label).toBe('Today (UTC): $0.42');
    expect(item(fakeTray.menu, 'month').label).toBe('This month (UTC): $7.50');
    expect(item(fakeTray.menu, 'cap').label).toBe('Default profile: $3.25 of $25.00');
    expect(fakeTray.tooltip).toBe('Switchboard: Proxy on http://127.0.0.1:4141');
  });

  it('clicking Eco sets the default profile to eco at once and re-checks the menu', async () => {
    const { tray: t, fakeTray, calls } = start();
    await t.refresh();
    item(fakeTray.menu, 'power:eco').click?.();
    await vi.waitFor(() => expect(item(fakeTray.menu, 'power:eco').checked).toBe(true));
    expect(calls).toContainEqual(['updateUser', { id: 'default', patch: { power_level: 'eco' } }]);
  });

  it('pauses and resumes the proxy, and copies its URL', async () => {
    const { tray: t, fakeTray, calls } = start();
    await t.refresh();
    item(fakeTray.menu, 'toggle-pause').click?.();
    await vi.waitFor(() => expect(item(fakeTray.menu, 'toggle-pause').label).toBe('Resume proxy'));
    expect(calls).toContainEqual(['setProxyPaused', { paused: true }]);
    item(fakeTray.menu, 'copy-url').click?.();
    expect(fake.clipboard.writeText).toHaveBeenCalledWith('http://127.0.0.1:4141');
  });

  it('shows local servers that are not running and the last error', async () => {
    const { tray: t, fakeTray, state } = start();
    state.failed = [{ started_at: '2026-03-01T14:02:00Z', model_id: 'anthropic/claude-sonnet-4-5', requested_model: 'auto', error_kind: 'rate_limit', status: 429 } as ActivityEntry];
    await t.refresh();
    expect(item(fakeTray.menu, 'not-running').label).toBe('Not running: Ollama');
    expect(item(fakeTray.menu, 'last-error').label).toMatch(/^Last error: \d\d:\d\d anthropic\/claude-sonnet-4-5: rate_limit$/);
  });

  it('switches launch at login through the setting', async () => {
    const { tray: t, fakeTray, calls } = start();
    await t.refresh();
    expect(item(fakeTray.menu, 'toggle-login')).toMatchObject({ type: 'checkbox', checked: true });
    item(fakeTray.menu, 'toggle-login').click?.();
    await vi.waitFor(() => expect(item(fakeTray.menu, 'toggle-login').checked).toBe(false));
    expect(calls).toContainEqual(['updateSettings', { launch_at_login: false }]);
  });

  it('opens the window and quits from the menu', async () => {
    const { tray: t, fakeTray, openWindow, quit } = start();
    await t.refresh();
    item(fakeTray.menu, 'open').click?.();
    item(fakeTray.menu, 'quit').click?.();
    await vi.waitFor(() => expect(quit).toHaveBeenCalledTimes(1));
    expect(openWindow).toHaveBeenCalledTimes(1);
  });

  it('refreshes when the core reports a change', async () => {
    const { tray: t, fakeTray, state, listeners } = start();
    await t.refresh();
    state.status.today_spend_usd = 3;
    for (const fn of listeners) fn();
    await vi.waitFor(() => expect(item(fakeTray.menu, 'today').label).toBe('Today (UTC): $3.00'));
  });

  it('notifies each alert once', async () => {
    const { tray: t, state } = start();
    const alert: Alert = { id: 'a1', kind: 'cap_80', severity: 'warning', message: '80% of the monthly cap used', subject: 'default', created_at: '' };
    state.alerts = [alert];
    await t.refresh();
    await t.refresh();
    state.alerts = [alert, { ...alert, id: 'a2', message: 'cap reached', severity: 'critical' }];
    await t.refresh();
    expect(FakeNotification.instances.map((n) => [n.options.body, n.shown])).toEqual([
      ['80% of the monthly cap used', true],
      ['cap reached', true],
    ]);
  });

  it('keeps each notification until it is clicked, closed or fails, so its click still opens the window', async () => {
    const { tray: t, state, openWindow } = start();
    const alert: Alert = { id: '', kind: 'cap_80', severity: 'warning', message: '', subject: 'default', created_at: '' };
    // one alert per event that ends a notification, the event as its message
    state.alerts = ['click', 'close', 'failed'].map((event) => ({ ...alert, id: event, message: event }));
    await t.refresh();
    // only the tray may hold them: the fake's own list lets go
    const notes = FakeNotification.instances.map((n) => ({ event: n.options.body, ref: new WeakRef(n) }));
    FakeNotification.instances = [];
    expect(notes).toHaveLength(3);
    await collect();
    expect(notes.map((n) => n.ref.deref() !== undefined)).toEqual([true, true, true]);
    for (const n of notes) n.ref.deref()?.emit(n.event);
    expect(openWindow).toHaveBeenCalledTimes(1);
    await collect();
    expect(notes.map((n) => n.ref.deref() !== undefined)).toEqual([false, false, false]);
  });

  it('on Windows keeps a notification past its close (timed out into the Action Center) until clicked, or closes it when its alert ends', async () => {
    const { tray: t, state, openWindow } = start('win32');
    const alert: Alert = { id: '', kind: 'cap_80', severity: 'warning', message: '', subject: 'default', created_at: '' };
    state.alerts = ['clicked', 'ended', 'lasting'].map((id) => ({ ...alert, id, message: id }));
    await t.refresh();
    const notes = FakeNotification.instances.map((n) => ({ id: n.options.body, ref: new WeakRef(n) }));
    FakeNotification.instances = [];
    const held = async (): Promise<boolean[]> => {
      await collect();
      return notes.map((n) => n.ref.deref() !== undefined);
    };
    // every toast times out into the Action Center
    for (const n of notes) n.ref.deref()?.emit('close');
    expect(await held()).toEqual([true, true, true]);
    // clicked there later: the window opens
    notes[0]?.ref.deref()?.emit('click');
    expect(openWindow).toHaveBeenCalledTimes(1);
    expect(await held()).toEqual([false, true, true]);
    // the second alert's episode ends: its notification is closed and let go
    state.alerts = state.alerts.filter((a) => a.id !== 'ended');
    await t.refresh();
    expect(notes.slice(1).map((n) => n.ref.deref()?.closed)).toEqual([true, false]);
    expect(await held()).toEqual([false, false, true]);
  });

  it('stops listening and removes the icon on destroy', async () => {
    const { tray: t, fakeTray, listeners } = start();
    t.destroy();
    tray = null;
    expect(listeners.size).toBe(0);
    expect(fakeTray.destroyed).toBe(true);
  });
});
