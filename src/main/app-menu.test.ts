import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { appMenuTemplate } from './app-menu';

vi.mock('electron', async () => (await import('../../test/helpers/fake-electron')).fakeElectronModule());

const roles = (items: MenuItemConstructorOptions[]): string[] =>
  items.flatMap((i) => [...(i.role ? [i.role] : []), ...(Array.isArray(i.submenu) ? roles(i.submenu) : [])]);

describe('application menu', () => {
  it('has no DevTools or reload in a packaged build, on any platform', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const r = roles(appMenuTemplate({ isPackaged: true, platform }));
      expect(r).not.toContain('toggleDevTools');
      expect(r).not.toContain('reload');
      expect(r).toEqual(expect.arrayContaining(['editMenu', 'windowMenu', 'resetZoom']));
    }
  });

  it('keeps DevTools while developing, and the app menu on macOS', () => {
    expect(roles(appMenuTemplate({ isPackaged: false, platform: 'linux' }))).toContain('toggleDevTools');
    expect(roles(appMenuTemplate({ isPackaged: true, platform: 'darwin' }))[0]).toBe('appMenu');
    expect(roles(appMenuTemplate({ isPackaged: true, platform: 'win32' }))[0]).toBe('fileMenu');
  });
});
