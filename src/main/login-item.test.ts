import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { autostartFile, desktopEntry, launchAgent, launchAgentFile, loginItemFor, startedAtLogin } from './login-item';
import { syncLoginItem } from './login-sync';

/** Electron's login items as Windows keeps them: an item is on only for the args it was registered with. */
const fakeApp = () => {
  const state = { openAtLogin: false, wasOpenedAtLogin: false, args: [] as string[] };
  return {
    state,
    getLoginItemSettings: (o?: { args?: string[] }) =>
      ({ ...state, openAtLogin: state.openAtLogin && JSON.stringify(o?.args ?? []) === JSON.stringify(state.args) }) as never,
    setLoginItemSettings: vi.fn((s: { openAtLogin?: boolean; args?: string[] }) => {
      state.openAtLogin = s.openAtLogin === true;
      state.args = s.args ?? [];
    }),
  };
};

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('login item', () => {
  it('on Linux writes and removes an XDG autostart entry starting the AppImage hidden', () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-login-'));
    const env = { XDG_CONFIG_HOME: dir, APPIMAGE: '/home/u/Apps/Switchboard "1".AppImage' };
    const item = loginItemFor({ app: fakeApp(), platform: 'linux', execPath: '/opt/Switchboard/switchboard', env });
    expect(item.get()).toBe(false);
    item.set(true);
    const file = autostartFile(env);
    expect(file).toBe(join(dir, 'autostart', 'switchboard.desktop'));
    expect(readFileSync(file, 'utf8')).toBe(desktopEntry(env.APPIMAGE));
    expect(readFileSync(file, 'utf8')).toContain('Exec="/home/u/Apps/Switchboard \\"1\\".AppImage" --hidden\n');
    expect(item.get()).toBe(true);
    item.set(false);
    expect(existsSync(file)).toBe(false);
    expect(item.get()).toBe(false);
    // an entry left by an older AppImage starts nothing: it reads as off, so the sync writes it anew
    const older = loginItemFor({ app: fakeApp(), platform: 'linux', execPath: '/x', env: { ...env, APPIMAGE: '/home/u/Apps/Switchboard-0.1.0.AppImage' } });
    older.set(true);
    expect(item.get()).toBe(false);
    item.set(true);
    expect(item.get()).toBe(true);
  });

  it('on macOS and Windows uses the OS login items', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const app = fakeApp();
      const item = loginItemFor({ app, platform, execPath: 'C:\\\\Switchboard.exe', env: {} });
      item.set(true);
      expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, args: ['--hidden'] });
      expect(item.get()).toBe(true);
      item.set(false);
      expect(item.get()).toBe(false);
    }
  });

  describe('from a checkout (npm start), where the executable is the bare Electron binary', () => {
    const electron = '/home/u/switchboard/node_modules/electron/dist/electron';
    const checkout = '/home/u/my "work"/switchboard';

    it('on Linux starts Electron with the checkout folder, hidden', () => {
      dir = mkdtempSync(join(tmpdir(), 'sb-login-'));
      const env = { XDG_CONFIG_HOME: dir };
      const item = loginItemFor({ app: fakeApp(), platform: 'linux', execPath: electron, env, appPath: checkout });
      item.set(true);
      expect(readFileSync(autostartFile(env), 'utf8')).toContain(`Exec="${electron}" "/home/u/my \\"work\\"/switchboard" --hidden\n`);
      expect(item.get()).toBe(true);
      // an entry starting bare Electron (what a checkout wrote before) reads as off, so the sync rewrites it
      loginItemFor({ app: fakeApp(), platform: 'linux', execPath: electron, env }).set(true);
      expect(item.get()).toBe(false);
    });

    it('on Windows registers Electron with the quoted checkout folder', () => {
      const app = fakeApp();
      const item = loginItemFor({ app, platform: 'win32', execPath: 'C:\\sb\\electron.exe', env: {}, appPath: 'C:\\My Work\\switchboard' });
      item.set(true);
      expect(app.setLoginItemSettings).toHaveBeenCalledWith({
        openAtLogin: true, path: 'C:\\sb\\electron.exe', args: ['"C:\\My Work\\switchboard"', '--hidden'],
      });
      expect(item.get()).toBe(true);
      item.set(false);
      expect(item.get()).toBe(false);
    });

    it('on macOS, whose login items take no arguments, writes a LaunchAgent', () => {
      dir = mkdtempSync(join(tmpdir(), 'sb-login-'));
      const app = fakeApp();
      const env = { HOME: dir };
      const item = loginItemFor({ app, platform: 'darwin', execPath: electron, env, appPath: '/Users/u/a&b/switchboard' });
      expect(item.get()).toBe(false);
      item.set(true);
      const file = launchAgentFile(env);
      expect(file).toBe(join(dir, 'Library', 'LaunchAgents', 'dev.switchboard.app.checkout.plist'));
      const plist = readFileSync(file, 'utf8');
      expect(plist).toBe(launchAgent([electron, '/Users/u/a&b/switchboard', '--hidden']));
      expect(plist).toContain(`<string>${electron}</string>\n    <string>/Users/u/a&amp;b/switchboard</string>\n    <string>--hidden</string>`);
      expect(plist).toContain('<key>RunAtLoad</key><true/>');
      expect(item.get()).toBe(true);
      expect(app.setLoginItemSettings).not.toHaveBeenCalled();
      item.set(false);
      expect(existsSync(file)).toBe(false);
    });
  });

  it('knows when it was started by the login item', () => {
    const app = fakeApp();
    expect(startedAtLogin(['electron', '.', '--hidden'], app, 'linux')).toBe(true);
    expect(startedAtLogin(['electron', '.'], app, 'linux')).toBe(false);
    app.state.wasOpenedAtLogin = true;
    expect(startedAtLogin(['Switchboard'], app, 'darwin')).toBe(true);
  });
});

describe('syncLoginItem', () => {
  const item = () => {
    let on = false;
    return { get: () => on, set: vi.fn((v: boolean) => void (on = v)) };
  };
  const service = (launch: boolean | null) => {
    const settings = { launch_at_login: launch };
    return {
      settings,
      getSettings: async () => ({ ...settings }) as never,
      updateSettings: vi.fn(async (p: { launch_at_login?: boolean | null }) => Object.assign(settings, p) as never),
    };
  };

  it('defaults to on for the installed app, and records that', async () => {
    const s = service(null);
    const i = item();
    await syncLoginItem(s, i, true);
    expect(s.settings.launch_at_login).toBe(true);
    expect(i.get()).toBe(true);
  });

  it('leaves a development checkout alone until the user chooses', async () => {
    const s = service(null);
    const i = item();
    await syncLoginItem(s, i, false);
    expect(s.updateSettings).not.toHaveBeenCalled();
    expect(i.set).not.toHaveBeenCalled();
    s.settings.launch_at_login = true;
    await syncLoginItem(s, i, false);
    expect(i.get()).toBe(true);
  });

  it('touches the OS only when it differs from the setting', async () => {
    const s = service(false);
    const i = item();
    await syncLoginItem(s, i, true);
    expect(i.set).not.toHaveBeenCalled();
  });
});
