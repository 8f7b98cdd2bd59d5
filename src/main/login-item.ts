// Launch at login. macOS and Windows keep it in the OS (app.setLoginItemSettings); Linux desktops read
// an XDG autostart entry, written here. Started at login, the app opens to the tray only (--hidden).
// A checkout (npm start) runs the bare Electron binary, which opens Electron's default app unless it is
// given the app's folder: its login item names that folder too, and on macOS, where login items take no
// arguments, it is a LaunchAgent instead. Only the installed app's item is read (login-sync.ts).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'electron';

export const HIDDEN_FLAG = '--hidden';

/**
 * on: starts this app at login. off: starts nothing, absent or switched off in the OS (GNOME's Startup
 * Applications, KDE's Autostart, macOS Login Items, Task Manager). elsewhere: it starts another copy (an
 * AppImage since replaced by a newer one, the app installed into another folder, a checkout); on Windows,
 * whose Task Manager and Settings switch entries off but never delete them, also an entry that is gone.
 */
export type LoginItemState = 'on' | 'off' | 'elsewhere';

/** The installed app's login item: read, to follow what the user changes in the OS. */
export interface LoginItem {
  get(): LoginItemState;
  set(on: boolean): void;
}

/** A checkout's: written when the setting changes in its run, never read. */
export type CheckoutLoginItem = Pick<LoginItem, 'set'>;

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

/**
 * An Exec argument per the Desktop Entry spec: quoted, with ", `, $ and \ backslash-escaped inside the quotes,
 * and % doubled (a lone one starts a field code such as %f).
 */
function execArgument(arg: string): string {
  return `"${arg.replace(/(["`$\\])/g, '\\$1').replace(/%/g, '%%')}"`;
}

/** A string value's own escapes, which readers undo before the Exec quoting: a literal backslash in a quoted argument is four. */
function stringValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
}

/** The entry GNOME, KDE and the rest start at login. */
export function desktopEntry(exec: string, appPath?: string): string {
  const command = stringValue([exec, ...(appPath === undefined ? [] : [appPath])].map(execArgument).join(' '));
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Switchboard',
    'Comment=Personal BYOK LLM router',
    `Exec=${command} ${HIDDEN_FLAG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

const CHECKOUT_AGENT_LABEL = 'dev.switchboard.app.checkout';

/** A checkout's login item on macOS: a per-user LaunchAgent, which launchd starts at login. */
export function launchAgentFile(env: Record<string, string | undefined>): string {
  return join(env.HOME?.trim() || homedir(), 'Library', 'LaunchAgents', `${CHECKOUT_AGENT_LABEL}.plist`);
}

export function launchAgent(args: readonly string[]): string {
  const xml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '<dict>',
    `  <key>Label</key><string>${CHECKOUT_AGENT_LABEL}</string>`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...args.map((arg) => `    <string>${xml(arg)}</string>`),
    '  </array>',
    '  <key>RunAtLoad</key><true/>',
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}

/** The keys of an autostart entry's [Desktop Entry] group. */
function desktopEntryKeys(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  let group = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('[')) group = line;
    else if (group === '[Desktop Entry]' && line.includes('=')) {
      const at = line.indexOf('=');
      keys.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
    }
  }
  return keys;
}

/** Desktops switch an entry off by marking it (GNOME's X-GNOME-Autostart-enabled, Hidden) or deleting it. */
function autostartState(text: string, content: string): LoginItemState {
  const keys = desktopEntryKeys(text);
  if (keys.get('Hidden') === 'true' || keys.get('X-GNOME-Autostart-enabled') === 'false') return 'off';
  return keys.get('Exec') === desktopEntryKeys(content).get('Exec') ? 'on' : 'elsewhere';
}

/** Writes a login item kept as a file (on), or removes it (off). */
function writeItemFile(file: string, content: string, on: boolean): void {
  if (!on) return rmSync(file, { force: true });
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, content, { mode: 0o644 });
}

export function loginItemFor(opts: LoginItemOptions): LoginItem {
  if (opts.platform === 'linux') {
    const file = autostartFile(opts.env);
    const content = desktopEntry(opts.env.APPIMAGE?.trim() || opts.execPath);
    return {
      // an entry for an AppImage since replaced by a newer one reads as elsewhere: the sync moves it to this one
      get: () => (existsSync(file) ? autostartState(readFileSync(file, 'utf8'), content) : 'off'),
      set: (on) => writeItemFile(file, content, on),
    };
  }
  if (opts.platform === 'darwin') {
    return {
      get() {
        const settings = opts.app.getLoginItemSettings();
        // macOS 13+: an item switched off in System Settings > Login Items is 'requires-approval'
        if (typeof settings.status === 'string') return settings.status === 'enabled' ? 'on' : 'off';
        return settings.openAtLogin ? 'on' : 'off';
      },
      set: (on) => opts.app.setLoginItemSettings({ openAtLogin: on, args: [HIDDEN_FLAG] }),
    };
  }
  const args = [HIDDEN_FLAG];
  return {
    get() {
      // Electron keeps one Run value, named by the AppUserModelId (the same for every copy of the app), and
      // reports openAtLogin only while it starts this executable with these args. launchItems are the Run
      // values starting this executable; Task Manager and Settings > Startup switch one off (StartupApproved)
      // and leave it there, so executableWillLaunchAtLogin is false then.
      const settings = opts.app.getLoginItemSettings({ args });
      const forThisExe = settings.openAtLogin || (settings.launchItems?.length ?? 0) > 0;
      if (forThisExe && !settings.executableWillLaunchAtLogin) return 'off';
      // none for this executable: the value starts another copy (installed elsewhere, a checkout) or is gone
      return settings.openAtLogin ? 'on' : 'elsewhere';
    },
    set: (on) => opts.app.setLoginItemSettings({ openAtLogin: on, args }),
  };
}

/** A checkout's login item, starting the Electron binary with the checkout's folder (`appPath`). */
export function checkoutLoginItemFor(opts: LoginItemOptions, appPath: string): CheckoutLoginItem {
  if (opts.platform === 'linux') {
    const content = desktopEntry(opts.execPath, appPath);
    return { set: (on) => writeItemFile(autostartFile(opts.env), content, on) };
  }
  if (opts.platform === 'darwin') {
    const content = launchAgent([opts.execPath, appPath, HIDDEN_FLAG]);
    return { set: (on) => writeItemFile(launchAgentFile(opts.env), content, on) };
  }
  // Windows joins args into one command line as they are: a folder with spaces needs its quotes
  return { set: (on) => opts.app.setLoginItemSettings({ openAtLogin: on, path: opts.execPath, args: [`"${appPath}"`, HIDDEN_FLAG] }) };
}

/** Started by the login item: stay in the tray until the user opens the window. */
export function startedAtLogin(argv: readonly string[], app: Pick<App, 'getLoginItemSettings'>, platform: NodeJS.Platform): boolean {
  if (argv.includes(HIDDEN_FLAG)) return true;
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
}
