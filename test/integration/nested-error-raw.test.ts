// An OpenAI-compatible provider's error body whose metadata.raw (OpenRouter's place for the provider behind it)
// holds another such body, and so on, 2000 deep (134 KB): the proxy read raw within raw without end, overflowed the
// stack and answered the client its own 502 instead of the provider's 400. Now raw is read one level deep.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';

let h: Harness;
let upstream: RawUpstream;
const DEPTH = 2000;

beforeAll(async () => {
  h = await startHarness();
  upstream = await startRawUpstream((_raw, res) => {
    let body = '{"error":{"message":"innermost"}}';
    for (let i = 0; i < DEPTH; i++) body = `{"error":{"message":"Provider returned error","metadata":{"raw":${body}}}}`;
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(body);
  });
  await h.app.service.updateRoutingRules({ retries_per_model: 0 });
  await h.app.service.createProvider({ id: 'cx', name: 'custom', type: 'openai-compatible', base_url: `${upstream.origin}/v1`, api_key: 'sk-custom-0123456789abcdef0123' });
  await h.app.service.createModel({ provider_id: 'cx', model_name: 'm', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 100000, capabilities: ['chat'] });
});
afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

describe('an error body with raw nested in raw', () => {
  it('reaches an openai SDK client as the provider\'s 400, its first raw told', async () => {
    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
    const err = await client.chat.completions.create({ model: 'cx/m', messages: [{ role: 'user', content: 'hi' }] }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
    expect((err as InstanceType<typeof OpenAI.APIError>).message).toContain('Provider returned error (Provider returned error)');
    expect(h.logs.filter((l) => /RangeError|internal/i.test(l))).toEqual([]);
  });
});
