// The official `openai` package against the running proxy, through each upstream wire format.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { MODELS, startHarness, UPSTREAMS, type Harness } from './helpers/app-harness';

let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  h = await startHarness();
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

const upstreams = UPSTREAMS;

describe.each(upstreams)('OpenAI SDK -> %s upstream', (_name, model, text) => {
  it('answers without streaming, with exact usage and the serving model header', async () => {
    const { data, response } = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(data.choices[0]!.message.content).toBe(text);
    expect(data.choices[0]!.finish_reason).toBe('stop');
    expect(data.usage).toMatchObject({ prompt_tokens: 21, completion_tokens: 7, total_tokens: 28 });
    expect(response.headers.get('x-switchboard-model')).toBe(model);
    expect(response.headers.get('x-switchboard-request-id')).toMatch(/^sbr_/);
  });

  it('streams text and, when asked, the usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model, messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true },
    });
    let out = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      out += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(out).toBe(text);
    expect(chunks).toBeGreaterThan(3);
    expect(usage).toMatchObject({ prompt_tokens: 21, completion_tokens: 7 });
  });

  it('returns tool calls without streaming', async () => {
    const res = await client.chat.completions.create({
      model, messages: [{ role: 'user', content: 'what is the weather in Paris?' }], tools: [weatherTool],
    });
    const call = res.choices[0]!.message.tool_calls?.[0];
    expect(res.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });
  });

  it('streams tool-call argument deltas', async () => {
    const runner = client.chat.completions.stream({
      model, messages: [{ role: 'user', content: 'what is the weather in Paris?' }], tools: [weatherTool],
    });
    const final = await runner.finalChatCompletion();
    const call = final.choices[0]!.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });
  });

  it('passes image parts upstream', async () => {
    const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const res = await client.chat.completions.create({
      model, messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image_url', image_url: { url: png } }] }],
    });
    expect(res.choices[0]!.message.content).toBe(text);
  });
});

describe('OpenAI SDK embeddings', () => {
  it('returns vectors through the proxy (base64 as the SDK asks by default)', async () => {
    const res = await client.embeddings.create({ model: MODELS.embed, input: ['a', 'b'] });
    expect(res.data).toHaveLength(2);
    expect(res.data[0]!.embedding).toHaveLength(8);
    expect(res.data[1]!.embedding[0]).toBeCloseTo(2);
  });
});

describe('embeddings from token ids (what LangChain OpenAIEmbeddings sends by default)', () => {
  const lastEmbeddingsBody = () => h.openai.requests.filter((r) => r.path.endsWith('/embeddings')).at(-1)!.body;

  it('an array of token arrays and a single token array go to an OpenAI-format model as sent', async () => {
    const many = await client.embeddings.create({ model: MODELS.embed, input: [[1, 2, 3], [4, 5]], encoding_format: 'float' });
    expect(many.data).toHaveLength(2);
    expect(lastEmbeddingsBody().input).toEqual([[1, 2, 3], [4, 5]]);
    const one = await client.embeddings.create({ model: MODELS.embed, input: [9, 8, 7, 6], encoding_format: 'float' });
    expect(one.data).toHaveLength(1);
    expect(lastEmbeddingsBody().input).toEqual([9, 8, 7, 6]);
  });

  it('a Gemini embeddings model is passed over for them (not translated), and named alone it is a clear 400', async () => {
    await h.app.service.createModel({ provider_id: 'fg', model_name: 'gembed-fake', input_cost_per_1m: 0.001, output_cost_per_1m: 0, context_length: 8192, capabilities: ['embeddings'] });
    try {
      // eco ranks the cheaper Gemini model first for text, and skips it for token ids
      const text = await client.embeddings.create({ model: 'eco', input: ['a'] }).withResponse();
      expect(text.response.headers.get('x-switchboard-model')).toBe('fg/gembed-fake');
      const ids = await client.embeddings.create({ model: 'eco', input: [[1, 2]] }).withResponse();
      expect(ids.response.headers.get('x-switchboard-model')).toBe(MODELS.embed);

      const err = await client.embeddings.create({ model: 'fg/gembed-fake', input: [[1, 2]] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      expect((err as InstanceType<typeof OpenAI.BadRequestError>).message).toMatch(/Token-array inputs go only to OpenAI-format embeddings models/);
    } finally {
      await h.app.service.deleteModel({ id: 'fg/gembed-fake' });
    }
  });

  it('the privacy guard reads them (as cl100k_base text): a secret in token ids is refused under block, ids it cannot read too', async () => {
    const { encode } = createRequire(import.meta.url)('gpt-tokenizer/encoding/cl100k_base') as { encode: (t: string) => number[] };
    const strict = await h.app.service.createUser({ name: 'Strict ids', privacy_guard: 'block' });
    const own = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: strict.token, maxRetries: 0 });
    const before = h.openai.requests.length;
    for (const input of [[encode('aws_access_key_id = AKIAZ7Q3HJKW2PLMNB4X')], [[99_999_999]]]) {
      const err = await own.embeddings.create({ model: MODELS.embed, input }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      expect((err as Error).message).toMatch(/privacy guard/);
    }
    expect(h.openai.requests.length).toBe(before);
    // harmless ids pass
    const ok = await own.embeddings.create({ model: MODELS.embed, input: [encode('the weather is fine')], encoding_format: 'float' });
    expect(ok.data).toHaveLength(1);
  });

  it('a mix of text and token ids, or a token id that is not one, is refused', async () => {
    for (const input of [['a', [1]], [1, -2], [[1], []]]) {
      const res = await fetch(`${h.url}/v1/embeddings`, {
        method: 'POST', headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: MODELS.embed, input }),
      });
      expect(res.status).toBe(400);
    }
  });
});

