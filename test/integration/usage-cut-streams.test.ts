// The output a stream is billed by when the provider's final usage never came: a stream that ended
// with usage null, or one cut short (the provider broke off). Real proxy, real SQLite, fake providers;
// the usage row read back through the CSV export.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { estimateOutputTokens } from '../../src/node/tokens';
import OpenAI from 'openai';
import { splitText } from '../mocks/fake-pieces';
import { MODELS } from './helpers/app-harness';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';
import { usageRows, type UsageRow } from './helpers/usage-csv';

let h: ResponsesHarness;
beforeAll(async () => {
  h = await startResponsesHarness();
  await h.app.service.updateRoutingRules({ cooldown_failures: 100, retries_per_model: 0 });
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  for (const f of [h.openai, h.anthropic, h.gemini, h.responses]) {
    f.faults.length = 0;
    f.options.text = undefined;
    f.options.chunks = undefined;
    f.options.usage = undefined;
    f.options.runningUsage = undefined;
  }
});

const post = (path: string, body: unknown) => fetch(`${h.url}${path}`, {
  method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` }, body: JSON.stringify(body),
});

/** The usage row of a request, once it is written. */
async function rowOf(requestId: string | null): Promise<UsageRow> {
  for (let i = 0; i < 50; i++) {
    const row = (await usageRows(h.app)).find((r) => r.request_id === requestId);
    if (row) return row;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no usage row for ${requestId}`);
}

/** ~15 KB of answer in 1,000 deltas */
const TEXT = Array.from({ length: 1000 }, (_, i) => `word number ${i} `).join('');
const PIECES = splitText(TEXT, 1000);

describe('a Responses stream forwarded as is (Responses client, Responses provider), no usage reported', () => {
  async function stream(body: Record<string, unknown> = {}): Promise<{ row: UsageRow; sse: string }> {
    h.responses.options.text = TEXT;
    h.responses.options.chunks = PIECES.length;
    const res = await post('/v1/responses', { model: RESPONSES_MODEL, input: 'hi', stream: true, ...body });
    expect(res.status).toBe(200);
    const sse = await res.text();
    return { row: await rowOf(res.headers.get('x-switchboard-request-id')), sse };
  }

  it('ending with usage null: every delta measured (before: the first one only, 5 tokens)', async () => {
    h.responses.faults.push({ kind: 'no-usage' });
    const { row, sse } = await stream();
    expect(sse).toContain('response.completed');
    expect(row).toMatchObject({ estimated: 'true', output_tokens: String(estimateOutputTokens(TEXT)) });
  });

  it('a message after a reasoning summary, its deltas all forwarded undecoded: measured once, not twice', async () => {
    h.responses.faults.push({ kind: 'no-usage' });
    const { row } = await stream({ reasoning: { summary: 'auto' } });
    expect(row.estimated).toBe('true');
    // past the first 256 forwarded events the text is measured by its length (0b506d1): within a token or two of
    // the whole text's estimate, far from the double count this guards against (twice as much)
    const once = estimateOutputTokens(`**Thinking** it over${TEXT}`);
    expect(Math.abs(Number(row.output_tokens) - once)).toBeLessThanOrEqual(2);
  });

  it('cut short by the provider: the deltas relayed before the cut (before: the first one only)', async () => {
    // the content events: output_item.added, content_part.added, then the deltas: 600 of them reach the client
    h.responses.faults.push({ kind: 'reset-mid-stream', afterChunks: 2 + 600 });
    const { row, sse } = await stream();
    expect(sse).not.toContain('response.completed');
    expect(row).toMatchObject({ estimated: 'true', output_tokens: String(estimateOutputTokens(PIECES.slice(0, 600).join(''))) });
  });
});

describe('a Gemini stream cut short, after usageMetadata told the running totals', () => {
  async function cutChat(): Promise<UsageRow> {
    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
    const { data, response } = await client.chat.completions.create({ model: MODELS.gemini, stream: true, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    await expect((async () => { for await (const _ of data) { /* drain */ } })()).rejects.toThrow();
    return rowOf(response.headers.get('x-switchboard-request-id'));
  }

  it('bills the output and thoughts Gemini counted so far, not only the relayed text (before: a few tokens, no reasoning)', async () => {
    // 2 chunks relayed, each saying 1,000 prompt tokens, 40 of answer and 300 of thinking so far
    h.gemini.options.runningUsage = { input: 1000, output: 340, reasoning: 300 };
    h.gemini.faults.push({ kind: 'reset-mid-stream', afterChunks: 2 });
    const row = await cutChat();
    expect(row).toMatchObject({ input_tokens: '1000', output_tokens: '340', reasoning_tokens: '300', estimated: 'true', error_kind: 'stream' });
    // 1,000 x $0.50 + 340 x $1.50
    expect(Math.abs(Number(row.cost_usd) - 0.00101)).toBeLessThan(1e-9);
  });

  it('bills the relayed text where it is more than the running count (which lags a chunk)', async () => {
    h.gemini.options.text = TEXT;
    h.gemini.options.chunks = 10;
    h.gemini.options.runningUsage = { input: 1000, output: 1 };
    h.gemini.faults.push({ kind: 'reset-mid-stream', afterChunks: 4 });
    const row = await cutChat();
    expect(row).toMatchObject({ input_tokens: '1000', output_tokens: String(estimateOutputTokens(splitText(TEXT, 10).slice(0, 4).join(''))), estimated: 'true' });
  });
});
