// A translated stream joins the deltas that arrive in one read of the upstream (core/stream-coalesce.ts):
// an upstream that sends its chunks in one write gives the client one text event, one that paces them
// gives one event a chunk. The text is the same either way.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';

const PIECES = ['Hel', 'lo', ' from', ' a', ' burst', '!'];
const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'burst', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const BODY = [
  chunk({ role: 'assistant', content: '' }),
  ...PIECES.map((p) => chunk({ content: p })),
  chunk({}, 'stop'),
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'burst', choices: [], usage: { prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 } })}\n\n`,
  'data: [DONE]\n\n',
];

let h: Harness;
let upstream: Server;
let paceMs = 0;

beforeAll(async () => {
  upstream = createServer(async (req, res) => {
    for await (const _ of req) { /* drain */ }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (paceMs === 0) res.end(BODY.join(''));
    else {
      for (const piece of BODY) {
        res.write(piece);
        await new Promise((r) => setTimeout(r, paceMs));
      }
      res.end();
    }
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  h = await startHarness();
  const port = (upstream.address() as AddressInfo).port;
  await h.app.service.createProvider({ id: 'burst', name: 'Burst', type: 'openai-compatible', base_url: `http://127.0.0.1:${port}/v1`, api_key: 'sk-burst' });
  await h.app.service.createModel({ provider_id: 'burst', model_name: 'burst', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 32000, capabilities: ['chat'] });
});
afterAll(async () => {
  await h?.close();
  await new Promise((r) => upstream?.close(r));
});

async function textEvents(): Promise<string[]> {
  const res = await fetch(`${h.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': h.token, 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'burst/burst', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
  });
  expect(res.status).toBe(200);
  const text = await res.text();
  expect(text).toContain('event: message_stop');
  return text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)))
    .filter((d) => d.type === 'content_block_delta' && d.delta.type === 'text_delta').map((d) => d.delta.text);
}

describe('a translated stream (OpenAI upstream, Anthropic client)', () => {
  it('gives the chunks that arrived together as one delta', async () => {
    paceMs = 0;
    expect(await textEvents()).toEqual([PIECES.join('')]);
  });

  it('gives paced chunks one delta each, as they come', async () => {
    paceMs = 30;
    expect(await textEvents()).toEqual(PIECES);
  });
});
