// The pinned Codex CLI: a HOME of its own to run in, and a child process run to its end.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CODEX = join(import.meta.dirname, '../../../node_modules/.bin/codex');

/** below the 120 s the CLI tests allow */
const KILL_AFTER_MS = 110_000;

export interface ProcessRun { code: number | null; stdout: string; stderr: string }

/** Runs `cmd` with stdin closed until it exits, keeping what it printed. */
export function runProcess(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    // a hung run is killed before vitest's own timeout (a safety net, not a speed check): no CLI outlives its test
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A fresh temp HOME (named from `prefix`) holding `work`, the dir Codex runs in, and `.codex`, its CODEX_HOME. */
export function codexHomeDirs(prefix: string): { home: string; work: string; codexHome: string } {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const work = join(home, 'work');
  const codexHome = join(home, '.codex');
  for (const d of [work, codexHome]) mkdirSync(d, { recursive: true });
  return { home, work, codexHome };
}
