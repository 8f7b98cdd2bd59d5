import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, fake, resetElectronFake } from '../../test/helpers/fake-electron';
import { rendererLocation } from './renderer-location';
import { CONTENT_SECURITY_POLICY, createMainWindow, isSafeExternalUrl } from './window';

vi.mock('electron', async () => (await import('../../test/helpers/fake-electron')).fakeElectronModule());

const location = rendererLocation({ appPath: '/opt/switchboard', isPackaged: true, devUrl: undefined });
const OWN_PAGE = 'file:///opt/switchboard/out/renderer/index.html';

function openWindow(onKeepEditing?: () => void): FakeBrowserWindow {
  createMainWindow({ location, preloadPath: '/opt/switchboard/out/preload/index.cjs', log: () => undefined, ...(onKeepEditing ? { onKeepEditing } : {}) });
  const win = FakeBrowserWindow.instances.at(-1);
  if (!win) throw new Error('no window created');
  return win;
}

function navigate(win: FakeBrowserWindow, event: string, url: string): boolean {
  let prevented = false;
  win.webContents.emit(event, { preventDefault: () => (prevented = true) }, url);
  return prevented;
}

function headersFor(url: string, responseHeaders: Record<string, string[]> = {}): Record<string, string[]> | undefined {
  let result: { responseHeaders?: Record<string, string[]> } | undefined;
  fake.session.headersListener?.({ url, responseHeaders }, (r: typeof result) => (result = r));
  return result?.responseHeaders;
}

