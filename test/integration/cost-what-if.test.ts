// What-if with the proxy's own per-class pricing: a Claude Code month re-priced on another model counts its
// cache reads and writes at that model's prices (and its long-context tier); requests whose actual cost is
// unknown are left out of both totals rather than counted as $0. What a request paid beyond its tokens (web
// search fees, the flex tier) is kept on the model it ran on and carried to another where that model's
// provider charges it too, else said to be left out. A failed try billed all the same is carried at its
// cost: only the try that served is re-priced.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUsageMethods, type UsageMethods } from '../../src/node/service/usage-methods';
import type { UsageRecorder } from '../../src/node/usage/recorder';
import { CAPABILITY_BIT } from '../../src/core/routing/capability-mask';
import { routingOrder } from '../../src/core/routing/routing-order';
import { DAY, model, NOW, snapshotOf, usageApi, usageRecord, type TempDb } from './usage-fixtures';
import { MODELS as FAKE, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { usageRows } from './helpers/usage-csv';


const MODELS = [
  // Sonnet-like: every class priced, long-context tier above 200k
  model('an/sonnet', {
    inputCostPer1m: 3, outputCostPer1m: 15, cachedInputCostPer1m: 0.3, cacheWrite5mCostPer1m: 3.75, cacheWrite1hCostPer1m: 6,
    contextLength: 1_000_000,
    longContext: [{ abovePromptTokens: 200_000, inputCostPer1m: 6, outputCostPer1m: 22.5, cachedInputCostPer1m: 0.6, cacheWrite5mCostPer1m: 7.5, cacheWrite1hCostPer1m: 12 }],
  }),
  // no cache prices: reads and writes at the input rate
  model('plain/model', { inputCostPer1m: 1, outputCostPer1m: 2, contextLength: 1_000_000 }),
  model('mystery/model', { inputCostPer1m: null, outputCostPer1m: null, contextLength: 1_000_000 }),
];

let t: TempDb, recorder: UsageRecorder, api: UsageMethods;
beforeEach(() => {
  ({ t, recorder, api } = usageApi(MODELS));
  const turn = { startedAt: NOW - DAY, endpoint: 'messages' as const, costUsd: 0.5 };
  // two identical Claude Code turns (one group), and one past the long-context threshold
  for (let i = 0; i < 2; i++) {
    recorder.record(usageRecord({ ...turn, inputTokens: 162_003, cachedInputTokens: 150_000, cacheCreationInputTokens: 12_000, cacheWrite1hInputTokens: 8_000, outputTokens: 850 }));
  }
  recorder.record(usageRecord({ ...turn, inputTokens: 215_000, cachedInputTokens: 190_000, cacheCreationInputTokens: 20_000, outputTokens: 1_200 }));
  // served by a model without a price: its cost is unknown
  recorder.record(usageRecord({ ...turn, inputTokens: 1_000, outputTokens: 10, costUsd: null, priceUnknown: true }));
});
afterEach(() => {
  recorder.close();
  t.cleanup();
});

it('re-prices cache reads and writes (by lifetime) and long context at the scenario model\'s prices', async () => {
  const res = await api.whatIf({ days: 30, model: 'an/sonnet' });
  const turn = (3 * 3 + 150_000 * 0.3 + 4_000 * 3.75 + 8_000 * 6 + 850 * 15) / 1e6;
  const long = (5_000 * 6 + 190_000 * 0.6 + 20_000 * 7.5 + 1_200 * 22.5) / 1e6;
  expect(res).toMatchObject({ requests: 4, unpriced_requests: 0, actual_unpriced_requests: 1 });
  expect(res.actual_cost_usd).toBeCloseTo(1.5, 12);
  expect(Math.abs(res.hypothetical_cost_usd - (2 * turn + long))).toBeLessThan(1e-9);
});

it('bills classes the scenario model has no price for at its input rate', async () => {
  const res = await api.whatIf({ days: 30, model: 'plain/model' });
  const expected = (2 * (162_003 * 1 + 850 * 2) + (215_000 * 1 + 1_200 * 2)) / 1e6;
  expect(Math.abs(res.hypothetical_cost_usd - expected)).toBeLessThan(1e-9);
});

it('a scenario model without a price prices nothing: every request keeps its actual cost', async () => {
  const res = await api.whatIf({ days: 30, model: 'mystery/model' });
  expect(res).toMatchObject({ requests: 4, unpriced_requests: 3, actual_unpriced_requests: 1 });
  expect(res.hypothetical_cost_usd).toBeCloseTo(res.actual_cost_usd, 12);
});

it('eco never picks the unpriced model', async () => {
  const res = await api.whatIf({ days: 30, power_level: 'eco' });
  // the plain model is the cheapest priced one for every request size
  const expected = (2 * (162_003 * 1 + 850 * 2) + (215_000 * 1 + 1_200 * 2)) / 1e6;
  expect(Math.abs(res.hypothetical_cost_usd - expected)).toBeLessThan(1e-9);
});

it('a power level leaves out the local servers that are not running, as the router does; cooldowns count for nothing', async () => {
  // a free model on Ollama (keyless, a server of one's own)
  const built = snapshotOf([...MODELS, model('ol/llama', { inputCostPer1m: 0, outputCostPer1m: 0, contextLength: 1_000_000 })]);
  const providers = new Map(built.providers);
  providers.set('ol', { ...providers.get('ol')!, type: 'ollama', hasKey: false, keyless: true, local: true });
  const snapshot = { ...built, providers, routingOrder: routingOrder(providers, built.models) };
  const down = new Set<string>();
  const local = createUsageMethods({ db: t.db, catalog: { snapshot: () => snapshot }, now: () => new Date(NOW) }, recorder, undefined, (id) => down.has(id));
  // running, the free local model takes everything
  expect((await local.whatIf({ days: 30, power_level: 'eco' })).hypothetical_cost_usd).toBe(0);
  down.add('ol');
  const res = await local.whatIf({ days: 30, power_level: 'eco' });
  const expected = (2 * (162_003 * 1 + 850 * 2) + (215_000 * 1 + 1_200 * 2)) / 1e6;
  expect(Math.abs(res.hypothetical_cost_usd - expected)).toBeLessThan(1e-9);
});

it('a failed try\'s bill in a row is carried at its cost; the serving try alone is re-priced, in its own size\'s tier', async () => {
  // 150,000 tokens sent to an/sonnet, cut short (billed $0.45), then served by plain/model: 150,000 in, 1,000 out
  const bill = { inputTokens: 150_000, cachedInputTokens: 0, cacheCreationInputTokens: 0, cacheWrite1hInputTokens: 0, outputTokens: 0, reasoningTokens: 0, costUsd: 0.45, estimated: true };
  recorder.record(usageRecord({
    startedAt: NOW - DAY, endpoint: 'messages', modelId: 'plain/model', inputTokens: 300_000, outputTokens: 1_000, costUsd: 0.45 + 0.152, estimated: true,
    failedAttempts: [{ model: 'an/sonnet', kind: 'timeout', status: null, message: 'upstream timed out', latencyMs: 1_000, billed: bill }],
  }));
  const res = await api.whatIf({ days: 30, model: 'an/sonnet' });
  const turn = (3 * 3 + 150_000 * 0.3 + 4_000 * 3.75 + 8_000 * 6 + 850 * 15) / 1e6;
  const long = (5_000 * 6 + 190_000 * 0.6 + 20_000 * 7.5 + 1_200 * 22.5) / 1e6;
  // 150,000 x $3 / M + 1,000 x $15 / M, under the 200k tier, and the bill (before: 300,000 in at the tier's $6 / M, $22.5 / M: 1.8225)
  expect(Math.abs(res.hypothetical_cost_usd - (2 * turn + long + 0.465 + 0.45))).toBeLessThan(1e-9);
  expect(res.actual_cost_usd).toBeCloseTo(1.5 + 0.602, 12);
  // on the model that served, it costs what it cost
  const own = await api.whatIf({ days: 30, model: 'plain/model' });
  const others = (2 * (162_003 * 1 + 850 * 2) + (215_000 * 1 + 1_200 * 2)) / 1e6;
  expect(Math.abs(own.hypothetical_cost_usd - (others + 0.602))).toBeLessThan(1e-9);
});

it('a request logged before its web searches were counted is re-priced without their fee, and says so', async () => {
  const built = snapshotOf([...MODELS, model('ant/claude', { inputCostPer1m: 3, outputCostPer1m: 15, contextLength: 1_000_000 })]);
  const providers = new Map(built.providers);
  providers.set('ant', { ...providers.get('ant')!, type: 'anthropic', format: 'anthropic' });
  const snapshot = { ...built, providers, routingOrder: routingOrder(providers, built.models) };
  const methods = createUsageMethods({ db: t.db, catalog: { snapshot: () => snapshot }, now: () => new Date(NOW) }, recorder);
  // a row migration 18 found: its cost holds 5 searches' fee, its count is 0
  recorder.record(usageRecord({ startedAt: NOW - DAY, modelId: 'oa/gpt', inputTokens: 100, outputTokens: 700, costUsd: 0.0515, priceBasis: ['web_search'] }));
  const res = await methods.whatIf({ days: 30, model: 'ant/claude' });
  expect(res).toMatchObject({ web_search_left_out_requests: 1, tier_left_out_requests: 0 });
});

it('a request the provider priced itself carries its web searches to another model by their count', async () => {
  const built = snapshotOf([...MODELS, model('ant/claude', { inputCostPer1m: 3, outputCostPer1m: 15, contextLength: 1_000_000 })]);
  const providers = new Map(built.providers);
  providers.set('ant', { ...providers.get('ant')!, type: 'anthropic', format: 'anthropic' });
  const snapshot = { ...built, providers, routingOrder: routingOrder(providers, built.models) };
  const methods = createUsageMethods({ db: t.db, catalog: { snapshot: () => snapshot }, now: () => new Date(NOW) }, recorder);
  const base = await methods.whatIf({ days: 30, model: 'ant/claude' });
  // OpenRouter's usage.cost, its 3 searches in it: the basis is the provider's figure alone
  recorder.record(usageRecord({
    startedAt: NOW - DAY, modelId: 'or/gpt', inputTokens: 100, outputTokens: 700, webSearchCalls: 3, costUsd: 0.05,
    providerCostUsd: 0.05, priceBasis: ['provider_reported'],
  }));
  const res = await methods.whatIf({ days: 30, model: 'ant/claude' });
  expect(res).toMatchObject({ web_search_left_out_requests: 0, tier_left_out_requests: 0 });
  // 100 x $3 + 700 x $15 per 1M, and Anthropic's $10 per 1,000 searches
  expect(Math.abs(res.hypothetical_cost_usd - base.hypothetical_cost_usd - ((100 * 3 + 700 * 15) / 1e6 + 0.03))).toBeLessThan(1e-9);
});

it('on one model, a request whose row says it needed a capability the model lacks keeps its cost, unpriced; one of unknown needs is priced as before', async () => {
  const snapshot = snapshotOf([...MODELS, model('vis/model', { inputCostPer1m: 2, outputCostPer1m: 4, contextLength: 1_000_000, caps: ['chat', 'vision', 'json'] })]);
  const methods = createUsageMethods({ db: t.db, catalog: { snapshot: () => snapshot }, now: () => new Date(NOW) }, recorder);
  const before = await methods.whatIf({ days: 30, model: 'plain/model' });
  const turn = { startedAt: NOW - DAY, inputTokens: 1_000, outputTokens: 100, costUsd: 0.25 };
  recorder.record(usageRecord({ ...turn, routeNeeds: CAPABILITY_BIT.chat | CAPABILITY_BIT.vision | CAPABILITY_BIT.json }));
  // logged before needs were recorded: nothing known to check
  recorder.record(usageRecord({ ...turn, routeNeeds: undefined }));
  const plain = await methods.whatIf({ days: 30, model: 'plain/model' });
  expect(plain).toMatchObject({ requests: before.requests + 2, unpriced_requests: before.unpriced_requests + 1, needs_unknown_requests: 0 });
  expect(plain.hypothetical_cost_usd - before.hypothetical_cost_usd).toBeCloseTo(0.25 + (1_000 * 1 + 100 * 2) / 1e6, 12);
  // a model with vision and JSON prices both
  const vis = await methods.whatIf({ days: 30, model: 'vis/model' });
  expect(vis.unpriced_requests).toBe(0);
});

describe('the proxy\'s own rows: what a request paid beyond its tokens', () => {
  let h: Harness;
  const OA = 'oa/gpt-mini';
  beforeAll(async () => {
    h = await startHarness();
    // OpenAI's own API (type openai: its flex tier is billed at half), served by the fake
    await h.app.service.createProvider({ id: 'oa', name: 'OpenAI', type: 'openai', base_url: h.openai.url, api_key: 'sk-fakeopenai-CANARY-0123456789abcdef' });
    await h.app.service.createModel({ provider_id: 'oa', model_name: 'gpt-mini', input_cost_per_1m: 0.25, output_cost_per_1m: 2, context_length: 400_000, capabilities: ['chat', 'tools'] });
    const post = (path: string, body: unknown) => rawRequest(`${h.url}${path}`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` }, body: JSON.stringify(body),
    });
    // three Claude Code turns that ran 5 web searches each: 100 x $3 / M + 700 x $15 / M + 5 x $0.01 = $0.0608
    h.anthropic.options.usage = { input: 100, output: 700, webSearches: 5 };
    for (let i = 0; i < 3; i++) {
      const res = await post('/v1/messages', {
        model: FAKE.anthropic, max_tokens: 1000, messages: [{ role: 'user', content: 'search' }], tools: [{ type: 'web_search_20250305', name: 'web_search' }],
      });
      expect(res.status, res.text).toBe(200);
    }
    // three flex-tier requests: (100,000 x $0.25 / M + 10,000 x $2 / M) / 2 = $0.0225
    h.openai.options.usage = { input: 100_000, output: 10_000 };
    for (let i = 0; i < 3; i++) {
      const res = await post('/v1/chat/completions', { model: OA, service_tier: 'flex', messages: [{ role: 'user', content: 'hi' }] });
      expect(res.status, res.text).toBe(200);
    }
    for (let i = 0; i < 100 && (await usageRows(h.app)).length < 6; i++) await new Promise((r) => setTimeout(r, 20));
    const rows = await usageRows(h.app);
    expect(rows.map((r) => Number(r.cost_usd))).toEqual([0.0608, 0.0608, 0.0608, 0.0225, 0.0225, 0.0225].map((c) => expect.closeTo(c, 12)));
  });
  afterAll(async () => { await h?.close(); });

  const ACTUAL = 3 * 0.0608 + 3 * 0.0225;

  it('on the model each ran on, a request costs what it cost (before: 0.0324 for the searched turns, 0.045 for flex)', async () => {
    const claude = await h.app.service.whatIf({ days: 1, model: FAKE.anthropic });
    expect(claude.actual_cost_usd).toBeCloseTo(ACTUAL, 12);
    // the flex requests on Claude: Anthropic has no flex tier, so they are priced at its standard prices, and it says so
    expect(claude.hypothetical_cost_usd).toBeCloseTo(3 * 0.0608 + 3 * (100_000 * 3 + 10_000 * 15) / 1e6, 12);
    expect(claude).toMatchObject({ tier_left_out_requests: 3, web_search_left_out_requests: 0 });
    const mini = await h.app.service.whatIf({ days: 1, model: OA });
    // the searched turns on OpenAI, which charges $10 / 1k web searches too: their fee carried
    expect(mini.hypothetical_cost_usd).toBeCloseTo(3 * 0.0225 + 3 * ((100 * 0.25 + 700 * 2) / 1e6 + 0.05), 12);
    expect(mini).toMatchObject({ tier_left_out_requests: 0, web_search_left_out_requests: 0 });
  });

  it('on a model whose provider charges neither: the tokens at its prices, the searches and tier named as left out', async () => {
    const other = await h.app.service.whatIf({ days: 1, model: FAKE.openai });
    expect(other.hypothetical_cost_usd).toBeCloseTo(3 * (100 + 700 * 2) / 1e6 + 3 * (100_000 + 10_000 * 2) / 1e6, 12);
    expect(other).toMatchObject({ requests: 6, web_search_left_out_requests: 3, tier_left_out_requests: 3 });
  });

  it('a flex request re-priced on another OpenAI model keeps the flex tier', async () => {
    await h.app.service.createModel({ provider_id: 'oa', model_name: 'gpt-big', input_cost_per_1m: 1.25, output_cost_per_1m: 10, context_length: 400_000, capabilities: ['chat', 'tools'] });
    const big = await h.app.service.whatIf({ days: 1, model: 'oa/gpt-big' });
    expect(big.hypothetical_cost_usd).toBeCloseTo(3 * ((100 * 1.25 + 700 * 10) / 1e6 + 0.05) + 3 * 0.5 * (100_000 * 1.25 + 10_000 * 10) / 1e6, 12);
    expect(big).toMatchObject({ tier_left_out_requests: 0, web_search_left_out_requests: 0, unpriced_requests: 0 });
  });

  it('a model without tools serves none of the searched turns, which their rows say needed tools: kept at their cost, counted unpriced (before: priced on it)', async () => {
    await h.app.service.createModel({ provider_id: 'oa', model_name: 'gpt-plain', input_cost_per_1m: 1.25, output_cost_per_1m: 10, context_length: 400_000, capabilities: ['chat'] });
    const plain = await h.app.service.whatIf({ days: 1, model: 'oa/gpt-plain' });
    // the flex requests needed nothing more: priced there, flex carried
    expect(plain.hypothetical_cost_usd).toBeCloseTo(3 * 0.0608 + 3 * 0.5 * (100_000 * 1.25 + 10_000 * 10) / 1e6, 12);
    expect(plain).toMatchObject({ requests: 6, unpriced_requests: 3, web_search_left_out_requests: 0, tier_left_out_requests: 0 });
  });
});

describe('a Claude turn cut short after message_start, served by OpenAI (4d7b864 bills the cut-short try into the row)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.app.service.updateRoutingRules({ cooldown_failures: 100, retries_per_model: 0, timeout_ms: 1000, fallbacks: { [FAKE.anthropic]: [FAKE.openai] } });
    // Claude states 20,000 prompt tokens, 15,000 of them cache reads: 5,000 x $3 / M + 15,000 x $0.3 / M + 1 out x $15 / M
    h.anthropic.options.usage = { input: 20_000, cached: 15_000, output: 900 };
    h.anthropic.faults.push({ kind: 'reset-mid-stream', afterChunks: 0 });
    // OpenAI serves the same prompt: 20,000 x $1 / M + 100 x $2 / M
    h.openai.options.usage = { input: 20_000, output: 100 };
    // the scenario: $1 / $4 / M, cache reads $0.1 / M, and twice that past 30,000 prompt tokens
    await h.app.service.createModel({
      provider_id: 'fg', model_name: 'tiered', input_cost_per_1m: 1, output_cost_per_1m: 4, cached_input_cost_per_1m: 0.1, context_length: 1_000_000,
      capabilities: ['chat'], long_context_tiers: [{ above_prompt_tokens: 30_000, input_cost_per_1m: 2, output_cost_per_1m: 8, cached_input_cost_per_1m: 0.2 }],
    });
    const res = await rawRequest(`${h.url}/v1/messages`, {
      headers: { 'content-type': 'application/json', 'x-api-key': h.token },
      body: JSON.stringify({ model: FAKE.anthropic, stream: true, max_tokens: 1000, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(FAKE.openai);
    for (let i = 0; i < 100 && (await usageRows(h.app)).length < 1; i++) await new Promise((r) => setTimeout(r, 20));
    const [row] = await usageRows(h.app);
    expect(row).toMatchObject({ input_tokens: '40000', cached_input_tokens: '15000', output_tokens: '101' });
    expect(Number(row!.cost_usd)).toBeCloseTo(BILL + SERVED, 12);
  });
  afterAll(async () => { await h?.close(); });

  const BILL = (5_000 * 3 + 15_000 * 0.3 + 15) / 1e6;
  const SERVED = (20_000 * 1 + 100 * 2) / 1e6;

  it('on another model the serving try alone is re-priced, below the tier, and the bill carried (before: 40,000 in, 15,000 cached, in the tier)', async () => {
    const res = await h.app.service.whatIf({ days: 1, model: 'fg/tiered' });
    expect(res.actual_cost_usd).toBeCloseTo(BILL + SERVED, 12);
    // before: (25,000 x $2 + 15,000 x $0.2 + 101 x $8) / M = 0.053808
    expect(res.hypothetical_cost_usd).toBeCloseTo((20_000 * 1 + 100 * 4) / 1e6 + BILL, 12);
  });

  it('on the model that served it costs what it cost; on the one cut short, its serving try at Claude\'s prices and the bill', async () => {
    expect((await h.app.service.whatIf({ days: 1, model: FAKE.openai })).hypothetical_cost_usd).toBeCloseTo(BILL + SERVED, 12);
    expect((await h.app.service.whatIf({ days: 1, model: FAKE.anthropic })).hypothetical_cost_usd).toBeCloseTo((20_000 * 3 + 100 * 15) / 1e6 + BILL, 12);
  });
});
