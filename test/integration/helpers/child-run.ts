// A CLI run as a child process to its end (the Claude Code, Codex and Gemini CLI runners): what it printed and
// its exit code. A hung run is killed after `killAfterMs` (a safety net before the test's own timeout, not a
// speed check): no CLI outlives its test.
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

/** below the 120 s the CLI tests allow */
export const CLI_KILL_AFTER_MS = 110_000;

export interface ChildRun { code: number | null; stdout: string; stderr: string }

export function runToEnd(child: ChildProcessByStdio<null, Readable, Readable>, killAfterMs: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
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
