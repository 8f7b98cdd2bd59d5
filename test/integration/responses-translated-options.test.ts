// What a Responses client (the openai SDK's responses.create, as Codex sends it) asks beside its input, through a
// translation: its service tier and verbosity reach an OpenAI chat model (flex is billed at half) and the answer
// says the tier that served it; formats with no place for them name them; reasoning summaries asked for with no
// effort (Codex, for a model name it does not know) get a Gemini reasoning model's thoughts, where it thinks unasked.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_THOUGHT } from '../mocks/fake-gemini';
import { KEYS, MODELS } from './helpers/app-harness';
import { startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';
import { usageRows } from './helpers/usage-csv';

let h: ResponsesHarness;
let client: OpenAI;
const OA = 'oa/gpt-5.4';
const GEMINI = 'fg/gemini-2.5-flash';
beforeAll(async () => {
  h = await startResponsesHarness();
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
  const s = h.app.service;
  // OpenAI's own API (its tiers are OpenAI's prices) on Chat Completions, served by the fake
  await s.createProvider({ id: 'oa', name: 'OpenAI', type: 'openai', base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
  await s.createModel({ provider_id: 'oa', model_name: 'gpt-5.4', input_cost_per_1m: 2.5, output_cost_per_1m: 15, context_length: 400000, capabilities: ['chat'] });
  await s.createModel({ provider_id: 'oa', model_name: 'gpt-4o', input_cost_per_1m: 2.5, output_cost_per_1m: 10, context_length: 128000, capabilities: ['chat'] });
  // Groq's API, which takes its own tier names only (auto, on_demand, flex, performance), served by the same fake
  await s.createProvider({ id: 'gq', name: 'Groq', type: 'groq', base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
  await s.createModel({ provider_id: 'gq', model_name: 'llama-3.3-70b-versatile', input_cost_per_1m: 0.59, output_cost_per_1m: 0.79, context_length: 128000, capabilities: ['chat'] });
  await s.createModel({ provider_id: 'fg', model_name: 'gemini-2.5-flash', input_cost_per_1m: 0.3, output_cost_per_1m: 2.5, context_length: 1000000, capabilities: ['chat', 'reasoning'] });
  // marked reasoning, as the bundled catalog marks it, though it thinks only when asked
  await s.createModel({ provider_id: 'fg', model_name: 'gemini-2.5-flash-lite', input_cost_per_1m: 0.1, output_cost_per_1m: 0.4, context_length: 1000000, capabilities: ['chat', 'reasoning'] });
});
afterAll(async () => { await h?.close(); });

/** the fake's default usage (21 in, 7 out) at gpt-5.4's prices */
const STANDARD = (21 * 2.5 + 7 * 15) / 1e6;

async function rowOf(id: string | null): Promise<Record<string, string>> {
  const row = (await usageRows(h.app)).find((r) => r.request_id === id);
  if (!row) throw new Error(`no usage row for ${id}`);
  return row;
}

describe("a Responses client's service_tier and text.verbosity", () => {
  it.each([false, true])('reach an OpenAI chat model, the answer says the tier that served it, the row is priced flex (stream: %s)', async (stream) => {
    const body = { model: OA, input: 'hi', store: false, service_tier: 'flex' as const, text: { verbosity: 'low' as const } };
    let tier: string | null | undefined;
    let headers: Headers;
    if (stream) {
      const { data, response } = await client.responses.create({ ...body, stream: true }).withResponse();
      const tiers: (string | null | undefined)[] = [];
      for await (const e of data) if (e.type === 'response.created' || e.type === 'response.completed') tiers.push(e.response.service_tier);
      expect(tiers[0]).toBe('flex');
      tier = tiers.at(-1);
      headers = response.headers;
    } else {
      const { data, response } = await client.responses.create(body).withResponse();
      tier = data.service_tier;
      headers = response.headers;
    }
    expect(tier).toBe('flex');
    expect(h.openai.requests.at(-1)?.body).toMatchObject({ model: 'gpt-5.4', service_tier: 'flex', verbosity: 'low' });
    expect(headers.get('x-switchboard-dropped')).toBeNull();
    const row = await rowOf(headers.get('x-switchboard-request-id'));
    expect(row.price_basis).toBe('flex');
    expect(Math.abs(Number(row.cost_usd) - STANDARD / 2)).toBeLessThan(1e-12);
  });

  it('without a tier, the answer says default and the row is standard', async () => {
    const { data, response } = await client.responses.create({ model: OA, input: 'hi', store: false }).withResponse();
    expect(data.service_tier).toBe('default');
    expect(h.openai.requests.at(-1)?.body.service_tier).toBeUndefined();
    const row = await rowOf(response.headers.get('x-switchboard-request-id'));
    expect(row.price_basis).toBe('');
    expect(Math.abs(Number(row.cost_usd) - STANDARD)).toBeLessThan(1e-12);
  });

  it("go as the provider takes the tier, else named: Groq's on_demand for default, none for priority; no flex to gpt-4o", async () => {
    const tierSent = async (model: string, service_tier: 'default' | 'priority' | 'flex') => {
      const { response } = await client.responses.create({ model, input: 'hi', store: false, service_tier }).withResponse();
      return [h.openai.requests.at(-1)?.body.service_tier, response.headers.get('x-switchboard-dropped')];
    };
    expect(await tierSent('gq/llama-3.3-70b-versatile', 'default')).toEqual(['on_demand', null]);
    expect(await tierSent('gq/llama-3.3-70b-versatile', 'flex')).toEqual(['flex', null]);
    expect(await tierSent('gq/llama-3.3-70b-versatile', 'priority')).toEqual([undefined, 'service_tier']);
    expect(await tierSent('oa/gpt-4o', 'flex')).toEqual([undefined, 'service_tier']);
    expect(await tierSent('oa/gpt-4o', 'priority')).toEqual(['priority', null]);
  });

  it('are named, in the Responses spelling, where the provider has no place for them (Claude)', async () => {
    const { data, response } = await client.responses.create({
      model: MODELS.anthropic, input: 'hi', store: false, service_tier: 'flex', text: { verbosity: 'low' },
    }).withResponse();
    expect(response.headers.get('x-switchboard-dropped')?.split(',').sort()).toEqual(['service_tier', 'text.verbosity']);
    expect(h.anthropic.requests.at(-1)?.body).not.toHaveProperty('service_tier');
    // served at Anthropic's standard tier, not the flex one asked for
    expect(data.service_tier).toBe('default');
  });
});

describe('reasoning summaries asked for with no effort (Codex, for a model name it does not know)', () => {
  beforeAll(() => { h.gemini.options.thinks = true; });
  afterAll(() => { h.gemini.options.thinks = undefined; });

  it.each(['auto', 'detailed'] as const)("ask a Gemini reasoning model for its thoughts and give them as the summary (summary: %s)", async (summary) => {
    const res = await client.responses.create({ model: GEMINI, input: 'hi', store: false, reasoning: { summary } });
    expect(h.gemini.requests.at(-1)?.body.generationConfig?.thinkingConfig).toEqual({ includeThoughts: true });
    expect(res.output[0]).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: FAKE_THOUGHT }] });
    expect(res.output_text).toBe('Hello from the fake gemini provider!');
  });

  it.each([false, true])('ask nothing of 2.5 Flash-Lite, which thinks only when asked and refuses thoughts without thinking: answered, no summary (stream: %s)', async (stream) => {
    const body = { model: 'fg/gemini-2.5-flash-lite', input: 'hi', store: false, reasoning: { summary: 'auto' as const } };
    let types: string[];
    let text: string;
    if (stream) {
      text = '';
      types = [];
      for await (const e of await client.responses.create({ ...body, stream: true })) {
        if (e.type === 'response.output_text.delta') text += e.delta;
        if (e.type === 'response.completed') types = e.response.output.map((o) => o.type);
      }
    } else {
      const res = await client.responses.create(body);
      types = res.output.map((o) => o.type);
      text = res.output_text;
    }
    expect(h.gemini.requests.at(-1)?.path).toContain('/models/gemini-2.5-flash-lite:');
    expect(h.gemini.requests.at(-1)?.body.generationConfig?.thinkingConfig).toBeUndefined();
    expect(types).toEqual(['message']);
    expect(text).toBe('Hello from the fake gemini provider!');
  });

  it('ask for none without summaries: the model keeps its own default, shows nothing', async () => {
    const res = await client.responses.create({ model: GEMINI, input: 'hi', store: false });
    expect(h.gemini.requests.at(-1)?.body.generationConfig?.thinkingConfig).toBeUndefined();
    expect(res.output.map((o) => o.type)).toEqual(['message']);
  });
});
