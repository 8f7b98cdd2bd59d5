// A translated request's max_tokens above what the routed model writes (its catalog
// max_output_tokens) reaches the provider lowered to that limit, in its format's own field: the real
// APIs answer 400 for more, and a 400 is the request's fault, never failed over. Claude Code asks
// 32,000 of whatever model serves it. A request in the provider's own format goes as sent (SPEC).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from './helpers/app-harness';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

let h: ResponsesHarness;
const CAP = 1000;

beforeAll(async () => {
  h = await startResponsesHarness();
  for (const m of await h.app.service.listModels({})) {
    if ([MODELS.openai, MODELS.anthropic, MODELS.gemini, RESPONSES_MODEL].includes(`${m.provider_id}/${m.model_name}`)) {
      await h.app.service.updateModel({ id: m.id, patch: { max_output_tokens: CAP } });
    }
  }
});

afterAll(async () => {
  await h?.close();
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<void> {
  const res = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.text()).toBe(200);
}

const anthropicAsk = (model: string, maxTokens: number) =>
  post('/v1/messages', { model, max_tokens: maxTokens, messages: [{ role: 'user', content: 'hi' }] }, { 'anthropic-version': '2023-06-01' });

describe('max_tokens above the model\'s output limit', () => {
  it('is lowered to it when translated, in the provider\'s own field', async () => {
    await anthropicAsk(MODELS.openai, 32_000);
    const sent = h.openai.requests.at(-1)!.body;
    expect(sent.max_tokens ?? sent.max_completion_tokens).toBe(CAP);
    await anthropicAsk(MODELS.gemini, 32_000);
    expect(h.gemini.requests.at(-1)!.body.generationConfig.maxOutputTokens).toBe(CAP);
    await anthropicAsk(RESPONSES_MODEL, 32_000);
    expect(h.responses.requests.at(-1)!.body.max_output_tokens).toBe(CAP);
    await post('/v1/chat/completions', { model: MODELS.anthropic, max_tokens: 32_000, messages: [{ role: 'user', content: 'hi' }] });
    expect(h.anthropic.requests.at(-1)!.body.max_tokens).toBe(CAP);
  });

  it('goes as sent when forwarded in the provider\'s own format', async () => {
    await anthropicAsk(MODELS.anthropic, 32_000);
    expect(h.anthropic.requests.at(-1)!.body.max_tokens).toBe(32_000);
    await post('/v1/chat/completions', { model: MODELS.openai, max_tokens: 32_000, messages: [{ role: 'user', content: 'hi' }] });
    expect(h.openai.requests.at(-1)!.body.max_tokens).toBe(32_000);
    await post('/v1/responses', { model: RESPONSES_MODEL, max_output_tokens: 32_000, input: 'hi' });
    expect(h.responses.requests.at(-1)!.body.max_output_tokens).toBe(32_000);
    await post(`/v1beta/models/${MODELS.gemini}:generateContent`, { contents: [{ role: 'user', parts: [{ text: 'hi' }] }], generationConfig: { maxOutputTokens: 32_000 } });
    expect(h.gemini.requests.at(-1)!.body.generationConfig.maxOutputTokens).toBe(32_000);
  });

  it('is left as asked when it fits', async () => {
    await anthropicAsk(MODELS.openai, 500);
    const sent = h.openai.requests.at(-1)!.body;
    expect(sent.max_tokens ?? sent.max_completion_tokens).toBe(500);
  });
});
