// Some OpenAI-compatible servers state their usage on every chunk of a stream, not once at its end. A stream
// cut short (the provider broke off, or the client left) then carries the figures stated so far, not final
// ones: it is billed them with its output never less than the estimate of the text relayed, and marked
// estimated (before: the last chunk's usage was taken as final, output 0 though text had gone out, and the row
// was not marked estimated). Real proxy, real SQLite; the provider is a small server of this file's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { usageRows, type UsageRow } from './helpers/usage-csv';
import { modelOf, startRawUpstream, type RawUpstream } from './helpers/raw-upstream';

let h: Harness;
let upstream: RawUpstream;

const chunk = (delta: Record<string, unknown>): string => `data: ${JSON.stringify({
  id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }],
  // the running figures, on every chunk: the prompt, and no output counted yet
  usage: { prompt_tokens: 10_000, completion_tokens: 0, total_tokens: 10_000 },
})}\n\n`;

/** 20 chunks of text: about 40 tokens relayed */
const WORDS = Array.from({ length: 20 }, (_, i) => `word${i} `);

beforeAll(async () => {
  h = await startHarness();
  upstream = await startRawUpstream((body, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(chunk({ role: 'assistant', content: '' }) + WORDS.map((w) => chunk({ content: w })).join(''));
    // `breaks`: the connection drops after the text; `hangs`: nothing more (the client leaves)
    if (modelOf(body) === 'breaks') setTimeout(() => res.destroy(), 50);
  });
  const s = h.app.service;
  await s.createProvider({ id: 'ev', name: 'Every chunk', type: 'openai-compatible', base_url: `${upstream.origin}/v1`, api_key: 'sk-ev-0123456789abcdef' });
  for (const name of ['breaks', 'hangs']) {
    await s.createModel({ provider_id: 'ev', model_name: name, input_cost_per_1m: 2, output_cost_per_1m: 4, context_length: 128000, capabilities: ['chat'] });
  }
  await s.updateRoutingRules({ retries_per_model: 0 });
});

afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

async function rowOf(id: string | null): Promise<UsageRow> {
  for (let i = 0; i < 100; i++) {
    const row = (await usageRows(h.app)).find((r) => r.request_id === id);
    if (row) return row;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no usage row for ${id}`);
}

/** Streams from ev/<model>; `leave`: the client goes once it has read every word. */
async function streamFrom(model: string, leave: boolean): Promise<UsageRow> {
  const ac = new AbortController();
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST', signal: ac.signal,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
    body: JSON.stringify({ model: `ev/${model}`, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] }),
  });
  expect(res.status).toBe(200);
  const id = res.headers.get('x-switchboard-request-id');
  const reader = res.body!.getReader();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
    if (leave && text.includes('word19')) {
      ac.abort();
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  return rowOf(id);
}

describe('an OpenAI-format stream stating usage on every chunk, cut short', () => {
  it.each([
    ['the provider breaks off', 'breaks', false, 'stream'],
    ['the client leaves', 'hangs', true, 'client_closed'],
  ] as const)('%s: the stated prompt, output no less than the text relayed, estimated', async (_what, model, leave, kind) => {
    const row = await streamFrom(model, leave);
    expect(row).toMatchObject({ input_tokens: '10000', estimated: 'true', error_kind: kind });
    const output = Number(row.output_tokens);
    expect(output).toBeGreaterThanOrEqual(20);
    expect(Number(row.cost_usd)).toBeCloseTo((10_000 * 2 + output * 4) / 1e6, 12);
  });
});
