// A model whose name holds characters beyond Latin-1 (a vLLM `--served-model-name 通义千问-7b`) answers: its
// id goes out in x-switchboard-model percent-encoded (Node refuses the raw name in a header, after the provider
// was paid), the provider is sent the real name, and the request is recorded as served.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startHarness, type Harness } from './helpers/app-harness';

const NAME = '通义千问-7b';
const ID = `fo/${NAME}`;
const SENT = `fo/${encodeURIComponent(NAME)}`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.app.service.createModel({
    provider_id: 'fo', model_name: NAME, input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 32000, capabilities: ['chat'],
  });
});
afterAll(async () => { await h?.close(); });

const call = (path: string, body?: unknown) => rawRequest(`${h.url}${path}`, {
  method: body === undefined ? 'GET' : 'POST',
  headers: { authorization: `Bearer ${h.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

const messages = [{ role: 'user', content: 'hi' }];

const answered = (res: Awaited<ReturnType<typeof call>>): void => {
  expect(res.status, res.text).toBe(200);
  expect(res.headers.get('x-switchboard-model')).toBe(SENT);
  expect(decodeURIComponent(res.headers.get('x-switchboard-model')!)).toBe(ID);
};

describe('a model named beyond Latin-1', () => {
  it('answers a chat completion whole, the provider called once with the real name', async () => {
    const before = h.openai.requests.length;
    const res = await call('/v1/chat/completions', { model: ID, messages });
    answered(res);
    expect(res.json.choices[0].message.content).toBeTruthy();
    expect(h.openai.requests.slice(before).map((r) => r.body?.model)).toEqual([NAME]);
    const row = (await h.app.service.listRequests({ limit: 1 })).requests[0]!;
    expect(row).toMatchObject({ status: 200, model_id: ID });
    expect(row.attempts.map((a) => a.error_kind)).toEqual([null]);
  });

  it('answers a chat completion streamed', async () => {
    const res = await call('/v1/chat/completions', { model: ID, messages, stream: true });
    answered(res);
    expect(res.text).toContain('data: [DONE]');
  });

  it('counts tokens for an Anthropic client', async () => {
    const res = await call('/v1/messages/count_tokens', { model: ID, messages });
    answered(res);
    expect(res.json.input_tokens).toBeGreaterThan(0);
  });

  it('counts tokens for a Responses client and a Gemini client', async () => {
    answered(await call('/v1/responses/input_tokens', { model: ID, input: 'hi' }));
    const gemini = await call(`/v1beta/models/fo/${encodeURIComponent(NAME)}:countTokens`, { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
    answered(gemini);
    expect(gemini.json.totalTokens).toBeGreaterThan(0);
  });

  it('answers a Responses create, and the GET of the stored response', async () => {
    const created = await call('/v1/responses', { model: ID, input: 'hi' });
    answered(created);
    const got = await call(`/v1/responses/${created.json.id}`);
    answered(got);
    expect(got.json.id).toBe(created.json.id);
  });
});
