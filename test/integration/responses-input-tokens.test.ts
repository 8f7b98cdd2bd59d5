// POST /v1/responses/input_tokens (the openai SDK's responses.inputTokens.count): Switchboard's own
// estimate of the request's input tokens, a conversation kept here counted whole; OpenAI's error shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { MODELS, rawRequest } from './helpers/app-harness';
import { httpRequest } from './helpers/hardening-kit';
import { RESPONSES_MODEL, startTwoProfileHarness, type ResponsesHarness } from './helpers/responses-harness';

let h: ResponsesHarness, client: OpenAI, other: OpenAI;
beforeAll(async () => { ({ h, client, other } = await startTwoProfileHarness()); });
afterAll(async () => { await h?.close(); });

const LONG = 'The quick brown fox jumps over the lazy dog. '.repeat(50);
const post = (body: string, headers: Record<string, string> = { authorization: `Bearer ${h.token}` }) =>
  rawRequest(`${h.url}/v1/responses/input_tokens`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('responses.inputTokens.count', () => {
  it('answers the estimate, growing with the input, instructions and tools; sends nothing upstream', async () => {
    const upstream = () => h.openai.requests.length + h.anthropic.requests.length + h.gemini.requests.length + h.responses.requests.length;
    const before = upstream();
    const short = await client.responses.inputTokens.count({ model: MODELS.anthropic, input: 'hello' });
    expect(short).toEqual({ object: 'response.input_tokens', input_tokens: expect.any(Number) });
    expect(short.input_tokens).toBeGreaterThan(0);
    const long = await client.responses.inputTokens.count({ model: RESPONSES_MODEL, input: LONG });
    // 10 tokens a sentence in o200k_base: the count is the text's, not a byte guess
    expect(long.input_tokens).toBeGreaterThanOrEqual(500);
    expect(long.input_tokens).toBeLessThan(560);
    const more = await client.responses.inputTokens.count({
      model: 'auto', input: LONG, instructions: 'You are terse.',
      tools: [{ type: 'function', name: 'get_weather', strict: false, parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
    });
    expect(more.input_tokens).toBeGreaterThan(long.input_tokens + 5);
    // model is optional (the SDK may send none): counted as for auto
    expect((await client.responses.inputTokens.count({ input: LONG })).input_tokens).toBe(long.input_tokens);
    expect(upstream()).toBe(before);
  });

  it('counts a conversation continued from a response kept here whole, as it would be sent', async () => {
    const t1 = await client.responses.create({ model: MODELS.anthropic, input: LONG });
    const alone = await client.responses.inputTokens.count({ model: MODELS.anthropic, input: 'What did I say?' });
    const continued = await client.responses.inputTokens.count({ model: MODELS.anthropic, previous_response_id: t1.id, input: 'What did I say?' });
    expect(continued.input_tokens).toBeGreaterThan(alone.input_tokens + 500);
    // another profile's response is not there to continue
    const err = await other.responses.inputTokens.count({ model: MODELS.anthropic, previous_response_id: t1.id, input: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('previous_response_not_found');
  });

  it('refuses an unknown model 404, a bad body 400, a missing token 401 and a foreign Host 403, in OpenAI\'s error shape', async () => {
    const unknown = await client.responses.inputTokens.count({ model: 'nope/missing', input: 'x' }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect((unknown as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
    for (const body of ['{"model":"auto","input":5}', '{"model":5,"input":"x"}', '{"model":"auto","input":"x","previous_response_id":7}', '[1]', '{not json']) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(res.json.error, body).toMatchObject({ type: 'invalid_request_error', message: expect.any(String) });
    }
    const anon = await post('{"model":"auto","input":"x"}', {});
    expect(anon.status).toBe(401);
    expect(anon.json.error.type).toBe('authentication_error');
    const rebound = await httpRequest(h.url, '/v1/responses/input_tokens', {
      method: 'POST', headers: { host: 'evil.example', authorization: `Bearer ${h.token}`, 'content-type': 'application/json' }, body: '{"model":"auto","input":"x"}',
    });
    expect(rebound.status).toBe(403);
    expect(rebound.json.error).toMatchObject({ message: expect.any(String) });
  });
});
