import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AUMID, windowsRegistry } from '../../test/helpers/fake-windows-login';
import { autostartFile, checkoutLoginItemFor, desktopEntry, launchAgent, launchAgentFile, loginItemFor, startedAtLogin } from './login-item';

/** Electron's login items as macOS keeps them: `status` is macOS 13+'s. */
const fakeApp = () => {
  const state = { openAtLogin: false, wasOpenedAtLogin: false, status: undefined as string | undefined };
  return {
    state,
    getLoginItemSettings: () => ({ ...state }) as never,
    setLoginItemSettings: vi.fn((s: { openAtLogin?: boolean }) => void (state.openAtLogin = s.openAtLogin === true)),
  };
};

const INSTALLED = 'C:\\Users\\u\\AppData\\Local\\Programs\\switchboard\\Switchboard.exe';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('desktopEntry', () => {
  it('escapes Exec as the Desktop Entry spec says: % doubled; \\, ", ` and $ backslashed in the quotes, then backslashes doubled', () => {
    const entry = desktopEntry(String.raw`/home/u/100%done\bin/Switch "board"`, '/home/u/$HOME`x`/app');
    // the file holds: Exec="/home/u/100%%done\\\\bin/Switch \\"board\\"" "/home/u/\\$HOME\\`x\\`/app" --hidden
    expect(entry).toContain('Exec="/home/u/100%%done\\\\\\\\bin/Switch \\\\"board\\\\"" "/home/u/\\\\$HOME\\\\`x\\\\`/app" --hidden\n');
  });
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
    expect(readFileSync(file, 'utf8')).toContain(String.raw`Exec="/home/u/Apps/Switchboard \\"1\\".AppImage" --hidden` + '\n');
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

  it('on macOS uses the OS login items', () => {
    const app = fakeApp();
    const item = loginItemFor({ app, platform: 'darwin', execPath: '/Applications/Switchboard.app/Contents/MacOS/Switchboard', env: {} });
    item.set(true);
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, args: ['--hidden'] });
    expect(item.get()).toBe('on');
    item.set(false);
    expect(item.get()).toBe('off');
  });

  it('on Windows writes the Run value, and reads it off only when switched off for this executable', () => {
    const registry = windowsRegistry();
    const app = registry.appFor(INSTALLED);
    const item = loginItemFor({ app, platform: 'win32', execPath: INSTALLED, env: {} });
    item.set(true);
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, args: ['--hidden'] });
    expect(registry.run.get(AUMID)).toBe(`${INSTALLED} --hidden`);
    expect(item.get()).toBe('on');
    // Task Manager and Settings > Startup leave the Run value and mark it switched off
    registry.switchOff();
    expect(item.get()).toBe('off');
    // the same for a value starting this executable with other arguments (an older version's)
    registry.run.set(AUMID, INSTALLED);
    expect(item.get()).toBe('off');
    item.set(false);
    expect(registry.run.size).toBe(0);
  });

  it('on Windows reads the shared Run value starting another copy, or none, as elsewhere', () => {
    const registry = windowsRegistry();
    const item = loginItemFor({ app: registry.appFor(INSTALLED), platform: 'win32', execPath: INSTALLED, env: {} });
    // Windows' own UI never deletes a value: one that is gone was not switched off there
    expect(item.get()).toBe('elsewhere');
    // the app reinstalled into another folder, the value still naming the old one
    const moved = 'D:\\Apps\\Switchboard\\Switchboard.exe';
    loginItemFor({ app: registry.appFor(moved), platform: 'win32', execPath: moved, env: {} }).set(true);
    expect(item.get()).toBe('elsewhere');
    // also switched off, it is still the other copy's entry
    registry.switchOff();
    expect(item.get()).toBe('elsewhere');
    // a checkout registered itself under the same name
    const electron = 'C:\\src\\switchboard\\node_modules\\electron\\dist\\electron.exe';
    checkoutLoginItemFor({ app: registry.appFor(electron), platform: 'win32', execPath: electron, env: {} }, 'C:\\src\\switchboard').set(true);
    expect(item.get()).toBe('elsewhere');
    item.set(true);
    expect(item.get()).toBe('on');
    expect(registry.run.get(AUMID)).toBe(`${INSTALLED} --hidden`);
  });

  it('reads an item switched off in macOS 13+ Login Items as off', () => {
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

    it('on Linux starts Electron with the checkout folder, hidden, whatever AppImage it was started under', () => {
      dir = mkdtempSync(join(tmpdir(), 'sb-login-'));
      // a terminal of an editor run as an AppImage passes its APPIMAGE on
      const env = { XDG_CONFIG_HOME: dir, APPIMAGE: '/home/u/Apps/Editor.AppImage' };
      const item = checkoutLoginItemFor({ app: fakeApp(), platform: 'linux', execPath: electron, env }, checkout);
      item.set(true);
      expect(readFileSync(autostartFile(env), 'utf8')).toBe(desktopEntry(electron, checkout));
      expect(readFileSync(autostartFile(env), 'utf8')).toContain(`Exec="${electron}" ${String.raw`"/home/u/my \\"work\\"/switchboard"`} --hidden\n`);
      // the installed app reads it as another copy's
      expect(loginItemFor({ app: fakeApp(), platform: 'linux', execPath: '/opt/Switchboard/switchboard', env: { XDG_CONFIG_HOME: dir } }).get()).toBe('elsewhere');
      item.set(false);
      expect(existsSync(autostartFile(env))).toBe(false);
    });

    it('on Windows registers Electron with the quoted checkout folder', () => {
      const registry = windowsRegistry();
      const app = registry.appFor('C:\\sb\\electron.exe');
      const item = checkoutLoginItemFor({ app, platform: 'win32', execPath: 'C:\\sb\\electron.exe', env: {} }, 'C:\\My Work\\switchboard');
      item.set(true);
      expect(app.setLoginItemSettings).toHaveBeenCalledWith({
        openAtLogin: true, path: 'C:\\sb\\electron.exe', args: ['"C:\\My Work\\switchboard"', '--hidden'],
      });
      expect(registry.run.get(AUMID)).toBe('C:\\sb\\electron.exe "C:\\My Work\\switchboard" --hidden');
      item.set(false);
      expect(registry.run.size).toBe(0);
    });

    it('on macOS, whose login items take no arguments, writes a LaunchAgent', () => {
      dir = mkdtempSync(join(tmpdir(), 'sb-login-'));
      const app = fakeApp();
      const env = { HOME: dir };
      const item = checkoutLoginItemFor({ app, platform: 'darwin', execPath: electron, env }, '/Users/u/a&b/switchboard');
      item.set(true);
      const file = launchAgentFile(env);
      expect(file).toBe(join(dir, 'Library', 'LaunchAgents', 'dev.switchboard.app.checkout.plist'));
      const plist = readFileSync(file, 'utf8');
      expect(plist).toBe(launchAgent([electron, '/Users/u/a&b/switchboard', '--hidden']));
      expect(plist).toContain(`<string>${electron}</string>\n    <string>/Users/u/a&amp;b/switchboard</string>\n    <string>--hidden</string>`);
      expect(plist).toContain('<key>RunAtLoad</key><true/>');
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
