// Issue 15 items 1 and 2: a fresh install with no key and no local server answers 503 saying what to do;
// local servers that do not answer are left out ("not running") and come back when they do; the error
// rate and a key near its rate limit raise alerts.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchboardApp } from '../../src/node/app';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';
import { startWithoutLocalServers } from './helpers/fresh-install';
import { adminFetch } from './helpers/routing-harness';

let app: SwitchboardApp;
let dataDir: string;
let token: string;
let fake: FakeProvider;
/** a local server that needs no key, as Ollama */
let local: FakeProvider;

const chat = (model = 'auto') => fetch(`${app.url}/v1/chat/completions`, {
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
});

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: 'sk-first-run-0123456789abcdef' });
  local = await startFakeOpenAI({});
  ({ app, dataDir, token } = await startWithoutLocalServers('sb-first-run-'));
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
  await local?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('a fresh install with no key and no local server', () => {
  it('answers 503 with a message that says what to do', async () => {
    const res = await chat();
    expect(res.status).toBe(503);
    const body = await res.json() as { error: { message: string } };
    expect(body.error.message).toMatch(/^No model can serve this request: no provider is ready yet\. Add a provider key in the Providers tab/);
    expect(body.error.message).toMatch(/start Ollama or LM Studio/);
  });

  it('shows the local providers as not running, in the providers list and the route preview', async () => {
    const providers = await app.service.listProviders();
    expect(providers.find((p) => p.id === 'ollama')?.health).toMatchObject({ status: 'not_running', message: expect.stringMatching(/^not running: nothing answers at 127\.0\.0\.1:\d+/) });
    const preview = await adminFetch(app, 'POST', '/api/v1/llm/route/preview', { request: { model: 'auto', messages: [{ role: 'user', content: 'hi' }] } });
    expect(preview.json.candidates).toEqual([]);
    const reasons = new Map((preview.json.excluded as { model: string; reason: string }[]).map((x) => [x.model, x.reason]));
    expect(reasons.get('ollama/llama3.2')).toBe('not running');
    expect(reasons.get('openai/gpt-4.1-mini')).toBe('provider disabled');
  });

  it('prices what-if at a power level with the request no model served at its $0 on both sides, unrouted (a90becd)', async () => {
    const res = await adminFetch(app, 'POST', '/api/v1/llm/usage/what-if', { days: 1, power_level: 'eco' });
    expect(res.status).toBe(200);
    // the 503 above is the traffic: it reached no model, so it is not routed again (not to the stopped
    // Ollama either) and counts as neither unpriced nor of unknown needs
    expect(res.json).toMatchObject({ requests: 1, unpriced_requests: 0, needs_unknown_requests: 0, actual_cost_usd: 0 });
    expect(res.json.hypothetical_cost_usd).toBe(res.json.actual_cost_usd);
  });

  it('answers a request naming a model of the stopped Ollama as auto is answered: 503, start it, not add a key', async () => {
    const res = await chat('ollama/llama3.2');
    expect(res.status).toBe(503);
    expect(res.headers.get('x-should-retry')).toBe('false');
    const body = await res.json() as { error: { message: string; code: string } };
    const ollama = (await app.service.listProviders()).find((p) => p.id === 'ollama')!;
    expect(body.error.code).toBe('no_candidate');
    expect(body.error.message).toContain(`No model can serve this request: Ollama does not answer at ${ollama.base_url}, so ollama/llama3.2 cannot be tried. Start it`);
    expect(body.error.message).not.toMatch(/key|though other providers are/);
    // a cloud model named: the stopped servers are not "other providers" that are ready
    const cloud = await (await chat('openai/gpt-4.1-mini')).json() as { error: { message: string } };
    expect(cloud.error.message).toMatch(/^No model can serve this request: no provider is ready yet\./);
  });
});

