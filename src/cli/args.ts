// `npm run serve -- [--port N] [--host H] [--data-dir DIR]`, with SWITCHBOARD_* environment equivalents.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readPort } from '../shared/port';

export interface ServeArgs {
  /** absent: the proxy_port setting (default 4141) */
  port?: number;
  host: string;
  dataDir: string;
}

export class UsageError extends Error {}
/** --help: the usage is the answer (stdout, exit 0), not an error */
export class HelpRequested extends UsageError {}

export const USAGE = 'usage: npm run serve -- [--port N] [--host H] [--data-dir DIR]';

export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.length > 0 ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'switchboard');
}

function parsePort(v: string, from: string): number {
  const read = readPort(v, from);
  if ('error' in read) throw new UsageError(read.error);
  return read.port;
}

export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv): ServeArgs {
  const out: ServeArgs = {
    port: env.SWITCHBOARD_PORT ? parsePort(env.SWITCHBOARD_PORT, 'SWITCHBOARD_PORT') : undefined,
    host: env.SWITCHBOARD_HOST || '127.0.0.1',
    dataDir: env.SWITCHBOARD_DATA_DIR || defaultDataDir(env),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port': out.port = parsePort(value(), '--port'); break;
      case '--host': out.host = value(); break;
      case '--data-dir': out.dataDir = value(); break;
      case '--help': case '-h': throw new HelpRequested(USAGE);
      default: throw new UsageError(`unknown option ${arg} (${USAGE})`);
    }
  }
  return out;
}
