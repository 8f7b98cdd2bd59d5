// An Anthropic-format provider whose usage lacks a count, or gives one as a non-number (`usage: {}`, no
// input_tokens, "12"), is not billed 0: its row is Switchboard's estimate, marked estimated, whole and
// streamed, as the OpenAI and Gemini formats' are, and a translating client is shown the estimate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { authJson, httpRequest, usageRow } from './helpers/hardening-kit';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';

let h: Harness;
let upstream: RawUpstream;
const TEXT = 'Hello there, this is a reasonably long answer of many words.';
/** the usage the next answer carries (whole answers) or message_start carries (streams) */
let usage: unknown = {};

const ev = (type: string, body: Record<string, unknown>): string => `event: ${type}\ndata: ${JSON.stringify({ type, ...body })}\n\n`;

beforeAll(async () => {
  h = await startHarness();
  upstream = await startRawUpstream((body, res) => {
    const stream = (JSON.parse(body.toString()) as { stream?: boolean }).stream === true;
    const message = { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-x', stop_reason: null };
    if (!stream) {
      res.writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ...message, content: [{ type: 'text', text: TEXT }], stop_reason: 'end_turn', usage }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end([
      ev('message_start', { message: { ...message, content: [], usage } }),
      ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
      ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: TEXT } }),
      ev('content_block_stop', { index: 0 }),
      ev('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 13 } }),
      ev('message_stop', {}),
    ].join(''));
  });
  await h.app.service.createProvider({ id: 'hu', name: 'hu', type: 'anthropic', base_url: upstream.origin, api_key: 'sk-ant-hu-000000000000000000' });
  await h.app.service.createModel({ provider_id: 'hu', model_name: 'claude-x', input_cost_per_1m: 3, output_cost_per_1m: 15, context_length: 200_000 });
});
afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

const post = (path: string, body: unknown) => httpRequest(h.url, path, { method: 'POST', headers: authJson(h.token), body: JSON.stringify(body), timeoutMs: 30_000 });
const rowOf = (res: { headers: Record<string, unknown> }) => usageRow(h.dataDir, String(res.headers['x-switchboard-request-id']));

describe('an Anthropic usage that lacks a count', () => {
  it('is estimated, whole: the row marked so with the prompt counted, the chat client shown the estimate', async () => {
    for (const u of [{}, { output_tokens: 13 }, { input_tokens: '12', output_tokens: '7' }]) {
      usage = u;
      const chat = await post('/v1/chat/completions', { model: 'hu/claude-x', messages: [{ role: 'user', content: 'hi there, a prompt of some words' }] });
      expect(chat.status, chat.text).toBe(200);
      expect(chat.json.usage.prompt_tokens, JSON.stringify(u)).toBeGreaterThan(0);
      expect(chat.json.usage.completion_tokens).toBeGreaterThan(0);
      const row = await rowOf(chat);
      expect(row.estimated, JSON.stringify(u)).toBe(1);
      expect(row.input_tokens).toBeGreaterThan(0);
      expect(row.output_tokens).toBeGreaterThan(0);
      expect(row.cost_usd).toBeGreaterThan(0);
    }
  });

  it('is estimated, streamed: message_start with usage {}', async () => {
    usage = {};
    const res = await post('/v1/messages', { model: 'hu/claude-x', stream: true, max_tokens: 100, messages: [{ role: 'user', content: 'hi there, a prompt of some words' }] });
    expect(res.status, res.text).toBe(200);
    const row = await rowOf(res);
    expect(row.estimated).toBe(1);
    expect(row.input_tokens).toBeGreaterThan(0);
    expect(row.output_tokens).toBeGreaterThan(0);
  });

  it('a whole count of 0 is still believed', async () => {
    usage = { input_tokens: 0, output_tokens: 0 };
    const chat = await post('/v1/chat/completions', { model: 'hu/claude-x', messages: [{ role: 'user', content: 'hi' }] });
    const row = await rowOf(chat);
    expect(row).toMatchObject({ estimated: 0, input_tokens: 0, output_tokens: 0 });
  });
});
