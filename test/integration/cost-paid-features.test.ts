// What a request costs beyond its tokens, end to end: real proxy, real SQLite, the fake providers reporting
// paid web searches (Anthropic server_tool_use, Responses web_search_call items, Gemini's Google Search grounding), Responses file searches,
// Gemini's audio input, OpenAI's service tiers, Anthropic's fast mode and the 1M window its context-1m beta opens,
// streamed and not, forwarded in the client's own format and translated. GET /api/v1/llm/requests shows the cost;
// the usage CSV says how.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityPage } from '../../src/shared/activity-types';
import { KEYS, MODELS } from './helpers/app-harness';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';
import { adminFetch } from './helpers/routing-harness';

let h: ResponsesHarness;
let openai: OpenAI;
let anthropic: Anthropic;
beforeAll(async () => {
  h = await startResponsesHarness();
  openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
  // OpenAI's own API (its service tiers mean OpenAI's prices), on Chat Completions and on Responses, and Groq
  const s = h.app.service;
  await s.createProvider({ id: 'oa', name: 'OpenAI chat', type: 'openai', base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
  await s.createProvider({ id: 'or', name: 'OpenAI responses', type: 'openai', base_url: h.responses.url, api_key: KEYS.openai, enabled: true });
  await s.createProvider({ id: 'gq', name: 'Groq', type: 'groq', base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
  const gpt = { model_name: 'gpt-5.4', input_cost_per_1m: 2.5, output_cost_per_1m: 15, cached_input_cost_per_1m: 0.25, context_length: 400000, capabilities: ['chat' as const] };
  await s.createModel({ provider_id: 'oa', ...gpt });
  await s.createModel({ provider_id: 'or', ...gpt, api: 'responses' });
  await s.createModel({ provider_id: 'gq', ...gpt, model_name: 'llama-flex' });
  await s.createModel({
    provider_id: 'fa', model_name: 'claude-opus-4-6', input_cost_per_1m: 5, output_cost_per_1m: 25, cached_input_cost_per_1m: 0.5,
    context_length: 1000000, capabilities: ['chat'],
  });
});
afterAll(async () => {
  await h?.close();
});

/** The activity entry's cost and the usage CSV's price_basis of one request. */
async function costOf(id: string | null): Promise<{ cost: number; basis: string; estimated: string }> {
  const res = await adminFetch(h.app, 'GET', '/api/v1/llm/requests?limit=500');
  expect(res.status, res.text).toBe(200);
  const entry = (res.json as ActivityPage).requests.find((r) => r.request_id === id);
  if (!entry) throw new Error(`no activity entry ${id}`);
  const [head, ...lines] = (await h.app.service.exportUsageCsv({ days: 1 })).trim().split('\n');
  const cols = head!.split(',');
  const line = lines.find((l) => l.startsWith(`${id},`) || l.includes(`,${id},`));
  if (!line) throw new Error(`no usage row for ${id}`);
  const row = Object.fromEntries(line.split(',').map((v, i) => [cols[i], v]));
  return { cost: entry.cost_usd ?? NaN, basis: row.price_basis!, estimated: row.estimated! };
}

async function viaMessages(model: string, stream: boolean, extra: Record<string, unknown> = {}): Promise<string | null> {
  const body = { model, max_tokens: 100, messages: [{ role: 'user' as const, content: 'search the news' }], ...extra };
  if (!stream) return (await anthropic.messages.create(body).withResponse()).response.headers.get('x-switchboard-request-id');
  const { data, response } = await anthropic.messages.create({ ...body, stream: true }).withResponse();
  for await (const _ of data) { /* drain */ }
  return response.headers.get('x-switchboard-request-id');
}

async function viaChat(model: string, stream: boolean, extra: Record<string, unknown> = {}): Promise<string | null> {
  const body = { model, messages: [{ role: 'user' as const, content: 'search the news' }], ...extra };
  if (!stream) return (await openai.chat.completions.create(body).withResponse()).response.headers.get('x-switchboard-request-id');
  const { data, response } = await openai.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }).withResponse();
  for await (const _ of data) { /* drain */ }
  return response.headers.get('x-switchboard-request-id');
}

async function viaResponses(model: string, stream: boolean, extra: Record<string, unknown> = {}): Promise<string | null> {
  const body = { model, input: 'search the news', tools: [{ type: 'web_search' as const }], ...extra };
  if (!stream) return (await openai.responses.create(body).withResponse()).response.headers.get('x-switchboard-request-id');
  const { data, response } = await openai.responses.create({ ...body, stream: true }).withResponse();
  for await (const _ of data) { /* drain */ }
  return response.headers.get('x-switchboard-request-id');
}

describe('web searches', () => {
  it.each([false, true])('Anthropic: USD 10 per 1,000 searches on top of the tokens; none billed where no search was offered (stream: %s)', async (stream) => {
    h.anthropic.options.usage = { input: 1000, output: 200, webSearches: 3 };
    // 1,000 x $3 + 200 x $15 + 3 searches x $0.01 (the web fetch beside them costs tokens only)
    const searched = await costOf(await viaMessages(MODELS.anthropic, stream, { tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 5 }] }));
    expect(Math.abs(searched.cost - 0.036)).toBeLessThan(1e-9);
    expect(searched.basis).toBe('web_search');
    expect(searched.estimated).toBe('false');
    // a chat client offers the model no search: a count of searches is not believed (the tokens are)
    const unoffered = await costOf(await viaChat(MODELS.anthropic, stream));
    expect(Math.abs(unoffered.cost - 0.006)).toBeLessThan(1e-9);
    expect(unoffered.estimated).toBe('true');
  });

  it.each([false, true])('OpenAI Responses: each web_search_call that searched, the web_search tool offered (stream: %s)', async (stream) => {
    h.responses.options.usage = { input: 1000, output: 200, webSearches: 3 };
    // 1,000 x $2 + 200 x $8 + 3 searches x $0.01 (the page it opened is free)
    const { cost, basis } = await costOf(await viaResponses(RESPONSES_MODEL, stream));
    expect(Math.abs(cost - 0.0336)).toBeLessThan(1e-9);
    expect(basis).toBe('web_search');
    // translated from a chat client, which offers no web_search tool: the tokens alone, estimated
    const unoffered = await costOf(await viaChat(RESPONSES_MODEL, stream));
    expect(Math.abs(unoffered.cost - 0.0036)).toBeLessThan(1e-9);
    expect(unoffered.estimated).toBe('true');
  });
});

