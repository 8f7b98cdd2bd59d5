// The desktop app's life: one instance, the core started once Electron is ready, the window
// and tray on top of it, the tray kept when windows close, and a quit that flushes usage.
import { join } from 'node:path';
import { app, dialog, ipcMain, type BrowserWindow } from 'electron';
import { createApp, type SwitchboardApp } from '../node/app';
import { SERVER_DRAIN_MS } from '../node/drain';
import { installAppMenu } from './app-menu';
import { desktopAppConfig, startupFailureMessage } from './core-startup';
import { checkoutLoginItemFor, HIDDEN_FLAG, loginItemFor, startedAtLogin } from './login-item';
import { LoginItemSync } from './login-sync';
import { startCoreOfferingPort } from './port-in-use';
import { ownWindowSender, registerAdminIpc } from './ipc';
import { rendererLocation } from './renderer-location';
import { createTray, type SwitchboardTray } from './tray';
import { createMainWindow } from './window';

export const APP_USER_MODEL_ID = 'dev.switchboard.app';
// the core's drain, then its usage flush and database close: never cut short by our own timeout
const CLOSE_TIMEOUT_MS = SERVER_DRAIN_MS + 5_000;

const log = (line: string): void => console.log(`[switchboard] ${line}`);

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      log(`shutdown took over ${ms} ms; quitting anyway`);
      resolve();
    }, ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export interface DesktopHandle {
  /** resolves once the core, IPC, tray and window are up (or startup failed and the app exits) */
  ready: Promise<void>;
}

export function startDesktop(): DesktopHandle {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve() };
  }
  app.enableSandbox();
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  const appPath = app.getAppPath();
  // a checkout runs the bare Electron binary: its login item must say which app to open
  const loginOptions = { app, platform: process.platform, execPath: process.execPath, env: process.env };
  const loginItem = app.isPackaged ? loginItemFor(loginOptions) : checkoutLoginItemFor(loginOptions, appPath);
  const location = rendererLocation({ appPath, isPackaged: app.isPackaged, devUrl: process.env.ELECTRON_RENDERER_URL });
  const iconDir = join(appPath, 'resources', 'icons');
  let core: SwitchboardApp | null = null;
  let win: BrowserWindow | null = null;
  let tray: SwitchboardTray | null = null;
  let disposeIpc: (() => void) | null = null;
  let phase: 'running' | 'closing' | 'closed' = 'running';
  let quitAsked = false;

  // a launch (or dock click) before the core is up: the window opens once it is, even when started at login
  let showAsked = false;
  let relaunchAsked = false;
  const showWindow = (): void => {
    if (phase !== 'running') {
      // launched again while quitting (also a quit while the core was still starting): this instance is past
      // saving, so a fresh one opens the window after it
      if (relaunchAsked) return;
      relaunchAsked = true;
      app.relaunch({
        args: process.argv.slice(1).filter((arg) => arg !== HIDDEN_FLAG),
        // an AppImage's execPath is inside its mount, gone once this instance exits
        ...(process.env.APPIMAGE ? { execPath: process.env.APPIMAGE } : {}),
      });
      return;
    }
    if (!core) {
      showAsked = true;
      return;
    }
    if (win && !win.isDestroyed()) {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
      return;
    }
    win = createMainWindow({
      location,
      preloadPath: join(appPath, 'out', 'preload', 'index.cjs'),
      iconPath: join(iconDir, 'app.png'),
      log,
      // a window that kept unsaved edits cancelled the quit too: the app goes on as before
      onKeepEditing: () => {
        quitAsked = false;
      },
    });
    win.on('closed', () => {
      win = null;
      // the window held the quit up (the user then discarded the edits): quit now. Inside a quit that is
      // still going, Electron ignores the repeat
      if (quitAsked) app.quit();
    });
  };

  const shutDown = async (): Promise<void> => {
    tray?.destroy();
    tray = null;
    disposeIpc?.();
    disposeIpc = null;
    if (core) await core.close();
  };

  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
  // Closing the last window leaves the proxy running in the tray; Quit is in the tray menu.
  app.on('window-all-closed', () => undefined);
  // A quit closes the windows first, and a window with unsaved edits may refuse: that cancels the quit, and
  // the app must still be whole. So nothing is torn down until every window has closed ('will-quit').
  app.on('before-quit', () => {
    quitAsked = true;
  });
  app.on('will-quit', (event) => {
    if (phase === 'closed') return;
    event.preventDefault();
    if (phase === 'closing') return;
    phase = 'closing';
    withTimeout(shutDown(), CLOSE_TIMEOUT_MS)
      .catch((err: unknown) => log(`shutdown failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        phase = 'closed';
        app.quit();
      });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  const ready = app.whenReady().then(async () => {
    installAppMenu({ isPackaged: app.isPackaged, platform: process.platform });
    const env = process.env;
    try {
      const config = desktopAppConfig({
        userDataDir: app.getPath('userData'),
        appPath,
        resourcesPath: process.resourcesPath,
        isPackaged: app.isPackaged,
        env,
        log,
      });
      core = await startCoreOfferingPort({
        start: (port) => createApp({ ...config, port }),
        forcedPort: config.port,
        host: config.host ?? '127.0.0.1',
        log,
      });
      if (!core) {
        log('port in use: the user chose to quit');
        phase = 'closed';
        app.exit(1);
        return;
      }
    } catch (err) {
      log(`startup failed: ${err instanceof Error ? err.message : String(err)}`);
      dialog.showErrorBox('Switchboard', startupFailureMessage(err));
      phase = 'closed';
      app.exit(1);
      return;
    }
    const started = core;
    log(`proxy listening on ${started.url}`);
    const loginSync = new LoginItemSync(started.service, loginItem);
    const syncLogin = (): void => {
      loginSync.sync().catch((err: unknown) => log(`launch at login: ${err instanceof Error ? err.message : String(err)}`));
    };
    syncLogin();
    started.onChange(syncLogin);
    disposeIpc = registerAdminIpc(ipcMain, started.service, ownWindowSender(() => win, location), log);
    tray = createTray({
      service: started.service,
      subscribe: (listener) => started.onChange(listener),
      iconPath: join(iconDir, process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png'),
      template: process.platform === 'darwin',
      platform: process.platform,
      openWindow: showWindow,
      quit: () => app.quit(),
      log,
    });
    // started by the login item: the proxy runs, the window waits for the tray
    if (showAsked || !startedAtLogin(process.argv, app, process.platform)) showWindow();
  });
  return { ready };
}
