// Runs the real Gemini CLI (the pinned @google/gemini-cli) headless (`gemini -p ... -o json`) against
// Switchboard, set up as the README says: the profile token as GEMINI_API_KEY, the proxy as base URL.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLI_KILL_AFTER_MS, runToEnd, type ChildRun } from './child-run';

const CLI = fileURLToPath(new URL('../../../node_modules/@google/gemini-cli/bundle/gemini.js', import.meta.url));

export type GeminiRun = ChildRun;

export interface GeminiSetup { home: string; workspace: string; url: string; token: string }

/** `args`: more of the CLI's options (`--resume latest`) */
export function runGemini(setup: GeminiSetup, model: string, prompt: string, args: string[] = []): Promise<GeminiRun> {
  return runToEnd(spawn(process.execPath, [CLI, '-m', model, '-p', prompt, '--approval-mode', 'yolo', '-o', 'json', ...args], {
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
  }), CLI_KILL_AFTER_MS);
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