describe('file searches', () => {
  it.each([false, true])('OpenAI Responses: USD 2.50 per 1,000 file_search_call items on top of the tokens, forwarded and translated (stream: %s)', async (stream) => {
    h.responses.options.usage = { input: 1000, output: 200, fileSearches: 4 };
    try {
      // 1,000 x $2 + 200 x $8 + 4 file searches x $0.0025
      const tools = [{ type: 'file_search' as const, vector_store_ids: ['vs_fake'] }];
      for (const id of [await viaResponses(RESPONSES_MODEL, stream, { tools }), await viaChat(RESPONSES_MODEL, stream)]) {
        const { cost, basis } = await costOf(id);
        expect(Math.abs(cost - 0.0136)).toBeLessThan(1e-9);
        expect(basis).toBe('file_search');
      }
    } finally {
      h.responses.options.usage = undefined;
    }
  });
});

describe('Gemini: audio input and Google Search grounding', () => {
  beforeAll(async () => {
    const s = h.app.service;
    // as bundled: 2.5 Flash $0.30 / $2.50 (audio $1.00, not a catalog field), 3 Flash $0.50 / $3
    await s.createModel({ provider_id: 'fg', model_name: 'gemini-2.5-flash', input_cost_per_1m: 0.3, output_cost_per_1m: 2.5, cached_input_cost_per_1m: 0.03, context_length: 1048576, capabilities: ['chat'] });
    await s.createModel({ provider_id: 'fg', model_name: 'gemini-3-flash-preview', input_cost_per_1m: 0.5, output_cost_per_1m: 3, cached_input_cost_per_1m: 0.05, context_length: 1048576, capabilities: ['chat'] });
  });
  afterAll(() => {
    h.gemini.options.usage = undefined;
  });

  /** a request in Gemini's own API (forwarded), with Google Search as Gemini CLI's web search sends it */
  async function viaGemini(model: string, stream: boolean): Promise<string | null> {
    const method = stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
    const res = await fetch(`${h.url}/v1beta/models/${model}:${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': h.token },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'search the news' }] }], tools: [{ googleSearch: {} }] }),
    });
    expect(res.status).toBe(200);
    await res.text();
    return res.headers.get('x-switchboard-request-id');
  }

  it.each([false, true])("a 1M-token audio prompt on gemini-2.5-flash is billed at Google's USD 1.00 audio rate (stream: %s)", async (stream) => {
    // the fake grounds a request with googleSearch once unless told it ran no search
    h.gemini.options.usage = { input: 1_000_000, output: 1_000_000, audio: 1_000_000, webSearches: 0 };
    // 1M audio x $1.00 + 1M out x $2.50, not 1M x $0.30 + ...
    for (const id of [await viaGemini('fg/gemini-2.5-flash', stream), await viaChat('fg/gemini-2.5-flash', stream)]) {
      const { cost, basis, estimated } = await costOf(id);
      expect(Math.abs(cost - 3.5)).toBeLessThan(1e-9);
      expect(basis).toBe('audio_input');
      expect(estimated).toBe('false');
    }
  });

  it.each([false, true])('grounding: Gemini 3 at USD 14 per 1,000 queries, Gemini 2.5 at USD 35 per 1,000 grounded prompts (stream: %s)', async (stream) => {
    h.gemini.options.usage = { input: 1_000, output: 1_000, webSearches: 3 };
    const cases: [string, number][] = [
      // 1,000 x $0.50 + 1,000 x $3 + 3 queries x $0.014
      ['fg/gemini-3-flash-preview', (1_000 * 0.5 + 1_000 * 3) / 1e6 + 0.042],
      // 1,000 x $0.30 + 1,000 x $2.50 + one grounded prompt x $0.035
      ['fg/gemini-2.5-flash', (1_000 * 0.3 + 1_000 * 2.5) / 1e6 + 0.035],
    ];
    for (const [model, want] of cases) {
      const { cost, basis, estimated } = await costOf(await viaGemini(model, stream));
      expect(Math.abs(cost - want), model).toBeLessThan(1e-9);
      expect(basis).toBe('web_search');
      expect(estimated).toBe('false');
    }
  });
});

describe('OpenAI service tiers', () => {
  // 10,000 in (4,000 cached), 3,000 out on $2.50 / $0.25 / $15
  const STANDARD = (6_000 * 2.5 + 4_000 * 0.25 + 3_000 * 15) / 1e6;
  beforeAll(() => {
    h.openai.options.usage = { input: 10_000, output: 3_000, cached: 4_000 };
    h.responses.options.usage = { input: 10_000, output: 3_000, cached: 4_000 };
  });

  it.each([false, true])('flex from OpenAI is billed at Batch rates, half price, on Chat Completions and Responses (stream: %s)', async (stream) => {
    for (const id of [await viaChat('oa/gpt-5.4', stream, { service_tier: 'flex' }), await viaResponses('or/gpt-5.4', stream, { service_tier: 'flex', tools: [] })]) {
      const { cost, basis, estimated } = await costOf(id);
      expect(Math.abs(cost - STANDARD / 2)).toBeLessThan(1e-9);
      expect(basis).toBe('flex');
      expect(estimated).toBe('false');
    }
  });

  it.each([false, true])('priority is recorded at standard prices as a lower bound, marked estimated (stream: %s)', async (stream) => {
    for (const id of [await viaChat('oa/gpt-5.4', stream, { service_tier: 'priority' }), await viaResponses('or/gpt-5.4', stream, { service_tier: 'priority', tools: [] })]) {
      const { cost, basis, estimated } = await costOf(id);
      expect(Math.abs(cost - STANDARD)).toBeLessThan(1e-9);
      expect(basis).toBe('priority_unpriced');
      expect(estimated).toBe('true');
    }
  });

  it("Groq's flex (its on-demand price) and OpenAI's default tier are standard", async () => {
    for (const id of [await viaChat('gq/llama-flex', false, { service_tier: 'flex' }), await viaChat('oa/gpt-5.4', true)]) {
      const { cost, basis, estimated } = await costOf(id);
      expect(Math.abs(cost - STANDARD)).toBeLessThan(1e-9);
      expect(basis).toBe('');
      expect(estimated).toBe('false');
    }
  });
});

describe('Anthropic fast mode', () => {
  beforeAll(() => {
    h.anthropic.options.usage = { input: 10_000, output: 1_000, cached: 6_000, speed: 'fast' };
  });
  // 4,000 x $5 + 6,000 x $0.50 + 1,000 x $25
  const STANDARD = (4_000 * 5 + 6_000 * 0.5 + 1_000 * 25) / 1e6;

  it.each([false, true])('Opus 4.6 is billed at 6x, forwarded and translated (stream: %s)', async (stream) => {
    for (const id of [await viaMessages('fa/claude-opus-4-6', stream), await viaChat('fa/claude-opus-4-6', stream)]) {
      const { cost, basis, estimated } = await costOf(id);
      expect(Math.abs(cost - STANDARD * 6)).toBeLessThan(1e-9);
      expect(basis).toBe('fast');
      expect(estimated).toBe('false');
    }
  });

  it('a model without a documented fast-mode price is recorded at standard as a lower bound, marked estimated', async () => {
    const { cost, basis, estimated } = await costOf(await viaMessages(MODELS.anthropic, true));
    // claude-fake: 4,000 x $3 + 6,000 x $0.30 + 1,000 x $15
    expect(Math.abs(cost - (4_000 * 3 + 6_000 * 0.3 + 1_000 * 15) / 1e6)).toBeLessThan(1e-9);
    expect(basis).toBe('fast_unpriced');
    expect(estimated).toBe('true');
  });
});

describe("Anthropic's 1M context beta", () => {
  beforeAll(async () => {
    // Sonnet 4.5 as bundled: a 200K window, and the long-context tier the 1M window bills above 200K
    await h.app.service.createModel({
      provider_id: 'fa', model_name: 'claude-sonnet-4-5', input_cost_per_1m: 3, output_cost_per_1m: 15, cached_input_cost_per_1m: 0.3,
      context_length: 200000, capabilities: ['chat'],
      long_context_tiers: [{ above_prompt_tokens: 200000, input_cost_per_1m: 6, output_cost_per_1m: 22.5, cached_input_cost_per_1m: 0.6 }],
    });
    h.anthropic.options.usage = { input: 300_000, output: 1_000 };
  });
  // some 300K tokens of prompt, as a long Claude Code session sends
  const prompt = 'lorem ipsum dolor sit amet '.repeat(60_000);
  // streamed, as Claude Code sends it (the SDK refuses a 32K max_tokens unstreamed)
  const body = { model: 'fa/claude-sonnet-4-5', max_tokens: 32_000, stream: true as const, messages: [{ role: 'user' as const, content: prompt }] };

  it('is sent with the header, and billed at the long-context tier', async () => {
    const before = h.anthropic.requests.length;
    const { data, response } = await anthropic.messages.create(body, { headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14,context-1m-2025-08-07' } }).withResponse();
    for await (const _ of data) { /* drain */ }
    expect(h.anthropic.requests.length).toBe(before + 1);
    expect(String(h.anthropic.requests.at(-1)!.headers['anthropic-beta'])).toContain('context-1m-2025-08-07');
    const { cost, basis } = await costOf(response.headers.get('x-switchboard-request-id'));
    // 300,000 x $6 + 1,000 x $22.50
    expect(Math.abs(cost - 1.8225)).toBeLessThan(1e-9);
    expect(basis).toBe('long_context');
  });

  it('without the header, the 200K window still refuses it before sending', async () => {
    const before = h.anthropic.requests.length;
    const err = await anthropic.messages.create(body).catch((e) => e);
    expect(err.status).toBe(400);
    expect(h.anthropic.requests.length).toBe(before);
  });
});

describe("Anthropic's server-side compaction", () => {
  beforeAll(() => {
    // the answer: 23,000 in, 1,000 out; the compaction before it (beta compact-2026-01-12): 180,000 in, 3,500 out
    h.anthropic.options.usage = { input: 23_000, output: 1_000, compaction: { input: 180_000, output: 3_500 } };
  });
  const body = {
    model: 'fa/claude-opus-4-6', max_tokens: 100, betas: ['compact-2026-01-12'],
    context_management: { edits: [{ type: 'compact_20260112' as const }] },
    messages: [{ role: 'user' as const, content: 'go on' }],
  };

  it.each([false, true])('is billed on top of the answer, which the client is told as Anthropic said it (stream: %s)', async (stream) => {
    let told: { input_tokens?: number | null; iterations?: unknown } = {};
    let id: string | null;
    if (stream) {
      const { data, response } = await anthropic.beta.messages.create({ ...body, stream: true }).withResponse();
      for await (const ev of data) if (ev.type === 'message_delta') told = ev.usage;
      id = response.headers.get('x-switchboard-request-id');
    } else {
      const { data, response } = await anthropic.beta.messages.create(body).withResponse();
      told = data.usage;
      id = response.headers.get('x-switchboard-request-id');
    }
    expect(String(h.anthropic.requests.at(-1)!.headers['anthropic-beta'])).toContain('compact-2026-01-12');
    // the client gets Anthropic's own figures: the top level without the compaction, and the breakdown
    expect(told.iterations).toMatchObject([{ type: 'compaction', input_tokens: 180_000 }, { type: 'message' }]);
    if (!stream) expect(told.input_tokens).toBe(23_000);
    const { cost, basis, estimated } = await costOf(id);
    // Opus 4.6: (23,000 + 180,000) x $5 + (1,000 + 3,500) x $25
    expect(Math.abs(cost - (203_000 * 5 + 4_500 * 25) / 1e6)).toBeLessThan(1e-9);
    expect(basis).toBe('');
    expect(estimated).toBe('false');
    const res = await adminFetch(h.app, 'GET', '/api/v1/llm/requests?limit=500');
    const entry = (res.json as ActivityPage).requests.find((r) => r.request_id === id)!;
    expect([entry.input_tokens, entry.output_tokens]).toEqual([203_000, 4_500]);
  });
});

describe("Gemini's service tiers, as the Gemini API says which one served (x-gemini-service-tier)", () => {
  let tierServer: import('node:http').Server;
  beforeAll(async () => {
    const { createServer } = await import('node:http');
    // a Gemini API answering a Flex request at Flex and a Priority one past its limit at Standard, saying so
    // only in its header (usageMetadata carries no tier)
    tierServer = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => { raw += c.toString(); });
      req.on('end', () => {
        const asked = (JSON.parse(raw) as { serviceTier?: string }).serviceTier;
        res.writeHead(200, { 'content-type': 'application/json', 'x-gemini-service-tier': asked === 'flex' ? 'flex' : 'standard' });
        res.end(JSON.stringify({
          candidates: [{ content: { role: 'model', parts: [{ text: 'hi' }] }, finishReason: 'STOP', index: 0 }],
          usageMetadata: { promptTokenCount: 1_000_000, candidatesTokenCount: 100_000, totalTokenCount: 1_100_000 },
          modelVersion: 'gem-tier',
        }));
      });
    });
    await new Promise<void>((resolve) => tierServer.listen(0, '127.0.0.1', resolve));
    const port = (tierServer.address() as import('node:net').AddressInfo).port;
    await h.app.service.createProvider({ id: 'gt', name: 'Gemini tiers', type: 'gemini', base_url: `http://127.0.0.1:${port}`, api_key: KEYS.openai, enabled: true });
    await h.app.service.createModel({ provider_id: 'gt', model_name: 'gem-tier', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 1_048_576, capabilities: ['chat'] });
  });
  afterAll(() => new Promise<void>((resolve) => tierServer.close(() => resolve())));

  const generate = async (serviceTier: string): Promise<string | null> => {
    const res = await fetch(`${h.url}/v1beta/models/${encodeURIComponent('gt/gem-tier')}:generateContent`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': h.token },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }], serviceTier }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    return res.headers.get('x-switchboard-request-id');
  };

  it('bills Flex at half and a Priority request served at Standard at Standard, as exact', async () => {
    expect(await costOf(await generate('flex'))).toEqual({ cost: 0.6, basis: 'flex', estimated: 'false' });
    expect(await costOf(await generate('priority'))).toEqual({ cost: 1.2, basis: '', estimated: 'false' });
  });
});

describe('audio and image tokens at their own prices', () => {
  beforeAll(async () => {
    const s = h.app.service;
    // the catalog holds text prices only: GPT-4o Audio $2.50 / $10 (audio $40 / $80), 2.5 Flash Image $0.30 / $2.50 (image out $30)
    const audio = { model_name: 'gpt-4o-audio-preview', input_cost_per_1m: 2.5, output_cost_per_1m: 10, context_length: 128000, capabilities: ['chat' as const] };
    await s.createModel({ provider_id: 'oa', ...audio });
    await s.createModel({ provider_id: 'or', ...audio, api: 'responses' });
    await s.createModel({ provider_id: 'oa', ...audio, model_name: 'gpt-audio-mini', input_cost_per_1m: 0.6, output_cost_per_1m: 2.4 });
    const image = { input_cost_per_1m: 0.3, output_cost_per_1m: 2.5, context_length: 32768, capabilities: ['chat' as const] };
    await s.createModel({ provider_id: 'fg', model_name: 'gemini-2.5-flash-image', ...image });
    await s.createModel({ provider_id: 'fg', model_name: 'gemini-9-image', ...image });
  });
  afterAll(() => {
    h.openai.options.usage = undefined;
    h.responses.options.usage = undefined;
    h.gemini.options.usage = undefined;
  });

  /** The activity entry's cost, price_basis and estimated, checked against the usage CSV's line. */
  async function rowOf(id: string | null): Promise<{ cost: number | null; basis: string[]; estimated: boolean }> {
    const res = await adminFetch(h.app, 'GET', '/api/v1/llm/requests?limit=500');
    const entry = (res.json as ActivityPage).requests.find((r) => r.request_id === id);
    if (!entry) throw new Error(`no activity entry ${id}`);
    const line = (await h.app.service.exportUsageCsv({ days: 1 })).split('\n').find((l) => l.startsWith(`${id},`) || l.includes(`,${id},`));
    const listed = entry.price_basis.length > 1 ? `"${entry.price_basis.join(',')}"` : entry.price_basis.join(',');
    expect(line).toContain(`,${listed},`);
    return { cost: entry.cost_usd, basis: entry.price_basis, estimated: entry.estimated };
  }

  it.each([false, true])("OpenAI audio in and out at gpt-4o-audio-preview's USD 40 / 80, on Chat Completions and Responses (stream: %s)", async (stream) => {
    const usage = { input: 10_100, output: 5_050, audio: 10_000, audioOutput: 5_000 };
    h.openai.options.usage = usage;
    h.responses.options.usage = usage;
    for (const id of [await viaChat('oa/gpt-4o-audio-preview', stream), await viaResponses('or/gpt-4o-audio-preview', stream, { tools: [] })]) {
      const { cost, basis, estimated } = await rowOf(id);
      // 100 text in x $2.50 + 10,000 audio in x $40 + 50 text out x $10 + 5,000 audio out x $80 (not 0.07575, all as text)
      expect(Math.abs(cost! - 0.80075)).toBeLessThan(1e-9);
      expect(basis).toEqual(['audio_input', 'audio_output']);
      expect(estimated).toBe(false);
    }
    // no audio price published: the text prices, a lower bound, estimated
    const { cost, basis, estimated } = await rowOf(await viaChat('oa/gpt-audio-mini', stream));
    expect(Math.abs(cost! - (10_100 * 0.6 + 5_050 * 2.4) / 1e6)).toBeLessThan(1e-9);
    expect(basis).toEqual(['audio_unpriced']);
    expect(estimated).toBe(true);
  });

  it.each([false, true])("a Gemini image at 2.5 Flash Image's USD 30 per 1M, forwarded and translated (stream: %s)", async (stream) => {
    h.gemini.options.usage = { input: 100, output: 1_300, imageOutput: 1_290, webSearches: 0 };
    const viaGemini = async (model: string): Promise<string | null> => {
      const res = await fetch(`${h.url}/v1beta/models/${model}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': h.token },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'draw a cat' }] }], generationConfig: { responseModalities: ['TEXT', 'IMAGE'] } }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      return res.headers.get('x-switchboard-request-id');
    };
    for (const id of [await viaGemini('fg/gemini-2.5-flash-image'), await viaChat('fg/gemini-2.5-flash-image', stream)]) {
      const { cost, basis, estimated } = await rowOf(id);
      // 100 in x $0.30 + 10 text out x $2.50 + 1,290 image out x $30 (not 0.00328, all as text)
      expect(Math.abs(cost! - 0.038755)).toBeLessThan(1e-9);
      expect(basis).toEqual(['image_output']);
      expect(estimated).toBe(false);
    }
    const { cost, basis, estimated } = await rowOf(await viaGemini('fg/gemini-9-image'));
    expect(Math.abs(cost! - (100 * 0.3 + 1_300 * 2.5) / 1e6)).toBeLessThan(1e-9);
    expect(basis).toEqual(['image_unpriced']);
    expect(estimated).toBe(true);
  });
});
