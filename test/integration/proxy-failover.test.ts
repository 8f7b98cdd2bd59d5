// Failover before the first byte: which upstream failures move on to the next candidate, which
// reach the client as they are, and what the client gets when every candidate failed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { KEYS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { activityEntryOf, adminFetch } from './helpers/routing-harness';
import type { ActivityEntry } from '../../src/shared/activity-types';
import type { FakeProvider } from '../mocks/types';

let h: Harness;
let oa: OpenAI;
let an: Anthropic;

beforeAll(async () => {
  h = await startHarness();
  // breakers would otherwise close models between tests; each test uses models of its own anyway.
  // Same-model retries are off here: these tests are about moving on (see 'same-model retries')
  await h.app.service.updateRoutingRules({ cooldown_failures: 100, max_retries: 3, retries_per_model: 0 });
  oa = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
  an = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });
// a test that fails halfway must not leave its faults to the next one
afterEach(() => { for (const f of [h.openai, h.anthropic, h.gemini]) f.faults.length = 0; });

type P = 'fo' | 'fa' | 'fg';
const fakeOf = (p: P): FakeProvider => (p === 'fo' ? h.openai : p === 'fa' ? h.anthropic : h.gemini);
let seq = 0;

/** Fresh models (a 429 with retry-after cools its model down) behind a fresh alias, in this order. */
async function chain(...providers: P[]): Promise<{ alias: string; ids: string[] }> {
  const n = ++seq;
  const ids: string[] = [];
  for (const [i, p] of providers.entries()) {
    const m = await h.app.service.createModel({
      provider_id: p, model_name: `chain${n}-${i}`, input_cost_per_1m: 1, output_cost_per_1m: 2,
      context_length: 100000, capabilities: ['chat', 'tools'],
    });
    ids.push(m.id);
  }
  const rules = await h.app.service.getRoutingRules(undefined);
  const alias = `chain-${n}`;
  await h.app.service.updateRoutingRules({ aliases: { ...rules.aliases, [alias]: ids } });
  return { alias, ids };
}

const entryOf = (res: { headers: Headers }): Promise<ActivityEntry> => activityEntryOf(h.app, res);

const counts = (): number[] => [h.openai.requests.length, h.anthropic.requests.length, h.gemini.requests.length];
const delta = (before: number[]): number[] => counts().map((c, i) => c - before[i]!);
const chat = (model: string, stream = false) => rawRequest(`${h.url}/v1/chat/completions`, {
  headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
  body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hi' }] }),
});
const messages = (model: string, stream = false) => rawRequest(`${h.url}/v1/messages`, {
  headers: { 'content-type': 'application/json', 'x-api-key': h.token },
  body: JSON.stringify({ model, stream, max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] }),
});

