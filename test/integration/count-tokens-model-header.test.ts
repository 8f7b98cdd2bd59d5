// The three token counts (Anthropic count_tokens, Gemini countTokens, Responses input_tokens) carry
// x-switchboard-model as every response does: the model a generate request of the same body goes to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const post = (path: string, body: unknown, auth: Record<string, string>) =>
  rawRequest(`${h.url}${path}`, { headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });

interface Api { count: (model: string) => Promise<Awaited<ReturnType<typeof post>>>; generate: (model: string) => Promise<Awaited<ReturnType<typeof post>>> }

const bearer = () => ({ authorization: `Bearer ${h.token}` });
const messages = [{ role: 'user', content: 'hi' }];
const contents = [{ role: 'user', parts: [{ text: 'hi' }] }];

const apis: [string, Api][] = [
  ['POST /v1/messages/count_tokens', {
    count: (model) => post('/v1/messages/count_tokens', { model, messages }, bearer()),
    generate: (model) => post('/v1/messages', { model, messages, max_tokens: 64 }, bearer()),
  }],
  ['POST /v1beta/models/{m}:countTokens', {
    count: (model) => post(`/v1beta/models/${model}:countTokens`, { contents }, { 'x-goog-api-key': h.token }),
    generate: (model) => post(`/v1beta/models/${model}:generateContent`, { contents }, { 'x-goog-api-key': h.token }),
  }],
  ['POST /v1/responses/input_tokens', {
    count: (model) => post('/v1/responses/input_tokens', { model, input: 'hi' }, bearer()),
    generate: (model) => post('/v1/responses', { model, input: 'hi' }, bearer()),
  }],
];

describe.each(apis)('%s', (_name, api) => {
  it('names the model a model id or bare id resolves to', async () => {
    for (const [sent, expected] of [[MODELS.anthropic, MODELS.anthropic], [MODELS.gemini, MODELS.gemini], ['gpt-fake', MODELS.openai]]) {
      const res = await api.count(sent!);
      expect(res.status, res.text).toBe(200);
      expect(res.headers.get('x-switchboard-model'), sent).toBe(expected);
      expect(res.headers.get('x-switchboard-request-id')).toBeTruthy();
    }
  });

  it('names, for a power level, the model a generate request of it is served by', async () => {
    for (const level of ['auto', 'eco', 'precision']) {
      const served = (await api.generate(level)).headers.get('x-switchboard-model');
      expect(served, level).toMatch(/^f[oag]\//);
      expect((await api.count(level)).headers.get('x-switchboard-model'), level).toBe(served);
    }
  });

  it('an unknown model is still a 404 with no model named', async () => {
    const res = await api.count('nope/missing');
    expect(res.status).toBe(404);
    expect(res.headers.get('x-switchboard-model')).toBeNull();
  });
});

describe('a count routing would refuse to serve', () => {
  it('a spent budget still gets its count: for the model named, none for a power level', async () => {
    const { token } = await h.app.service.createUser({ id: 'broke', name: 'Broke', credit_balance_usd: 0 });
    const auth = { authorization: `Bearer ${token}` };
    expect((await post('/v1/messages', { model: MODELS.anthropic, messages, max_tokens: 64 }, auth)).status).toBe(402);
    const named = await post('/v1/messages/count_tokens', { model: MODELS.anthropic, messages }, auth);
    expect(named.status, named.text).toBe(200);
    expect(named.headers.get('x-switchboard-model')).toBe(MODELS.anthropic);
    const level = await post('/v1/messages/count_tokens', { model: 'auto', messages }, auth);
    expect(level.status, level.text).toBe(200);
    expect(level.headers.get('x-switchboard-model')).toBeNull();
  });
});
