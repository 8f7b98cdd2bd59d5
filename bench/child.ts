// Starting the servers under test as child processes and waiting for their `listening on` line.
import { spawn, type ChildProcess } from 'node:child_process';

export interface RunningChild {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** origin from the `listening on http://HOST:PORT` line */
  url: string;
  /** the last few KB of its stdout and stderr, for error messages */
  output: () => string;
  stop: () => Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
  /** a fixed URL when the program never prints one (Portkey prints its default port, not ours) */
  url?: string;
  /** the line that says it is ready, when it is not `listening on` */
  ready?: RegExp;
}

const LISTENING = /listening on (http:\/\/[^\s/]+)/;

// Children still running when the bench exits (a crash, Ctrl-C) go with it.
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of live) p.kill('SIGKILL');
});

export function startChild(name: string, command: string, args: string[], opts: StartOptions = {}): Promise<RunningChild> {
  const proc = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(proc);
  proc.once('exit', () => live.delete(proc));
  let tail = '';
  const ready = opts.ready ?? LISTENING;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(new Error(`${name}: ${why}\n${tail.slice(-2000)}`));
    };
    const timer = setTimeout(() => fail(`no ready line after ${opts.timeoutMs ?? 60_000} ms`), opts.timeoutMs ?? 60_000);
    const onText = (chunk: Buffer): void => {
      tail = (tail + chunk.toString()).slice(-8000);
      if (settled) return;
      const m = ready.exec(tail);
      if (!m || proc.pid === undefined) return;
      settled = true;
      clearTimeout(timer);
      const url = opts.url ?? m[1];
      if (url === undefined) return fail('ready line carries no URL');
      resolve({ name, proc, pid: proc.pid, url, output: () => tail, stop: () => stopChild(proc) });
    };
    proc.stdout?.on('data', onText);
    proc.stderr?.on('data', onText);
    proc.on('exit', (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
    proc.on('error', (err) => fail(err.message));
  });
}

/** SIGTERM, then SIGKILL if it has not gone within 5 s. */
export function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}
