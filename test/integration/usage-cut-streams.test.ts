// The output a stream is billed by when the provider's final usage never came: a stream that ended
// with usage null, or one cut short (the provider broke off). Real proxy, real SQLite, fake providers;
// the usage row read back through the CSV export.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { estimateOutputTokens } from '../../src/node/tokens';
import { splitText } from '../mocks/fake-pieces';
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
    expect(row).toMatchObject({ estimated: 'true', output_tokens: String(estimateOutputTokens(`**Thinking** it over${TEXT}`)) });
  });

  it('cut short by the provider: the deltas relayed before the cut (before: the first one only)', async () => {
    // the content events: output_item.added, content_part.added, then the deltas: 600 of them reach the client
    h.responses.faults.push({ kind: 'reset-mid-stream', afterChunks: 2 + 600 });
    const { row, sse } = await stream();
    expect(sse).not.toContain('response.completed');
    expect(row).toMatchObject({ estimated: 'true', output_tokens: String(estimateOutputTokens(PIECES.slice(0, 600).join(''))) });
  });
});
