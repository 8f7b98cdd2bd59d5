// Failover before the first byte: which upstream failures move on to the next candidate, which
// reach the client as they are, and what the client gets when every candidate failed. An account or key
// refused: proxy-failover-keys; timeouts: proxy-failover-timeouts; same-model retries and cooled-down
// models' probes: proxy-failover-retries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { KEYS, type Harness } from './helpers/app-harness';
import { failoverKit, startFailoverHarness } from './helpers/failover-kit';
import { withRules } from './helpers/rules-change';

let h: Harness;
let oa: OpenAI;
let an: Anthropic;
beforeAll(async () => {
  h = await startFailoverHarness();
  oa = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
  an = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });
const { fakeOf, chain, counts, delta, chat, messages, entryOf } = failoverKit(() => h);

describe('a failing first candidate is replaced by the next', () => {
  it.each([
    ['429 with retry-after', 'fa', { kind: 'status', status: 429, headers: { 'retry-after': '7' } }],
    ['500', 'fo', { kind: 'status', status: 500 }],
    ['529 overloaded', 'fa', { kind: 'status', status: 529 }],
    ['503', 'fg', { kind: 'status', status: 503 }],
    ['a reset before the headers', 'fo', { kind: 'reset-before-headers' }],
    ['an error body with status 200', 'fa', { kind: 'error-body-200' }],
  ] as const)('%s (non-stream and stream, both SDKs)', async (_what, first, fault) => {
    const next = first === 'fo' ? 'fa' : 'fo';
    const slot = (p: string): number => ['fo', 'fa', 'fg'].indexOf(p);
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

    // one only overloaded (not cooling down) beside a 500 that waiting will not mend: that model can be asked again
    // in a moment, so the client is told to wait (SPEC §2), as it would be were any other model left cooling
    const { alias: a2 } = await chain('fo', 'fa');
    h.openai.faults.push({ kind: 'status', status: 500 });
    h.anthropic.faults.push({ kind: 'status', status: 529 });
    const r2 = await chat(a2);
    expect(r2.status).toBe(503);
    expect(r2.headers.get('x-should-retry')).toBe('true');
    expect(r2.headers.get('retry-after')).toBe('1');
  });

  it('every candidate timing out -> 504, each model given its own timeout_ms', () => withRules(h.app, { timeout_ms: 1000 }, async () => {
    const { alias } = await chain('fa', 'fo');
    h.anthropic.faults.push({ kind: 'slow-first-byte', ms: 4000 });
    h.openai.faults.push({ kind: 'slow-first-byte', ms: 4000 });
    const before = counts();
    const started = Date.now();
    const res = await messages(alias);
    expect(res.status).toBe(504);
    expect(res.json.error.type).toBe('timeout_error');
    expect(res.headers.get('x-should-retry')).toBe('false');
    // two tries of about a second each (undici's timers tick every 500 ms), not one shared second; no upper
    // bound (a loaded machine is slower): the 504 already says neither waited for the answer at 4 s
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(1800);
    expect(delta(before)).toEqual([1, 1, 0]);
  }));
});

describe('max_retries counts the models tried', () => {
  it('a fallback that begins cooling down during the request uses up no try: the model past max_retries takes its place', () => withRules(h.app, { max_retries: 1, cooldown_failures: 1 }, async () => {
    // a provider of its own (the fake OpenAI behind it): its first model's connection reset before the
    // headers cools the whole provider down, its second model with it, while the request is under way
    const pid = 'fo-cools';
    await h.app.service.createProvider({ id: pid, name: pid, type: 'openai-compatible', base_url: h.openai.url, api_key: KEYS.openai });
    const model = async (provider: string, name: string) => (await h.app.service.createModel({
      provider_id: provider, model_name: name, input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 100000, capabilities: ['chat'],
    })).id;
    const ids = [await model(pid, 'resets'), await model(pid, 'cools'), await model('fa', 'after-cools')];
    const alias = 'cools';
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
  }));
});
