// The token counts of requests an embeddings model cannot serve (Anthropic's messages.countTokens, OpenAI's
// responses.inputTokens.count) refuse one, as Anthropic and OpenAI refuse a model that cannot serve the request:
// the 400 /v1/messages and /v1/responses answer, in each API's own error shape. Gemini's countTokens counts for
// embedding models too, as Google's does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { MODELS, postJson, rawRequest, startHarness, type Harness } from './helpers/app-harness';

let h: Harness;
let anthropic: Anthropic;
let openai: OpenAI;
beforeAll(async () => {
  h = await startHarness();
  anthropic = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
  openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
  await h.app.service.updateRoutingRules({ aliases: { vectors: [MODELS.embed], mixed: [MODELS.embed, MODELS.anthropic] } });
});
afterAll(async () => { await h?.close(); });

const REFUSAL = `no model can serve this request (${MODELS.embed}: embeddings model)`;
const messages = [{ role: 'user' as const, content: 'hello there' }];

describe('Anthropic SDK: messages.countTokens', () => {
  it('refuses an embeddings model, by id, bare name or an alias of it alone, as /v1/messages does', async () => {
    const generated = await postJson(h, '/v1/messages', { model: MODELS.embed, messages, max_tokens: 16 });
    expect(generated.status).toBe(400);
    for (const model of [MODELS.embed, 'embed-fake', 'vectors']) {
      const err = await anthropic.messages.countTokens({ model, messages }).catch((e: unknown) => e);
      expect(err, model).toBeInstanceOf(Anthropic.BadRequestError);
      const body = (err as InstanceType<typeof Anthropic.BadRequestError>).error;
      expect(body, model).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: REFUSAL } });
      if (model === MODELS.embed) expect(body).toEqual(JSON.parse(generated.text));
    }
  });

  it('still counts for a chat model, an alias with one, and a power level', async () => {
    for (const model of [MODELS.anthropic, 'mixed', 'auto']) {
      expect((await anthropic.messages.countTokens({ model, messages })).input_tokens, model).toBeGreaterThan(0);
    }
  });
});

describe('OpenAI SDK: responses.inputTokens.count', () => {
  it('refuses an embeddings model as /v1/responses does, in OpenAI\'s error shape', async () => {
    const generated = await openai.responses.create({ model: MODELS.embed, input: 'hello there' }).catch((e: unknown) => e);
    expect(generated).toBeInstanceOf(OpenAI.BadRequestError);
    for (const model of [MODELS.embed, 'embed-fake', 'vectors']) {
      const err = await openai.responses.inputTokens.count({ model, input: 'hello there' }).catch((e: unknown) => e);
      expect(err, model).toBeInstanceOf(OpenAI.BadRequestError);
      const e = err as InstanceType<typeof OpenAI.BadRequestError>;
      expect(e.error, model).toEqual({ message: REFUSAL, type: 'invalid_request_error', param: null, code: 'model_not_supported' });
      expect(e.error).toEqual((generated as InstanceType<typeof OpenAI.BadRequestError>).error);
    }
  });

  it('still counts for a chat model, an alias with one, and no model (auto)', async () => {
    for (const model of [MODELS.openai, 'mixed', undefined]) {
      const counted = await openai.responses.inputTokens.count({ ...(model === undefined ? {} : { model }), input: 'hello there' });
      expect(counted.input_tokens, model).toBeGreaterThan(0);
    }
  });
});

describe('Gemini countTokens', () => {
  it('counts for an embedding model, as Google does', async () => {
    const res = await rawRequest(`${h.url}/v1beta/models/${MODELS.embed}:countTokens`, {
      headers: { 'content-type': 'application/json', 'x-goog-api-key': h.token },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hello there' }] }] }),
    });
    expect(res.status, res.text).toBe(200);
    expect(JSON.parse(res.text).totalTokens).toBeGreaterThan(0);
  });
});
