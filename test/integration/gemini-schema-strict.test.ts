// A Gemini client's response schema (generationConfig.responseSchema / responseJsonSchema) is enforced by
// Gemini; routed to an OpenAI model it goes strict where OpenAI's strict mode takes the schema, and where it
// does not it goes strict: false, named in x-switchboard-dropped in the client's spelling, as an Anthropic
// client's output_config.format does. Chat (gpt-4o) and Responses (gpt-5) upstreams, through @google/genai.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleGenAI } from '@google/genai';
import { KEYS } from './helpers/app-harness';
import { startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

const ANSWER = { city: 'Paris', days: 3 };
// a schema OpenAI's strict mode takes: closed, every property required
const closed = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city', 'days'], additionalProperties: false };
// Gemini's own dialect, as most clients write it: open, one property optional
const geminiDialect = { type: 'OBJECT', properties: { city: { type: 'STRING' }, days: { type: 'INTEGER' } }, required: ['city'] };

let h: ResponsesHarness;
let ai: GoogleGenAI;
beforeAll(async () => {
  h = await startResponsesHarness({ fake: { text: JSON.stringify(ANSWER) } });
  const s = h.app.service;
  await s.createProvider({ id: 'oc', name: 'OpenAI chat fake', type: 'openai', base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
  await s.createProvider({ id: 'or', name: 'OpenAI Responses fake', type: 'openai', base_url: h.responses.url, api_key: KEYS.openai, enabled: true });
  await s.createModel({ provider_id: 'oc', model_name: 'gpt-4o', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 128_000, capabilities: ['chat', 'json'], quality: 80 });
  await s.createModel({
    provider_id: 'or', model_name: 'gpt-5', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 400_000,
    capabilities: ['chat', 'json', 'reasoning'], quality: 80, api: 'responses',
  });
  ai = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } });
});
afterAll(async () => { await h?.close(); });

const UPSTREAMS = [
  { model: 'oc/gpt-4o', sent: () => h.openai.requests.at(-1)!.body.response_format.json_schema },
  { model: 'or/gpt-5', sent: () => h.responses.requests.at(-1)!.body.text.format },
];

async function ask(model: string, config: Record<string, unknown>): Promise<{ parsed: unknown; dropped: string[] }> {
  const res = await ai.models.generateContent({ model, contents: 'a trip', config: { responseMimeType: 'application/json', ...config } });
  const dropped = res.sdkHttpResponse?.headers?.['x-switchboard-dropped'];
  return { parsed: JSON.parse(res.text ?? ''), dropped: dropped ? dropped.split(',') : [] };
}

describe('Gemini response schema -> OpenAI model', () => {
  for (const { model, sent } of UPSTREAMS) {
    it(`${model}: a responseJsonSchema strict mode takes goes strict: true, nothing dropped`, async () => {
      const { parsed, dropped } = await ask(model, { responseJsonSchema: closed });
      expect(parsed).toEqual(ANSWER);
      expect(sent()).toMatchObject({ name: 'response', schema: closed, strict: true });
      expect(dropped).toEqual([]);
    });

    it(`${model}: a responseSchema with every property required is closed (Gemini answers no others) and goes strict: true, nothing dropped`, async () => {
      const { parsed, dropped } = await ask(model, { responseSchema: { ...geminiDialect, required: ['city', 'days'] } });
      expect(parsed).toEqual(ANSWER);
      expect(sent()).toEqual(expect.objectContaining({ name: 'response', schema: closed, strict: true }));
      expect(dropped).toEqual([]);
    });

    it(`${model}: a responseJsonSchema that leaves additionalProperties out is closed the same, nested objects too`, async () => {
      const nested = {
        type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' }, stay: { type: 'object', properties: { hotel: { type: 'string' } }, required: ['hotel'] } },
        required: ['city', 'days', 'stay'],
      };
      const { dropped } = await ask(model, { responseJsonSchema: nested });
      expect(sent().schema).toEqual({ ...nested, additionalProperties: false, properties: { ...nested.properties, stay: { ...nested.properties.stay, additionalProperties: false } } });
      expect(sent().strict).toBe(true);
      expect(dropped).toEqual([]);
    });

    it(`${model}: a responseJsonSchema that allows more properties keeps them, strict: false, named`, async () => {
      const { dropped } = await ask(model, { responseJsonSchema: { ...closed, additionalProperties: true } });
      expect(sent()).toMatchObject({ schema: { additionalProperties: true }, strict: false });
      expect(dropped).toContain('generationConfig.responseJsonSchema');
    });

    it(`${model}: a responseSchema strict mode refuses goes strict: false, named generationConfig.responseSchema`, async () => {
      const { parsed, dropped } = await ask(model, { responseSchema: geminiDialect });
      expect(parsed).toEqual(ANSWER);
      expect(sent()).toMatchObject({ schema: { type: 'object', required: ['city'] }, strict: false });
      expect(dropped).toContain('generationConfig.responseSchema');
      expect(dropped).not.toContain('response_format');
    });

    it(`${model}: a responseJsonSchema strict mode refuses is named generationConfig.responseJsonSchema`, async () => {
      const open = { ...closed, required: ['city'] };
      const { parsed, dropped } = await ask(model, { responseJsonSchema: open });
      expect(parsed).toEqual(ANSWER);
      expect(sent()).toMatchObject({ schema: open, strict: false });
      expect(dropped).toContain('generationConfig.responseJsonSchema');
      expect(dropped).not.toContain('generationConfig.responseSchema');
    });
  }
});
