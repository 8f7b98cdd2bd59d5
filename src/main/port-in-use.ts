// The proxy's port is taken at start (another Switchboard, `npm run serve`, another program), or not ours to take
// (below 1024 without privileges). A desktop user cannot easily set SWITCHBOARD_PORT (the app starts from
// Finder, the Start menu or at login), so the app offers a free port and, when taken, keeps it as the proxy_port
// setting.
import { createServer } from 'node:net';
import { dialog } from 'electron';
import type { SwitchboardApp } from '../node/app';
import { DEFAULT_SETTINGS } from '../shared/defaults';
import { portRefusal, portRefusalText, type PortRefusal } from '../shared/port';
import { withFreePort } from './core-startup';

const USE_PORT = 0;
// a port found free can be taken again before the core binds it: ask again, a few times
const MAX_OFFERS = 3;

function listensOn(host: string, port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(null));
    probe.listen({ port, host, exclusive: true }, () => {
      const addr = probe.address();
      const bound = typeof addr === 'object' && addr ? addr.port : port;
      probe.close(() => resolve(bound));
    });
  });
}

/**
 * A port free on host: one of the next few after the refused one (easy to type), else any the OS gives; never one
 * in `skip` (refused earlier). After a privileged port (below 1024), the search starts at the default port.
 */
export async function findFreePort(host: string, taken: number, skip: ReadonlySet<number> = new Set()): Promise<number> {
  const from = taken < 1024 ? DEFAULT_SETTINGS.proxy_port : taken + 1;
  for (let port = from; port <= Math.min(from + 19, 65535); port++) {
    if (!skip.has(port) && (await listensOn(host, port)) !== null) return port;
  }
  const any = await listensOn(host, 0);
  if (any === null) throw new Error(`no free port on ${host}`);
  return any;
}

/** Asked with or without a window: started at login to the tray, this dialog is the user's only sight of it. */
export async function askToUsePort(taken: number, free: number, code: PortRefusal['code'] = 'EADDRINUSE'): Promise<boolean> {
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    buttons: [`Use port ${free}`, 'Quit'],
    defaultId: USE_PORT,
    cancelId: 1,
    title: 'Switchboard',
    message: portRefusalText(code, taken),
    detail: (code === 'EADDRINUSE' ? 'Another Switchboard (or `npm run serve`) or another program may be using it.\n\n' : '')
      + `Switchboard can use port ${free} instead. Tools pointed at port ${taken} (http://127.0.0.1:${taken}) `
      + `must then be changed to port ${free}.\n\nThe choice is saved: Switchboard uses port ${free} from now on.`,
  });
  return response === USE_PORT;
}

export interface StartOptions {
  /** starts the core; port undefined: its proxy_port setting */
  start: (port: number | undefined) => Promise<SwitchboardApp>;
  /** SWITCHBOARD_PORT: the user's own choice, which a saved setting would not outrank; a clash with it is refused as before */
  forcedPort: number | undefined;
  host: string;
  log: (line: string) => void;
}

/**
 * The started core, or null when the user chose Quit over another port. Any other failure throws; a port refused
 * for good (SWITCHBOARD_PORT, or after MAX_OFFERS) throws carrying a port found free, for the dialog to suggest.
 */
export async function startCoreOfferingPort({ start, forcedPort, host, log }: StartOptions): Promise<SwitchboardApp | null> {
  let port = forcedPort;
  const refused = new Set<number>();
  const freePort = (taken: number): Promise<number | null> => findFreePort(host, taken, refused).catch(() => null);
  for (let offers = 0; ; offers++) {
    try {
      const core = await start(port);
      if (port !== forcedPort && port !== undefined) {
        // the admin API's own path: validated, audited, and the next start listens there
        await core.service.updateSettings({ proxy_port: port })
          .catch((err: unknown) => log(`could not save port ${port} as the proxy port: ${err instanceof Error ? err.message : String(err)}`));
      }
      return core;
    } catch (err) {
      const refusal = portRefusal(err);
      if (!refusal) throw err;
      const taken = refusal.port ?? port ?? DEFAULT_SETTINGS.proxy_port;
      refused.add(taken);
      if (forcedPort !== undefined || offers >= MAX_OFFERS) throw withFreePort(err, { ...refusal, port: taken }, await freePort(taken));
      const free = await findFreePort(host, taken, refused);
      log(`port ${taken}: ${refusal.code}; offering port ${free}`);
      if (!(await askToUsePort(taken, free, refusal.code))) return null;
      port = free;
    }
  }
}
