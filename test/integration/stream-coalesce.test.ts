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
/** paced: the upstream sends its next chunk only once the client has seen a delta for the last one */
let paced = false;
let seen: (() => void) | undefined;
const clientSaw = (): Promise<void> => new Promise((r) => { seen = r; });

beforeAll(async () => {
  upstream = createServer(async (req, res) => {
    for await (const _ of req) { /* drain */ }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (!paced) res.end(BODY.join(''));
    else {
      res.write(BODY[0]);
      for (const piece of BODY.slice(1, 1 + PIECES.length)) {
        const saw = clientSaw();
        res.write(piece);
        await saw;
      }
      res.end(BODY.slice(1 + PIECES.length).join(''));
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

/** The text deltas the client got, read as they arrive (each one lets a paced upstream go on). */
async function textEvents(): Promise<string[]> {
  const res = await fetch(`${h.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': h.token, 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'burst/burst', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
  });
  expect(res.status).toBe(200);
  const deltas: string[] = [];
  let buffered = '';
  let stopped = false;
  for await (const bytes of res.body!) {
    buffered += Buffer.from(bytes).toString('utf8');
    let end: number;
    while ((end = buffered.indexOf('\n\n')) !== -1) {
      const data = buffered.slice(0, end).split('\n').find((l) => l.startsWith('data: '));
      buffered = buffered.slice(end + 2);
      const d = data ? JSON.parse(data.slice(6)) : undefined;
      if (d?.type === 'content_block_delta' && d.delta.type === 'text_delta') {
        deltas.push(d.delta.text);
        seen?.();
      }
      if (d?.type === 'message_stop') stopped = true;
    }
  }
  expect(stopped).toBe(true);
  return deltas;
}

describe('a translated stream (OpenAI upstream, Anthropic client)', () => {
  it('gives the chunks that arrived together as one delta', async () => {
    paced = false;
    expect(await textEvents()).toEqual([PIECES.join('')]);
  });

  it('gives paced chunks one delta each, as they come', async () => {
    paced = true;
    expect(await textEvents()).toEqual(PIECES);
  });
});
