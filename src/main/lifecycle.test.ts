import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ADMIN_METHOD_NAMES, type AdminService } from '../shared/contract';
import { FakeBrowserWindow, FakeTray, fake, resetElectronFake } from '../../test/helpers/fake-electron';
import { startDesktop } from './lifecycle';
import { LoginItemSync } from './login-sync';

vi.mock('electron', async () => (await import('../../test/helpers/fake-electron')).fakeElectronModule());

const core = vi.hoisted(() => ({
  createApp: vi.fn(),
  close: vi.fn(async (): Promise<void> => undefined),
  listeners: new Set<() => void>(),
}));
vi.mock('../node/app', () => ({ createApp: core.createApp }));

const idleService = Object.fromEntries(ADMIN_METHOD_NAMES.map((m) => [m, async () => {
  throw new Error(`not needed: ${m}`);
}])) as unknown as AdminService;

function fakeCore() {
  return {
    service: idleService,
    url: 'http://127.0.0.1:4141',
    host: '127.0.0.1',
    port: 4141,
    adminToken: 'x',
    onChange: (fn: () => void) => {
      core.listeners.add(fn);
      return () => core.listeners.delete(fn);
    },
    close: core.close,
  };
}

async function started() {
  const handle = startDesktop();
  fake.app.makeReady();
  await handle.ready;
  return handle;
}

