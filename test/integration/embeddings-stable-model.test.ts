// Embeddings sent to auto or a level stay on one model from request to request: the order that picks it reads no
// measured latency (which every request moves), no budget step-down and not the request's size (an input too long
// for the model is refused, not sent to one with a larger context); the same model at another provider answers in
// its place only at a hosted provider of the same type, never at another OpenAI-compatible server whose `embed` may
// be other weights. Real proxy and SQLite, a fake OpenAI embeddings server on 127.0.0.1 (one per provider).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODELS, postJson, routeAmongFakesOnly, startHarness, type Harness } from './helpers/app-harness';
import { fakeEmbed, type FakeEmbed } from './helpers/openai-embed-fake';

let h: Harness;
const fakes: FakeEmbed[] = [];
beforeEach(async () => {
  h = await startHarness();
  await routeAmongFakesOnly(h);
  await h.app.service.updateModel({ id: MODELS.embed, patch: { enabled: false } });
});
afterEach(async () => {
  await h?.close();
  for (const f of fakes.splice(0)) await f.close();
});

/** a provider of `type` on a fake of its own, with embeddings models of the given prices (per 1M), contexts and qualities */
async function provider(id: string, type: 'openai' | 'openai-compatible', models: { name: string; price: number; context?: number; quality?: number }[]): Promise<FakeEmbed> {
  const fake = await fakeEmbed();
  fakes.push(fake);
  const s = h.app.service;
  await s.createProvider({ id, name: id, type, base_url: fake.base, api_key: `sk-${id}-embed-test-0123456789` });
  for (const m of models) {
    await s.createModel({
      provider_id: id, model_name: m.name, input_cost_per_1m: m.price, output_cost_per_1m: 0, context_length: m.context ?? 8192, capabilities: ['embeddings'],
      ...(m.quality !== undefined ? { quality: m.quality } : {}),
    });
  }
  return fake;
}

const embed = (model: string, input: string[] = ['one text'], token = h.token) => postJson({ url: h.url, token }, '/v1/embeddings', { model, input });
const served = (res: Awaited<ReturnType<typeof embed>>) => `${res.status} ${res.headers.get('x-switchboard-model')} ${res.json.data?.[0]?.embedding?.length}`;

describe('the model auto and the levels embed with does not move with measured latency', () => {
  it('two free models on one server, default strategy: the slower one keeps serving', async () => {
    const loc = await provider('loc', 'openai-compatible', [{ name: 'mxbai-embed-large', price: 0 }, { name: 'nomic-embed-text', price: 0 }]);
    loc.dims = { 'mxbai-embed-large': 1024, 'nomic-embed-text': 768 };
    const seen = [served(await embed('auto')), served(await embed('auto'))];
    const first = seen[0]!.split(' ')[1]!;
    expect(seen[0]).toMatch(/^200 loc\//);
    // another client names the other model (it is measured fast), and the first one turns slow
    const other = first === 'loc/mxbai-embed-large' ? 'loc/nomic-embed-text' : 'loc/mxbai-embed-large';
    expect((await embed(other)).status).toBe(200);
    loc.delayMs[first.slice('loc/'.length)] = 300;
    for (let i = 0; i < 3; i++) seen.push(served(await embed('auto')));
    expect(new Set(seen)).toEqual(new Set([seen[0]]));
  });

  it('strategy latency: the cheaper model keeps serving though the dearer one answers faster', async () => {
    const oa = await provider('oa', 'openai', [{ name: 'text-embedding-3-small', price: 0.02 }]);
    const fast = await provider('fast', 'openai-compatible', [{ name: 'embed-big', price: 0.13 }]);
    oa.dims['text-embedding-3-small'] = 1536;
    fast.dims['embed-big'] = 3072;
    await h.app.service.updateRoutingRules({ strategy: 'latency' });
    const seen = [served(await embed('balanced'))];
    expect(seen[0]).toBe('200 oa/text-embedding-3-small 1536');
    expect((await embed('fast/embed-big')).status).toBe(200);
    oa.delayMs['text-embedding-3-small'] = 300;
    for (let i = 0; i < 3; i++) seen.push(served(await embed('balanced')));
    expect(seen).toEqual(Array(4).fill('200 oa/text-embedding-3-small 1536'));
  });
});

describe('no budget step-down for embeddings', () => {
  it('auto past the step-down point stays on the model it had (precision: the better one)', async () => {
    const oa = await provider('oa', 'openai', [{ name: 'cheap-embed', price: 1, quality: 50 }, { name: 'best-embed', price: 10, quality: 95 }]);
    oa.dims = { 'cheap-embed': 256, 'best-embed': 1024 };
    // under the cost strategy, balanced ranks the cheap model first and precision the better one
    await h.app.service.updateRoutingRules({ strategy: 'cost' });
    const pro = await h.app.service.createUser({ name: 'Pro', power_level: 'precision', monthly_cap_usd: 0.01 });
    expect(served(await embed('auto', ['x'], pro.token))).toBe('200 oa/best-embed 1024');
    expect(served(await embed('balanced', ['x'], pro.token))).toBe('200 oa/cheap-embed 256');
    // 850 tokens at $10 per 1M: $0.0085 of the $0.01 cap, past the step-down at 80%
    oa.usageTokens = 850;
    expect((await embed('oa/best-embed', ['x'], pro.token)).status).toBe(200);
    delete oa.usageTokens;
    expect(served(await embed('auto', ['x'], pro.token))).toBe('200 oa/best-embed 1024');
  });
});

describe('an input too long for the model is refused, not sent to a model with a larger context', () => {
  it('eco: the cheapest model (512 tokens) refuses a long input in a context error; the larger one is not called', async () => {
    const small = await provider('small', 'openai', [{ name: 'embed-small', price: 0.02, context: 512 }]);
    const large = await provider('large', 'openai', [{ name: 'embed-large', price: 0.13, context: 8192 }]);
    expect(served(await embed('eco'))).toBe('200 small/embed-small 8');
    const long = Array.from({ length: 600 }, (_, i) => `word${i}`).join(' ');
    const res = await embed('eco', ['short', long]);
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.code).toBe('context_length_exceeded');
    expect(res.json.error.message).toContain('small/embed-small');
    expect(res.json.error.message).toContain('stay on one model');
    expect(large.calls).toEqual([]);
    expect(small.calls).toHaveLength(1);
  });
});

describe('the same model at another provider', () => {
  it('two OpenAI-compatible servers both exposing `embed` (1024 and 768 dimensions): no failover from one to the other', async () => {
    const one = await provider('srv1', 'openai-compatible', [{ name: 'embed', price: 0 }]);
    const two = await provider('srv2', 'openai-compatible', [{ name: 'embed', price: 0 }]);
    one.dims.embed = 1024;
    two.dims.embed = 768;
    // the tie-break order puts srv2 first (the higher number)
    expect(served(await embed('auto'))).toBe('200 srv2/embed 768');
    two.statuses.push(503);
    const res = await embed('auto');
    expect(res.status, res.text).toBe(502);
    expect(res.json.error.message).toContain('Embeddings are not moved to another model');
    expect(one.calls).toEqual([]);
  });
});