describe('a local server started after Switchboard, at the address it already has', () => {
  it('serves the next request: the servers left out as not running are probed again before a 503', async () => {
    const ollama = (await app.service.listProviders()).find((p) => p.id === 'ollama')!;
    const late = await startFakeOpenAI({ port: Number(new URL(ollama.base_url).port) });
    try {
      // no admin change, and the minute's probe is far off: the request itself finds the server up
      const res = await chat('auto');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchboard-model')).toMatch(/^ollama\//);
      expect((await chat('ollama/llama3.2')).status).toBe(200);
      expect((await app.service.listProviders()).find((p) => p.id === 'ollama')?.health.status).toBe('healthy');
    } finally {
      await late.close();
    }
  });
});

describe('a local server that starts later, and a key', () => {
  it('is probed when it is pointed at a running server, and serves', async () => {
    await app.service.updateProvider({ id: 'ollama', patch: { base_url: local.url } });
    await expect.poll(async () => (await app.service.listProviders()).find((p) => p.id === 'ollama')?.health.status).toBe('healthy');
    const res = await chat('ollama/llama3.2');
    expect(res.status).toBe(200);
  });

  it('raises an alert when a key is near its rate limit, from the headers of an answer', async () => {
    await app.service.updateProvider({ id: 'openai', patch: { base_url: fake.url, api_key: 'sk-first-run-0123456789abcdef' } });
    const completion = { id: 'c', object: 'chat.completion', created: 1, model: 'gpt-4.1-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } };
    fake.faults.push({ kind: 'status', status: 200, body: completion, headers: { 'x-ratelimit-limit-requests': '100', 'x-ratelimit-remaining-requests': '3', 'x-ratelimit-reset-requests': '20s' } });
    expect((await chat('openai/gpt-4.1-mini')).status).toBe(200);
    const alerts = await app.service.getAlerts(undefined);
    expect(alerts.find((a) => a.kind === 'rate_limit_near')?.message).toBe('The OpenAI key is near its rate limit: 3 of 100 requests left; it resets in 20 s');
  });

  it("keeps a profile's own (BYOK) key's rate limit apart from the shared key's, and names whose it is", async () => {
    const BYOK = 'sk-second-own-key-fedcba9876543210';
    const accepted = fake.options.apiKey;
    fake.options.apiKey = undefined; // the fake takes either key
    try {
      const second = await app.service.createUser({ id: 'second', name: 'Second' });
      await app.service.setByok({ id: 'second', provider_id: 'openai', api_key: BYOK });
      const completion = { id: 'c', object: 'chat.completion', created: 1, model: 'gpt-4.1-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } };
      const limited = (remaining: string) => ({ kind: 'status' as const, status: 200, body: completion, headers: { 'x-ratelimit-limit-requests': '100', 'x-ratelimit-remaining-requests': remaining, 'x-ratelimit-reset-requests': '20s' } });
      fake.faults.push(limited('2'));
      const own = await fetch(`${app.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${second.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'openai/gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(own.status).toBe(200);
      expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${BYOK}`);
      // the shared key's next answer is far from its limit: that clears the shared key's alert, not Second's
      fake.faults.push(limited('90'));
      expect((await chat('openai/gpt-4.1-mini')).status).toBe(200);
      const near = (await app.service.getAlerts(undefined)).filter((a) => a.kind === 'rate_limit_near');
      expect(near.map((a) => [a.id, a.message])).toEqual([
        ['rate_limit_near:openai:byok-second:requests', "Second's OpenAI key is near its rate limit: 2 of 100 requests left; it resets in 20 s"],
      ]);
      expect(JSON.stringify(near)).not.toContain(BYOK.slice(3, 20));
    } finally {
      fake.options.apiKey = accepted;
    }
  });

  it('raises an error-rate alert when more than 5% of the last hour failed', async () => {
    expect((await app.service.getAlerts(undefined)).some((a) => a.kind === 'error_rate')).toBe(false);
    fake.persistentFault = { kind: 'status', status: 400 };
    for (let i = 0; i < 10; i++) await chat('openai/gpt-4.1-mini');
    fake.persistentFault = null;
    const alert = (await app.service.getAlerts(undefined)).find((a) => a.kind === 'error_rate');
    expect(alert?.message).toMatch(/^1\d of the last hour's \d+ requests failed \(\d+(\.\d)?%\)/);
  });
});
