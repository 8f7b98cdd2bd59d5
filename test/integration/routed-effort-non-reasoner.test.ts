// A reasoning effort forwarded to a model routing chose that does not reason (a fallback, an alias): OpenAI
// refuses it from gpt-4o ("Unrecognized request argument supplied: reasoning_effort", and on the Responses API
// "Unsupported parameter: 'reasoning.effort'"), a 400 no other model is tried after, so a recoverable 500 of the
// model named ended as a client error. Such a model gets no effort, named; a model the client named gets the body as sent.
// Only on OpenAI's own API (providers oc and or): elsewhere (fo, fr: openai-compatible) a catalog's no is often a
// default for a model that reasons, and the effort goes as sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { KEYS } from './helpers/app-harness';
import { startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

let h: ResponsesHarness;
let openai: OpenAI;
beforeAll(async () => {
  h = await startResponsesHarness();
  h.openai.options.refuse = (body) => body.model === 'gpt-4o' && 'reasoning_effort' in body ? 'Unrecognized request argument supplied: reasoning_effort' : undefined;
  // the Responses fake refuses gpt-4o any reasoning object and encrypted reasoning in include (fake-responses-validate.ts)
  const s = h.app.service;
  await s.createProvider({ id: 'oc', name: 'OpenAI chat', type: 'openai', base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
  await s.createProvider({ id: 'or', name: 'OpenAI Responses', type: 'openai', base_url: h.responses.url, api_key: KEYS.openai, enabled: true });
  for (const [provider_id, model_name, reasoning, api] of [
    ['oc', 'gpt-5', true, 'chat'], ['oc', 'gpt-4o', false, 'chat'], ['or', 'gpt-5', true, 'responses'], ['or', 'gpt-4o', false, 'responses'],
    ['fo', 'qwen3-local', false, 'chat'], ['fr', 'qwen3-local', false, 'responses'],
  ] as const) {
    await s.createModel({
      provider_id, model_name, input_cost_per_1m: 2, output_cost_per_1m: 8, context_length: 128_000, quality: 70, api,
      capabilities: ['chat', 'tools', 'json', ...(reasoning ? ['reasoning' as const] : [])],
    });
  }
  // cooldown_failures high: the 500s of one test leave the model open for the next
  await s.updateRoutingRules({ retries_per_model: 0, cooldown_failures: 100, fallbacks: { 'oc/gpt-5': ['oc/gpt-4o'], 'or/gpt-5': ['or/gpt-4o'] } });
  openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

describe('a chat body with reasoning_effort', () => {
  it('reaches a fallback that does not reason without it, named, after the model named answered 500', async () => {
    h.openai.faults.push({ kind: 'status', status: 500 });
    const { data, response } = await openai.chat.completions.create({ model: 'oc/gpt-5', reasoning_effort: 'high', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(data.choices[0]!.message.content).toBe('Hello from the fake openai provider!');
    const [first, second] = h.openai.requests.slice(-2).map((r) => r.body);
    expect(first).toMatchObject({ model: 'gpt-5', reasoning_effort: 'high' });
    expect(second.model).toBe('gpt-4o');
    expect(second).not.toHaveProperty('reasoning_effort');
    expect(response.headers.get('x-switchboard-dropped')).toBe('reasoning_effort');
  });

  it('reaches an alias of a model that does not reason without it, and the model named as sent', async () => {
    await h.app.service.updateRoutingRules({ aliases: { plain: ['oc/gpt-4o'] } });
    try {
      const { response } = await openai.chat.completions.create({ model: 'plain', reasoning_effort: 'low', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
      expect(h.openai.requests.at(-1)!.body).not.toHaveProperty('reasoning_effort');
      expect(response.headers.get('x-switchboard-dropped')).toBe('reasoning_effort');
    } finally {
      await h.app.service.updateRoutingRules({ aliases: {} });
    }
    // the client's own choice of model: forwarded as sent (and refused as OpenAI refuses it)
    await expect(openai.chat.completions.create({ model: 'oc/gpt-4o', reasoning_effort: 'low', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 400 });
    expect(h.openai.requests.at(-1)!.body.reasoning_effort).toBe('low');
  });
});

describe('a Responses body with reasoning.effort', () => {
  it('reaches a fallback that does not reason without it, named, after the model named answered 500', async () => {
    h.responses.faults.push({ kind: 'status', status: 500 });
    const { data, response } = await openai.responses.create({ model: 'or/gpt-5', reasoning: { effort: 'high' }, input: 'hi' }).withResponse();
    expect(data.output_text).toBe('Hello from the fake openai responses provider!');
    const [first, second] = h.responses.requests.slice(-2).map((r) => r.body);
    expect(first).toMatchObject({ model: 'gpt-5', reasoning: { effort: 'high' } });
    expect(second.model).toBe('gpt-4o');
    expect(second).not.toHaveProperty('reasoning');
    expect(response.headers.get('x-switchboard-dropped')).toBe('reasoning');
  });

  it("reaches it without Codex's summary and encrypted reasoning asked back either (OpenAI refuses both from gpt-4o), and the model named gets them as sent", async () => {
    h.responses.faults.push({ kind: 'status', status: 500 });
    const asked = { reasoning: { effort: 'medium' as const, summary: 'auto' as const }, include: ['reasoning.encrypted_content' as const], store: false, input: 'hi' };
    const { data, response } = await openai.responses.create({ model: 'or/gpt-5', ...asked }).withResponse();
    expect(data.output_text).toBe('Hello from the fake openai responses provider!');
    const [first, second] = h.responses.requests.slice(-2).map((r) => r.body);
    expect(first).toMatchObject({ model: 'gpt-5', ...asked });
    expect(second.model).toBe('gpt-4o');
    expect(second).not.toHaveProperty('reasoning');
    expect(second).not.toHaveProperty('include');
    expect(response.headers.get('x-switchboard-dropped')).toBe('reasoning,include');
    await expect(openai.responses.create({ model: 'or/gpt-4o', ...asked })).rejects.toMatchObject({ status: 400 });
    expect(h.responses.requests.at(-1)!.body).toMatchObject(asked);
  });
});

describe('elsewhere, where a catalog without reasoning is often only a default', () => {
  it('a model routing chose gets the effort as sent, chat and Responses', async () => {
    await h.app.service.updateRoutingRules({ aliases: { local: ['fo/qwen3-local'], 'local-r': ['fr/qwen3-local'] } });
    try {
      const chat = await openai.chat.completions.create({ model: 'local', reasoning_effort: 'low', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
      expect(h.openai.requests.at(-1)!.body).toMatchObject({ model: 'qwen3-local', reasoning_effort: 'low' });
      expect(chat.response.headers.get('x-switchboard-dropped')).toBeNull();
      const asked = { reasoning: { effort: 'low' as const, summary: 'auto' as const }, include: ['reasoning.encrypted_content' as const], store: false };
      const responses = await openai.responses.create({ model: 'local-r', ...asked, input: 'hi' }).withResponse();
      expect(h.responses.requests.at(-1)!.body).toMatchObject({ model: 'qwen3-local', ...asked });
      expect(responses.response.headers.get('x-switchboard-dropped')).toBeNull();
    } finally {
      await h.app.service.updateRoutingRules({ aliases: {} });
    }
  });
});
