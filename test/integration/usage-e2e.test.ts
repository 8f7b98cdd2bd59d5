// Issue 5: what every request cost, end to end. A mix of streamed and non-streamed requests through
// all three upstream formats, from the OpenAI and the Anthropic SDK, by two profiles; then the usage
// endpoint and the CSV export (over HTTP) must match tokens and costs computed here from the model
// prices and the usage each fake reported, to 1e-9 USD.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import type { UsageSummary } from '../../src/shared/types';
import type { FakeUsage } from '../mocks/types';
import { MODELS, startHarness, type Harness } from './helpers/app-harness';
import { adminFetch } from './helpers/routing-harness';

let h: Harness;
let aliceToken: string;

type Upstream = 'openai' | 'anthropic' | 'gemini';
interface Price { input: number; output: number; cached: number | null; provider: string; model: string }
const PRICES: Record<Upstream, Price> = {
  // gpt-fake is given a cached price below; gemini-fake has none (cached tokens cost the input price)
  openai: { input: 1, output: 2, cached: 0.25, provider: 'fo', model: MODELS.openai },
  anthropic: { input: 3, output: 15, cached: 0.3, provider: 'fa', model: MODELS.anthropic },
  gemini: { input: 0.5, output: 1.5, cached: null, provider: 'fg', model: MODELS.gemini },
};
const USAGE: Record<Upstream, FakeUsage> = {
  openai: { input: 1234, output: 56, cached: 1000 },
  anthropic: { input: 2000, output: 321, cached: 1500 },
  gemini: { input: 777, output: 88, cached: 100 },
};

function expectedCost(up: Upstream): number {
  const p = PRICES[up];
  const u = USAGE[up];
  const cached = p.cached === null ? 0 : u.cached ?? 0;
  return ((u.input - cached) * p.input + cached * (p.cached ?? 0) + u.output * p.output) / 1e6;
}

interface Expected { id: string; user: string; up: Upstream; input: number; output: number; cost: number }
const ledger: Expected[] = [];

function note(id: string | null, user: string, up: Upstream): void {
  expect(id).toMatch(/^sbr_/);
  ledger.push({ id: id!, user, up, input: USAGE[up].input, output: USAGE[up].output, cost: expectedCost(up) });
}

async function viaOpenAI(token: string, user: string, up: Upstream, stream: boolean): Promise<void> {
  const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: token, maxRetries: 0 });
  const messages = [{ role: 'user' as const, content: 'hi' }];
  if (!stream) {
    const { data, response } = await client.chat.completions.create({ model: PRICES[up].model, messages }).withResponse();
    expect(data.usage).toMatchObject({ prompt_tokens: USAGE[up].input, completion_tokens: USAGE[up].output });
    return note(response.headers.get('x-switchboard-request-id'), user, up);
  }
  // no include_usage: the client does not ask for usage, the proxy must still learn it
  const { data, response } = await client.chat.completions.create({ model: PRICES[up].model, messages, stream: true }).withResponse();
  let text = '';
  for await (const chunk of data) text += chunk.choices[0]?.delta?.content ?? '';
  expect(text.length).toBeGreaterThan(0);
  note(response.headers.get('x-switchboard-request-id'), user, up);
}

async function viaAnthropic(token: string, user: string, up: Upstream, stream: boolean): Promise<void> {
  const client = new Anthropic({ baseURL: h.url, apiKey: token, maxRetries: 0 });
  const params = { model: PRICES[up].model, max_tokens: 256, messages: [{ role: 'user' as const, content: 'hi' }] };
  if (!stream) {
    const { response } = await client.messages.create(params).withResponse();
    return note(response.headers.get('x-switchboard-request-id'), user, up);
  }
  const { data, response } = await client.messages.create({ ...params, stream: true }).withResponse();
  let events = 0;
  for await (const _e of data) events++;
  expect(events).toBeGreaterThan(2);
  note(response.headers.get('x-switchboard-request-id'), user, up);
}

