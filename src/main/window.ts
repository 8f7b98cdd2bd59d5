// The only place that creates a BrowserWindow, so every window gets the same lock-down:
// isolated, sandboxed, no Node, strict CSP, no navigation away, no popups, no permission but clipboard writes.
import { BrowserWindow, dialog, shell, type Session, type WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { isOwnPageUrl, isOwnResourceUrl, type RendererLocation } from './renderer-location';

export { CONTENT_SECURITY_POLICY };

export interface MainWindowOptions {
  location: RendererLocation;
  preloadPath: string;
  iconPath?: string;
  log: (line: string) => void;
  /** the user kept unsaved edits: the close, and a quit that started it, did not happen */
  onKeepEditing?: () => void;
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
  session.setPermissionRequestHandler((_webContents, permission, grant, details) => {
    grant(mayUse(permission, details.requestingUrl, details.isMainFrame, location));
  });
  session.setPermissionCheckHandler((_webContents, permission, _origin, details) => {
    return mayUse(permission, details.requestingUrl, details.isMainFrame, location);
  });
}

/**
 * Only the app's own page, in the main frame, may write plain text to the clipboard (its Copy buttons, through
 * navigator.clipboard.writeText); reading it, and every other permission, stays refused for every page.
 */
function mayUse(permission: string, requestingUrl: string | undefined, isMainFrame: boolean, location: RendererLocation): boolean {
  return permission === 'clipboard-sanitized-write' && isMainFrame && requestingUrl !== undefined && isOwnPageUrl(requestingUrl, location);
}

const DISCARD = 0;

/**
 * The renderer's beforeunload refuses while a tab has unsaved edits. Electron shows no prompt for that: it
 * cancels the close (and any quit it was part of) and emits will-prevent-unload. So the user is asked here,
 * and Discard closes (or reloads) again without the page's say. The question is asynchronous: the proxy runs
 * in this process, and a synchronous dialog would stall every request while it stays open.
 */
function askBeforeDroppingEdits(win: BrowserWindow, onKeepEditing: () => void, log: (line: string) => void): void {
  const contents = win.webContents;
  // 'close' comes before the page's beforeunload; an unload without it is a reload
  let closing = false;
  let asking = false;
  let reloadAllowed = false;
  win.on('close', () => {
    closing = true;
  });
  contents.on('did-finish-load', () => {
    reloadAllowed = false;
  });
  contents.on('will-prevent-unload', (event) => {
    const wasClosing = closing;
    closing = false;
    if (!wasClosing && reloadAllowed) {
      reloadAllowed = false;
      // in will-prevent-unload, preventDefault overrides the page: the unload goes ahead
      event.preventDefault();
      return;
    }
    if (asking) return;
    asking = true;
    dialog
      .showMessageBox(win, {
        type: 'question',
        buttons: ['Discard changes', 'Keep editing'],
        defaultId: 1,
        cancelId: 1,
        title: 'Switchboard',
        message: 'Discard unsaved routing changes?',
        detail: 'The Routing tab has edits that are not saved yet.',
      })
      .then(({ response }) => {
        asking = false;
        if (win.isDestroyed()) return;
        if (response !== DISCARD) return onKeepEditing();
        if (wasClosing) return win.destroy();
        reloadAllowed = true;
        contents.reload();
      })
      .catch((err: unknown) => {
        asking = false;
        log(`could not ask about unsaved edits: ${String(err)}`);
        onKeepEditing();
      });
  });
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
  askBeforeDroppingEdits(win, options.onKeepEditing ?? (() => undefined), log);
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfSafe(url, log);
    return { action: 'deny' };
  });

  win.once('ready-to-show', () => win.show());
  win.loadURL(location.url).catch((err: unknown) => log(`could not load the window: ${String(err)}`));
  return win;
}
