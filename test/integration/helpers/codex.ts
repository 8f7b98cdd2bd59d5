// The pinned Codex CLI: a HOME of its own to run in, and a child process run to its end.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_KILL_AFTER_MS, runToEnd, type ChildRun } from './child-run';

export const CODEX = join(import.meta.dirname, '../../../node_modules/.bin/codex');

export type ProcessRun = ChildRun;

/** Runs `cmd` with stdin closed until it exits, keeping what it printed. */
export function runProcess(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<ProcessRun> {
  return runToEnd(spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] }), CLI_KILL_AFTER_MS);
}

/** A fresh temp HOME (named from `prefix`) holding `work`, the dir Codex runs in, and `.codex`, its CODEX_HOME. */
export function codexHomeDirs(prefix: string): { home: string; work: string; codexHome: string } {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const work = join(home, 'work');
  const codexHome = join(home, '.codex');
  for (const d of [work, codexHome]) mkdirSync(d, { recursive: true });
  return { home, work, codexHome };
}