beforeAll(async () => {
  h = await startHarness();
  await h.app.service.updateModel({ id: MODELS.openai, patch: { cached_input_cost_per_1m: 0.25 } });
  for (const up of ['openai', 'anthropic', 'gemini'] as const) h[up].options.usage = USAGE[up];
  aliceToken = (await h.app.service.createUser({ id: 'alice', name: 'Alice' })).token;

  for (const up of ['openai', 'anthropic', 'gemini'] as const) {
    for (const stream of [false, true]) {
      await viaOpenAI(h.token, 'default', up, stream);
      await viaAnthropic(h.token, 'default', up, stream);
      await viaAnthropic(aliceToken, 'alice', up, stream);
    }
  }
  // a few at once, as a busy client sends them
  await Promise.all([
    viaOpenAI(aliceToken, 'alice', 'gemini', true),
    viaOpenAI(aliceToken, 'alice', 'anthropic', false),
    viaOpenAI(h.token, 'default', 'openai', true),
  ]);
});
afterAll(async () => { await h?.close(); });

const sum = (xs: Expected[]) => ({
  requests: xs.length,
  input_tokens: xs.reduce((n, x) => n + x.input, 0),
  output_tokens: xs.reduce((n, x) => n + x.output, 0),
  cost_usd: xs.reduce((n, x) => n + x.cost, 0),
});

function expectBreakdown(actual: { requests: number; input_tokens: number; output_tokens: number; cost_usd: number | null } | undefined, xs: Expected[]): void {
  const want = sum(xs);
  expect(actual).toBeDefined();
  expect({ requests: actual!.requests, input_tokens: actual!.input_tokens, output_tokens: actual!.output_tokens }).toEqual(
    { requests: want.requests, input_tokens: want.input_tokens, output_tokens: want.output_tokens },
  );
  expect(Math.abs((actual!.cost_usd ?? NaN) - want.cost_usd)).toBeLessThan(1e-9);
}

/** CSV (RFC 4180, no embedded newlines in our rows) -> records by header. */
function parseCsv(text: string): Record<string, string>[] {
  const lines = text.trimEnd().split('\n');
  const split = (line: string) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, '').replace(/^"|"$/g, '').replaceAll('""', '"')).slice(0, -1);
  const header = split(lines[0]!);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [header[i]!, v])));
}