describe('GET /v1/models', () => {
  it('lists the routing names and every enabled model', async () => {
    const ids = [];
    for await (const m of client.models.list()) ids.push(m.id);
    expect(ids).toEqual(expect.arrayContaining(['auto', 'eco', 'balanced', 'precision', MODELS.openai, MODELS.anthropic, MODELS.gemini]));
  });

  it('retrieves one of them by name, the slash sent as is or encoded; an unknown name is a 404', async () => {
    expect(await client.models.retrieve(MODELS.anthropic)).toMatchObject({ id: MODELS.anthropic, object: 'model', owned_by: 'fa' });
    expect(await client.models.retrieve('auto')).toMatchObject({ id: 'auto', object: 'model' });
    const raw = await fetch(`${h.url}/v1/models/${MODELS.gemini}`, { headers: { authorization: `Bearer ${h.token}` } });
    expect(await raw.json()).toMatchObject({ id: MODELS.gemini });
    const err = await client.models.retrieve('nope/missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
  });

  it('retrieves a bare model name unique in the catalog, as routing takes it; not a disabled model\'s', async () => {
    expect(await client.models.retrieve('gpt-fake')).toMatchObject({ id: 'gpt-fake', object: 'model', owned_by: 'fo' });
    // a dated snapshot name routes to its undated model
    expect(await client.models.retrieve('claude-fake-20250101')).toMatchObject({ id: 'claude-fake-20250101', owned_by: 'fa' });
    await h.app.service.createModel({ provider_id: 'fo', model_name: 'off-fake', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 8192, enabled: false });
    expect(await client.models.retrieve('off-fake').catch((e: unknown) => e)).toBeInstanceOf(OpenAI.NotFoundError);
    expect(await client.models.retrieve('fo/off-fake').catch((e: unknown) => e)).toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe('OpenAI stream relayed as the provider sent it', () => {
  it('sends no usage chunk to a client that did not ask for one, and still records exact usage', async () => {
    const before = (await h.app.service.getUsage({ days: 1 })).total_output_tokens;
    const stream = await client.chat.completions.create({ model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }], stream: true });
    let out = '';
    for await (const chunk of stream) {
      expect(chunk.usage ?? null).toBeNull();
      out += chunk.choices[0]?.delta?.content ?? '';
    }
    expect(out).toBe('Hello from the fake openai provider!');
    const after = (await h.app.service.getUsage({ days: 1 })).total_output_tokens;
    expect(after - before).toBe(7);
  });
});
