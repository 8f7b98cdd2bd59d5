import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AUMID, windowsRegistry } from '../../test/helpers/fake-windows-login';
import { autostartFile, checkoutLoginItemFor, loginItemFor, type LoginItem, type LoginItemState } from './login-item';
import { LoginItemSync } from './login-sync';

/** The settings the app keeps; `updateSettings` is what the window and the tray call. */
const service = (launch: boolean | null) => {
  const settings = { launch_at_login: launch };
  return {
    settings,
    getSettings: vi.fn(async () => ({ ...settings }) as never),
    updateSettings: vi.fn(async (p: { launch_at_login?: boolean | null }) => Object.assign(settings, p) as never),
  };
};

/** An OS login item (macOS's, Windows'): `state` is what the OS says, whoever changed it. */
const osItem = (state: LoginItemState = 'off') => {
  const item = { state, get: () => item.state, set: vi.fn((on: boolean) => void (item.state = on ? 'on' : 'off')) };
  return item;
};

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The Linux autostart entries the installed app (an AppImage) and a checkout (npm start) write, in one XDG dir. */
function linux() {
  dir = mkdtempSync(join(tmpdir(), 'sb-login-sync-'));
  const env = { XDG_CONFIG_HOME: dir, APPIMAGE: '/home/u/Apps/Switchboard.AppImage' };
  const app = { getLoginItemSettings: () => ({}) as never, setLoginItemSettings: () => undefined };
  const installed = loginItemFor({ app, platform: 'linux', execPath: '/tmp/.mount_x/switchboard', env });
  const checkout = checkoutLoginItemFor(
    { app, platform: 'linux', execPath: '/home/u/src/switchboard/node_modules/electron/dist/electron', env: { XDG_CONFIG_HOME: dir } }, '/home/u/src/switchboard',
  );
  const file = autostartFile(env);
  return { installed, checkout, file, read: () => readFileSync(file, 'utf8') };
}

/** The user changes the setting in the window or the tray; the core then reports a change. */
async function toggle(s: ReturnType<typeof service>, sync: LoginItemSync, on: boolean): Promise<void> {
  await s.updateSettings({ launch_at_login: on });
  await sync.sync();
}

