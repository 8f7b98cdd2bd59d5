import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { autostartFile, desktopEntry, launchAgent, launchAgentFile, loginItemFor, startedAtLogin } from './login-item';

/**
 * Electron's login items as Windows keeps them: an item is on only for the args it was registered with, and
 * Task Manager's switch shows only in executableWillLaunchAtLogin. `status` is macOS 13+'s.
 */
const fakeApp = () => {
  const state = {
    openAtLogin: false, wasOpenedAtLogin: false, args: [] as string[],
    executableWillLaunchAtLogin: undefined as boolean | undefined, status: undefined as string | undefined,
  };
  return {
    state,
    getLoginItemSettings: (o?: { args?: string[] }) =>
      // macOS is asked with no options: its login items have no args to match
      ({ ...state, openAtLogin: state.openAtLogin && (o === undefined || JSON.stringify(o.args ?? []) === JSON.stringify(state.args)) }) as never,
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
    expect(item.get()).toBe('off');
    item.set(true);
    const file = autostartFile(env);
    expect(file).toBe(join(dir, 'autostart', 'switchboard.desktop'));
    expect(readFileSync(file, 'utf8')).toBe(desktopEntry(env.APPIMAGE));
    expect(readFileSync(file, 'utf8')).toContain('Exec="/home/u/Apps/Switchboard \\"1\\".AppImage" --hidden\n');
    expect(item.get()).toBe('on');
    item.set(false);
    expect(existsSync(file)).toBe(false);
    expect(item.get()).toBe('off');
    // an entry left by an older AppImage starts another copy: elsewhere, so the sync can move it to this one
    const older = loginItemFor({ app: fakeApp(), platform: 'linux', execPath: '/x', env: { ...env, APPIMAGE: '/home/u/Apps/Switchboard-0.1.0.AppImage' } });
    older.set(true);
    expect(older.get()).toBe('on');
    expect(item.get()).toBe('elsewhere');
    item.set(true);
    expect(item.get()).toBe('on');
  });

  it('on Linux reads an entry the desktop switched off as off, and one with lines of its own as on', () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-login-'));
    const env = { XDG_CONFIG_HOME: dir };
    const item = loginItemFor({ app: fakeApp(), platform: 'linux', execPath: '/opt/Switchboard/switchboard', env });
    item.set(true);
    const file = autostartFile(env);
    const written = readFileSync(file, 'utf8');
    // GNOME's Startup Applications and Tweaks
    writeFileSync(file, written.replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'));
    expect(item.get()).toBe('off');
    // KDE's Autostart, and the spec's way to hide an entry
    writeFileSync(file, `${written}Hidden=true\n`);
    expect(item.get()).toBe('off');
    writeFileSync(file, `${written}X-GNOME-Autostart-Delay=10\n[Desktop Action x]\nExec=/elsewhere\n`);
    expect(item.get()).toBe('on');
  });

  it('on macOS and Windows uses the OS login items', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const app = fakeApp();
      const item = loginItemFor({ app, platform, execPath: 'C:\\\\Switchboard.exe', env: {} });
      item.set(true);
      expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, args: ['--hidden'] });
      expect(item.get()).toBe('on');
      item.set(false);
      expect(item.get()).toBe('off');
    }
  });

  it('reads an item switched off in the OS as off: Task Manager on Windows, Login Items on macOS 13+', () => {
    const win = fakeApp();
    const onWindows = loginItemFor({ app: win, platform: 'win32', execPath: 'C:\\Switchboard.exe', env: {} });
    onWindows.set(true);
    win.state.executableWillLaunchAtLogin = true;
    expect(onWindows.get()).toBe('on');
    // Task Manager leaves the Run entry (openAtLogin stays true) and marks it not approved
    win.state.executableWillLaunchAtLogin = false;
    expect(onWindows.get()).toBe('off');

    const mac = fakeApp();
    const onMac = loginItemFor({ app: mac, platform: 'darwin', execPath: '/Applications/Switchboard.app/Contents/MacOS/Switchboard', env: {} });
    onMac.set(true);
    mac.state.status = 'enabled';
    expect(onMac.get()).toBe('on');
    mac.state.status = 'requires-approval';
    expect(onMac.get()).toBe('off');
    mac.state.status = 'not-registered';
    expect(onMac.get()).toBe('off');
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
      expect(item.get()).toBe('on');
      // an entry starting bare Electron (what a checkout wrote before) starts something else
      loginItemFor({ app: fakeApp(), platform: 'linux', execPath: electron, env }).set(true);
      expect(item.get()).toBe('elsewhere');
    });

    it('on Windows registers Electron with the quoted checkout folder', () => {
      const app = fakeApp();
      const item = loginItemFor({ app, platform: 'win32', execPath: 'C:\\sb\\electron.exe', env: {}, appPath: 'C:\\My Work\\switchboard' });
      item.set(true);
      expect(app.setLoginItemSettings).toHaveBeenCalledWith({
        openAtLogin: true, path: 'C:\\sb\\electron.exe', args: ['"C:\\My Work\\switchboard"', '--hidden'],
      });
      expect(item.get()).toBe('on');
      item.set(false);
      expect(item.get()).toBe('off');
    });

    it('on macOS, whose login items take no arguments, writes a LaunchAgent', () => {
      dir = mkdtempSync(join(tmpdir(), 'sb-login-'));
      const app = fakeApp();
      const env = { HOME: dir };
      const item = loginItemFor({ app, platform: 'darwin', execPath: electron, env, appPath: '/Users/u/a&b/switchboard' });
      expect(item.get()).toBe('off');
      item.set(true);
      const file = launchAgentFile(env);
      expect(file).toBe(join(dir, 'Library', 'LaunchAgents', 'dev.switchboard.app.checkout.plist'));
      const plist = readFileSync(file, 'utf8');
      expect(plist).toBe(launchAgent([electron, '/Users/u/a&b/switchboard', '--hidden']));
      expect(plist).toContain(`<string>${electron}</string>\n    <string>/Users/u/a&amp;b/switchboard</string>\n    <string>--hidden</string>`);
      expect(plist).toContain('<key>RunAtLoad</key><true/>');
      expect(item.get()).toBe('on');
      expect(app.setLoginItemSettings).not.toHaveBeenCalled();
      // launchd skips an agent marked Disabled
      writeFileSync(file, plist.replace('<dict>', '<dict>\n  <key>Disabled</key>\n  <true/>'));
      expect(item.get()).toBe('off');
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
