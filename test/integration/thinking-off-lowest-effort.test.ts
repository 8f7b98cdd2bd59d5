// Thinking turned off (Gemini thinkingBudget 0, Anthropic thinking disabled, chat reasoning_effort "none") on an
// OpenAI reasoning model that cannot turn it off gets the model's lowest effort (gpt-5 minimal, o4-mini low), named
// in x-switchboard-dropped as a moved effort is; left out, the model would think at its default (medium). A model
// that takes none (gpt-5.1 and later) gets none. Official SDKs through the real proxy, fakes on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { KEYS } from './helpers/app-harness';
import { startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

let h: ResponsesHarness;
let openai: OpenAI;
let anthropic: Anthropic;
let ai: GoogleGenAI;
beforeAll(async () => {
  h = await startResponsesHarness();
  const s = h.app.service;
  const reasoner = { input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 400_000, capabilities: ['chat', 'tools', 'reasoning'] as ('chat' | 'tools' | 'reasoning')[], quality: 80 };
  for (const model_name of ['gpt-5', 'gpt-5.1']) await s.createModel({ ...reasoner, provider_id: 'fr', model_name, api: 'responses' });
  await s.createModel({ ...reasoner, provider_id: 'fo', model_name: 'o4-mini' });
  // OpenAI itself (its hosted web search is OpenAI's own), served by the Responses fake
  await s.createProvider({ id: 'oai', name: 'OpenAI itself', type: 'openai', base_url: h.responses.url, api_key: KEYS.openai, enabled: true });
  await s.createModel({ ...reasoner, provider_id: 'oai', model_name: 'gpt-5', api: 'responses' });
  openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
  ai = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } });
});
afterAll(async () => { await h?.close(); });

const responsesEffort = (): unknown => h.responses.requests.at(-1)!.body.reasoning;
const chatEffort = (): unknown => h.openai.requests.at(-1)!.body.reasoning_effort;
const names = (header: string | null | undefined): string[] => (header ? header.split(',') : []);

async function geminiOff(model: string): Promise<string[]> {
  const res = await ai.models.generateContent({ model, contents: 'hi', config: { thinkingConfig: { thinkingBudget: 0 } } });
  return names(res.sdkHttpResponse?.headers?.['x-switchboard-dropped']);
}
async function anthropicOff(model: string): Promise<string[]> {
  const { response } = await anthropic.messages.create({ model, max_tokens: 256, thinking: { type: 'disabled' }, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
  return names(response.headers.get('x-switchboard-dropped'));
}
async function chatOff(model: string): Promise<string[]> {
  const { response } = await openai.chat.completions.create({ model, reasoning_effort: 'none', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
  return names(response.headers.get('x-switchboard-dropped'));
}

describe('thinking off -> a model without an off', () => {
  it('gpt-5 (Responses) gets minimal, from Gemini, Anthropic and chat clients, named in each one\'s spelling', async () => {
    expect(await geminiOff('fr/gpt-5')).toContain('thinkingConfig');
    expect(responsesEffort()).toEqual({ effort: 'minimal' });
    expect(await anthropicOff('fr/gpt-5')).toContain('thinking');
    expect(responsesEffort()).toEqual({ effort: 'minimal' });
    expect(await chatOff('fr/gpt-5')).toContain('reasoning_effort');
    expect(responsesEffort()).toEqual({ effort: 'minimal' });
  });

  it('o4-mini (chat) gets low: translated from Gemini and Anthropic, and a chat client\'s own body forwarded', async () => {
    expect(await geminiOff('fo/o4-mini')).toContain('thinkingConfig');
    expect(chatEffort()).toBe('low');
    expect(await anthropicOff('fo/o4-mini')).toContain('thinking');
    expect(chatEffort()).toBe('low');
    expect(await chatOff('fo/o4-mini')).toEqual(['reasoning_effort']);
    expect(chatEffort()).toBe('low');
  });
});

describe('thinking off -> a model with an off', () => {
  it('gpt-5.1 gets none, nothing named', async () => {
    expect(await geminiOff('fr/gpt-5.1')).toEqual([]);
    expect(responsesEffort()).toEqual({ effort: 'none' });
    expect(await anthropicOff('fr/gpt-5.1')).toEqual([]);
    expect(responsesEffort()).toEqual({ effort: 'none' });
  });
});

// OpenAI's web search guide: "Web search is currently not supported in gpt-5 with minimal reasoning" (a 400)
describe('thinking off beside a web search, to gpt-5 on OpenAI', () => {
  // (a Gemini client's googleSearch is served by Gemini models only: routing refuses it to gpt-5 before any effort)
  it('an Anthropic client with thinking disabled and web search: low, with the hosted web_search tool', async () => {
    const { response } = await anthropic.messages.create({
      model: 'oai/gpt-5', max_tokens: 256, thinking: { type: 'disabled' }, messages: [{ role: 'user', content: 'euro 2024' }],
      tools: [{ type: 'web_search_20250305', name: 'web_search' }],
    }).withResponse();
    expect(names(response.headers.get('x-switchboard-dropped'))).toContain('thinking');
    const sent = h.responses.requests.at(-1)!.body;
    expect(sent.reasoning).toEqual({ effort: 'low' });
    expect(sent.tools).toEqual([{ type: 'web_search' }]);
  });
});
