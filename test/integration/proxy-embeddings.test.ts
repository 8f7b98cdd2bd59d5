// Embeddings through the running proxy against the fake providers: what each upstream takes in one
// request, and what reaches it of the client's body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, rawRequest, type Harness } from './helpers/app-harness';
import { activityEntryOf } from './helpers/routing-harness';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';

let h: Harness;
let mistral: FakeProvider;
/** https://docs.mistral.ai/api/endpoint/embeddings */
const MISTRAL_EMBEDDING_FIELDS = ['model', 'input', 'metadata', 'output_dimension', 'output_dtype', 'encoding_format'];

beforeAll(async () => {
  h = await startHarness();
  await h.app.service.createModel({ provider_id: 'fg', model_name: 'gembed-fake', input_cost_per_1m: 0.15, output_cost_per_1m: 0, context_length: 2048, capabilities: ['embeddings'] });
  mistral = await startFakeOpenAI({ apiKey: 'mistral-key', onlyEmbeddingFields: MISTRAL_EMBEDDING_FIELDS });
  await h.app.service.createProvider({ id: 'mi', name: 'Fake Mistral', type: 'mistral', base_url: mistral.url, api_key: 'mistral-key' });
  await h.app.service.createModel({ provider_id: 'mi', model_name: 'codestral-embed', input_cost_per_1m: 0.15, output_cost_per_1m: 0, context_length: 8192, capabilities: ['embeddings'] });
});
afterAll(async () => {
  await h?.close();
  await mistral?.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) => rawRequest(`${h.url}${path}`, {
  headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}`, ...headers },
  body: JSON.stringify(body),
});
const texts = (n: number) => Array.from({ length: n }, (_, i) => `text number ${i}`);
const batchesSentToGemini = (since: number) => h.gemini.requests.slice(since)
  .filter((r) => r.path.endsWith(':batchEmbedContents')).map((r) => r.body.requests.length);

describe('more inputs than Google takes in one batchEmbedContents (100)', () => {
  it('/v1/embeddings: sent to a Gemini model in batches of 100, the vectors joined in order', async () => {
    const since = h.gemini.requests.length;
    const res = await post('/v1/embeddings', { model: 'fg/gembed-fake', input: texts(150), encoding_format: 'float' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe('fg/gembed-fake');
    expect(batchesSentToGemini(since)).toEqual([100, 50]);
    // the fake numbers each vector by its place in its batch
    expect(res.json.data.map((d: { embedding: number[] }) => d.embedding[0])).toEqual(texts(150).map((_, i) => (i % 100) + 1));
    expect(res.json.data.map((d: { index: number }) => d.index)).toEqual(texts(150).map((_, i) => i));
  });

  it('batchEmbedContents from a Gemini client: forwarded in batches of 100, each entry as sent', async () => {
    const since = h.gemini.requests.length;
    const requests = texts(120).map((text) => ({ model: 'models/gembed-fake', content: { parts: [{ text }] }, taskType: 'RETRIEVAL_QUERY' }));
    const res = await post('/v1beta/models/fg/gembed-fake:batchEmbedContents', { requests });
    expect(res.status).toBe(200);
    expect(res.json.embeddings).toHaveLength(120);
    expect(res.json.embeddings[100].values[0]).toBe(1);
    expect(batchesSentToGemini(since)).toEqual([100, 20]);
    expect(h.gemini.requests.at(-1)!.body.requests[0]).toMatchObject({ taskType: 'RETRIEVAL_QUERY', content: { parts: [{ text: 'text number 100' }] } });
  });
});

describe('dimensions to Mistral (its output_dimension; it refuses any field it does not list)', () => {
  it('/v1/embeddings dimensions reaches Mistral as output_dimension', async () => {
    const res = await post('/v1/embeddings', { model: 'mi/codestral-embed', input: 'x', dimensions: 512 });
    expect(res.status).toBe(200);
    expect(mistral.requests.at(-1)!.body).toEqual({ model: 'codestral-embed', input: expect.anything(), output_dimension: 512 });
  });

  it('a Gemini client\'s outputDimensionality reaches Mistral as output_dimension', async () => {
    const res = await post('/v1beta/models/mi/codestral-embed:embedContent', { content: { parts: [{ text: 'x' }] }, outputDimensionality: 256 });
    expect(res.status).toBe(200);
    expect(res.json.embedding.values).toHaveLength(8);
    expect(mistral.requests.at(-1)!.body).toEqual({ model: 'codestral-embed', input: ['x'], output_dimension: 256 });
  });
});

describe('/v1/embeddings: what reaches the upstream of the client\'s body, and what is named dropped', () => {
  const body = { input: 'hello', user: 'alice', input_type: 'query', truncate: 'END', dimensions: 256, encoding_format: 'float' };
  const lastBody = (f: FakeProvider) => f.requests.filter((r) => r.path.endsWith('/embeddings')).at(-1)!.body;

  it('an OpenAI model gets the body as sent, unknown fields included, with only model changed and floats asked as base64', async () => {
    await h.app.service.createProvider({ id: 'oa', name: 'Fake OpenAI proper', type: 'openai', base_url: h.openai.url, api_key: 'sk-fakeopenai-CANARY-0123456789abcdef' });
    await h.app.service.createModel({ provider_id: 'oa', model_name: 'text-embedding-3-small', input_cost_per_1m: 0.02, output_cost_per_1m: 0, context_length: 8192, capabilities: ['embeddings'] });
    const res = await post('/v1/embeddings', { model: 'oa/text-embedding-3-small', ...body });
    expect(res.status).toBe(200);
    expect(lastBody(h.openai)).toEqual({ ...body, model: 'text-embedding-3-small', encoding_format: 'base64' });
    expect(res.headers.get('x-switchboard-dropped')).toBeNull();
  });

  it('one that never said it takes user gets the rest and names user', async () => {
    const res = await post('/v1/embeddings', { model: 'fo/embed-fake', ...body });
    expect(res.status).toBe(200);
    const { user: _user, ...rest } = body;
    expect(lastBody(h.openai)).toEqual({ ...rest, model: 'embed-fake' });
    expect(res.headers.get('x-switchboard-dropped')).toBe('user');
  });

  it('Mistral gets only the fields it lists (it refuses the rest, 422), the others named, in the activity too', async () => {
    const res = await post('/v1/embeddings', { model: 'mi/codestral-embed', ...body });
    expect(res.status).toBe(200);
    expect(lastBody(mistral)).toEqual({ model: 'codestral-embed', input: 'hello', output_dimension: 256, encoding_format: 'float' });
    expect(res.headers.get('x-switchboard-dropped')!.split(',').sort()).toEqual(['input_type', 'truncate', 'user']);
    expect((await activityEntryOf(h.app, res)).dropped?.sort()).toEqual(['input_type', 'truncate', 'user']);
  });

  it('a Gemini model: user and the unknown fields named', async () => {
    const res = await post('/v1/embeddings', { model: 'fg/gembed-fake', ...body });
    expect(res.status).toBe(200);
    expect(h.gemini.requests.at(-1)!.body.requests[0]).toMatchObject({ outputDimensionality: 256 });
    expect(res.headers.get('x-switchboard-dropped')!.split(',').sort()).toEqual(['input_type', 'truncate', 'user']);
  });
});

describe('/v1/embeddings floats and base64 of a Gemini model', () => {
  it('decode to the same 32-bit numbers (Gemini answers decimals, 0.123)', async () => {
    const [float, b64] = await Promise.all(['float', 'base64'].map((encoding_format) => post('/v1/embeddings', { model: 'fg/gembed-fake', input: 'same text', encoding_format })));
    const fromB64 = [...new Float32Array(new Uint8Array(Buffer.from(b64!.json.data[0].embedding, 'base64')).buffer)];
    expect(float!.json.data[0].embedding).toEqual(fromB64);
    expect(fromB64.some((v) => !Number.isInteger(v * 8))).toBe(true);
  });
});
