// Issue 4: route preview (service and HTTP), the privacy guard and cooldowns, against three fake
// providers of distinct price and quality. A preview must send nothing upstream.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import type { RoutePreview } from '../../src/shared/types';
import { RM, adminFetch, chatCalls, startRoutingHarness, type RoutingHarness } from './helpers/routing-harness';

let h: RoutingHarness;

beforeAll(async () => { h = await startRoutingHarness(); });
afterAll(async () => { await h?.close(); });
beforeEach(() => h.resetFakes());

const hi = [{ role: 'user', content: 'hi' }];
const upstreamCalls = () => h.fakes.reduce((n, f) => n + f.requests.length, 0);
const reasonOf = (p: RoutePreview, model: string) => p.excluded.find((x) => x.model === model)?.reason;
const preview = (request: unknown, user_id?: string) => h.app.service.previewRoute(user_id === undefined ? { request } : { request, user_id });

describe('route preview', () => {
  it('ranks candidates best first with score and estimated cost, and sends nothing upstream', async () => {
    const eco = await preview({ model: 'eco', messages: hi });
    expect(eco.candidates.map((c) => c.model)).toEqual([RM.cheap, RM.mid, RM.best]);
    const precision = await preview({ model: 'precision', messages: hi, max_tokens: 100 });
    expect(precision.candidates.map((c) => c.model)).toEqual([RM.best, RM.mid, RM.cheap]);
    // precision goes by score, eco by estimated cost (the score only orders models of near-equal cost)
    const scores = precision.candidates.map((c) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const costs = eco.candidates.map((c) => c.estimated_cost_usd!);
    expect([...costs].sort((a, b) => a - b)).toEqual(costs);
    for (const c of [...eco.candidates, ...precision.candidates]) expect(c.score).toBeGreaterThanOrEqual(0);
    // estimated cost: estimated input at the input price + max_tokens (500 when unset) at the output price
    const tin = precision.estimated_input_tokens;
    expect(tin).toBeGreaterThan(0);
    const best = precision.candidates[0]!;
    expect(best.estimated_cost_usd).toBeCloseTo((tin * 10 + 100 * 30) / 1e6, 9);
    expect(eco.candidates[0]!.estimated_cost_usd).toBeCloseTo((eco.estimated_input_tokens * 0.1 + 500 * 0.2) / 1e6, 9);
    // the seeded providers were disabled in setup
    expect(reasonOf(eco, 'ollama/llama3.2') ?? eco.excluded.find((x) => x.model.startsWith('ollama/'))?.reason).toBe('provider disabled');
    expect(upstreamCalls()).toBe(0);
  });

  it('lists only the models the proxy would try (max_retries + 1), the rest as left out beyond max_retries', async () => {
    const before = await h.app.service.getRoutingRules(undefined);
    await h.app.service.updateRoutingRules({ max_retries: 0, retries_per_model: 0 });
    try {
      const eco = await preview({ model: 'eco', messages: hi });
      expect(eco.candidates.map((c) => c.model)).toEqual([RM.cheap]);
      expect(eco.excluded.filter((x) => x.kind === 'attempts').map((x) => x.model)).toEqual([RM.mid, RM.best]);
      expect(reasonOf(eco, RM.mid)).toBe('beyond max_retries: the proxy tries at most 1 model');
      // and the proxy does exactly that: the cheap model fails, nothing else is tried
      h.cheap.persistentFault = { kind: 'status', status: 500 };
      await expect(h.client().chat.completions.create({ model: 'eco', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 502 });
      expect([h.cheap, h.mid, h.best].map((f) => chatCalls(f).length)).toEqual([1, 0, 0]);
    } finally {
      h.cheap.persistentFault = null;
      await h.app.service.updateRoutingRules({ max_retries: before.max_retries, retries_per_model: before.retries_per_model });
    }
  });

  it('gives the reason for each excluded model: context, capability, disabled, no key', async () => {
    const s = h.app.service;
    const long = 'the quick brown fox jumps over the lazy dog. '.repeat(600);
    expect(reasonOf(await preview({ model: 'eco', messages: [{ role: 'user', content: long }] }), RM.cheap)).toMatch(/context/);
    const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }];
    expect(reasonOf(await preview({ model: 'eco', messages: hi, tools }), RM.cheap)).toMatch(/tools/);
    // nothing left at all: the preview still says why
    const none = await preview({ model: RM.cheap, messages: hi, tools });
    expect(none.candidates).toEqual([]);
    expect(reasonOf(none, RM.cheap)).toMatch(/tools/);

    await s.updateProvider({ id: 'mid', patch: { enabled: false } });
    await s.updateModel({ id: RM.best, patch: { enabled: false } });
    await s.createProvider({ id: 'nokey', name: 'No key', type: 'groq', base_url: h.cheap.url });
    await s.createModel({ provider_id: 'nokey', model_name: 'nk', input_cost_per_1m: 0.01, output_cost_per_1m: 0.01, context_length: 100000, quality: 99 });
    try {
      const p = await preview({ model: 'balanced', messages: hi });
      expect(p.candidates.map((c) => c.model)).toEqual([RM.cheap]);
      expect(reasonOf(p, RM.mid)).toMatch(/provider disabled/);
      expect(reasonOf(p, RM.best)).toMatch(/model disabled/);
      expect(reasonOf(p, 'nokey/nk')).toMatch(/no key/);
    } finally {
      await s.deleteProvider({ id: 'nokey' });
      await s.updateProvider({ id: 'mid', patch: { enabled: true } });
      await s.updateModel({ id: RM.best, patch: { enabled: true } });
    }
    expect(upstreamCalls()).toBe(0);
  });

  it('shows a profile past its budget: no candidates, every model excluded for the budget', async () => {
    const s = h.app.service;
    const broke = await s.createUser({ name: 'Broke', credit_balance_usd: 0 });
    const p = await preview({ model: 'eco', messages: hi }, broke.user.id);
    expect(p.candidates).toEqual([]);
    for (const m of [RM.cheap, RM.mid, RM.best]) expect(reasonOf(p, m)).toMatch(/budget|credit/);
    const err = await h.client(broke.token).chat.completions.create({ model: 'eco', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(402);
    expect(upstreamCalls()).toBe(0);
  });

  it('auto steps down one power level past budget_step_down_at of the monthly cap', async () => {
    const s = h.app.service;
    const pro = await s.createUser({ name: 'Pro', power_level: 'precision', monthly_cap_usd: 0.01 });
    expect((await preview({ model: 'auto', messages: hi }, pro.user.id)).candidates[0]!.model).toBe(RM.best);
    h.best.options.usage = { input: 850, output: 0 }; // $0.0085: 85% of the cap
    try {
      await h.client(pro.token).chat.completions.create({ model: RM.best, messages: [{ role: 'user', content: 'hi' }] });
    } finally {
      delete h.best.options.usage;
    }
    const p = await preview({ model: 'auto', messages: hi }, pro.user.id);
    expect(p.power_level).toBe('balanced');
    expect(p.notes.join(' ')).toMatch(/stepped down from precision to balanced/);
    // an explicit level is what the client asked for: no step-down
    expect((await preview({ model: 'precision', messages: hi }, pro.user.id)).candidates[0]!.model).toBe(RM.best);
    const credits = await s.getCredits({ user_id: pro.user.id });
    expect(credits.spent_this_month_usd).toBeCloseTo(0.0085, 12);
  });

  it("puts the models a profile's own keys prefer first, after the profile's own preferred models, and the proxy serves them", async () => {
    const s = h.app.service;
    const bob = await s.createUser({ name: 'Bob BYOK', power_level: 'precision' });
    expect((await preview({ model: 'auto', messages: hi }, bob.user.id)).candidates.map((c) => c.model)).toEqual([RM.best, RM.mid, RM.cheap]);
    await s.setByok({ id: bob.user.id, provider_id: 'mid', api_key: 'sk-bob-own-mid-key-0123456789', preferred_models: [RM.cheap, RM.mid] });
    const p = await preview({ model: 'auto', messages: hi }, bob.user.id);
    expect(p.candidates.map((c) => c.model)).toEqual([RM.cheap, RM.mid, RM.best]);
    expect(p.notes.join(' ')).toContain(`preferred models first: ${RM.cheap}, ${RM.mid}`);
    const { response } = await h.client(bob.token).chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.headers.get('x-switchboard-model')).toBe(RM.cheap);
    // the profile's own list comes first
    await s.updateUser({ id: bob.user.id, patch: { preferred_models: [RM.mid] } });
    expect((await preview({ model: 'auto', messages: hi }, bob.user.id)).candidates.map((c) => c.model)).toEqual([RM.mid, RM.cheap, RM.best]);
  });

  it('answers over HTTP with the admin token, and only with it', async () => {
    const body = { request: { model: 'eco', messages: hi } };
    const res = await adminFetch(h.app, 'POST', '/api/v1/llm/route/preview', body);
    expect(res.status).toBe(200);
    expect(res.json.candidates.map((c: { model: string }) => c.model)).toEqual([RM.cheap, RM.mid, RM.best]);
    expect(res.json.candidates[0]).toEqual({ model: RM.cheap, provider_id: 'cheap', score: expect.any(Number), estimated_cost_usd: expect.any(Number) });
    expect(res.json.excluded.length).toBeGreaterThan(0);
    expect(res.json.excluded[0]).toEqual({ model: expect.any(String), reason: expect.any(String), kind: expect.any(String) });

    const anon = await fetch(`${h.url}/api/v1/llm/route/preview`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(anon.status).toBe(401);
    const bad = await adminFetch(h.app, 'POST', '/api/v1/llm/route/preview', { request: { model: 'eco' } });
    expect(bad.status).toBe(400);
    expect(upstreamCalls()).toBe(0);
  });
});

describe('privacy guard', () => {
  const AWS = 'here is my config: aws_access_key_id = AKIAZ7Q3HJKW2PLMNB4X, please fix it';
  const PEM = 'deploy with this:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';

  it("local_only sends a request carrying a secret only to local providers", async () => {
    const s = h.app.service;
    // a cloud provider with the best model of all: the guard must keep secrets away from it
    await s.createProvider({ id: 'cloud', name: 'Cloud', type: 'openai-compatible', base_url: 'https://llm.cloud-provider.example/v1', api_key: 'sk-cloud-CANARY-0123456789' });
    await s.createModel({ provider_id: 'cloud', model_name: 'top', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 200000, quality: 99 });
    const careful = await s.createUser({ name: 'Careful', privacy_guard: 'local_only' });
    try {
      const plain = await preview({ model: 'precision', messages: hi }, careful.user.id);
      expect(plain.candidates[0]!.model).toBe('cloud/top');

      for (const secret of [AWS, PEM]) {
        const p = await preview({ model: 'precision', messages: [{ role: 'user', content: secret }] }, careful.user.id);
        expect(reasonOf(p, 'cloud/top')).toMatch(/privacy/);
        expect(p.candidates.map((c) => c.model)).toEqual([RM.best, RM.mid, RM.cheap]);
        expect(p.notes.join(' ')).toMatch(/privacy guard/);

        const { response } = await h.client(careful.token).chat.completions
          .create({ model: 'precision', messages: [{ role: 'user', content: secret }] }).withResponse();
        expect(response.headers.get('x-switchboard-model')).toBe(RM.best);
      }
      // the default profile has no guard: the same request may go to the cloud
      const open = await preview({ model: 'precision', messages: [{ role: 'user', content: AWS }] });
      expect(open.candidates[0]!.model).toBe('cloud/top');

      // an Ollama or LM Studio elsewhere (a box on the LAN, Ollama's cloud) is not this machine either
      for (const [id, type, url] of [['lan', 'lmstudio', 'http://[fd00::2]:1234/v1'], ['olc', 'ollama', 'https://ollama.com/v1']] as const) {
        await s.createProvider({ id, name: id, type, base_url: url, enabled: true });
        await s.createModel({ provider_id: id, model_name: 'big', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 200000, quality: 100 });
        const p = await preview({ model: `${id}/big`, messages: [{ role: 'user', content: AWS }] }, careful.user.id);
        expect(reasonOf(p, `${id}/big`)).toMatch(/privacy/);
        expect(p.candidates).toEqual([]);
        await s.deleteProvider({ id });
      }
    } finally {
      await s.deleteProvider({ id: 'cloud' });
    }
    expect(chatCalls(h.best)).toHaveLength(2);
  });

  it("block refuses a request carrying a secret with 400 and sends nothing", async () => {
    const s = h.app.service;
    const strict = await s.createUser({ name: 'Strict', privacy_guard: 'block' });
    const c = h.client(strict.token);
    const err = await c.chat.completions.create({ model: 'eco', messages: [{ role: 'user', content: AWS }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as Error).message).toMatch(/privacy guard/);
    expect((err as Error).message).not.toContain('AKIAZ7Q3HJKW2PLMNB4X');
    expect(upstreamCalls()).toBe(0);
    // a request without a secret passes
    expect((await c.chat.completions.create({ model: 'eco', messages: [{ role: 'user', content: 'hi' }] })).choices[0]!.message.content).toBe('answer from cheap');
  });
});

describe('cooldown', () => {
  it('after repeated 500s a model is skipped, the preview says cooling down and health is unhealthy', async () => {
    const s = h.app.service;
    await s.updateRoutingRules({ cooldown_failures: 2, cooldown_ms: 60_000, fallbacks: { [RM.mid]: [RM.best] } });
    h.mid.persistentFault = { kind: 'status', status: 500 };
    const client = h.client();
    for (let i = 0; i < 2; i++) {
      const { response } = await client.chat.completions.create({ model: RM.mid, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
      expect(response.headers.get('x-switchboard-model')).toBe(RM.best);
    }
    expect(chatCalls(h.mid)).toHaveLength(2);

    const p = await preview({ model: RM.mid, messages: hi });
    expect(reasonOf(p, RM.mid)).toBe('cooling down');
    expect(p.candidates.map((c) => c.model)).toEqual([RM.best]);
    const balanced = await preview({ model: 'balanced', messages: hi });
    expect(reasonOf(balanced, RM.mid)).toBe('cooling down');

    const { response } = await client.chat.completions.create({ model: RM.mid, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.headers.get('x-switchboard-model')).toBe(RM.best);
    expect(chatCalls(h.mid)).toHaveLength(2); // skipped: not called a third time

    const mid = (await s.listProviders()).find((x) => x.id === 'mid')!;
    expect(mid.health.status).toBe('unhealthy');
    expect(mid.health.consecutive_failures).toBeGreaterThan(0);
    const best = (await s.listProviders()).find((x) => x.id === 'best')!;
    expect(best.health.status).not.toBe('unhealthy');
  });
});
