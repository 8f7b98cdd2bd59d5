// Windows login items as Electron keeps them (shell/browser/browser_win.cc), for the copies of the app that
// share one user's registry: the installed app (maybe reinstalled into another folder) and a checkout.
import { vi } from 'vitest';

/** lifecycle.ts' APP_USER_MODEL_ID: the name of the Run value every copy of the app writes. */
export const AUMID = 'dev.switchboard.app';

interface SetOptions { openAtLogin?: boolean; path?: string; args?: string[]; enabled?: boolean; name?: string }
interface GetOptions { path?: string; args?: string[] }

/** The program of a command line as CommandLine::FromString reads it: quoted, else up to the first space. */
const program = (command: string): string => (/^"([^"]*)"/.exec(command)?.[1] ?? command.split(' ')[0] ?? '').toLowerCase();

/**
 * HKCU\...\Run (value name → command line) and StartupApproved\Run (the names Task Manager or Settings >
 * Startup switched off). `appFor(exe)` is Electron's app object in a process running `exe`.
 */
export function windowsRegistry() {
  const run = new Map<string, string>();
  const switchedOff = new Set<string>();
  const appFor = (execPath: string) => ({
    setLoginItemSettings: vi.fn((s: SetOptions) => {
      const name = s.name ?? AUMID;
      if (!s.openAtLogin) {
        run.delete(name);
        switchedOff.delete(name);
        return;
      }
      run.set(name, [s.path ?? execPath, ...(s.args ?? [])].join(' '));
      if (s.enabled === false) switchedOff.add(name);
      else switchedOff.delete(name);
    }),
    getLoginItemSettings: (o: GetOptions = {}) => {
      const exe = o.path ?? execPath;
      const launchItems = [...run]
        .filter(([, command]) => program(command) === program(exe))
        .map(([name, command]) => ({ name, path: program(command), args: [], scope: 'user', enabled: !switchedOff.has(name) }));
      return {
        openAtLogin: run.get(AUMID) === [exe, ...(o.args ?? [])].join(' '),
        executableWillLaunchAtLogin: launchItems.some((i) => i.enabled),
        launchItems,
        // macOS's
        wasOpenedAtLogin: false,
      } as never;
    },
  });
  /** What Task Manager's Disable does: the value stays, marked off. */
  const switchOff = (name = AUMID): void => void switchedOff.add(name);
  return { run, switchOff, appFor };
}