describe('usage totals and breakdowns', () => {
  it('are exact once every request is recorded', async () => {
    // a usage read flushes the recorder's queue, so what may lag is only the recording of a request whose
    // client already has the whole answer; the test waits for it (15 s at most: a stuck run), never times it
    const until = Date.now() + 15_000;
    let u: UsageSummary;
    for (;;) {
      const res = await adminFetch(h.app, 'GET', '/api/v1/llm/usage?days=2');
      expect(res.status).toBe(200);
      u = res.json;
      if (u.total_requests === ledger.length || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(ledger).toHaveLength(21);
    const all = sum(ledger);
    expect(u.total_requests).toBe(all.requests);
    expect(u.total_input_tokens).toBe(all.input_tokens);
    expect(u.total_output_tokens).toBe(all.output_tokens);
    expect(Math.abs((u.total_cost_usd ?? NaN) - all.cost_usd)).toBeLessThan(1e-9);

    expect(u.by_provider).toHaveLength(3);
    expect(u.by_model).toHaveLength(3);
    for (const up of ['openai', 'anthropic', 'gemini'] as const) {
      const xs = ledger.filter((x) => x.up === up);
      expectBreakdown(u.by_provider.find((b) => b.provider === PRICES[up].provider), xs);
      expectBreakdown(u.by_model.find((b) => b.model === PRICES[up].model), xs);
    }
    expect(u.by_user.map((b) => b.user_id).sort()).toEqual(['alice', 'default']);
    for (const user of ['alice', 'default']) expectBreakdown(u.by_user.find((b) => b.user_id === user), ledger.filter((x) => x.user === user));

    const today = new Date().toISOString().slice(0, 10);
    expect(u.by_day).toHaveLength(2);
    expect(u.by_day.at(-1)!.day).toBe(today);
    const active = u.by_day.filter((d) => d.requests > 0);
    const daySum = active.reduce((a, d) => ({ requests: a.requests + d.requests, input_tokens: a.input_tokens + d.input_tokens, output_tokens: a.output_tokens + d.output_tokens, cost_usd: a.cost_usd + (d.cost_usd ?? NaN) }), { requests: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 });
    expectBreakdown(daySum, ledger);
  });

  it('the CSV export has one exact line per request', async () => {
    const res = await adminFetch(h.app, 'GET', '/api/v1/llm/usage/export?days=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parseCsv(res.text);
    expect(rows).toHaveLength(ledger.length);
    const byId = new Map(rows.map((r) => [r.request_id, r]));
    for (const x of ledger) {
      const r = byId.get(x.id);
      expect(r, x.id).toBeDefined();
      expect(r!.user_id).toBe(x.user);
      expect(r!.model_id).toBe(PRICES[x.up].model);
      expect(r!.provider_id).toBe(PRICES[x.up].provider);
      expect(Number(r!.input_tokens)).toBe(x.input);
      expect(Number(r!.output_tokens)).toBe(x.output);
      expect(Math.abs(Number(r!.cost_usd) - x.cost)).toBeLessThan(1e-9);
      expect(r!.estimated).toBe('false');
      expect(r!.status).toBe('200');
      expect(r!.error_kind).toBe('');
    }
    // cached tokens are recorded, and priced at the cached price where the model has one
    const claude = rows.find((r) => r.model_id === MODELS.anthropic)!;
    expect(Number(claude.cached_input_tokens)).toBe(1500);
    expect(Number(claude.cost_usd)).toBeCloseTo((500 * 3 + 1500 * 0.3 + 321 * 15) / 1e6, 12);
    const gpt = rows.find((r) => r.model_id === MODELS.openai)!;
    expect(Number(gpt.cached_input_tokens)).toBe(1000);
    expect(Number(gpt.cost_usd)).toBeCloseTo((234 * 1 + 1000 * 0.25 + 56 * 2) / 1e6, 12);
    expect(rows.filter((r) => r.stream === 'true')).toHaveLength(ledger.length - 9 - 1);
  });
});

describe('a stream whose upstream reports no usage', () => {
  it.each(['openai', 'anthropic', 'gemini'] as const)('through %s: estimated tokens, marked estimated, never zero cost', async (up) => {
    h[up].faults.push({ kind: 'no-usage' });
    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
    const long = 'Tell me a long story about a lighthouse keeper and the sea. '.repeat(20);
    const { data, response } = await client.chat.completions.create({
      model: PRICES[up].model, messages: [{ role: 'user', content: long }], stream: true, stream_options: { include_usage: true },
    }).withResponse();
    let text = '';
    let seen: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of data) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) seen = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    const id = response.headers.get('x-switchboard-request-id');

    const csv = await adminFetch(h.app, 'GET', '/api/v1/llm/usage/export?days=1');
    const row = parseCsv(csv.text).find((r) => r.request_id === id)!;
    expect(row).toBeDefined();
    expect(row.estimated).toBe('true');
    expect(row.status).toBe('200');
    const input = Number(row.input_tokens);
    const output = Number(row.output_tokens);
    expect(input).toBeGreaterThan(100); // ~20 x 13 words
    expect(output).toBeGreaterThan(0);
    // a translated stream ends with the proxy's counts, the row's (a forwarded one is the provider's own: none)
    if (up !== 'openai') expect(seen).toMatchObject({ prompt_tokens: input, completion_tokens: output });
    const p = PRICES[up];
    expect(Number(row.cost_usd)).toBeGreaterThan(0);
    expect(Math.abs(Number(row.cost_usd) - (input * p.input + output * p.output) / 1e6)).toBeLessThan(1e-9);
  });

  it('non-streamed too', async () => {
    h.openai.faults.push({ kind: 'no-usage' });
    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
    const { response } = await client.chat.completions.create({ model: MODELS.openai, messages: [{ role: 'user', content: 'hi there' }] }).withResponse();
    const id = response.headers.get('x-switchboard-request-id');
    const row = parseCsv((await adminFetch(h.app, 'GET', '/api/v1/llm/usage/export?days=1')).text).find((r) => r.request_id === id)!;
    expect(row.estimated).toBe('true');
    expect(Number(row.input_tokens)).toBeGreaterThan(0);
    expect(Number(row.cost_usd)).toBeGreaterThan(0);
  });
});
