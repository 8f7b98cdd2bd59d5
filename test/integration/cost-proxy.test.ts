// The cost a request is recorded with, end to end: real proxy, real SQLite, fake providers reporting
// Claude Code-style cache writes (5-minute and 1-hour), cache reads and an OpenRouter-style usage.cost.
// The usage row (read back through the CSV export) carries the cost to 1e-9 USD and how it was reached.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, startHarness, type Harness } from './helpers/app-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // a Claude Code turn: 3 fresh, 150k cache reads, 4k written for 5 minutes and 8k for an hour, 850 out
  h.anthropic.options.usage = { input: 162_003, output: 850, cached: 150_000, cacheWrite5m: 4_000, cacheWrite1h: 8_000 };
  // OpenRouter reports what it billed
  h.openai.options.usage = { input: 10_000, output: 500, cached: 8_000, cost: 0.0042 };
});
afterAll(async () => {
  await h?.close();
});

/** One CSV line's fields (RFC 4180 quotes; no line breaks in these fields). */
const fields = (line: string): string[] =>
  [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => (m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replaceAll('""', '"') : m[1]!));

/** The CSV export's rows, as objects keyed by the header. */
async function usageRows(): Promise<Record<string, string>[]> {
  const [head, ...lines] = (await h.app.service.exportUsageCsv({ days: 1 })).trim().split('\n');
  const cols = fields(head!);
  return lines.map((l) => Object.fromEntries(fields(l).map((v, i) => [cols[i], v])));
}

async function rowOf(requestId: string | null): Promise<Record<string, string>> {
  const row = (await usageRows()).find((r) => r.request_id === requestId);
  if (!row) throw new Error(`no usage row for ${requestId}`);
  return row;
}

async function viaAnthropic(stream: boolean): Promise<string | null> {
  const client = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
  const body = { model: MODELS.anthropic, max_tokens: 100, messages: [{ role: 'user' as const, content: 'hi' }] };
  if (!stream) return (await client.messages.create(body).withResponse()).response.headers.get('x-switchboard-request-id');
  const { data, response } = await client.messages.create({ ...body, stream: true }).withResponse();
  for await (const _ of data) { /* drain */ }
  return response.headers.get('x-switchboard-request-id');
}

const usd = (v: string | undefined) => Number(v);

describe('Anthropic cache writes', () => {
  it('without published write prices, bills them at the input rate and says so', async () => {
    const row = await rowOf(await viaAnthropic(false));
    // 3 x $3 + 150,000 x $0.30 + 12,000 x $3 + 850 x $15
    expect(Math.abs(usd(row.cost_usd) - 0.093759)).toBeLessThan(1e-9);
    expect(row).toMatchObject({ price_unknown: 'false', price_basis: 'cache_write_at_input_rate', cache_write_1h_input_tokens: '8000' });
  });

  it.each([false, true])('with 5m and 1h prices, to Anthropic billing rules (stream: %s)', async (stream) => {
    await h.app.service.updateModel({ id: MODELS.anthropic, patch: { cache_write_5m_cost_per_1m: 3.75, cache_write_1h_cost_per_1m: 6 } });
    const row = await rowOf(await viaAnthropic(stream));
    // 3 x $3 + 150,000 x $0.30 + 4,000 x $3.75 + 8,000 x $6 + 850 x $15
    expect(Math.abs(usd(row.cost_usd) - 0.120759)).toBeLessThan(1e-9);
    expect(row).toMatchObject({
      input_tokens: '162003', cached_input_tokens: '150000', cache_creation_input_tokens: '12000', cache_write_1h_input_tokens: '8000',
      output_tokens: '850', price_basis: '', stream: String(stream),
    });
  });
});

describe('a provider-reported cost', () => {
  it.each([false, true])('wins over the catalog, and the drift is kept (stream: %s)', async (stream) => {
    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
    const body = { model: MODELS.openai, messages: [{ role: 'user' as const, content: 'hi' }] };
    let id: string | null;
    if (stream) {
      const { data, response } = await client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }).withResponse();
      for await (const _ of data) { /* drain */ }
      id = response.headers.get('x-switchboard-request-id');
    } else {
      id = (await client.chat.completions.create(body).withResponse()).response.headers.get('x-switchboard-request-id');
    }
    const row = await rowOf(id);
    // the catalog: gpt-fake has no cached price, so 10,000 x $1 + 500 x $2 = $0.011
    expect(usd(row.cost_usd)).toBe(0.0042);
    expect(usd(row.provider_cost_usd)).toBe(0.0042);
    expect(Math.abs(usd(row.cost_drift_usd) - (0.0042 - 0.011))).toBeLessThan(1e-9);
    // the catalog's cache reads at the input price are the drift's estimate, not how the cost was reached
    expect(row.price_basis).toBe('provider_reported');
  });
});

describe('xAI reasoning tokens, counted outside completion_tokens', () => {
  it.each([false, true])('are billed as output and reach an Anthropic client as output_tokens (stream: %s)', async (stream) => {
    await h.app.service.createModel({
      provider_id: 'fo', model_name: 'grok-fake', input_cost_per_1m: 3, output_cost_per_1m: 15, cached_input_cost_per_1m: 0.75,
      context_length: 256000, capabilities: ['chat'],
    }).catch(() => undefined);
    const before = h.openai.options.usage;
    // a Grok reasoning answer: total 3108 = 2341 prompt + 31 completion + 736 reasoning
    h.openai.options.usage = { input: 2341, output: 31, cached: 448, reasoning: 736, reasoningApart: true };
    try {
      const client = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
      const body = { model: 'fo/grok-fake', max_tokens: 100, messages: [{ role: 'user' as const, content: 'hi' }] };
      let id: string | null;
      let outputTokens: number | undefined;
      if (stream) {
        const { data, response } = await client.messages.create({ ...body, stream: true }).withResponse();
        for await (const e of data) if (e.type === 'message_delta') outputTokens = e.usage.output_tokens;
        id = response.headers.get('x-switchboard-request-id');
      } else {
        const { data, response } = await client.messages.create(body).withResponse();
        outputTokens = data.usage.output_tokens;
        id = response.headers.get('x-switchboard-request-id');
      }
      expect(outputTokens).toBe(767);
      const row = await rowOf(id);
      expect(row).toMatchObject({ input_tokens: '2341', cached_input_tokens: '448', output_tokens: '767', reasoning_tokens: '736', estimated: 'false' });
      // 1,893 x $3 + 448 x $0.75 + 767 x $15 (before: 31 output tokens, $0.00648)
      expect(Math.abs(usd(row.cost_usd) - 0.01752)).toBeLessThan(1e-9);
    } finally {
      h.openai.options.usage = before;
    }
  });
});
