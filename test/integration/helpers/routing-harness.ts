// A real Switchboard whose only routable models are three of our own, each behind its own fake
// OpenAI server, so `fake.requests` shows exactly which model a request reached:
//   cheap/small  $0.10/$0.20 per 1M, quality 40, context 4,000, chat only (no tools)
//   mid/mid      $1/$2,              quality 70, context 128,000, chat + tools (accepts any key: BYOK checks)
//   best/big     $10/$30,            quality 95, context 200,000, chat + tools
// The seeded catalog's enabled providers (ollama, lmstudio: no server behind them) are disabled.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { createApp, type SwitchboardApp } from '../../../src/node/app';
import { startFakeOpenAI } from '../../mocks/fake-openai';
import type { FakeProvider } from '../../mocks/types';
import type { ActivityEntry, ActivityPage } from '../../../src/shared/activity-types';

export const RKEYS = {
  cheap: 'sk-cheap-global-CANARY-0123456789abcdef',
  mid: 'sk-mid-global-CANARY-0123456789abcdef',
  best: 'sk-best-global-CANARY-0123456789abcdef',
};

export const RM = { cheap: 'cheap/small', mid: 'mid/mid', best: 'best/big' } as const;

export interface RoutingHarness {
  app: SwitchboardApp;
  url: string;
  dataDir: string;
  token: string;
  cheap: FakeProvider;
  mid: FakeProvider;
  best: FakeProvider;
  fakes: FakeProvider[];
  client(token?: string): OpenAI;
  /** forget recorded requests and pending faults of every fake */
  resetFakes(): void;
  close(): Promise<void>;
}

export async function startRoutingHarness(): Promise<RoutingHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-routing-'));
  const [cheap, mid, best] = await Promise.all([
    startFakeOpenAI({ apiKey: RKEYS.cheap, text: 'answer from cheap' }),
    startFakeOpenAI({ text: 'answer from mid' }),
    startFakeOpenAI({ apiKey: RKEYS.best, text: 'answer from best' }),
  ]);
  const app = await createApp({
    dataDir,
    port: 0,
    env: { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
    log: () => {},
    // tests count the requests each fake receives: no connection tests fired by provider changes
    limits: { testProvidersOnChange: false },
  });
  const s = app.service;
  for (const p of await s.listProviders()) {
    if (p.enabled) await s.updateProvider({ id: p.id, patch: { enabled: false } });
  }
  await s.createProvider({ id: 'cheap', name: 'Cheap', type: 'openai-compatible', base_url: cheap.url, api_key: RKEYS.cheap });
  await s.createProvider({ id: 'mid', name: 'Mid', type: 'openai-compatible', base_url: mid.url, api_key: RKEYS.mid });
  await s.createProvider({ id: 'best', name: 'Best', type: 'openai-compatible', base_url: best.url, api_key: RKEYS.best });
  await s.createModel({ provider_id: 'cheap', model_name: 'small', input_cost_per_1m: 0.1, output_cost_per_1m: 0.2, context_length: 4000, capabilities: ['chat'], quality: 40 });
  await s.createModel({ provider_id: 'mid', model_name: 'mid', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 128000, capabilities: ['chat', 'tools'], quality: 70 });
  await s.createModel({ provider_id: 'best', model_name: 'big', input_cost_per_1m: 10, output_cost_per_1m: 30, context_length: 200000, capabilities: ['chat', 'tools'], quality: 95 });
  const token = readFileSync(join(dataDir, 'default-token'), 'utf8').trim();
  const fakes = [cheap, mid, best];
  return {
    app, url: app.url, dataDir, token, cheap, mid, best, fakes,
    client: (t = token) => new OpenAI({ baseURL: `${app.url}/v1`, apiKey: t, maxRetries: 0 }),
    resetFakes() {
      for (const f of fakes) {
        f.requests.length = 0;
        f.faults.length = 0;
        f.persistentFault = null;
      }
    },
    async close() {
      await app.close();
      await Promise.all(fakes.map((f) => f.close()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Admin API over HTTP with the admin token. */
export async function adminFetch(app: SwitchboardApp, method: string, path: string, body?: unknown): Promise<{ status: number; json: any; text: string; headers: Headers }> {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${app.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, json, text, headers: res.headers };
}

/** The activity entry (with its attempts) of the request that got this response, from the newest 50. */
export async function activityEntryOf(app: SwitchboardApp, res: { headers: Headers }): Promise<ActivityEntry> {
  const id = res.headers.get('x-switchboard-request-id');
  const page = (await adminFetch(app, 'GET', '/api/v1/llm/requests?limit=50')).json as ActivityPage;
  const found = page.requests.find((r) => r.request_id === id);
  if (!found) throw new Error(`no activity entry ${id}`);
  return found;
}

/** The chat completion requests a fake received (its model listing calls aside). */
export const chatCalls = (f: FakeProvider) => f.requests.filter((r) => r.path.startsWith('/v1/chat/completions'));

export const DISC_KEY = 'sk-disc-CANARY-0123456789abcdef';

/** The routing harness plus `disc`, an OpenAI-compatible provider whose fake lists disc-a, disc-b and text-embed-x. */
export async function startWithDiscoverable(): Promise<{ h: RoutingHarness; disc: FakeProvider }> {
  const h = await startRoutingHarness();
  const disc = await startFakeOpenAI({ apiKey: DISC_KEY, models: ['disc-a', 'disc-b', 'text-embed-x'] });
  await h.app.service.createProvider({ id: 'disc', name: 'Discoverable', type: 'openai-compatible', base_url: disc.url, api_key: DISC_KEY });
  return { h, disc };
}
