// A large float embeddings answer: asked as base64 where the provider takes it (the same float32 numbers in ~2.3x
// fewer bytes), the client still getting the floats it asked for; and one past maxUpstreamBodyBytes all the same
// bills its try the inputs the provider had, estimated. Real proxy and SQLite, fake upstreams on 127.0.0.1, the
// answer limit lowered to 256 KB (8 vectors of 3072 floats are ~450 KB as JSON numbers, ~130 KB as base64).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, routeAmongFakesOnly, startHarness, type Harness } from './helpers/app-harness';
import { activityEntryOf } from './helpers/routing-harness';
import { usageRows } from './helpers/usage-csv';
import { oaiVector, startEmbedUpstream, type EmbedUpstream } from './helpers/embed-upstream';
import { estimateEmbeddingTokens } from '../../src/node/tokens';

let h: Harness;
let up: EmbedUpstream;
beforeAll(async () => {
  h = await startHarness({ config: { limits: { maxUpstreamBodyBytes: 256 * 1024 } } });
  up = await startEmbedUpstream();
  await routeAmongFakesOnly(h);
  const s = h.app.service;
  await s.createProvider({ id: 'oa', name: 'OpenAI', type: 'openai', base_url: up.oaiBase, api_key: 'sk-embed-test-0123456789' });
  await s.createProvider({ id: 'oc', name: 'Some compatible server', type: 'openai-compatible', base_url: up.oaiBase, api_key: 'sk-embed-test-other-0123456789' });
  for (const provider_id of ['oa', 'oc']) {
    await s.createModel({ provider_id, model_name: 'text-embedding-3-large', input_cost_per_1m: 0.13, output_cost_per_1m: 0, context_length: 8191, capabilities: ['embeddings'] });
  }
});
afterAll(async () => {
  await h?.close();
  await up?.close();
});

const inputs = Array.from({ length: 8 }, (_, i) => `passage ${i}: the quick brown fox jumps over the lazy dog`);
const lastBody = () => up.requests.filter((r) => r.path.endsWith('/embeddings')).at(-1)!.body;

describe('8 inputs to text-embedding-3-large', () => {
  it('OpenAI is asked for base64 and the client gets its floats, the same float32 numbers', async () => {
    for (const encoding_format of [undefined, 'float']) {
      const res = await postJson(h, '/v1/embeddings', { model: 'oa/text-embedding-3-large', input: inputs, ...(encoding_format ? { encoding_format } : {}) });
      expect(res.status, res.text).toBe(200);
      expect(lastBody().encoding_format).toBe('base64');
      expect(res.json.data).toHaveLength(8);
      expect(res.json.data[3].embedding).toEqual(oaiVector(3, 3072));
    }
  });

  it('a client asking base64 gets base64, as sent', async () => {
    const res = await postJson(h, '/v1/embeddings', { model: 'oa/text-embedding-3-large', input: inputs, encoding_format: 'base64' });
    expect(res.status).toBe(200);
    expect([...new Float32Array(new Uint8Array(Buffer.from(res.json.data[1].embedding, 'base64')).buffer)]).toEqual(oaiVector(1, 3072));
  });

  it('a Gemini client of an OpenAI model: base64 asked too', async () => {
    const res = await postJson(h, '/v1beta/models/oa/text-embedding-3-large:embedContent', { content: { parts: [{ text: 'x' }] } });
    expect(res.status, res.text).toBe(200);
    expect(lastBody().encoding_format).toBe('base64');
    expect(res.json.embedding.values).toHaveLength(3072);
  });

  it('an answer past the limit bills its try the inputs the provider had, estimated', async () => {
    // a server of unknown kind is asked for floats (base64 is not known to be taken there): too large
    const res = await postJson(h, '/v1/embeddings', { model: 'oc/text-embedding-3-large', input: inputs });
    expect(res.status).toBe(502);
    expect(lastBody().encoding_format).toBeUndefined();
    const billed = estimateEmbeddingTokens(inputs);
    const entry = await activityEntryOf(h.app, res);
    expect(entry.attempts[0]).toMatchObject({ model: 'oc/text-embedding-3-large', error_kind: 'invalid_output' });
    expect(entry.attempts[0]!.billed?.input_tokens).toBe(billed);
    const row = (await usageRows(h.app)).find((r) => r.request_id === res.headers.get('x-switchboard-request-id'))!;
    expect(row).toMatchObject({ input_tokens: String(billed), estimated: 'true' });
    expect(Number(row.cost_usd)).toBeCloseTo(billed * 0.13 / 1e6, 12);
  });
});
