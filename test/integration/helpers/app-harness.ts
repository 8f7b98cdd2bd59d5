// A real Switchboard (createApp: SQLite in a temp dir, HTTP on 127.0.0.1) with one fake
// provider per wire format behind it, configured through the admin service.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { createApp, type AppConfig, type SwitchboardApp } from '../../../src/node/app';
import { startFakeOpenAI } from '../../mocks/fake-openai';
import { startFakeAnthropic } from '../../mocks/fake-anthropic';
import { startFakeGemini } from '../../mocks/fake-gemini';
import type { FakeProvider, FakeProviderOptions } from '../../mocks/types';

export const KEYS = {
  openai: 'sk-fakeopenai-CANARY-0123456789abcdef',
  anthropic: 'sk-ant-fake-CANARY-0123456789abcdef',
  gemini: 'AIzaFakeGeminiCANARY0123456789abcdefghij',
};

export interface Harness {
  app: SwitchboardApp;
  url: string;
  dataDir: string;
  token: string;
  logs: string[];
  openai: FakeProvider;
  anthropic: FakeProvider;
  gemini: FakeProvider;
  close(): Promise<void>;
}

export const MODELS = {
  openai: 'fo/gpt-fake',
  anthropic: 'fa/claude-fake',
  gemini: 'fg/gemini-fake',
  embed: 'fo/embed-fake',
} as const;

export type Upstream = 'openai' | 'anthropic' | 'gemini';

/** Each fake: its name on the harness, the model served by it, and the answer it gives. */
export const UPSTREAMS: [Upstream, string, string][] = [
  ['openai', MODELS.openai, 'Hello from the fake openai provider!'],
  ['anthropic', MODELS.anthropic, 'Hello from the fake anthropic provider!'],
  ['gemini', MODELS.gemini, 'Hello from the fake gemini provider!'],
];

export async function startHarness(
  opts: { fake?: FakeProviderOptions; env?: Record<string, string>; config?: Partial<AppConfig> } = {},
): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-harness-'));
  const [openai, anthropic, gemini] = await Promise.all([
    startFakeOpenAI({ apiKey: KEYS.openai, ...opts.fake }),
    startFakeAnthropic({ apiKey: KEYS.anthropic, ...opts.fake }),
    startFakeGemini({ apiKey: KEYS.gemini, ...opts.fake }),
  ]);
  const logs: string[] = [];
  const app = await createApp({
    dataDir,
    port: 0,
    env: { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64'), ...opts.env },
    log: (l) => logs.push(l),
    ...opts.config,
    // tests count the requests each fake receives: no connection tests fired by provider changes
    limits: { testProvidersOnChange: false, ...opts.config?.limits },
  });
  const s = app.service;
  await s.createProvider({ id: 'fo', name: 'Fake OpenAI', type: 'openai-compatible', base_url: openai.url, api_key: KEYS.openai });
  await s.createProvider({ id: 'fa', name: 'Fake Anthropic', type: 'anthropic', base_url: anthropic.url, api_key: KEYS.anthropic, enabled: true });
  await s.createProvider({ id: 'fg', name: 'Fake Gemini', type: 'gemini', base_url: gemini.url, api_key: KEYS.gemini, enabled: true });
  const caps = ['chat', 'tools', 'vision', 'json'] as const;
  await s.createModel({ provider_id: 'fo', model_name: 'gpt-fake', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 128000, capabilities: [...caps], quality: 60 });
  await s.createModel({ provider_id: 'fa', model_name: 'claude-fake', input_cost_per_1m: 3, output_cost_per_1m: 15, cached_input_cost_per_1m: 0.3, context_length: 200000, capabilities: [...caps], quality: 80 });
  await s.createModel({ provider_id: 'fg', model_name: 'gemini-fake', input_cost_per_1m: 0.5, output_cost_per_1m: 1.5, context_length: 1000000, capabilities: [...caps], quality: 70 });
  await s.createModel({ provider_id: 'fo', model_name: 'embed-fake', input_cost_per_1m: 0.02, output_cost_per_1m: 0, context_length: 8192, capabilities: ['embeddings'] });
  const token = readFileSync(join(dataDir, 'default-token'), 'utf8').trim();
  return {
    app, url: app.url, dataDir, token, logs, openai, anthropic, gemini,
    async close() {
      await app.close();
      await Promise.all([openai.close(), anthropic.close(), gemini.close()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Power levels choose among the fakes only (the seeded Ollama and LM Studio off), with no same-model retries. */
export async function routeAmongFakesOnly(h: Harness): Promise<void> {
  await h.app.service.updateRoutingRules({ retries_per_model: 0 });
  for (const id of ['ollama', 'lmstudio']) await h.app.service.updateProvider({ id, patch: { enabled: false } });
}

/** The harness and an Anthropic SDK client of its default profile (no SDK retries). */
export async function startWithAnthropicClient(): Promise<{ h: Harness; client: Anthropic }> {
  const h = await startHarness();
  return { h, client: new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 }) };
}

/** Raw HTTP helper for the cases SDKs cannot express (bad bodies, hostile headers). */
/** A JSON POST to the proxy with the harness's profile token (and `anthropic-version`, which the other APIs ignore). */
export function postJson(h: Pick<Harness, 'url' | 'token'>, path: string, body: unknown): ReturnType<typeof rawRequest> {
  return rawRequest(`${h.url}${path}`, {
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
  });
}

export async function rawRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array },
): Promise<{ status: number; headers: Headers; text: string; json: any }> {
  const res = await fetch(url, { method: init.method ?? "POST", headers: init.headers, body: init.body as BodyInit | undefined });
  const text = await res.text();
  let json: any;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}
