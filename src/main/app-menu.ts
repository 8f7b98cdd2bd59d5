// The application menu. Electron's default one carries DevTools and Reload: fine while developing,
// not in the app people install. Packaged builds get editing, zoom and window items only.
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface AppMenuOptions {
  isPackaged: boolean;
  platform: NodeJS.Platform;
}

export function appMenuTemplate({ isPackaged, platform }: AppMenuOptions): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    ...(isPackaged ? [] : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]),
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    // macOS keeps About, Hide and Quit in the app menu; elsewhere File holds Close / Quit
    ...(platform === 'darwin' ? [{ role: 'appMenu' }] as MenuItemConstructorOptions[] : [{ role: 'fileMenu' }] as MenuItemConstructorOptions[]),
    // copy and paste shortcuts in text fields need the Edit roles on macOS
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
}

export function installAppMenu(options: AppMenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(options)));
}
