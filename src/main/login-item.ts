// Launch at login. macOS and Windows keep it in the OS (app.setLoginItemSettings); Linux desktops read
// an XDG autostart entry, written here. Started at login, the app opens to the tray only (--hidden).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'electron';

const HIDDEN_FLAG = '--hidden';

export interface LoginItem {
  get(): boolean;
  set(on: boolean): void;
}

export interface LoginItemOptions {
  app: Pick<App, 'getLoginItemSettings' | 'setLoginItemSettings'>;
  platform: NodeJS.Platform;
  /** the executable to start: the AppImage when running from one */
  execPath: string;
  env: Record<string, string | undefined>;
}

export function autostartFile(env: Record<string, string | undefined>): string {
  const config = env.XDG_CONFIG_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.config');
  return join(config, 'autostart', 'switchboard.desktop');
}

/** The entry GNOME, KDE and the rest start at login. */
export function desktopEntry(exec: string): string {
  const quoted = `"${exec.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Switchboard',
    'Comment=Personal BYOK LLM router',
    `Exec=${quoted} ${HIDDEN_FLAG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function loginItemFor(opts: LoginItemOptions): LoginItem {
  if (opts.platform === 'linux') {
    const file = autostartFile(opts.env);
    const exec = opts.env.APPIMAGE?.trim() || opts.execPath;
    return {
      // an entry for another executable (an AppImage since replaced by a newer one) starts nothing: not on
      get: () => existsSync(file) && readFileSync(file, 'utf8') === desktopEntry(exec),
      set(on) {
        if (!on) return rmSync(file, { force: true });
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(file, desktopEntry(exec), { mode: 0o644 });
      },
    };
  }
  return {
    // Windows reports the item on only when asked with the arguments it was registered with
    get: () => opts.app.getLoginItemSettings({ args: [HIDDEN_FLAG] }).openAtLogin,
    set: (on) => opts.app.setLoginItemSettings({ openAtLogin: on, args: [HIDDEN_FLAG] }),
  };
}

/** Started by the login item: stay in the tray until the user opens the window. */
export function startedAtLogin(argv: readonly string[], app: Pick<App, 'getLoginItemSettings'>, platform: NodeJS.Platform): boolean {
  if (argv.includes(HIDDEN_FLAG)) return true;
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
}
