// Starts the real headless Switchboard (`scripts/serve.mjs`) on a fresh data dir and configures it
// through the admin API: an OpenAI-compatible, an Anthropic and a Gemini provider, all on the fake
// upstream, a model of the first served on the Responses API, and providers whose base URL picks one
// of the fake's special behaviours (see fake-upstream.ts) for the special cells.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startChild, type RunningChild } from './child';

export interface SwitchboardUnderTest {
  child: RunningChild;
  dataDir: string;
  /** where bench/loop-probe.mjs writes the event-loop delay when signalled */
  loopProbeFile: string;
  profileToken: string;
  /** model ids (`provider/model`) clients send */
  models: Record<BenchModel, string>;
}

/**
 * openai, anthropic, gemini: the fake in each format; responses: an OpenAI model served on the
 * Responses API; big: a 1 MB answer with no usage; fail429 / fail429RetryAfter: a 429 before every
 * other answer; bulk / bulkAnthropic: a 50 MB stream.
 */
export type BenchModel = 'openai' | 'anthropic' | 'gemini' | 'responses' | 'big' | 'fail429' | 'fail429RetryAfter' | 'bulk' | 'bulkAnthropic';

const PROVIDER_KEY_VARS = /^(OPENAI|ANTHROPIC|GEMINI|OPENROUTER|TOGETHER|GROQ|MISTRAL|DEEPSEEK)_API_KEY$/;

const scratchDirs: string[] = [];

function serveEnv(root: string, loopProbeFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!PROVIDER_KEY_VARS.test(k) && !k.startsWith('SWITCHBOARD_')) env[k] = v;
  env.SWITCHBOARD_ENCRYPTION_KEY = randomBytes(32).toString('base64');
  env.SB_BENCH_LOOP_PROBE = loopProbeFile;
  // a built UI is served as is; without one, an empty dir keeps serve.mjs from building it mid-run
  const built = join(root, 'out/renderer');
  if (existsSync(join(built, 'index.html'))) env.SWITCHBOARD_UI_DIR = built;
  else {
    env.SWITCHBOARD_UI_DIR = mkdtempSync(join(tmpdir(), 'sb-bench-ui-'));
    scratchDirs.push(env.SWITCHBOARD_UI_DIR);
  }
  return env;
}

async function admin(base: string, token: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}/api/v1/llm${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`admin ${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/** `script`: the server to run, scripts/serve.mjs (builds today's source) unless a baseline's bundle. */
export async function startSwitchboard(root: string, upstreamUrl: string, extraArgs: string[] = [], script = join(root, 'scripts/serve.mjs')): Promise<SwitchboardUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-bench-data-'));
  scratchDirs.push(dataDir);
  const loopProbeFile = join(dataDir, 'loop-probe.json');
  const probe = ['--import', pathToFileURL(join(root, 'bench/loop-probe.mjs')).href];
  const child = await startChild('switchboard', process.execPath, [...extraArgs, ...probe, script, '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    env: serveEnv(root, loopProbeFile),
    timeoutMs: 120_000,
  });
  try {
    const adminToken = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    const profileToken = readFileSync(join(dataDir, 'default-token'), 'utf8').trim();
    const providers: [BenchModel, string, string, string, string][] = [
      ['openai', 'bench-openai', 'openai-compatible', `${upstreamUrl}/v1`, 'sk-bench'],
      ['anthropic', 'bench-anthropic', 'anthropic', upstreamUrl, 'sk-ant-bench'],
      ['gemini', 'bench-gemini', 'gemini', upstreamUrl, 'AIza-bench'],
      ['big', 'bench-big', 'openai-compatible', `${upstreamUrl}/__big/v1`, 'sk-bench'],
      ['fail429', 'bench-429', 'openai-compatible', `${upstreamUrl}/__429once/v1`, 'sk-bench'],
      ['fail429RetryAfter', 'bench-429ra', 'openai-compatible', `${upstreamUrl}/__429once-ra/v1`, 'sk-bench'],
      ['bulk', 'bench-bulk', 'openai-compatible', `${upstreamUrl}/__bulk/v1`, 'sk-bench'],
      ['bulkAnthropic', 'bench-bulk-anthropic', 'anthropic', `${upstreamUrl}/__bulk`, 'sk-ant-bench'],
    ];
    const model = (providerId: string, modelName: string, extra: Record<string, unknown> = {}) => admin(child.url, adminToken, 'POST', '/models', {
      provider_id: providerId, model_name: modelName, input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 128_000, capabilities: ['chat', 'tools', 'json'], ...extra,
    });
    const models = {} as Record<BenchModel, string>;
    for (const [key, id, type, baseUrl, apiKey] of providers) {
      await admin(child.url, adminToken, 'POST', '/providers', { id, name: id, type, base_url: baseUrl, api_key: apiKey });
      await model(id, 'bench-model');
      models[key] = `${id}/bench-model`;
    }
    try {
      await model('bench-openai', 'bench-responses', { api: 'responses' });
      models.responses = 'bench-openai/bench-responses';
    } catch (err) {
      // a baseline from before the Responses API (issue 12) serves every other route
      if (script === join(root, 'scripts/serve.mjs')) throw err;
    }
    return { child, dataDir, loopProbeFile, profileToken, models };
  } catch (err) {
    await child.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * After Switchboard has stopped (and flushed): how many usage rows it logged, proof that usage
 * logging ran through the whole bench. Then its data dir goes (it grows by ~250 bytes a request).
 */
export function usageRowsThenCleanUp(sb: SwitchboardUnderTest): number {
  let rows = NaN;
  try {
    const db = new Database(join(sb.dataDir, 'switchboard.db'), { readonly: true });
    try {
      rows = (db.prepare('SELECT COUNT(*) AS n FROM usage_log').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    // a missing table or file leaves NaN, which the report shows as unknown
  }
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  return rows;
}
