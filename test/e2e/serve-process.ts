// Starts the real headless server (`node scripts/serve.mjs`) on a free port with a fresh data dir.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ServeProcess {
  url: string;
  dataDir: string;
  adminToken: string;
  defaultToken: string;
  output(): string;
  stop(): Promise<number | null>;
}

const ROOT = resolve(import.meta.dirname, '../..');
const PROVIDER_ENV_KEYS = [
  'OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GEMINI_API_KEY', 'OPENROUTER_API_KEY', 'TOGETHER_API_KEY',
  'GROQ_API_KEY', 'MISTRAL_API_KEY', 'DEEPSEEK_API_KEY', 'XAI_API_KEY', 'SWITCHBOARD_ADMIN_TOKEN',
  'SWITCHBOARD_PORT', 'SWITCHBOARD_HOST', 'SWITCHBOARD_DATA_DIR',
];

export async function startServe(timeoutMs = 90_000): Promise<ServeProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env, SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  // the host's own keys must not leak into what the test sees
  for (const k of PROVIDER_ENV_KEYS) delete env[k];
  const child: ChildProcess = spawn(process.execPath, ['scripts/serve.mjs', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));

  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`serve did not print "listening on" in ${timeoutMs} ms:\n${log}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(log);
      if (m?.[1]) {
        clearTimeout(timer);
        res(m[1].replace(/\/$/, ''));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      rej(new Error(`serve exited with ${code} before listening:\n${log}`));
    });
  });

  const read = (name: string) => readFileSync(join(dataDir, name), 'utf8').trim();
  return {
    url,
    dataDir,
    adminToken: read('admin-token'),
    defaultToken: read('default-token'),
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** The admin API (`/api/v1/llm{path}`) with the admin token; the parsed JSON answer. */
export async function adminApi(serve: Pick<ServeProcess, 'url' | 'adminToken'>, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${serve.url}/api/v1/llm${path}`, {
    method,
    headers: { authorization: `Bearer ${serve.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return res.json();
}

/** One non-streamed chat request through the proxy with a profile token. */
export function proxyChat(serve: Pick<ServeProcess, 'url'>, token: string, model: string, content = 'hello there'): Promise<Response> {
  return fetch(`${serve.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
  });
}