describe('createMainWindow', () => {
  beforeEach(() => resetElectronFake());

  it('locks the renderer down: isolated, sandboxed, no Node, web security on', () => {
    const prefs = openWindow().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/opt/switchboard/out/preload/index.cjs',
    });
  });

  it('loads the built renderer page', () => {
    expect(openWindow().loadedUrl).toBe(OWN_PAGE);
  });

  it('installs the strict CSP on its own pages, replacing any existing policy', () => {
    openWindow();
    const headers = headersFor(OWN_PAGE, { 'content-security-policy': ["default-src *"], 'x-other': ['1'] });
    expect(headers?.['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers?.['content-security-policy']).toBeUndefined();
    expect(headers?.['x-other']).toEqual(['1']);
    expect(headersFor('file:///opt/switchboard/out/renderer/assets/index-abc.js')?.['Content-Security-Policy']).toBeDefined();
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
  });

  it('leaves foreign responses alone', () => {
    openWindow();
    expect(headersFor('https://example.com/')).toBeUndefined();
    expect(headersFor('file:///etc/passwd')).toBeUndefined();
  });

  it('refuses navigation away from its own page, sending https links to the browser', () => {
    const win = openWindow();
    expect(navigate(win, 'will-navigate', `${OWN_PAGE}#/usage`)).toBe(false);
    expect(navigate(win, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate(win, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate(win, 'will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://evil.example/');
    expect(fake.shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('denies every new window, opening only https links externally', () => {
    const win = openWindow();
    const handler = win.webContents.windowOpenHandler;
    expect(handler?.({ url: 'https://docs.example.com/' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'http://docs.example.com/' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(fake.shell.openExternal.mock.calls).toEqual([['https://docs.example.com/']]);
  });

  it('denies every permission request and check but a clipboard write from the app\'s own page in the main frame', () => {
    openWindow();
    const requested = (permission: string, requestingUrl: string, isMainFrame = true): boolean => {
      const grant = vi.fn();
      fake.session.permissionRequest?.({}, permission, grant, { requestingUrl, isMainFrame });
      expect(grant).toHaveBeenCalledTimes(1);
      return grant.mock.calls[0]?.[0] as boolean;
    };
    const checked = (permission: string, requestingUrl: string | undefined, isMainFrame = true): boolean =>
      fake.session.permissionCheck?.({}, permission, 'file:///', { requestingUrl, isMainFrame }) as boolean;
    expect(requested('clipboard-sanitized-write', `${OWN_PAGE}#/providers`)).toBe(true);
    expect(checked('clipboard-sanitized-write', OWN_PAGE)).toBe(true);
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation']) {
      expect(requested(permission, OWN_PAGE)).toBe(false);
      expect(checked(permission, OWN_PAGE)).toBe(false);
    }
    // another page, a sub frame, or no URL at all: refused
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'file:///opt/switchboard/out/renderer/other.html']) {
      expect(requested('clipboard-sanitized-write', url)).toBe(false);
      expect(checked('clipboard-sanitized-write', url)).toBe(false);
    }
    expect(requested('clipboard-sanitized-write', OWN_PAGE, false)).toBe(false);
    expect(checked('clipboard-sanitized-write', OWN_PAGE, false)).toBe(false);
    expect(checked('clipboard-sanitized-write', undefined)).toBe(false);
  });

  it('blocks <webview> attachment', () => {
    expect(navigate(openWindow(), 'will-attach-webview', '')).toBe(true);
  });

  it('installs the session policy once however many windows open', () => {
    openWindow();
    const first = fake.session.headersListener;
    openWindow();
    expect(fake.session.headersListener).toBe(first);
  });
});

describe('a window whose page has unsaved edits', () => {
  beforeEach(() => resetElectronFake());
  const DISCARD = { response: 0 };
  const KEEP = { response: 1 };

  it('asks before closing, and Keep editing leaves it open and says so', async () => {
    const kept = vi.fn();
    const win = openWindow(kept);
    win.webContents.refusesUnload = true;
    fake.dialog.showMessageBox.mockResolvedValueOnce(KEEP);
    expect(win.close()).toBe(false);
    expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    const [parent, options] = fake.dialog.showMessageBox.mock.calls[0]!;
    expect(parent).toBe(win);
    expect(options).toMatchObject({ message: 'Discard unsaved routing changes?', buttons: ['Discard changes', 'Keep editing'], cancelId: 1 });
    await vi.waitFor(() => expect(kept).toHaveBeenCalledTimes(1));
    expect(win.isDestroyed()).toBe(false);
  });

  it('closes after Discard, without asking the page again', async () => {
    const kept = vi.fn();
    const win = openWindow(kept);
    const closed = vi.fn();
    win.on('closed', closed);
    win.webContents.refusesUnload = true;
    fake.dialog.showMessageBox.mockResolvedValueOnce(DISCARD);
    win.close();
    await vi.waitFor(() => expect(closed).toHaveBeenCalledTimes(1));
    expect(win.isDestroyed()).toBe(true);
    expect(kept).not.toHaveBeenCalled();
  });

  it('asks once however often the close is repeated while the question is open', async () => {
    const win = openWindow();
    win.webContents.refusesUnload = true;
    let answer: (r: { response: number }) => void = () => undefined;
    fake.dialog.showMessageBox.mockImplementationOnce(() => new Promise((r) => (answer = r)));
    win.close();
    win.close();
    expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    answer(KEEP);
    await Promise.resolve();
    win.close();
    await vi.waitFor(() => expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(2));
  });

  it('reloads after Discard when the unload was a reload, not a close', async () => {
    const win = openWindow();
    win.webContents.refusesUnload = true;
    fake.dialog.showMessageBox.mockResolvedValueOnce(DISCARD);
    win.webContents.reload();
    expect(win.webContents.reloads).toBe(0);
    await vi.waitFor(() => expect(win.webContents.reloads).toBe(1));
    expect(win.isDestroyed()).toBe(false);
  });

  it('closes without a question when nothing is unsaved', () => {
    const win = openWindow();
    expect(win.close()).toBe(true);
    expect(fake.dialog.showMessageBox).not.toHaveBeenCalled();
  });
});

describe('isSafeExternalUrl', () => {
  it.each([
    ['https://example.com/x', true],
    ['http://example.com/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s -> %s', (url, safe) => {
    expect(isSafeExternalUrl(url)).toBe(safe);
  });
});
