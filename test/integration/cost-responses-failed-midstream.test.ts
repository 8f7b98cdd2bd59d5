// A Responses stream that ends `response.failed` after its answer began, the failed response stating its usage:
// the row is billed those figures (900 in, its output no less than what was relayed), as a stream cut short from
// Anthropic (message_start) or Gemini (running usageMetadata) is. Before: the decoder read no usage from
// response.failed and the row was billed Switchboard's own estimate of the prompt. Forwarded (a Responses client)
// and translated (chat, Anthropic clients). Real proxy, real SQLite, a Responses upstream on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, postJson } from './helpers/app-harness';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';
import { usageRows } from './helpers/usage-csv';

let h: Harness;
let upstream: RawUpstream;

const sse = (data: { type: string }): string => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
const USAGE = { input_tokens: 900, output_tokens: 5, total_tokens: 905 };
/** 900 x $1.25 / M + 5 x $10 / M */
const COST = 0.001175;
// a prompt Switchboard's own estimate puts far above the 900 the provider counted
const PROMPT = 'lorem ipsum dolor sit amet '.repeat(2_000);

beforeAll(async () => {
  h = await startHarness();
  upstream = await startRawUpstream((_body, res) => {
    const response = { id: 'resp_1', object: 'response', model: 'gpt-x', output: [] };
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(
      sse({ type: 'response.created', response: { ...response, status: 'in_progress', usage: null } } as never)
      + sse({ type: 'response.output_item.added', output_index: 0, item: { id: 'msg_1', type: 'message', role: 'assistant', status: 'in_progress', content: [] } } as never)
      + sse({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Partial' } as never)
      + sse({ type: 'response.failed', response: { ...response, status: 'failed', error: { code: 'server_error', message: 'The model failed to generate a response.' }, usage: USAGE } } as never),
    );
  });
  await h.app.service.createProvider({ id: 'rf', name: 'rf', type: 'openai', base_url: `${upstream.origin}/v1`, api_key: 'sk-rf-0000000000000000000000' });
  await h.app.service.createModel({ provider_id: 'rf', model_name: 'gpt-x', api: 'responses', input_cost_per_1m: 1.25, output_cost_per_1m: 10, context_length: 400_000, capabilities: ['chat', 'tools'] });
  await h.app.service.updateRoutingRules({ cooldown_failures: 100 });
});

afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

const post = (path: string, body: unknown) => postJson(h, path, body);

describe('a Responses stream that failed mid-answer with its usage stated', () => {
  it.each([
    ['responses (forwarded)', '/v1/responses', { model: 'rf/gpt-x', input: PROMPT, stream: true, store: false }],
    ['chat (translated)', '/v1/chat/completions', { model: 'rf/gpt-x', stream: true, messages: [{ role: 'user', content: PROMPT }] }],
    ['anthropic (translated)', '/v1/messages', { model: 'rf/gpt-x', max_tokens: 50, stream: true, messages: [{ role: 'user', content: PROMPT }] }],
  ])('%s: the row is billed the stated usage, not the estimate', async (_name, path, body) => {
    const res = await post(path, body);
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain('Partial');
    const row = (await usageRows(h.app)).find((r) => r.request_id === res.headers.get('x-switchboard-request-id'))!;
    expect(row).toMatchObject({ model_id: 'rf/gpt-x', status: '200', input_tokens: '900', output_tokens: '5' });
    expect(row.error_kind).not.toBe('');
    expect(Number(row.cost_usd)).toBeCloseTo(COST, 9);
  });
});
