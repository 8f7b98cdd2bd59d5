// Runs the pinned Claude Code CLI (node_modules/.bin/claude, its native binary) headless against a
// base URL, the way a user points it at Switchboard: `claude -p`, stdin closed, its own HOME.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runToEnd, type ChildRun } from './child-run';

export const CLAUDE_BIN = fileURLToPath(new URL('../../../node_modules/.bin/claude', import.meta.url));

export interface ClaudeRunOptions {
  baseUrl: string;
  /** the profile token, sent as ANTHROPIC_AUTH_TOKEN (Authorization: Bearer), as the README tells users */
  token: string;
  /** a temp dir: Claude Code keeps its settings, sessions and trust decisions under $HOME/.claude */
  home: string;
  /** the workspace it works in (tools run here) */
  cwd: string;
  prompt: string;
  /** absent: Claude Code's own default model name */
  model?: string;
  extraArgs?: string[];
  /** a hung run is killed after this long (a safety net, not a speed check) */
  killAfterMs?: number;
}

export type ClaudeRun = ChildRun;

/** The JSON result `--output-format json` prints: the final answer and whether the run failed. */
export interface ClaudeResult {
  type: 'result';
  subtype: string;
  is_error: boolean;
  result: string;
  num_turns: number;
}

export function runClaudeCode(opts: ClaudeRunOptions): Promise<ClaudeRun> {
  const args = [
    '-p', opts.prompt,
    '--output-format', 'json',
    ...(opts.model ? ['--model', opts.model] : []),
    // print mode cannot ask for permission: the one command the fakes request is allowed up front,
    // so the round trip does not hang on Claude Code's own judgement of what is safe to run
    '--allowedTools', 'Bash(echo sb-roundtrip)',
    // no MCP servers from anywhere but the command line (there are none): nothing else to start or reach
    '--strict-mcp-config',
    ...(opts.extraArgs ?? []),
  ];
  // a clean environment: nothing of the developer's own Claude Code setup or keys leaks in
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: opts.home,
    TMPDIR: process.env.TMPDIR,
    LANG: 'C.UTF-8',
    // offline: no auto-update, telemetry, error reporting or feature-flag fetches, only the API calls
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    ANTHROPIC_BASE_URL: opts.baseUrl,
    ANTHROPIC_AUTH_TOKEN: opts.token,
  };
  // stdin closed: print mode reads a piped prompt from stdin and would otherwise wait for it
  return runToEnd(spawn(CLAUDE_BIN, args, { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }), opts.killAfterMs ?? 90_000);
}

/** A HOME and a workspace of Claude Code's own, in temp dirs (see ClaudeRunOptions). */
export function claudeDirs(): { home: string; workspace: string } {
  return { home: mkdtempSync(join(tmpdir(), 'sb-claude-home-')), workspace: mkdtempSync(join(tmpdir(), 'sb-claude-ws-')) };
}

/** Removes these dirs, those of them a failed start left unset aside. */
export function removeDirs(...dirs: (string | undefined)[]): void {
  for (const dir of dirs) if (dir) rmSync(dir, { recursive: true, force: true });
}

/** The JSON result line of a `--output-format json` run. */
export function claudeResult(run: ClaudeRun): ClaudeResult {
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as ClaudeResult;
  } catch {
    throw new Error(`claude printed no JSON result (exit ${run.code}): ${run.stdout.slice(0, 500)} ${run.stderr.slice(0, 500)}`);
  }
}