describe('LoginItemSync', () => {
  it('at the installed app\'s first start turns launch at login on, and records that', async () => {
    const s = service(null);
    const item = osItem();
    await new LoginItemSync(s, item).sync();
    expect(s.settings.launch_at_login).toBe(true);
    expect(item.state).toBe('on');
  });

  it('writes the OS item when the setting changes through the app, both ways', async () => {
    const s = service(true);
    const item = osItem('on');
    const sync = new LoginItemSync(s, item);
    await sync.sync();
    expect(item.set).not.toHaveBeenCalled();
    await toggle(s, sync, false);
    expect(item.state).toBe('off');
    await toggle(s, sync, true);
    expect(item.state).toBe('on');
    await sync.sync();
    expect(item.set).toHaveBeenCalledTimes(2);
  });

  it('an autostart entry switched off in GNOME stays off, and the setting follows it', async () => {
    const { installed, file, read } = linux();
    const s = service(null);
    await new LoginItemSync(s, installed).sync();
    expect(installed.get()).toBe('on');
    const disabled = read().replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false');
    writeFileSync(file, disabled);
    // the next start, and every change of the core after it
    const sync = new LoginItemSync(s, installed);
    await sync.sync();
    await sync.sync();
    expect(read()).toBe(disabled);
    expect(s.settings.launch_at_login).toBe(false);
    // the tray's checkbox now reads off; ticking it turns the entry on again
    await toggle(s, sync, true);
    expect(installed.get()).toBe('on');
  });

  it('an item removed outside the app while it runs turns the setting off at the next change, and stays removed', async () => {
    const { installed, file } = linux();
    const s = service(null);
    const sync = new LoginItemSync(s, installed);
    await sync.sync();
    rmSync(file);
    await sync.sync();
    expect(s.settings.launch_at_login).toBe(false);
    await sync.sync();
    expect(existsSync(file)).toBe(false);
  });

  it('an item switched on outside the app turns the setting on', async () => {
    const s = service(false);
    const item = osItem('on');
    await new LoginItemSync(s, item).sync();
    expect(s.settings.launch_at_login).toBe(true);
    expect(item.set).not.toHaveBeenCalled();
  });

  it('a checkout leaves the installed app\'s entry and the shared setting alone', async () => {
    const { installed, checkout, read } = linux();
    const s = service(null);
    await new LoginItemSync(s, installed).sync();
    const entry = read();
    const sync = new LoginItemSync(s, checkout);
    await sync.sync();
    await sync.sync();
    expect(read()).toBe(entry);
    expect(s.settings.launch_at_login).toBe(true);
    expect(s.updateSettings).toHaveBeenCalledTimes(1);
  });

  it('a checkout registers itself only when the setting is changed in that run', async () => {
    const { checkout, file, read } = linux();
    const s = service(null);
    const sync = new LoginItemSync(s, checkout);
    await sync.sync();
    expect(s.updateSettings).not.toHaveBeenCalled();
    expect(existsSync(file)).toBe(false);
    await toggle(s, sync, true);
    expect(read()).toContain('Exec="/home/u/src/switchboard/node_modules/electron/dist/electron" "/home/u/src/switchboard" --hidden');
  });

  it('moves an entry still on for another copy (an AppImage since replaced) to this one, only while the setting is on', async () => {
    const { installed, file } = linux();
    const older = (): LoginItem => loginItemFor({
      app: { getLoginItemSettings: () => ({}) as never, setLoginItemSettings: () => undefined },
      platform: 'linux', execPath: '/x', env: { XDG_CONFIG_HOME: dir, APPIMAGE: '/home/u/Apps/Switchboard-0.1.0.AppImage' },
    });
    older().set(true);
    await new LoginItemSync(service(true), installed).sync();
    expect(installed.get()).toBe('on');
    older().set(true);
    const off = service(false);
    await new LoginItemSync(off, installed).sync();
    expect(installed.get()).toBe('elsewhere');
    expect(off.settings.launch_at_login).toBe(false);
    expect(existsSync(file)).toBe(true);
  });

  describe('on Windows, where every copy writes the one Run value named by the AppUserModelId', () => {
    const installedAt = (exe: string, registry: ReturnType<typeof windowsRegistry>): LoginItem =>
      loginItemFor({ app: registry.appFor(exe), platform: 'win32', execPath: exe, env: {} });
    const OLD = 'C:\\Users\\u\\AppData\\Local\\Programs\\switchboard\\Switchboard.exe';
    const NEW = 'D:\\Apps\\Switchboard\\Switchboard.exe';
    const ELECTRON = 'C:\\src\\switchboard\\node_modules\\electron\\dist\\electron.exe';

    it('the app reinstalled into another folder keeps launch at login on, moved to itself', async () => {
      const registry = windowsRegistry();
      const s = service(null);
      await new LoginItemSync(s, installedAt(OLD, registry)).sync();
      expect(registry.run.get(AUMID)).toBe(`${OLD} --hidden`);
      await new LoginItemSync(s, installedAt(NEW, registry)).sync();
      expect(s.settings.launch_at_login).toBe(true);
      expect(registry.run.get(AUMID)).toBe(`${NEW} --hidden`);
    });

    it('after a checkout registered itself, the installed app takes the value back', async () => {
      const registry = windowsRegistry();
      const s = service(null);
      const installed = installedAt(OLD, registry);
      await new LoginItemSync(s, installed).sync();
      const checkout = new LoginItemSync(s, checkoutLoginItemFor({ app: registry.appFor(ELECTRON), platform: 'win32', execPath: ELECTRON, env: {} }, 'C:\\src\\switchboard'));
      await checkout.sync();
      await toggle(s, checkout, false);
      await toggle(s, checkout, true);
      expect(registry.run.get(AUMID)).toBe(`${ELECTRON} "C:\\src\\switchboard" --hidden`);
      await new LoginItemSync(s, installed).sync();
      expect(s.settings.launch_at_login).toBe(true);
      expect(registry.run.get(AUMID)).toBe(`${OLD} --hidden`);
    });

    it('an entry switched off in Task Manager stays off, and the setting follows it', async () => {
      const registry = windowsRegistry();
      const s = service(null);
      const installed = installedAt(OLD, registry);
      await new LoginItemSync(s, installed).sync();
      registry.switchOff();
      const sync = new LoginItemSync(s, installed);
      await sync.sync();
      await sync.sync();
      expect(s.settings.launch_at_login).toBe(false);
      expect(installed.get()).toBe('off');
      expect(registry.run.get(AUMID)).toBe(`${OLD} --hidden`);
      // ticking the tray's checkbox turns it on again
      await toggle(s, sync, true);
      expect(installed.get()).toBe('on');
    });
  });

  it('runs one sync at a time, and a burst of changes during one runs once more', async () => {
    const s = service(true);
    let release = (): void => undefined;
    const held = new Promise<void>((done) => (release = done));
    const read = s.getSettings.getMockImplementation()!;
    s.getSettings.mockImplementationOnce(async () => {
      await held;
      return read();
    });
    const sync = new LoginItemSync(s, osItem('on'));
    const first = sync.sync();
    await vi.waitFor(() => expect(s.getSettings).toHaveBeenCalledTimes(1));
    const burst = Array.from({ length: 20 }, () => sync.sync());
    release();
    await Promise.all([first, ...burst]);
    expect(s.getSettings).toHaveBeenCalledTimes(2);
  });
});
