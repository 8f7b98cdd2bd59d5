// The tray icon: menu from buildTrayMenuModel, refreshed when the core changes and every
// few seconds; new alerts become notifications.
import { Menu, Notification, Tray, clipboard, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { AdminService } from '../shared/contract';
import { AlertNotifier } from './alert-notifier';
import { loadTrayState, runTrayAction } from './tray-actions';
import {
  EMPTY_TRAY_STATE,
  buildTrayMenuModel,
  isTrayAction,
  trayTooltip,
  type TrayActionId,
  type TrayMenuItem,
  type TrayState,
} from './tray-menu-model';

export interface TrayOptions {
  service: AdminService;
  /** the core's change feed (SwitchboardApp.onChange) */
  subscribe: (listener: () => void) => () => void;
  iconPath: string;
  /** macOS menu-bar icons are template images (black + alpha, recoloured by the OS) */
  template: boolean;
  platform: NodeJS.Platform;
  openWindow: () => void;
  quit: () => void;
  log: (line: string) => void;
  refreshMs?: number;
}

export interface SwitchboardTray {
  refresh(): Promise<void>;
  destroy(): void;
}

/** Plain descriptors to Electron menu items; clicks go to `onAction`. */
export function toMenuTemplate(items: TrayMenuItem[], onAction: (id: TrayActionId) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator' };
    const { id } = item;
    return {
      id,
      type: item.type,
      label: item.label,
      enabled: item.enabled,
      ...(item.type === 'radio' || item.type === 'checkbox' ? { checked: item.checked === true } : {}),
      ...(isTrayAction(id) ? { click: () => onAction(id) } : {}),
    };
  });
}

const COALESCE_MS = 300;

export function createTray(options: TrayOptions): SwitchboardTray {
  const { service, log } = options;
  const icon = nativeImage.createFromPath(options.iconPath);
  if (options.template) icon.setTemplateImage(true);
  const tray = new Tray(icon);
  const notifier = new AlertNotifier();
  // Notifications by alert id, held while they may still be clicked: one nothing references can be garbage
  // collected before its click arrives, and the click then opens nothing (electron#12690). One goes when
  // clicked, when it fails, and when its alert's episode ends (then closed too, which on Windows takes it
  // out of the Action Center). Its close event lets it go too, except on Windows, where a toast that times
  // out into the Action Center emits it and can still be clicked there; macOS may never emit it.
  const shown = new Map<string, Notification>();
  const releaseOnClose = options.platform !== 'win32';
  let state: TrayState = EMPTY_TRAY_STATE;
  let destroyed = false;
  let pending: ReturnType<typeof setTimeout> | null = null;

  const render = (): void => {
    if (destroyed) return;
    tray.setToolTip(trayTooltip(state));
    tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(buildTrayMenuModel(state), onAction)));
  };

  const notifyAlerts = async (): Promise<void> => {
    const { fresh, ended } = notifier.poll(await service.getAlerts(undefined));
    for (const id of ended) {
      const note = shown.get(id);
      shown.delete(id);
      note?.close();
    }
    if (fresh.length === 0 || !Notification.isSupported()) return;
    for (const alert of fresh) {
      const note = new Notification({ title: alert.severity === 'critical' ? 'Switchboard: action needed' : 'Switchboard', body: alert.message });
      shown.set(alert.id, note);
      const release = (): void => {
        if (shown.get(alert.id) === note) shown.delete(alert.id);
      };
      note.on('click', () => {
        release();
        options.openWindow();
      });
      if (releaseOnClose) note.on('close', release);
      note.on('failed', release);
      note.show();
    }
  };

  const refresh = async (): Promise<void> => {
    try {
      state = await loadTrayState(service);
      render();
      await notifyAlerts();
    } catch (err) {
      log(`tray refresh failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  // Every proxied request changes the spend; one refresh per burst is enough.
  const scheduleRefresh = (): void => {
    if (pending !== null || destroyed) return;
    pending = setTimeout(() => {
      pending = null;
      void refresh();
    }, COALESCE_MS);
  };

  function onAction(id: TrayActionId): void {
    const ctx = { service, state, copyText: (t: string) => clipboard.writeText(t), openWindow: options.openWindow, quit: options.quit };
    runTrayAction(id, ctx)
      .catch((err: unknown) => log(`tray action ${id} failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        if (id !== 'quit') void refresh();
      });
  }

  tray.on('click', options.openWindow);
  const unsubscribe = options.subscribe(scheduleRefresh);
  const timer = setInterval(scheduleRefresh, options.refreshMs ?? 10_000);
  timer.unref?.();
  render();
  void refresh();

  return {
    refresh,
    destroy(): void {
      destroyed = true;
      unsubscribe();
      clearInterval(timer);
      if (pending !== null) clearTimeout(pending);
      tray.destroy();
    },
  };
}