describe('startDesktop', () => {
  beforeEach(() => {
    resetElectronFake();
    core.createApp.mockReset();
    core.createApp.mockImplementation(async () => fakeCore());
    core.close.mockReset();
    core.listeners.clear();
    vi.stubEnv('SWITCHBOARD_PORT', '');
    vi.stubEnv('SWITCHBOARD_DATA_DIR', '');
    vi.stubEnv('ELECTRON_RENDERER_URL', '');
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });

  it('quits at once when another instance holds the lock', async () => {
    fake.app.singleInstance = false;
    const handle = startDesktop();
    fake.app.makeReady();
    await handle.ready;
    expect(fake.app.quit).toHaveBeenCalled();
    expect(core.createApp).not.toHaveBeenCalled();
  });

  it('starts the core in userData (port from its settings), then IPC, tray and a sandboxed window', async () => {
    await started();
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    expect(core.createApp).toHaveBeenCalledWith(expect.objectContaining({
      dataDir: '/home/user/.config/Switchboard-userData', uiDir: null,
    }));
    expect(fake.handlers.size).toBe(ADMIN_METHOD_NAMES.length);
    expect(FakeTray.instances).toHaveLength(1);
    const [win] = FakeBrowserWindow.instances;
    expect(win?.loadedUrl).toBe('file:///opt/switchboard/out/renderer/index.html');
    expect(win?.options.webPreferences).toMatchObject({ preload: '/opt/switchboard/out/preload/index.cjs', sandbox: true });
  });

  it('takes the port from SWITCHBOARD_PORT', async () => {
    vi.stubEnv('SWITCHBOARD_PORT', '5151');
    await started();
    expect(core.createApp).toHaveBeenCalledWith(expect.objectContaining({ port: 5151 }));
  });

  it('refuses an invalid SWITCHBOARD_PORT in the startup dialog, with serve\'s message, and exits', async () => {
    vi.stubEnv('SWITCHBOARD_PORT', 'abc');
    await started();
    expect(core.createApp).not.toHaveBeenCalled();
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith('Switchboard', expect.stringContaining('SWITCHBOARD_PORT: port must be an integer 0-65535, got "abc"'));
    expect(fake.app.exit).toHaveBeenCalledWith(1);
  });

  it('keeps running in the tray when the window closes, and reopens it for a second instance', async () => {
    await started();
    FakeBrowserWindow.instances[0]?.close();
    fake.app.emit('window-all-closed');
    expect(fake.app.quit).not.toHaveBeenCalled();
    fake.app.emit('second-instance');
    expect(FakeBrowserWindow.instances).toHaveLength(2);
    fake.app.emit('second-instance');
    expect(FakeBrowserWindow.instances).toHaveLength(2);
    expect(FakeBrowserWindow.instances[1]?.focused).toBe(1);
  });

  it('opens the window once running when launched again while still starting, even if started at login', async () => {
    let finishStart: () => void = () => undefined;
    core.createApp.mockImplementation(() => new Promise((resolve) => (finishStart = () => resolve(fakeCore()))));
    const argv = process.argv;
    process.argv = [...argv, '--hidden'];
    try {
      const handle = startDesktop();
      fake.app.makeReady();
      await vi.waitFor(() => expect(core.createApp).toHaveBeenCalled());
      fake.app.emit('second-instance');
      expect(FakeBrowserWindow.instances).toHaveLength(0);
      finishStart();
      await handle.ready;
    } finally {
      process.argv = argv;
    }
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('launched again while quitting, starts a fresh instance (with its window) once this one is gone', async () => {
    const argv = process.argv;
    process.argv = [argv[0]!, '/opt/switchboard', '--hidden'];
    try {
      await started();
      let finishClose: () => void = () => undefined;
      core.close.mockImplementation(() => new Promise<void>((r) => (finishClose = r)));
      fake.app.quit();
      fake.app.emit('second-instance');
      fake.app.emit('second-instance');
      expect(fake.app.relaunch).toHaveBeenCalledTimes(1);
      expect(fake.app.relaunch.mock.calls[0]?.[0]?.args).toEqual(['/opt/switchboard']);
      finishClose();
      await vi.waitFor(() => expect(fake.app.quitted).toBe(true));
    } finally {
      process.argv = argv;
    }
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('launched again after a quit asked while the core was still starting, starts a fresh instance', async () => {
    let finishStart: () => void = () => undefined;
    core.createApp.mockImplementation(() => new Promise((resolve) => (finishStart = () => resolve(fakeCore()))));
    const handle = startDesktop();
    fake.app.makeReady();
    await vi.waitFor(() => expect(core.createApp).toHaveBeenCalled());
    fake.app.quit();
    fake.app.emit('second-instance');
    expect(fake.app.relaunch).toHaveBeenCalledTimes(1);
    finishStart();
    await handle.ready;
  });

  it('quits gracefully: holds the quit until the core has closed, once', async () => {
    await started();
    let finishClose: () => void = () => undefined;
    core.close.mockImplementation(() => new Promise<void>((r) => (finishClose = r)));
    fake.app.quit();
    fake.app.quit();
    expect(fake.app.quitted).toBe(false);
    expect(core.close).toHaveBeenCalledTimes(1);
    expect(FakeTray.instances[0]?.destroyed).toBe(true);
    expect(fake.handlers.size).toBe(0);
    finishClose();
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true));
    expect(core.close).toHaveBeenCalledTimes(1);
  });

  it('a window that keeps unsaved edits cancels the quit, and the app stays whole', async () => {
    await started();
    const [win] = FakeBrowserWindow.instances;
    win!.webContents.refusesUnload = true;
    fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 1 });
    fake.app.quit();
    await vi.waitFor(() => expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(1));
    await new Promise((r) => setTimeout(r, 10));
    expect(fake.app.quitted).toBe(false);
    expect(core.close).not.toHaveBeenCalled();
    expect(FakeTray.instances[0]?.destroyed).toBe(false);
    expect(fake.handlers.size).toBe(ADMIN_METHOD_NAMES.length);
    expect(win!.isDestroyed()).toBe(false);
    // a relaunch still brings the window forward
    fake.app.emit('second-instance');
    expect(win!.focused).toBe(1);
    // the edits saved, a later close leaves the tray running, and a later quit goes through
    win!.webContents.refusesUnload = false;
    win!.close();
    expect(fake.app.quitted).toBe(false);
    expect(core.close).not.toHaveBeenCalled();
    fake.app.emit('second-instance');
    expect(FakeBrowserWindow.openWindows()).toHaveLength(1);
    fake.app.quit();
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true));
    expect(core.close).toHaveBeenCalledTimes(1);
  });

  it('quits once the user discards unsaved edits, closing the core (flushing usage) after the window', async () => {
    await started();
    const [win] = FakeBrowserWindow.instances;
    win!.webContents.refusesUnload = true;
    fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 0 });
    let windowOpenAtClose: boolean | null = null;
    core.close.mockImplementation(async () => {
      windowOpenAtClose = !win!.isDestroyed();
    });
    fake.app.quit();
    expect(core.close).not.toHaveBeenCalled();
    expect(FakeTray.instances[0]?.destroyed).toBe(false);
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true));
    expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    expect(core.close).toHaveBeenCalledTimes(1);
    expect(windowOpenAtClose).toBe(false);
    expect(FakeTray.instances[0]?.destroyed).toBe(true);
    expect(fake.handlers.size).toBe(0);
  });

  it('still quits when closing the core fails', async () => {
    await started();
    core.close.mockRejectedValueOnce(new Error('disk full'));
    fake.app.quit();
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true));
  });

  const portTaken = (port: number) => Object.assign(
    new Error(`listen EADDRINUSE: address already in use 127.0.0.1:${port}`), { code: 'EADDRINUSE', port },
  );

  it('explains a taken SWITCHBOARD_PORT in a dialog and exits: the variable outranks any saved port', async () => {
    vi.stubEnv('SWITCHBOARD_PORT', '4141');
    core.createApp.mockRejectedValue(portTaken(4141));
    await started();
    expect(fake.dialog.showMessageBox).not.toHaveBeenCalled();
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith('Switchboard', expect.stringContaining('Port 4141 is already in use'));
    expect(fake.app.exit).toHaveBeenCalledWith(1);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(fake.handlers.size).toBe(0);
  });

  const portDenied = (port: number) => Object.assign(
    new Error(`listen EACCES: permission denied 127.0.0.1:${port}`), { code: 'EACCES', port },
  );

  it('offers a free port for a saved proxy_port it may not listen on (below 1024, EACCES), saying it needs privileges', async () => {
    core.createApp.mockRejectedValueOnce(portDenied(80));
    await started();
    expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    const { buttons, message } = fake.dialog.showMessageBox.mock.calls[0]![0] as unknown as { buttons: string[]; message: string };
    expect(message).toContain('not allowed to listen on port 80 (ports below 1024 need administrator privileges)');
    const free = (core.createApp.mock.calls[1]![0] as { port: number }).port;
    // not one of the privileged ports after 80, which would be refused too
    expect(free).toBeGreaterThanOrEqual(1024);
    expect(buttons[0]).toBe(`Use port ${free}`);
    expect(fake.dialog.showErrorBox).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('refuses a SWITCHBOARD_PORT it may not listen on with a dialog that says how to pick another', async () => {
    vi.stubEnv('SWITCHBOARD_PORT', '80');
    core.createApp.mockRejectedValue(portDenied(80));
    await started();
    expect(fake.dialog.showMessageBox).not.toHaveBeenCalled();
    const text = fake.dialog.showErrorBox.mock.calls[0]?.[1] as string;
    expect(text).toContain('not allowed to listen on port 80');
    expect(text).toMatch(/SWITCHBOARD_PORT set to a free port from 1024 to 65535 \(e\.g\. SWITCHBOARD_PORT=\d{4,5}\)/);
    expect(text).not.toContain('could not start');
    expect(fake.app.exit).toHaveBeenCalledWith(1);
  });

  it('offers another port at most 3 times when each is taken in turn, then explains, suggesting a port found free', async () => {
    const tried: number[] = [];
    core.createApp.mockImplementation(async (config: { port?: number }) => {
      const port = config.port ?? 4141;
      tried.push(port);
      throw portTaken(port);
    });
    await started();
    expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(3);
    expect(core.createApp).toHaveBeenCalledTimes(4);
    expect(fake.dialog.showErrorBox).toHaveBeenCalledTimes(1);
    const text = fake.dialog.showErrorBox.mock.calls[0]![1] as string;
    expect(text).toContain(`Port ${tried[3]} is already in use`);
    const suggested = Number(/SWITCHBOARD_PORT=(\d+)/.exec(text)?.[1]);
    expect(suggested).toBeGreaterThan(0);
    expect(tried).not.toContain(suggested);
    expect(fake.app.exit).toHaveBeenCalledWith(1);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  describe('when the proxy_port setting is taken', () => {
    const saved: unknown[] = [];
    beforeEach(() => {
      saved.length = 0;
      const service = {
        ...idleService,
        updateSettings: async (patch: unknown) => {
          saved.push(patch);
          return patch;
        },
      } as unknown as AdminService;
      core.createApp.mockRejectedValueOnce(portTaken(4141));
      core.createApp.mockImplementation(async (config: { port?: number }) => ({ ...fakeCore(), port: config.port, service }));
    });
    const asked = () => fake.dialog.showMessageBox.mock.calls[0]?.[0] as unknown as { buttons: string[]; message: string; detail: string };

    it('offers a free port; "Use port N" starts there and saves it as proxy_port', async () => {
      await started();
      expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(1);
      expect(core.createApp).toHaveBeenCalledTimes(2);
      expect(core.createApp.mock.calls[0]?.[0]).toMatchObject({ port: undefined });
      const free = (core.createApp.mock.calls[1]![0] as { port: number }).port;
      expect(free).toBeGreaterThan(0);
      expect(free).not.toBe(4141);
      const { buttons, message, detail } = asked();
      expect(buttons).toEqual([`Use port ${free}`, 'Quit']);
      expect(message).toContain('Port 4141 is already in use');
      expect(detail).toContain(`Tools pointed at port 4141 (http://127.0.0.1:4141) must then be changed to port ${free}`);
      expect(detail).toContain('saved');
      expect(saved).toEqual([{ proxy_port: free }]);
      expect(fake.dialog.showErrorBox).not.toHaveBeenCalled();
      expect(fake.app.exit).not.toHaveBeenCalled();
      expect(FakeBrowserWindow.instances).toHaveLength(1);
      expect(fake.handlers.size).toBe(ADMIN_METHOD_NAMES.length);
    });

    it('"Quit" exits as before, saving nothing', async () => {
      fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 1 });
      await started();
      expect(asked().buttons[1]).toBe('Quit');
      expect(core.createApp).toHaveBeenCalledTimes(1);
      expect(saved).toEqual([]);
      expect(fake.app.exit).toHaveBeenCalledWith(1);
      expect(FakeBrowserWindow.instances).toHaveLength(0);
      expect(FakeTray.instances).toHaveLength(0);
      expect(fake.handlers.size).toBe(0);
    });

    it('asks too when started hidden at login: the dialog is the only thing the user sees', async () => {
      const argv = process.argv;
      process.argv = [...argv, '--hidden'];
      try {
        await started();
      } finally {
        process.argv = argv;
      }
      expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(1);
      expect(saved).toHaveLength(1);
      expect(FakeBrowserWindow.instances).toHaveLength(0);
      expect(FakeTray.instances).toHaveLength(1);
    });
  });

  it('installs an application menu, with DevTools only in a development build', async () => {
    await started();
    const roles = (menu: typeof fake.applicationMenu) => JSON.stringify(menu?.template);
    expect(roles(fake.applicationMenu)).toContain('toggleDevTools');
    resetElectronFake();
    fake.app.isPackaged = true;
    await started();
    expect(roles(fake.applicationMenu)).not.toContain('toggleDevTools');
    expect(roles(fake.applicationMenu)).toContain('editMenu');
  });

  it('turns launch at login on at the first start of the installed app, and follows the setting', async () => {
    const config = mkdtempSync(join(tmpdir(), 'sb-autostart-'));
    vi.stubEnv('XDG_CONFIG_HOME', config);
    try {
      const settings = { launch_at_login: null as boolean | null };
      const service = {
        ...idleService,
        getSettings: async () => ({ ...settings }),
        updateSettings: async (patch: { launch_at_login: boolean }) => Object.assign(settings, patch),
      } as unknown as AdminService;
      core.createApp.mockImplementation(async () => ({ ...fakeCore(), service }));
      fake.app.isPackaged = true;
      // a packaged app finds its bundled catalog under process.resourcesPath, which plain Node lacks
      Object.assign(process, { resourcesPath: '/opt/switchboard/resources' });
      await started();
      await vi.waitFor(() => expect(settings.launch_at_login).toBe(true));
      const registered = (): boolean => (process.platform === 'linux'
        ? existsSync(join(config, 'autostart', 'switchboard.desktop'))
        : fake.app.getLoginItemSettings().openAtLogin);
      await vi.waitFor(() => expect(registered()).toBe(true));
      if (process.platform === 'linux') expect(readFileSync(join(config, 'autostart', 'switchboard.desktop'), 'utf8')).toContain('--hidden');
      settings.launch_at_login = false;
      for (const fn of core.listeners) fn();
      await vi.waitFor(() => expect(registered()).toBe(false));
    } finally {
      rmSync(config, { recursive: true, force: true });
    }
  });

  it.runIf(process.platform === 'linux')('from a checkout, leaves the login item alone until it is switched on in that run, then starts this app, not bare Electron', async () => {
    const config = mkdtempSync(join(tmpdir(), 'sb-autostart-'));
    vi.stubEnv('XDG_CONFIG_HOME', config);
    vi.stubEnv('APPIMAGE', '');
    // the syncs the app starts, to wait for
    const syncs: Array<Promise<void>> = [];
    const sync = LoginItemSync.prototype.sync;
    const spy = vi.spyOn(LoginItemSync.prototype, 'sync').mockImplementation(function (this: LoginItemSync) {
      const run = sync.call(this);
      syncs.push(run);
      return run;
    });
    try {
      // on, as the installed app stored it in the data dir both share
      const settings = { launch_at_login: true };
      const service = { ...idleService, getSettings: async () => ({ ...settings }) } as unknown as AdminService;
      core.createApp.mockImplementation(async () => ({ ...fakeCore(), service }));
      fake.app.isPackaged = false;
      await started();
      const changed = async (on: boolean): Promise<void> => {
        settings.launch_at_login = on;
        for (const fn of core.listeners) fn();
        await Promise.all(syncs);
      };
      await Promise.all(syncs);
      expect(syncs).toHaveLength(1);
      await changed(true);
      const file = join(config, 'autostart', 'switchboard.desktop');
      expect(existsSync(file)).toBe(false);
      await changed(false);
      await changed(true);
      expect(readFileSync(file, 'utf8')).toContain(`Exec="${process.execPath}" "/opt/switchboard" --hidden\n`);
    } finally {
      spy.mockRestore();
      rmSync(config, { recursive: true, force: true });
    }
  });

  it('opens no window when started by the login item; the tray opens it', async () => {
    const argv = process.argv;
    process.argv = [...argv, '--hidden'];
    try {
      await started();
      expect(FakeBrowserWindow.instances).toHaveLength(0);
      expect(FakeTray.instances).toHaveLength(1);
      fake.app.emit('second-instance');
      expect(FakeBrowserWindow.instances).toHaveLength(1);
    } finally {
      process.argv = argv;
    }
  });
});
