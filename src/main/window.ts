// The only place that creates a BrowserWindow, so every window gets the same lock-down:
// isolated, sandboxed, no Node, strict CSP, no navigation away, no popups, no permissions.
import { BrowserWindow, shell, type Session, type WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { isOwnPageUrl, isOwnResourceUrl, type RendererLocation } from './renderer-location';

export { CONTENT_SECURITY_POLICY };

export interface MainWindowOptions {
  location: RendererLocation;
  preloadPath: string;
  iconPath?: string;
  log: (line: string) => void;
}

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** Only web links leave the app, and only to the user's browser. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

export function openExternalIfSafe(url: string, log: (line: string) => void): void {
  if (!isSafeExternalUrl(url)) {
    log(`refused to open a non-https link: ${url.slice(0, 80)}`);
    return;
  }
  shell.openExternal(url).catch((err: unknown) => log(`could not open link: ${String(err)}`));
}

const policedSessions = new WeakSet<Session>();

/** Session-wide rules; sessions outlive windows, so they are installed once per session. */
export function installSessionPolicy(session: Session, location: RendererLocation): void {
  if (policedSessions.has(session)) return;
  policedSessions.add(session);

  session.webRequest.onHeadersReceived((details, callback) => {
    // The dev server's React refresh needs an inline script; dev builds run without the header.
    if (location.kind === 'dev' || !isOwnResourceUrl(details.url, location)) {
      callback({});
      return;
    }
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_webContents, _permission, grant) => grant(false));
  session.setPermissionCheckHandler(() => false);
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { location, preloadPath, iconPath, log } = options;
  const win = new BrowserWindow({
    width: 1200,
    height: 820,
    minWidth: 820,
    minHeight: 560,
    show: false,
    title: 'Switchboard',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: secureWebPreferences(preloadPath),
  });
  const contents = win.webContents;
  installSessionPolicy(contents.session, location);

  contents.on('will-navigate', (event, url) => {
    if (!isOwnPageUrl(url, location)) {
      event.preventDefault();
      openExternalIfSafe(url, log);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnPageUrl(url, location)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfSafe(url, log);
    return { action: 'deny' };
  });

  win.once('ready-to-show', () => win.show());
  win.loadURL(location.url).catch((err: unknown) => log(`could not load the window: ${String(err)}`));
  return win;
}
