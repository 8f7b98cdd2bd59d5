// How the desktop app configures the core, and what it tells the user when the core can't start.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../node/app';
import type { DataDirError } from '../node/data-dir/data-dir-error';
import { LOCK_FILE } from '../node/data-dir/data-dir-lock';
import { redactSecrets } from '../core/redact';
import { DEFAULT_SETTINGS } from '../shared/defaults';
import { portRefusal, portRefusalText, readPort, type PortRefusal } from '../shared/port';

type Env = Record<string, string | undefined>;

/**
 * SWITCHBOARD_PORT, read as serve reads it; unset, the app uses its proxy_port setting (default 4141). An invalid
 * one is refused with serve's message (the startup dialog shows it) rather than silently ignored.
 */
export function desktopPort(env: Env): number | undefined {
  const raw = env.SWITCHBOARD_PORT;
  if (!raw) return undefined;
  const read = readPort(raw, 'SWITCHBOARD_PORT');
  if ('error' in read) throw new Error(read.error);
  return read.port;
}

/**
 * The Electron-ABI better-sqlite3 that scripts/ensure-electron.mjs builds next to the project.
 * A packaged app has its own, rebuilt for Electron, inside node_modules.
 */
export function electronSqliteBinding(
  appPath: string,
  isPackaged: boolean,
  exists: (file: string) => boolean = existsSync,
): string | undefined {
  if (isPackaged) return undefined;
  const file = join(appPath, 'native', 'electron', 'better_sqlite3.node');
  return exists(file) ? file : undefined;
}

export interface DesktopConfigInput {
  userDataDir: string;
  appPath: string;
  /** process.resourcesPath: where electron-builder's extraResources land */
  resourcesPath: string;
  isPackaged: boolean;
  env: Env;
  log: (line: string) => void;
}

export function desktopAppConfig(input: DesktopConfigInput): AppConfig {
  const { env } = input;
  const binding = electronSqliteBinding(input.appPath, input.isPackaged);
  return {
    dataDir: env.SWITCHBOARD_DATA_DIR?.trim() || input.userDataDir,
    port: desktopPort(env),
    env,
    // the window talks IPC; the UI is served over HTTP only in headless mode
    uiDir: null,
    log: input.log,
    catalogPath: input.isPackaged
      ? join(input.resourcesPath, 'catalog.json')
      : join(input.appPath, 'resources', 'catalog.json'),
    ...(binding ? { sqliteNativeBinding: binding } : {}),
  };
}

export function isAddressInUse(err: unknown): boolean {
  return portRefusal(err)?.code === 'EADDRINUSE';
}

/** A port refused for good (the user's SWITCHBOARD_PORT, or after every offer), carrying a port found free to suggest. */
export function withFreePort(err: unknown, refusal: PortRefusal, freePort: number | null): Error {
  const port = refusal.port ?? DEFAULT_SETTINGS.proxy_port;
  return Object.assign(new Error(err instanceof Error ? err.message : `port ${port}: ${refusal.code}`, { cause: err }), {
    code: refusal.code,
    port,
    ...(freePort === null ? {} : { freePort }),
  });
}

const isDataDirError = (err: unknown): err is DataDirError =>
  err instanceof Error && (err as Partial<DataDirError>).kind === 'data-dir' && typeof (err as Partial<DataDirError>).path === 'string';

/**
 * The dialog the desktop app shows when its core cannot start. The app has no command line of its own
 * (--data-dir is serve's) and exits after the dialog (its settings cannot be reached), so the ways out it
 * names are SWITCHBOARD_DATA_DIR and SWITCHBOARD_PORT.
 */
export function startupFailureMessage(err: unknown, platform: NodeJS.Platform = process.platform): string {
  const refusal = portRefusal(err);
  if (refusal) {
    const port = refusal.port ?? DEFAULT_SETTINGS.proxy_port;
    // a port found free, never one just refused; without one, any from 1024 up the user picks
    const example = refusal.freePort === undefined ? '' : ` (e.g. SWITCHBOARD_PORT=${refusal.freePort})`;
    const setPort = `start Switchboard with SWITCHBOARD_PORT set to a free port from 1024 to 65535${example}.`;
    return refusal.code === 'EACCES'
      ? `${portRefusalText('EACCES', port)}\n\nChoose another port: ${setPort}`
      : `${portRefusalText('EADDRINUSE', port)}\n\nAnother Switchboard (or \`npm run serve\`) may be running: quit it, or ${setPort}`;
  }
  if (isDataDirError(err) && err.problem === 'in-use') {
    // a checkout's userData is ~/.config/switchboard on Linux: serve's default data dir
    const serveToo = platform === 'linux' ? ' (`npm run serve` uses this same one unless given another)' : '';
    return `Another Switchboard is using the data dir ${err.path}${serveToo}, so this one cannot start.\n\n`
      + 'Quit it, or start Switchboard with SWITCHBOARD_DATA_DIR set to another folder.\n\n'
      + `If no Switchboard runs, delete ${join(err.path, LOCK_FILE)}.`;
  }
  const message = err instanceof Error ? err.message : String(err);
  // the fixes a DataDirError names are worded for serve's command line
  const desktop = isDataDirError(err) ? message.replace(/--data-dir( or SWITCHBOARD_DATA_DIR)?/g, 'SWITCHBOARD_DATA_DIR') : message;
  return `Switchboard could not start:\n\n${redactSecrets(desktop)}`;
}
