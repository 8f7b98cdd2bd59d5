// The launch-at-login setting lives with the other settings (so the UI and the tray show and change it).
// The OS login item is written only when the setting changes through the app while it runs (Settings, the
// tray), and once at the installed app's first start, where unset means on. Otherwise the OS holds what the
// user last chose: an item switched off outside the app (GNOME's Startup Applications, macOS Login Items,
// Task Manager, the autostart entry deleted) turns the setting off, and one switched back on there turns it
// on. One that starts another copy of the app (or, on Windows, is gone) is moved to this one while it is on.
// A checkout (npm start) shares the installed app's settings but not its login item: it touches neither
// unless the setting is changed in that run, and never reads its own.
import type { AdminService } from '../shared/contract';
import type { CheckoutLoginItem, LoginItem } from './login-item';

type SettingsService = Pick<AdminService, 'getSettings' | 'updateSettings'>;

export class LoginItemSync {
  /** the setting as this process last read or wrote it; undefined until the first sync */
  private seen: boolean | null | undefined = undefined;
  private queue: Promise<void> = Promise.resolve();
  private pending: Promise<void> | null = null;
  /** the installed app's item, which the setting follows; null in a checkout */
  private readonly installed: LoginItem | null;

  constructor(
    private readonly service: SettingsService,
    private readonly item: LoginItem | CheckoutLoginItem,
  ) {
    this.installed = 'get' in item ? item : null;
  }

  /** At start and after every change of the core; one at a time, and a burst of changes runs once more. */
  sync(): Promise<void> {
    if (this.pending) return this.pending;
    const run = this.queue.then(() => {
      this.pending = null;
      return this.step();
    });
    this.pending = run;
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async step(): Promise<void> {
    const stored = (await this.service.getSettings(undefined)).launch_at_login;
    const changed = this.seen !== undefined && stored !== this.seen;
    this.seen = stored;
    if (changed) {
      if (stored !== null) this.item.set(stored);
      return;
    }
    const item = this.installed;
    if (!item) return;
    if (stored === null) {
      item.set(true);
      await this.record(true);
      return;
    }
    const os = item.get();
    // for another copy (an AppImage since replaced, the app installed elsewhere, a checkout), or on Windows
    // gone: this one takes the entry over while the setting is on
    if (os === 'elsewhere') {
      if (stored) item.set(true);
      return;
    }
    if ((os === 'on') !== stored) await this.record(os === 'on');
  }

  /** The setting follows: seen first, so the change this write causes is not taken for the user's. */
  private async record(on: boolean): Promise<void> {
    this.seen = on;
    await this.service.updateSettings({ launch_at_login: on });
  }
}
