// An in-memory stand-in for the parts of the `electron` module that main and preload use.
// Electron's binary can't run under Node, so tests do:
//   vi.mock('electron', async () => (await import('../../test/helpers/fake-electron')).fakeElectronModule());
// and then inspect `fake` (the same module instance) to see what the code asked Electron to do.
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

/** An Electron event: preventDefault() marks it, and the emitter reads the mark afterwards. */
export function fakeEvent(): { defaultPrevented: boolean; preventDefault(): void } {
  return { defaultPrevented: false, preventDefault(): void { this.defaultPrevented = true; } };
}

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  once(event: string, fn: Listener): this {
    return this.on(event, fn);
  }
  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((fn) => fn(...args));
  }
}

export interface FakeFrame {
  url: string;
  processId: number;
  routingId: number;
  parent: FakeFrame | null;
}

export class FakeSession {
  headersListener: Listener | null = null;
  permissionRequest: Listener | null = null;
  permissionCheck: Listener | null = null;
  readonly webRequest = {
    onHeadersReceived: (fn: Listener): void => {
      this.headersListener = fn;
    },
  };
  setPermissionRequestHandler(fn: Listener): void {
    this.permissionRequest = fn;
  }
  setPermissionCheckHandler(fn: Listener): void {
    this.permissionCheck = fn;
  }
}

let nextId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextId++;
  readonly mainFrame: FakeFrame = { url: '', processId: 7, routingId: this.id, parent: null };
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  /** the page's beforeunload refuses (unsaved edits), as the renderer's leave guard does */
  refusesUnload = false;
  reloads = 0;
  constructor(readonly session: FakeSession) {
    super();
  }
  /** Electron's way with a refusing page: will-prevent-unload, and the unload goes ahead only if that is prevented. */
  unloadAllowed(): boolean {
    if (!this.refusesUnload) return true;
    const event = fakeEvent();
    this.emit('will-prevent-unload', event);
    return event.defaultPrevented;
  }
  reload(): void {
    if (this.unloadAllowed()) this.reloads++;
  }
  setWindowOpenHandler(fn: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = fn;
  }
}

export class FakeBrowserWindow extends Emitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents(fake.session);
  loadedUrl: string | null = null;
  destroyed = false;
  shown = 0;
  focused = 0;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  show(): void {
    this.shown++;
  }
  focus(): void {
    this.focused++;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  /** 'close', then the page's beforeunload: either may refuse, and the window stays open */
  close(): boolean {
    if (this.destroyed) return true;
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented || !this.webContents.unloadAllowed()) return false;
    this.destroy();
    return true;
  }
  /** closes with no 'close' event and no beforeunload, as Electron's destroy() does */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('closed');
  }
  static openWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.instances.filter((w) => !w.destroyed);
  }
}

export interface FakeMenu {
  template: Array<Record<string, unknown> & { click?: () => void }>;
}

export class FakeTray extends Emitter {
  static instances: FakeTray[] = [];
  menu: FakeMenu | null = null;
  tooltip = '';
  destroyed = false;
  constructor(readonly image: unknown) {
    super();
    FakeTray.instances.push(this);
  }
  setContextMenu(menu: FakeMenu): void {
    this.menu = menu;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class FakeNotification extends Emitter {
  static instances: FakeNotification[] = [];
  static isSupported(): boolean {
    return true;
  }
  shown = false;
  closed = false;
  constructor(readonly options: { title: string; body: string }) {
    super();
    FakeNotification.instances.push(this);
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    this.closed = true;
    this.emit('close');
  }
}

class FakeApp extends Emitter {
  isPackaged = false;
  singleInstance = true;
  appPath = '/opt/switchboard';
  private readyResolve: () => void = () => undefined;
  private readyPromise = new Promise<void>((r) => (this.readyResolve = r));
  /**
   * Electron's quit: before-quit, then every window is closed; a window that refuses cancels the quit.
   * Once none is left, will-quit, and then the app is gone. A quit asked for during one is ignored.
   */
  readonly quit = vi.fn(() => {
    if (this.quitting || this.quitted) return;
    const before = fakeEvent();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    this.quitting = true;
    for (const win of FakeBrowserWindow.openWindows()) win.close();
    if (FakeBrowserWindow.openWindows().length > 0) {
      this.quitting = false;
      return;
    }
    const will = fakeEvent();
    this.emit('will-quit', will);
    this.quitting = false;
    if (!will.defaultPrevented) this.quitted = true;
  });
  quitting = false;
  quitted = false;
  readonly exit = vi.fn();
  readonly relaunch = vi.fn((_options?: { args?: string[]; execPath?: string }) => undefined);
  loginItem = { openAtLogin: false, wasOpenedAtLogin: false };
  readonly setLoginItemSettings = vi.fn((s: { openAtLogin: boolean }) => {
    this.loginItem.openAtLogin = s.openAtLogin;
  });
  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    return { ...this.loginItem };
  }
  readonly enableSandbox = vi.fn();
  readonly setAppUserModelId = vi.fn();
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  makeReady(): void {
    this.readyResolve();
  }
  getAppPath(): string {
    return this.appPath;
  }
  getPath(name: string): string {
    return `/home/user/.config/Switchboard-${name}`;
  }
}

export const fake = {
  session: new FakeSession(),
  app: new FakeApp(),
  handlers: new Map<string, Listener>(),
  exposed: new Map<string, unknown>(),
  shell: { openExternal: vi.fn((_url: string) => Promise.resolve()) },
  clipboard: { writeText: vi.fn((_text: string) => undefined) },
  dialog: {
    showErrorBox: vi.fn((_title: string, _body: string) => undefined),
    // the button the user picks; tests set it with mockResolvedValueOnce
    showMessageBox: vi.fn((_win: unknown, _options: { buttons: string[] }) => Promise.resolve({ response: 0 })),
  },
  ipcRenderer: { invoke: vi.fn((_channel: string, _input: unknown): Promise<unknown> => Promise.resolve({ ok: true, value: null })) },
  applicationMenu: null as FakeMenu | null,
};

export function resetElectronFake(): void {
  fake.session = new FakeSession();
  fake.app = new FakeApp();
  fake.handlers.clear();
  fake.exposed.clear();
  fake.shell.openExternal.mockClear();
  fake.clipboard.writeText.mockClear();
  fake.dialog.showErrorBox.mockClear();
  fake.dialog.showMessageBox.mockReset();
  fake.dialog.showMessageBox.mockImplementation(() => Promise.resolve({ response: 0 }));
  fake.ipcRenderer.invoke.mockClear();
  fake.applicationMenu = null;
  FakeBrowserWindow.instances = [];
  FakeTray.instances = [];
  FakeNotification.instances = [];
}

export function fakeElectronModule(): Record<string, unknown> {
  return {
    get app() {
      return fake.app;
    },
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Notification: FakeNotification,
    Menu: {
      buildFromTemplate: (template: FakeMenu['template']): FakeMenu => ({ template }),
      setApplicationMenu: (menu: FakeMenu | null) => {
        fake.applicationMenu = menu;
      },
    },
    nativeImage: { createFromPath: (path: string) => ({ path, setTemplateImage: vi.fn() }) },
    shell: fake.shell,
    clipboard: fake.clipboard,
    dialog: fake.dialog,
    ipcMain: {
      handle: (channel: string, fn: Listener) => {
        if (fake.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        fake.handlers.set(channel, fn);
      },
      removeHandler: (channel: string) => fake.handlers.delete(channel),
    },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api) },
    ipcRenderer: fake.ipcRenderer,
  };
}
