// Structured output keeps its schema enforced when it crosses between OpenAI and Anthropic: the official
// SDKs' parse() helpers through the proxy, the fakes answering JSON text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { jsonSchemaOutputFormat } from '@anthropic-ai/sdk/helpers/json-schema';
import { KEYS, MODELS, startHarness, type Harness } from './helpers/app-harness';

const ANSWER = { city: 'Paris', days: 3 };
// what the zod helpers of both SDKs write: closed objects, every property required
const schema = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city', 'days'], additionalProperties: false };

const GROQ_LLAMA = 'llama-3.3-70b-versatile';
const OPENAI_MODEL = 'oa/gpt-4.1-mini';

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness({ fake: { text: JSON.stringify(ANSWER) } });
  openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
  // a Groq-typed provider on the fake OpenAI: Groq takes strict: true only on its gpt-oss models
  const s = h.app.service;
  await s.createProvider({ id: 'gq', name: 'Groq fake', type: 'groq', base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
  // and an OpenAI-typed one (the harness's own fake is openai-compatible, which may have no strict mode)
  await s.createProvider({ id: 'oa', name: 'OpenAI fake', type: 'openai', base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
  await s.createModel({ provider_id: 'oa', model_name: 'gpt-4.1-mini', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 128_000, capabilities: ['chat', 'json'], quality: 80 });
  await s.createModel({ provider_id: 'gq', model_name: GROQ_LLAMA, input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 128_000, capabilities: ['chat', 'json'], quality: 80 });
});
afterAll(async () => { await h?.close(); });

const lastBody = (fake: 'openai' | 'anthropic'): any => h[fake].requests.at(-1)?.body;

describe('OpenAI chat strict json_schema -> Anthropic model', () => {
  it('arrives as output_config.format with the schema, no instruction in the prompt, parsed by the SDK, nothing dropped', async () => {
    const { data, response } = await openai.chat.completions.parse({
      model: MODELS.anthropic, messages: [{ role: 'user', content: 'a trip' }],
      response_format: { type: 'json_schema', json_schema: { name: 'trip', strict: true, schema } },
    }).withResponse();
    expect(data.choices[0]!.message.parsed).toEqual(ANSWER);
    const sent = lastBody('anthropic');
    expect(sent.output_config).toEqual({ format: { type: 'json_schema', schema } });
    expect(sent.system).toBeUndefined();
    expect(response.headers.get('x-switchboard-dropped')).toBeNull();
  });

  it('a schema Anthropic refuses is asked in the prompt, named response_format in x-switchboard-dropped', async () => {
    const bounded = { ...schema, properties: { ...schema.properties, days: { type: 'integer', minimum: 1 } } };
    const { data, response } = await openai.chat.completions.parse({
      model: MODELS.anthropic, messages: [{ role: 'user', content: 'a trip' }],
      response_format: { type: 'json_schema', json_schema: { name: 'trip', strict: true, schema: bounded } },
    }).withResponse();
    expect(data.choices[0]!.message.parsed).toEqual(ANSWER);
    const sent = lastBody('anthropic');
    expect(sent.output_config).toBeUndefined();
    expect(sent.system).toContain('"minimum":1');
    expect(response.headers.get('x-switchboard-dropped')?.split(',')).toContain('response_format');
  });
});

/** parse() gives no response headers: the same format sent with create() tells what was named dropped */
async function droppedOn(s: Record<string, unknown>, model: string = OPENAI_MODEL): Promise<string | null> {
  const { response } = await anthropic.messages.create({
    model, max_tokens: 64, messages: [{ role: 'user', content: 'a trip' }], output_config: { format: { type: 'json_schema', schema: s } },
  }).withResponse();
  return response.headers.get('x-switchboard-dropped');
}

describe('Anthropic messages.parse output_config.format -> OpenAI model', () => {
  it('arrives as a strict json_schema response_format, parsed by the SDK, nothing dropped', async () => {
    const data = await anthropic.messages.parse({
      model: OPENAI_MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'a trip' }],
      output_config: { format: jsonSchemaOutputFormat(schema as never) },
    });
    expect(data.parsed_output).toEqual(ANSWER);
    const format = lastBody('openai').response_format;
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.strict).toBe(true);
    expect(format.json_schema.schema).toEqual(schema);
    expect(await droppedOn(schema)).toBeNull();
  });

  it('a schema OpenAI\'s strict mode refuses (an optional property) goes non-strict, named output_config.format', async () => {
    const optional = { ...schema, required: ['city'] };
    const data = await anthropic.messages.parse({
      model: OPENAI_MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'a trip' }],
      output_config: { format: jsonSchemaOutputFormat(optional as never) },
    });
    expect(data.parsed_output).toEqual(ANSWER);
    const format = lastBody('openai').response_format;
    expect(format.json_schema.strict).toBe(false);
    expect(format.json_schema.schema).toEqual(optional);
    expect((await droppedOn(optional))?.split(',')).toContain('output_config.format');
  });

  it('to a Groq model without strict mode goes without strict (best effort), named output_config.format', async () => {
    const model = `gq/${GROQ_LLAMA}`;
    const data = await anthropic.messages.parse({
      model, max_tokens: 64, messages: [{ role: 'user', content: 'a trip' }],
      output_config: { format: jsonSchemaOutputFormat(schema as never) },
    });
    expect(data.parsed_output).toEqual(ANSWER);
    const sent = lastBody('openai');
    expect(sent.model).toBe(GROQ_LLAMA);
    expect(sent.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'output', schema } });
    expect((await droppedOn(schema, model))?.split(',')).toContain('output_config.format');
  });
});
