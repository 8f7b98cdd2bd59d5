// Reasoning efforts translated into OpenAI's Responses-only models, each of which takes only some levels
// (the fake refuses the rest as OpenAI does, with a 400 no other model is tried after): the level sent is
// the nearest the model takes, and a changed one is named in the client's own spelling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { fakeAnswer, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

let h: ResponsesHarness;
let openai: OpenAI;
let anthropic: Anthropic;
beforeAll(async () => {
  h = await startResponsesHarness();
  for (const model_name of ['gpt-5-pro', 'gpt-5.1-codex', 'gpt-5.1-codex-max']) {
    await h.app.service.createModel({
      provider_id: 'fr', model_name, input_cost_per_1m: 15, output_cost_per_1m: 120, context_length: 400000,
      capabilities: ['chat', 'tools', 'json', 'reasoning'], quality: 75, api: 'responses',
    });
  }
  openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

const lastBody = (): any => h.responses.requests.at(-1)!.body;

describe('a Responses-only model with efforts of its own', () => {
  it("gets gpt-5-pro high for Claude Code's small thinking budget, named thinking", async () => {
    const { data, response } = await anthropic.messages.create({
      model: 'fr/gpt-5-pro', max_tokens: 8000, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'hi' }],
    }).withResponse();
    expect(data.content).toEqual([expect.objectContaining({ type: 'text', text: fakeAnswer('responses') })]);
    expect(lastBody().reasoning).toMatchObject({ effort: 'high' });
    expect(response.headers.get('x-switchboard-dropped')).toBe('thinking');
  });

  it('gets gpt-5.1-codex low for a chat client\'s minimal, named reasoning_effort, and medium as asked', async () => {
    const { response } = await openai.chat.completions.create({ model: 'fr/gpt-5.1-codex', reasoning_effort: 'minimal', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(lastBody().reasoning).toEqual({ effort: 'low' });
    expect(response.headers.get('x-switchboard-dropped')).toBe('reasoning_effort');
    const { response: asked } = await openai.chat.completions.create({ model: 'fr/gpt-5.1-codex', reasoning_effort: 'medium', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(lastBody().reasoning).toEqual({ effort: 'medium' });
    expect(asked.headers.get('x-switchboard-dropped')).toBeNull();
  });

  it('gets xhigh where the model takes it (gpt-5.1-codex-max), and high, named, where it does not', async () => {
    const { response } = await openai.chat.completions.create({ model: 'fr/gpt-5.1-codex-max', reasoning_effort: 'xhigh' as 'high', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(lastBody().reasoning).toEqual({ effort: 'xhigh' });
    expect(response.headers.get('x-switchboard-dropped')).toBeNull();
    const { response: lower } = await openai.chat.completions.create({ model: 'fr/gpt-5.1-codex', reasoning_effort: 'xhigh' as 'high', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(lastBody().reasoning).toEqual({ effort: 'high' });
    expect(lower.headers.get('x-switchboard-dropped')).toBe('reasoning_effort');
  });

  it("gets max, which no model here takes, as xhigh where taken and high elsewhere, named in the client's spelling", async () => {
    const { response } = await openai.chat.completions.create({ model: 'fr/gpt-5.1-codex-max', reasoning_effort: 'max', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(lastBody().reasoning).toEqual({ effort: 'xhigh' });
    expect(response.headers.get('x-switchboard-dropped')).toBe('reasoning_effort');
    const { response: lower } = await openai.chat.completions.create({ model: 'fr/gpt-5.1-codex', reasoning_effort: 'max', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(lastBody().reasoning).toEqual({ effort: 'high' });
    expect(lower.headers.get('x-switchboard-dropped')).toBe('reasoning_effort');
    // a Responses client's max goes on as it sent it (before: a 400 at Switchboard)
    const { response: fwd } = await openai.responses.create({ model: 'fr/gpt-5.1-codex-max', reasoning: { effort: 'max' }, input: 'hi' }).withResponse();
    expect(lastBody().reasoning).toEqual({ effort: 'max' });
    expect(fwd.headers.get('x-switchboard-dropped')).toBeNull();
    // an Anthropic client's output_config.effort max and xhigh reach it as its highest, not as high
    for (const effort of ['max', 'xhigh'] as const) {
      await anthropic.messages.create({
        model: 'fr/gpt-5.1-codex-max', max_tokens: 8000, thinking: { type: 'adaptive' }, output_config: { effort }, messages: [{ role: 'user', content: 'hi' }],
      });
      expect(lastBody().reasoning).toMatchObject({ effort: 'xhigh' });
    }
  });
});

describe('a Responses client forwarded to a model routing chose', () => {
  it("gets its effort as that model takes it (Codex's minimal to o3-pro: low, named); a model it named gets it as sent", async () => {
    await h.app.service.createModel({
      provider_id: 'fr', model_name: 'o3-pro', input_cost_per_1m: 20, output_cost_per_1m: 80, context_length: 200000,
      capabilities: ['chat', 'tools', 'json', 'reasoning'], quality: 75, api: 'responses',
    });
    await h.app.service.updateRoutingRules({ aliases: { thinker: ['fr/o3-pro'] } });
    try {
      const { response } = await openai.responses.create({ model: 'thinker', reasoning: { effort: 'minimal' }, input: 'hi' }).withResponse();
      expect(lastBody().reasoning).toEqual({ effort: 'low' });
      expect(response.headers.get('x-switchboard-dropped')).toBe('reasoning');
      const { response: named } = await openai.responses.create({ model: 'fr/gpt-5.1-codex-max', reasoning: { effort: 'max' as 'high' }, input: 'hi' }).withResponse();
      expect(lastBody().reasoning).toEqual({ effort: 'max' });
      expect(named.headers.get('x-switchboard-dropped')).toBeNull();
    } finally {
      await h.app.service.updateRoutingRules({ aliases: {} });
    }
  });
});

describe("ultra, the level above max Codex 0.171 offers for OpenAI's newest models", () => {
  beforeAll(async () => {
    for (const [provider_id, model_name] of [['fa', 'claude-opus-4-7'], ['fa', 'claude-sonnet-4-5'], ['fg', 'gemini-2.5-pro']]) {
      await h.app.service.createModel({
        provider_id: provider_id!, model_name: model_name!, input_cost_per_1m: 3, output_cost_per_1m: 15, context_length: 200_000,
        capabilities: ['chat', 'tools', 'reasoning'],
      });
    }
  });
  const ultra = (model: string) => openai.responses.create({ model, reasoning: { effort: 'ultra' as 'high' }, input: 'hi' }).withResponse();

  it('reaches Claude as its highest effort (max) or budget and Gemini as its largest budget, named', async () => {
    const opus = await ultra('fa/claude-opus-4-7');
    expect(h.anthropic.requests.at(-1)!.body).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: 'max' } });
    expect(opus.response.headers.get('x-switchboard-dropped')).toBe('reasoning');
    const sonnet = await ultra('fa/claude-sonnet-4-5');
    expect(h.anthropic.requests.at(-1)!.body.thinking).toEqual({ type: 'enabled', budget_tokens: 32_000 });
    expect(sonnet.response.headers.get('x-switchboard-dropped')).toBe('reasoning');
    const gemini = await ultra('fg/gemini-2.5-pro');
    expect(h.gemini.requests.at(-1)!.body.generationConfig.thinkingConfig).toMatchObject({ thinkingBudget: 32_768 });
    expect(gemini.response.headers.get('x-switchboard-dropped')).toBe('reasoning');
  });

  it('reaches an OpenAI model whose levels are known as the nearest it takes, named, and goes as sent when forwarded', async () => {
    const { response } = await openai.chat.completions.create({ model: 'fr/gpt-5.1-codex-max', reasoning_effort: 'ultra' as 'high', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(lastBody().reasoning).toEqual({ effort: 'xhigh' });
    expect(response.headers.get('x-switchboard-dropped')).toBe('reasoning_effort');
    const { response: lower } = await openai.chat.completions.create({ model: 'fr/gpt-5.1-codex', reasoning_effort: 'ultra' as 'high', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(lastBody().reasoning).toEqual({ effort: 'high' });
    expect(lower.headers.get('x-switchboard-dropped')).toBe('reasoning_effort');
    const fwd = await ultra('fr/gpt-5.1-codex-max');
    expect(lastBody().reasoning).toEqual({ effort: 'ultra' });
    expect(fwd.response.headers.get('x-switchboard-dropped')).toBeNull();
  });
});
