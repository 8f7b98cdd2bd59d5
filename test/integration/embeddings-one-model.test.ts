// Embeddings routed by a power level stay on the model the routing ranks first: a failure or cooldown of it is
// answered as the error, never by another model (vectors of different models do not mix, and a 200 from another
// would put them in the client's index unnoticed). The same model at another provider may answer; an alias the
// user set keeps its order. Real proxy, real SQLite, fake OpenAI and Gemini embeddings upstreams on 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODELS, postJson, routeAmongFakesOnly, startHarness, type Harness } from './helpers/app-harness';
import { addEmbedders, startEmbedUpstream, type EmbedUpstream } from './helpers/embed-upstream';

const OA = 'oa/text-embedding-3-small';
const GM = 'gm/gemini-embedding-001';
let h: Harness;
let up: EmbedUpstream;

beforeEach(async () => {
  h = await startHarness();
  up = await startEmbedUpstream();
  await routeAmongFakesOnly(h);
  const s = h.app.service;
  await s.updateModel({ id: MODELS.embed, patch: { enabled: false } });
  await addEmbedders(s, up);
  // one failure starts a cooldown
  await s.updateRoutingRules({ cooldown_failures: 1, aliases: { vectors: [OA, GM] } });
});
afterEach(async () => {
  await h?.close();
  await up?.close();
});

const embed = (model: string) => postJson(h, '/v1/embeddings', { model, input: ['one', 'two'] });
const geminiCalls = () => up.requests.filter((r) => r.path.includes(':batchEmbedContents')).length;

describe('eco (cheapest first: text-embedding-3-small)', () => {
  it('a failure of the model is the answer, and so is its cooldown: no other model answers', async () => {
    const first = await embed('eco');
    expect(first.headers.get('x-switchboard-model')).toBe(OA);

    up.faults.oaiStatuses.push(503);
    const failed = await embed('eco');
    // a provider's 503 is answered as the failure it is (502, OpenAI's error shape), whatever model could have answered
    expect(failed.status, failed.text).toBe(502);
    expect(failed.json.error.message).toContain('Embeddings are not moved to another model, because vectors of different models do not mix');

    // cooling down now: answered so, still not by Gemini
    const cooling = await embed('eco');
    expect(cooling.status).toBe(503);
    expect(cooling.json.error.code).toBe('cooling_down');
    expect(cooling.json.error.message).toContain(`${OA} is cooling down`);
    expect(cooling.json.error.message).toContain('name the model in the request');
    expect(Number(cooling.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(geminiCalls()).toBe(0);

    // a Gemini client of auto is held alike
    const gemini = await postJson(h, '/v1beta/models/eco:embedContent', { content: { parts: [{ text: 'x' }] } });
    expect(gemini.status).toBe(503);
    expect(gemini.json.error.message).toContain('Embeddings are not moved');
    expect(geminiCalls()).toBe(0);
  });

  it('the same model at another provider answers in its place', async () => {
    await h.app.service.createProvider({ id: 'ob', name: 'OpenAI again', type: 'openai', base_url: up.oaiBase, api_key: 'sk-embed-test-other-0123456789' });
    await h.app.service.createModel({ provider_id: 'ob', model_name: 'text-embedding-3-small', input_cost_per_1m: 0.02, output_cost_per_1m: 0, context_length: 8191, capabilities: ['embeddings'] });
    up.faults.oaiStatuses.push(503);
    const res = await embed('eco');
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toMatch(/^o[ab]\/text-embedding-3-small$/);
    expect(geminiCalls()).toBe(0);
  });

  it('an alias the user set keeps its order: its next model answers', async () => {
    up.faults.oaiStatuses.push(503);
    const res = await embed('vectors');
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(GM);
  });
});
