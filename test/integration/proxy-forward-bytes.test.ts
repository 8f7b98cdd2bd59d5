// Same format in and out: what the proxy did not change reaches the provider as the client's own
// bytes (core/forward-body.ts), so nothing is lost to a parse and re-serialisation (a 20-digit seed,
// the client's escapes), and a body that is not valid UTF-8 still goes out as valid UTF-8.
import { isUtf8 } from 'node:buffer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REUSE_MIN_BYTES } from '../../src/core/forward-body';
import { rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';

let h: Harness;
let upstream: RawUpstream;
const received: Buffer[] = [];

const ANSWER = JSON.stringify({
  id: 'c1', object: 'chat.completion', created: 1, model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
});

beforeAll(async () => {
  h = await startHarness();
  upstream = await startRawUpstream((body, res) => {
    received.push(body);
    res.writeHead(200, { 'content-type': 'application/json' }).end(ANSWER);
  });
  await h.app.service.createProvider({ id: 'raw', name: 'Raw capture', type: 'openai-compatible', base_url: `${upstream.origin}/v1`, api_key: 'sk-raw-capture-0123456789' });
  await h.app.service.createModel({ provider_id: 'raw', model_name: 'm', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 128000, capabilities: ['chat'] });
});

afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

const send = (body: string | Uint8Array) => rawRequest(`${h.url}/v1/chat/completions`, {
  headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' }, body,
});

describe('a forwarded body', () => {
  it('keeps the client\'s bytes for every value it did not change', async () => {
    const messages = '[ {"role": "user", "content": "caf\\u00e9 \\"quoted\\"\\nnext line"} ]';
    // a body big enough for its bytes to be reused (smaller ones are serialised: cheaper)
    const res = await send(`{\n  "model": "raw/m",\n  "messages": ${messages},\n  "seed": 12345678901234567890,\n  "temperature": 0.50,\n  "metadata": {"pad": "${'p'.repeat(REUSE_MIN_BYTES)}"}\n}`);
    expect(res.status, res.text).toBe(200);
    const sent = received.at(-1)!.toString('utf8');
    expect(sent).toContain(`"messages":${messages}`);
    expect(sent).toContain('"seed":12345678901234567890');
    expect(sent).toContain('"temperature":0.50');
    expect(JSON.parse(sent)).toMatchObject({ model: 'm', messages: [{ role: 'user', content: 'café "quoted"\nnext line' }] });
  });

  it('goes out as valid UTF-8 when the client\'s was not', async () => {
    const head = Buffer.from(`{"model":"raw/m","metadata":{"pad":"${'p'.repeat(REUSE_MIN_BYTES)}"},"messages":[{"role":"user","content":"bad `);
    const res = await send(Buffer.concat([head, Buffer.from([0xff, 0xfe]), Buffer.from(' byte"}]}')]));
    expect(res.status, res.text).toBe(200);
    const sent = received.at(-1)!;
    expect(isUtf8(sent)).toBe(true);
    expect(JSON.parse(sent.toString('utf8')).messages[0].content).toBe('bad \ufffd\ufffd byte');
  });
});
