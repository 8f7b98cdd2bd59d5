// Runs the real Gemini CLI (the pinned @google/gemini-cli) headless (`gemini -p ... -o json`) against
// Switchboard, set up as the README says: the profile token as GEMINI_API_KEY, the proxy as base URL.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../node_modules/@google/gemini-cli/bundle/gemini.js', import.meta.url));

/** below the 120 s the CLI tests allow */
const KILL_AFTER_MS = 110_000;

export interface GeminiRun { code: number | null; stdout: string; stderr: string }

export interface GeminiSetup { home: string; workspace: string; url: string; token: string }

/** `args`: more of the CLI's options (`--resume latest`) */
export function runGemini(setup: GeminiSetup, model: string, prompt: string, args: string[] = []): Promise<GeminiRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '-m', model, '-p', prompt, '--approval-mode', 'yolo', '-o', 'json', ...args], {
      cwd: setup.workspace,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: setup.home,
        GEMINI_API_KEY: setup.token,
        GOOGLE_GEMINI_BASE_URL: setup.url,
        GEMINI_CLI_TRUST_WORKSPACE: 'true',
        GEMINI_CLI_NO_RELAUNCH: 'true',
        NO_COLOR: '1',
        CI: '1',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
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

/** settings.json for a quiet offline CLI with a Gemini API key, plus `extra` (mcpServers, ...). */
export function geminiSettings(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    security: { auth: { selectedType: 'gemini-api-key' } },
    // offline and quiet: no update checks, no telemetry
    general: { enableAutoUpdate: false, enableAutoUpdateNotification: false },
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
    ...extra,
  });
}
