// How the desktop app configures the core, and what it tells the user when the core can't start.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../node/app';
import { redactSecrets } from '../core/redact';

export const DEFAULT_PORT = 4141;

type Env = Record<string, string | undefined>;

/** SWITCHBOARD_PORT when it is a valid port; otherwise undefined, and the app uses its proxy_port setting (default 4141). */
export function desktopPort(env: Env): number | undefined {
  const raw = env.SWITCHBOARD_PORT?.trim();
  if (!raw) return undefined;
  const port = Number(raw);
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : undefined;
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
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if ((e as { code?: unknown }).code === 'EADDRINUSE') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export function startupFailureMessage(err: unknown): string {
  if (isAddressInUse(err)) {
    const port = (err as { port?: unknown }).port;
    return `Port ${typeof port === 'number' ? port : DEFAULT_PORT} is already in use, so Switchboard's proxy cannot start.\n\n`
      + 'Another Switchboard (or `npm run serve`) may be running: quit it, '
      + 'or change the proxy port in the settings (or start with SWITCHBOARD_PORT set to a free port).';
  }
  const message = err instanceof Error ? err.message : String(err);
  return `Switchboard could not start:\n\n${redactSecrets(message)}`;
}