describe('a failing first candidate is replaced by the next', () => {
  it.each([
    ['429 with retry-after', 'fa', { kind: 'status', status: 429, headers: { 'retry-after': '7' } }],
    ['500', 'fo', { kind: 'status', status: 500 }],
    ['529 overloaded', 'fa', { kind: 'status', status: 529 }],
    ['503', 'fg', { kind: 'status', status: 503 }],
    ['a reset before the headers', 'fo', { kind: 'reset-before-headers' }],
    ['an error body with status 200', 'fa', { kind: 'error-body-200' }],
  ] as const)('%s (non-stream and stream, both SDKs)', async (_what, first, fault) => {
    const next: P = first === 'fo' ? 'fa' : 'fo';
    const slot = (p: P): number => ['fo', 'fa', 'fg'].indexOf(p);
    // a fresh chain per request: a 429 with retry-after rightly cools its model down
    const fresh = async () => { const c = await chain(first, next); fakeOf(first).faults.push(fault); return c; };
    const before = counts();

    const c1 = await fresh();
    const r1 = await oa.chat.completions.create({ model: c1.alias, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(r1.response.headers.get('x-switchboard-model')).toBe(c1.ids[1]);
    expect(r1.data.choices[0]!.message.content).toMatch(/^Hello from the fake/);

    const c2 = await fresh();
    const final = await an.messages.stream({ model: c2.alias, max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    // translated answers name the catalog model; a forwarded Anthropic answer names it as the provider did
    expect(final.model).toBe(next === 'fa' ? c2.ids[1]!.slice('fa/'.length) : c2.ids[1]);
    expect(final.content[0]?.type === 'text' && final.content[0].text).toMatch(/^Hello from the fake/);

    const c3 = await fresh();
    const r3 = await chat(c3.alias, true);
    expect(r3.status).toBe(200);
    expect(r3.headers.get('x-switchboard-model')).toBe(c3.ids[1]);
    expect(r3.text).toContain('data: [DONE]');

    // one attempt on each candidate per request, nothing more
    const d = delta(before);
    expect(d[slot(first)]).toBe(3);
    expect(d[slot(next)]).toBe(3);
    expect(d.reduce((a, b) => a + b, 0)).toBe(6);
    expect(fakeOf(first).faults).toEqual([]);

    const usage = await h.app.service.getUsage({ days: 1 });
    for (const c of [c1, c2, c3]) expect(usage.by_model.find((m) => m.model === c.ids[1])?.requests).toBe(1);
  });

  it('a model id with a fallback chain fails over too', async () => {
    const { ids } = await chain('fa', 'fg');
    const rules = await h.app.service.getRoutingRules(undefined);
    await h.app.service.updateRoutingRules({ fallbacks: { ...rules.fallbacks, [ids[0]!]: [ids[1]!] } });
    h.anthropic.faults.push({ kind: 'status', status: 500 });
    const res = await messages(ids[0]!);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(ids[1]);
    expect(res.json.content[0].text).toBe('Hello from the fake gemini provider!');
  });
});

describe('an account out of credit is passed over, not taken for a fault of the request', () => {
  it.each([
    ['OpenRouter 402', 'fo', { kind: 'status', status: 402, body: { error: { message: 'Insufficient credits. Add more using https://openrouter.ai/settings/credits', code: 402 } } }],
    ['DeepSeek 402', 'fo', { kind: 'status', status: 402, body: { error: { message: 'Insufficient Balance', type: 'unknown_error', param: null, code: 'invalid_request_error' } } }],
    ['OpenAI 429 insufficient_quota', 'fo', { kind: 'status', status: 429, body: { error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } } }],
    ['Anthropic 400 credit balance', 'fa', { kind: 'status', status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.' } } }],
  ] as const)('%s: the next candidate serves, the row names the broke one', async (_what, first, fault) => {
    await h.app.service.updateRoutingRules({ retries_per_model: 1 });
    try {
      const next: P = first === 'fo' ? 'fa' : 'fo';
      const { alias, ids } = await chain(first, next);
      fakeOf(first).faults.push(fault);
      const before = counts();
      const res = await chat(alias);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchboard-model')).toBe(ids[1]);
      // not retried on the same model either: waiting buys no credit
      const expected = [0, 0, 0];
      expected[first === 'fo' ? 0 : 1] = 1;
      expected[next === 'fo' ? 0 : 1] = 1;
      expect(delta(before)).toEqual(expected);
      expect((await entryOf(res)).attempts).toEqual([
        expect.objectContaining({ model: ids[0], error_kind: 'auth', status: fault.status }),
        expect.objectContaining({ model: ids[1], error_kind: null, status: 200 }),
      ]);

      // the next requests do not spend a round trip on the broke provider first: it is tried last
      const again = counts();
      const res2 = await chat(alias);
      expect(res2.headers.get('x-switchboard-model')).toBe(ids[1]);
      expect(delta(again)).toEqual(expected.map((n, i) => (i === (next === 'fo' ? 0 : 1) ? n : 0)));
      const preview = await h.app.service.previewRoute({ request: { model: alias, messages: [{ role: 'user', content: 'hi' }] } });
      expect(preview.candidates.map((c) => c.model)).toEqual([ids[1], ids[0]]);
      expect(preview.notes.join(' ')).toContain(`${ids[0]} (key or account refused, HTTP ${fault.status})`);
      // alone it is still tried (and answers: topped up), which puts it back in its place
      const alone = await chat(ids[0]!);
      expect(alone.status).toBe(200);
      expect((await chat(alias)).headers.get('x-switchboard-model')).toBe(ids[0]);
    } finally {
      await h.app.service.updateRoutingRules({ retries_per_model: 0 });
    }
  });

  it('with no other candidate the client is told the providers failed for good (502), not to fix its request or to wait', async () => {
    const { ids } = await chain('fo');
    h.openai.faults.push({ kind: 'status', status: 402, body: { error: { message: 'Insufficient credits', code: 402 } } });
    const res = await chat(ids[0]!);
    expect(res.status).toBe(502);
    expect(res.headers.get('x-should-retry')).toBe('false');
    expect(res.json.error.message).toMatch(/Insufficient credits/);
    // tried last now, but still tried when it is the only one: topped up, it serves (and is in its place again)
    expect((await chat(ids[0]!)).status).toBe(200);
  });
});

describe('a refused key is tried last, not before every request', () => {
  it('the Providers tab says so, and a new key puts the provider back in its place at once', async () => {
    const { alias, ids } = await chain('fo', 'fa');
    h.openai.faults.push({ kind: 'status', status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } });
    expect((await chat(alias)).headers.get('x-switchboard-model')).toBe(ids[1]);
    const fo = (await h.app.service.listProviders(undefined)).find((p) => p.id === 'fo');
    expect(fo?.health).toMatchObject({ status: 'unhealthy', message: expect.stringContaining('key or account refused, HTTP 401') });
    const before = counts();
    expect((await chat(alias)).headers.get('x-switchboard-model')).toBe(ids[1]);
    expect(delta(before)).toEqual([0, 1, 0]);
    // the user pastes the key again (the right one): what the provider refused before says nothing about it
    await h.app.service.updateProvider({ id: 'fo', patch: { api_key: KEYS.openai } });
    expect((await chat(alias)).headers.get('x-switchboard-model')).toBe(ids[0]);
  });
});

describe('a profile\'s own key refused', () => {
  it('puts nobody else\'s requests on that provider last: their shared key was not refused', async () => {
    const { alias, ids } = await chain('fo', 'fa');
    const byo = await h.app.service.createUser({ name: 'Byo' });
    // a wrong key of its own: the fake answers 401 to it
    await h.app.service.setByok({ id: byo.user.id, provider_id: 'fo', api_key: 'sk-byo-wrong-key-0123456789' });
    const own = await rawRequest(`${h.url}/v1/chat/completions`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${byo.token}` },
      body: JSON.stringify({ model: alias, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(own.headers.get('x-switchboard-model')).toBe(ids[1]);
    expect((await entryOf(own)).attempts[0]).toMatchObject({ model: ids[0], error_kind: 'auth' });
    // the default profile's shared key is fine: its request goes to the first model as before
    const before = counts();
    expect((await chat(alias)).headers.get('x-switchboard-model')).toBe(ids[0]);
    expect(delta(before)).toEqual([1, 0, 0]);
  });
});

describe('a profile\'s own key rate-limited', () => {
  const asByo = (token: string, model: string) => rawRequest(`${h.url}/v1/chat/completions`, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });

  it('cools the model down for nobody else: the shared key still has its quota', async () => {
    const { alias, ids } = await chain('fo', 'fa');
    const byo = await h.app.service.createUser({ name: 'Byo429' });
    await h.app.service.setByok({ id: byo.user.id, provider_id: 'fo', api_key: KEYS.openai });
    h.openai.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '60' } });
    const own = await asByo(byo.token, alias);
    expect(own.headers.get('x-switchboard-model')).toBe(ids[1]);
    expect((await entryOf(own)).attempts[0]).toMatchObject({ model: ids[0], error_kind: 'rate_limit' });
    const before = counts();
    const shared = await chat(alias);
    expect(shared.headers.get('x-switchboard-model')).toBe(ids[0]);
    expect(delta(before)).toEqual([1, 0, 0]);
  });

  it('a profile\'s own key served does not end the shared key\'s refusal', async () => {
    const { alias, ids } = await chain('fo', 'fa');
    const byo = await h.app.service.createUser({ name: 'ByoServed' });
    await h.app.service.setByok({ id: byo.user.id, provider_id: 'fo', api_key: KEYS.openai });
    // the shared key refused: fo goes last for everyone on the shared key
    h.openai.faults.push({ kind: 'status', status: 401 });
    expect((await chat(alias)).headers.get('x-switchboard-model')).toBe(ids[1]);
    // Byo sends its own key to fo: the shared key's refusal puts nothing last for it (nor does its preview)
    expect((await preview(alias, byo.user.id)).candidates.map((c) => c.model)).toEqual(ids);
    const first = counts();
    expect((await asByo(byo.token, alias)).headers.get('x-switchboard-model')).toBe(ids[0]);
    expect(delta(first)).toEqual([1, 0, 0]);
    const before = counts();
    expect((await chat(alias)).headers.get('x-switchboard-model')).toBe(ids[1]);
    expect(delta(before)).toEqual([0, 1, 0]);
    await h.app.service.updateProvider({ id: 'fo', patch: { api_key: KEYS.openai } });
  });

  const preview = async (model: string, userId?: string) => (await adminFetch(h.app, 'POST', '/api/v1/llm/route/preview', {
    request: { model, messages: [{ role: 'user', content: 'hi' }] }, ...(userId ? { user_id: userId } : {}),
  })).json as { candidates: { model: string }[]; excluded: { model: string; reason: string }[] };

  it('the shared key\'s retry-after is its own: a profile\'s own key still serves, and its success does not end the shared key\'s wait', async () => {
    const { alias, ids } = await chain('fo');
    const byo = await h.app.service.createUser({ name: 'ByoOwnQuota' });
    await h.app.service.setByok({ id: byo.user.id, provider_id: 'fo', api_key: KEYS.openai });
    h.openai.faults.push({ kind: 'slow-answer', ms: 1500 }, { kind: 'status', status: 429, headers: { 'retry-after': '60' } });
    const own = asByo(byo.token, alias);
    await new Promise((r) => setTimeout(r, 500));
    expect((await chat(alias)).status).toBe(429);
    expect((await chat(alias)).status).toBe(503);
    expect((await own).status).toBe(200);
    const before = counts();
    const shared = await chat(alias);
    expect(shared.status, shared.text).toBe(503);
    expect(delta(before)).toEqual([0, 0, 0]);
    const mine = await asByo(byo.token, alias);
    expect(mine.status, mine.text).toBe(200);
    expect(delta(before)).toEqual([1, 0, 0]);
    // the route preview agrees, for each profile
    expect((await preview(alias)).excluded.map((x) => x.model)).toContain(ids[0]);
    expect((await preview(alias, byo.user.id)).candidates.map((c) => c.model)).toEqual([ids[0]]);
  });

  it('a profile\'s own key at its limit waits its retry-after, whoever else is served meanwhile', async () => {
    const { alias, ids } = await chain('fo');
    const byo = await h.app.service.createUser({ name: 'ByoOwnLimit' });
    await h.app.service.setByok({ id: byo.user.id, provider_id: 'fo', api_key: KEYS.openai });
    h.openai.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '60' } });
    expect((await asByo(byo.token, alias)).status).toBe(429);
    const before = counts();
    expect((await chat(alias)).status).toBe(200);
    const again = await asByo(byo.token, alias);
    expect(again.status, again.text).toBe(503);
    expect(delta(before)).toEqual([1, 0, 0]);
    expect((await preview(alias, byo.user.id)).excluded.map((x) => x.model)).toContain(ids[0]);
    expect((await preview(alias)).candidates.map((c) => c.model)).toEqual([ids[0]]);
  });
});

describe('a request the provider rejects is not retried', () => {
  it.each([['chat', chat], ['messages', messages]] as const)('400 on /v1/%s reaches the client as 400 after one upstream request', async (_n, send) => {
    const { alias } = await chain('fo', 'fa');
    const before = counts();
    h.openai.faults.push({ kind: 'status', status: 400, body: { error: { message: 'bad thing in the request', type: 'invalid_request_error', param: null, code: null } } });
    const res = await send(alias);
    expect(res.status).toBe(400);
    expect(res.headers.get('x-should-retry')).toBe('false');
    expect(res.text).toContain('bad thing in the request');
    expect(delta(before)).toEqual([1, 0, 0]);
  });
});

describe('every candidate failed', () => {
  it('all rate limited -> 429 with the earliest retry-after and x-should-retry: true', async () => {
    const { alias } = await chain('fo', 'fa');
    const before = counts();
    h.openai.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '12' } });
    h.anthropic.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '5' } });
    const res = await chat(alias);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.headers.get('x-should-retry')).toBe('true');
    expect(res.json.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect(delta(before)).toEqual([1, 1, 0]);
  });

  it('the official SDKs retry a 429 that says waiting helps (counted at the provider)', async () => {
    // no retry-after from the provider: the model is not benched, the proxy advises 1 s
    const { alias } = await chain('fa');
    const before = counts();
    h.anthropic.faults.push({ kind: 'status', status: 429 }, { kind: 'status', status: 429 });
    const err = await new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 1 })
      .messages.create({ model: alias, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    expect((err as InstanceType<typeof Anthropic.RateLimitError>).headers.get('retry-after')).toBe('1');
    expect(delta(before)).toEqual([0, 2, 0]);
  });

  it('every candidate overloaded -> 503 with retry-after and x-should-retry: true', async () => {
    const { alias } = await chain('fa', 'fa');
    h.anthropic.faults.push({ kind: 'status', status: 529 }, { kind: 'status', status: 529 });
    const res = await chat(alias);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.headers.get('x-should-retry')).toBe('true');
  });

  it('providers failing for good -> 502 and x-should-retry: false', async () => {
    const { alias } = await chain('fo', 'fg');
    h.openai.faults.push({ kind: 'status', status: 500 });
    h.gemini.faults.push({ kind: 'status', status: 500 });
    const r1 = await messages(alias);
    expect(r1.status).toBe(502);
    expect(r1.json).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    expect(r1.headers.get('x-should-retry')).toBe('false');

    // one overloaded among failures that waiting will not mend: still final
    const { alias: a2 } = await chain('fo', 'fa');
    h.openai.faults.push({ kind: 'status', status: 500 });
    h.anthropic.faults.push({ kind: 'status', status: 529 });
    const r2 = await chat(a2);
    expect(r2.status).toBe(502);
    expect(r2.headers.get('x-should-retry')).toBe('false');
  });

  it('every candidate timing out -> 504, each model given its own timeout_ms', async () => {
    const rules = await h.app.service.getRoutingRules(undefined);
    await h.app.service.updateRoutingRules({ timeout_ms: 1000 });
    try {
      const { alias } = await chain('fa', 'fo');
      h.anthropic.faults.push({ kind: 'slow-first-byte', ms: 4000 });
      h.openai.faults.push({ kind: 'slow-first-byte', ms: 4000 });
      const before = counts();
      const started = Date.now();
      const res = await messages(alias);
      expect(res.status).toBe(504);
      expect(res.json.error.type).toBe('timeout_error');
      expect(res.headers.get('x-should-retry')).toBe('false');
      // two tries of about a second each (undici's timers tick every 500 ms), not one shared second
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(1800);
      expect(took).toBeLessThan(4000);
      expect(delta(before)).toEqual([1, 1, 0]);
    } finally {
      await h.app.service.updateRoutingRules({ timeout_ms: rules.timeout_ms });
    }
  });
});

describe('max_retries counts the models tried', () => {
  it('a fallback that begins cooling down during the request uses up no try: the model past max_retries takes its place', async () => {
    await h.app.service.updateRoutingRules({ max_retries: 1, cooldown_failures: 1 });
    try {
      // a provider of its own (the fake OpenAI behind it): its first model's connection reset before the
      // headers cools the whole provider down, its second model with it, while the request is under way
      const pid = `fo-cools-${++seq}`;
      await h.app.service.createProvider({ id: pid, name: pid, type: 'openai-compatible', base_url: h.openai.url, api_key: KEYS.openai });
      const model = async (provider: string, name: string) => (await h.app.service.createModel({
        provider_id: provider, model_name: name, input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 100000, capabilities: ['chat'],
      })).id;
      const ids = [await model(pid, 'resets'), await model(pid, 'cools'), await model('fa', `after-${seq}`)];
      const alias = `cools-${seq}`;
      const rules = await h.app.service.getRoutingRules(undefined);
      await h.app.service.updateRoutingRules({ aliases: { ...rules.aliases, [alias]: ids } });
      // route preview says so: the third is past max_retries, tried only in the place of one cooling down
      const preview = await h.app.service.previewRoute({ request: { model: alias, messages: [{ role: 'user', content: 'hi' }] } });
      expect(preview.candidates.map((c) => c.model)).toEqual(ids.slice(0, 2));
      expect(preview.excluded.find((x) => x.model === ids[2])?.reason).toMatch(/^beyond max_retries: .* only in the place of one before it that begins cooling down/);

      h.openai.faults.push({ kind: 'reset-before-headers' });
      const before = counts();
      const res = await chat(alias);
      expect(res.status, res.text).toBe(200);
      expect(res.headers.get('x-switchboard-model')).toBe(ids[2]);
      expect(delta(before)).toEqual([1, 1, 0]);
      expect((await entryOf(res)).attempts.map((a) => [a.model, a.error_kind])).toEqual([[ids[0], 'connect'], [ids[2], null]]);
    } finally {
      await h.app.service.updateRoutingRules({ max_retries: 3, cooldown_failures: 100 });
    }
  });
});

describe('a provider that hangs', () => {
  it.each([false, true])('is given up after timeout_ms and the next candidate serves (stream: %s)', async (stream) => {
    const rules = await h.app.service.getRoutingRules(undefined);
    await h.app.service.updateRoutingRules({ timeout_ms: 1000 });
    try {
      const { alias, ids } = await chain('fa', 'fo');
      h.anthropic.faults.push({ kind: 'slow-first-byte', ms: 5000 });
      const before = counts();
      const res = await messages(alias, stream);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchboard-model')).toBe(ids[1]);
      expect(delta(before)).toEqual([1, 1, 0]);
      expect((await entryOf(res)).attempts[0]).toMatchObject({ model: ids[0], error_kind: 'timeout' });
    } finally {
      await h.app.service.updateRoutingRules({ timeout_ms: rules.timeout_ms });
    }
  });
});

describe('a provider that sends its headers and then stalls', () => {
  let timeout: number;
  beforeAll(async () => {
    timeout = (await h.app.service.getRoutingRules(undefined)).timeout_ms;
    await h.app.service.updateRoutingRules({ timeout_ms: 1000 });
  });
  afterAll(async () => { await h.app.service.updateRoutingRules({ timeout_ms: timeout }); });

  it.each([
    ['a JSON body that never comes', false, undefined],
    ['a stream that sends no event', true, undefined],
    ['a stream of keep-alive comments only (OpenRouter\'s : OPENROUTER PROCESSING)', true, 200],
  ] as const)('%s is given up after timeout_ms and the next candidate serves', async (_what, stream, keepAliveMs) => {
    const { alias, ids } = await chain('fo', 'fa');
    h.openai.faults.push({ kind: 'slow-answer', ms: 60_000, ...(keepAliveMs ? { keepAliveMs } : {}) });
    const started = Date.now();
    const res = await chat(alias, stream);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(ids[1]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await entryOf(res)).attempts[0]).toMatchObject({ model: ids[0], error_kind: 'timeout' });
    expect(h.openai.requests.at(-1)?.aborted).toBe(true);
  });

  it.each([
    ['an OpenAI stream\'s role chunk, then nothing', 'fo', undefined],
    ['an OpenAI stream\'s role chunk, then keep-alive comments', 'fo', 200],
    ['an Anthropic stream\'s message_start, then ping events', 'fa', 200],
  ] as const)('%s is no answer begun: the model is tried again after timeout_ms, then the next candidate serves', async (_what, first, keepAliveMs) => {
    await h.app.service.updateRoutingRules({ retries_per_model: 1 });
    try {
      const { alias, ids } = await chain(first, first === 'fo' ? 'fa' : 'fo');
      const fault = { kind: 'slow-answer', ms: 60_000, roleFirst: true, ...(keepAliveMs ? { keepAliveMs } : {}) } as const;
      fakeOf(first).faults.push(fault, fault);
      const res = first === 'fo' ? await chat(alias, true) : await messages(alias, true);
      expect(res.status, res.text).toBe(200);
      expect(res.headers.get('x-switchboard-model')).toBe(ids[1]);
      expect(fakeOf(first).faults).toEqual([]);
      expect((await entryOf(res)).attempts.map((a) => [a.model, a.error_kind])).toEqual([[ids[0], 'timeout'], [ids[0], 'timeout'], [ids[1], null]]);
      expect(fakeOf(first).requests.at(-1)?.aborted).toBe(true);
    } finally {
      await h.app.service.updateRoutingRules({ retries_per_model: 0 });
    }
  });

  it('a model too slow after its headers cools down alone: the provider answered, so its other models serve', async () => {
    await h.app.service.updateRoutingRules({ cooldown_failures: 1 });
    try {
      const slow = await chain('fo');
      const fast = await chain('fo');
      expect((await chat(fast.alias)).status).toBe(200);
      h.openai.faults.push({ kind: 'slow-answer', ms: 60_000, keepAliveMs: 200 });
      const late = await chat(slow.alias, true);
      expect(late.status, late.text).toBe(504);
      expect((await entryOf(late)).attempts[0]).toMatchObject({ model: slow.ids[0], error_kind: 'timeout' });
      const before = counts();
      const res = await chat(fast.alias);
      expect(res.status, res.text).toBe(200);
      expect(res.headers.get('x-switchboard-model')).toBe(fast.ids[0]);
      expect(delta(before)).toEqual([1, 0, 0]);
      // the slow one is what cools down, and the Providers tab does not call the provider unwell
      expect((await chat(slow.alias)).status).toBe(503);
      expect((await h.app.service.listProviders()).find((p) => p.id === 'fo')?.health.message ?? '').not.toMatch(/^fo failed/);
    } finally {
      await h.app.service.updateRoutingRules({ cooldown_failures: 100 });
    }
  });
});

describe('same-model retries (retries_per_model)', () => {
  afterEach(async () => { await h.app.service.updateRoutingRules({ retries_per_model: 0 }); });

  it.each([
    ['429', { kind: 'status', status: 429 }],
    ['503', { kind: 'status', status: 503 }],
    ['a reset before the headers', { kind: 'reset-before-headers' }],
  ] as const)('%s: the same model is tried again before the next, and the row lists each try', async (_name, fault) => {
    await h.app.service.updateRoutingRules({ retries_per_model: 1 });
    const { alias, ids } = await chain('fo', 'fa');
    const before = counts();
    h.openai.faults.push(fault);
    const res = await chat(alias);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(ids[0]);
    expect(delta(before)).toEqual([2, 0, 0]);
  });

  it('a 400 is never retried, on the same model or another', async () => {
    await h.app.service.updateRoutingRules({ retries_per_model: 2 });
    const { alias } = await chain('fo', 'fa');
    const before = counts();
    h.openai.faults.push({ kind: 'status', status: 400, body: { error: { message: 'no', type: 'invalid_request_error' } } });
    expect((await chat(alias)).status).toBe(400);
    expect(delta(before)).toEqual([1, 0, 0]);
  });

  it('a retry-after longer than a short pause moves on to the next candidate at once', async () => {
    await h.app.service.updateRoutingRules({ retries_per_model: 1 });
    const { alias, ids } = await chain('fo', 'fa');
    const before = counts();
    h.openai.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '30' } });
    const res = await chat(alias);
    expect(res.headers.get('x-switchboard-model')).toBe(ids[1]);
    expect(delta(before)).toEqual([1, 1, 0]);
  });
});

describe('a cooled-down model comes back once its probe has an answer', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** a fresh model of its own, cooled down by two 500s */
  async function cooled(): Promise<string> {
    const { ids } = await chain('fo');
    for (let i = 0; i < 2; i++) {
      h.openai.faults.push({ kind: 'status', status: 500 });
      expect((await chat(ids[0]!)).status).toBe(502);
    }
    expect((await chat(ids[0]!)).status).toBe(503); // cooling down
    await sleep(400); // cooldown_ms 300: half-open, the next request is the probe
    return ids[0]!;
  }
  beforeAll(async () => { await h.app.service.updateRoutingRules({ cooldown_failures: 2, cooldown_ms: 300 }); });
  afterAll(async () => { await h.app.service.updateRoutingRules({ cooldown_failures: 100 }); });

  it('a probe the provider refuses with a 400 (the request was at fault) shows it is up: the next request is served', async () => {
    const model = await cooled();
    h.openai.faults.push({ kind: 'status', status: 400, body: { error: { message: 'bad thing in the request', type: 'invalid_request_error' } } });
    expect((await chat(model)).status).toBe(400);
    const next = await chat(model);
    expect(next.status, next.text).toBe(200);
  });

  it('a probe whose client left before the answer frees the model at once, not after timeout_ms', async () => {
    const model = await cooled();
    h.openai.faults.push({ kind: 'slow-first-byte', ms: 1500 });
    const ac = new AbortController();
    const probe = fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST', signal: ac.signal,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    }).catch(() => null);
    await sleep(200);
    ac.abort();
    await probe;
    await sleep(100);
    const next = await chat(model);
    expect(next.status, next.text).toBe(200);
  });

  it('a provider whose probe gets one model\'s 500 is up: the next model on it serves the same request', async () => {
    const rules = await h.app.service.getRoutingRules(undefined);
    await h.app.service.updateRoutingRules({ timeout_ms: 1000 });
    try {
      const { alias, ids } = await chain('fo', 'fo');
      // two timeouts: the provider cools down (cooldown_failures 2)
      for (let i = 0; i < 2; i++) {
        h.openai.faults.push({ kind: 'slow-first-byte', ms: 1500 });
        expect((await chat(ids[0]!)).status).toBe(504);
      }
      await sleep(400); // half-open: the next attempt is the provider's probe
      h.openai.faults.push({ kind: 'status', status: 500 });
      const before = counts();
      const res = await chat(alias);
      expect(res.status, res.text).toBe(200);
      expect(res.headers.get('x-switchboard-model')).toBe(ids[1]);
      expect(delta(before)).toEqual([2, 0, 0]);
    } finally {
      await h.app.service.updateRoutingRules({ timeout_ms: rules.timeout_ms });
    }
  });

  it('a probe whose stream has begun holds nobody back while it runs', async () => {
    const model = await cooled();
    h.openai.faults.push({ kind: 'chunk-delay', ms: 250 });
    const probe = chat(model, true);
    await sleep(700); // its first content is out; the stream goes on for a second more
    const other = await chat(model);
    expect(other.status, other.text).toBe(200);
    expect((await probe).status).toBe(200);
  });
});
