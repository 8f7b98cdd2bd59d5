// A translated request's max_tokens above what the routed model writes (its catalog
// max_output_tokens) reaches the provider lowered to that limit, in its format's own field: the real
// APIs answer 400 for more, and a 400 is the request's fault, never failed over. Claude Code asks
// 32,000 of whatever model serves it. A request in the provider's own format is lowered the same way
// when routing chose the model (a level, an alias, a fallback); to the model the client named it goes
// as sent (SPEC).
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

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const res = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return res;
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

  it('is lowered when forwarded to a model routing chose, and named changed in x-switchboard-dropped', async () => {
    const rules = await h.app.service.getRoutingRules(undefined);
    await h.app.service.updateRoutingRules({
      aliases: { ...rules.aliases, 'cap-o': [MODELS.openai], 'cap-a': [MODELS.anthropic], 'cap-r': [RESPONSES_MODEL], 'cap-g': [MODELS.gemini] },
    });
    let res = await post('/v1/chat/completions', { model: 'cap-o', max_completion_tokens: 32_000, messages: [{ role: 'user', content: 'hi' }] });
    const sent = h.openai.requests.at(-1)!.body;
    expect(sent.max_tokens ?? sent.max_completion_tokens).toBe(CAP);
    expect(res.headers.get('x-switchboard-dropped')).toBe('max_completion_tokens');
    res = await post('/v1/messages', { model: 'cap-a', max_tokens: 32_000, messages: [{ role: 'user', content: 'hi' }] }, { 'anthropic-version': '2023-06-01' });
    expect(h.anthropic.requests.at(-1)!.body.max_tokens).toBe(CAP);
    expect(res.headers.get('x-switchboard-dropped')).toBe('max_tokens');
    res = await post('/v1/responses', { model: 'cap-r', max_output_tokens: 32_000, input: 'hi' });
    expect(h.responses.requests.at(-1)!.body.max_output_tokens).toBe(CAP);
    expect(res.headers.get('x-switchboard-dropped')).toBe('max_output_tokens');
    res = await post('/v1beta/models/cap-g:generateContent', { contents: [{ role: 'user', parts: [{ text: 'hi' }] }], generationConfig: { maxOutputTokens: 32_000, temperature: 0.5 } });
    expect(h.gemini.requests.at(-1)!.body.generationConfig).toEqual({ maxOutputTokens: CAP, temperature: 0.5 });
    expect(res.headers.get('x-switchboard-dropped')).toBe('maxOutputTokens');
  });

  it('is lowered for the fallback of a model the client named', async () => {
    const rules = await h.app.service.getRoutingRules(undefined);
    await h.app.service.updateRoutingRules({ fallbacks: { ...rules.fallbacks, [MODELS.openai]: [RESPONSES_MODEL] } });
    try {
      const before = h.openai.requests.length;
      h.openai.faults.push({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
      const res = await post('/v1/responses', { model: MODELS.openai, max_output_tokens: 32_000, input: 'hi' });
      expect(res.headers.get('x-switchboard-model')).toBe(RESPONSES_MODEL);
      expect(h.openai.requests.length).toBeGreaterThan(before);
      expect(h.responses.requests.at(-1)!.body.max_output_tokens).toBe(CAP);
    } finally {
      h.openai.faults.length = 0;
      await h.app.service.updateRoutingRules({ fallbacks: rules.fallbacks });
    }
  });

  it('is left as asked when it fits', async () => {
    await anthropicAsk(MODELS.openai, 500);
    const sent = h.openai.requests.at(-1)!.body;
    expect(sent.max_tokens ?? sent.max_completion_tokens).toBe(500);
  });
});
