// An embeddings answer is checked against its batch: as many vectors as inputs, OpenAI's indices exactly 0..n-1.
// Otherwise a vector is given to the client as another text's (relabelled, or shifted onto the next text), in a
// 200: now such an answer is invalid_output, failing as other answers that are none do, its inputs billed
// estimated. And a Gemini model's vectors of fewer than 3072 dimensions, which Google leaves unnormalized, reach an
// OpenAI client at unit length, as OpenAI's do; a Gemini client gets them as Google sent them.
// Real proxy and SQLite, fake OpenAI and Gemini embeddings upstreams on 127.0.0.1.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postJson, routeAmongFakesOnly, startHarness, type Harness } from './helpers/app-harness';
import { activityEntryOf } from './helpers/routing-harness';
import { addEmbedders, gemVector, startEmbedUpstream, type EmbedUpstream } from './helpers/embed-upstream';

let h: Harness;
let up: EmbedUpstream;
beforeAll(async () => {
  h = await startHarness();
  up = await startEmbedUpstream();
  await routeAmongFakesOnly(h);
  const s = h.app.service;
  await addEmbedders(s, up);
});
afterAll(async () => {
  await h?.close();
  await up?.close();
});
afterEach(() => {
  up.faults.oaiDropFirst = false;
  up.faults.gemDropLast = false;
  up.faults.gemEmpty = false;
});

const norm = (v: number[]) => Math.hypot(...v);

describe('an answer with a vector missing', () => {
  it('OpenAI answering 2 inputs with data [{index: 1}] alone: invalid_output, billed, not index 1 relabelled 0', async () => {
    up.faults.oaiDropFirst = true;
    const res = await postJson(h, '/v1/embeddings', { model: 'oa/text-embedding-3-small', input: ['first', 'second'] });
    expect(res.status).toBe(502);
    const entry = await activityEntryOf(h.app, res);
    expect(entry.attempts[0]).toMatchObject({ error_kind: 'invalid_output' });
    expect(entry.attempts[0]!.billed?.input_tokens).toBeGreaterThan(0);
  });

  it('a Gemini batch one entry short: invalid_output, not every later vector shifted onto the next text', async () => {
    up.faults.gemDropLast = true;
    const res = await postJson(h, '/v1/embeddings', { model: 'gm/gemini-embedding-001', input: ['a', 'b', 'c'] });
    expect(res.status).toBe(502);
    expect((await activityEntryOf(h.app, res)).attempts[0]).toMatchObject({ error_kind: 'invalid_output' });
  });

  it('no embedding at all for a Gemini client\'s embedContent: an error in Gemini\'s shape, not empty values', async () => {
    up.faults.gemEmpty = true;
    const res = await postJson(h, '/v1beta/models/gm/gemini-embedding-001:embedContent', { content: { parts: [{ text: 'x' }] } });
    expect(res.status).toBe(502);
    expect(res.json.error.status).toBeDefined();
    expect(res.json.embedding).toBeUndefined();
  });
});

describe('Gemini vectors under 3072 dimensions', () => {
  it('reach an OpenAI client at unit length, in the same direction', async () => {
    const res = await postJson(h, '/v1/embeddings', { model: 'gm/gemini-embedding-001', input: ['a', 'b'], dimensions: 768 });
    expect(res.status, res.text).toBe(200);
    for (const [i, d] of (res.json.data as { embedding: number[] }[]).entries()) {
      expect(d.embedding).toHaveLength(768);
      expect(norm(d.embedding)).toBeCloseTo(1, 6);
      const sent = gemVector(i, 768);
      expect(d.embedding[5]! / d.embedding[0]!).toBeCloseTo(sent[5]! / sent[0]!, 5);
    }
  });

  it('reach a Gemini client as Google sent them', async () => {
    const res = await postJson(h, '/v1beta/models/gm/gemini-embedding-001:embedContent', { content: { parts: [{ text: 'x' }] }, outputDimensionality: 768 });
    expect(res.status, res.text).toBe(200);
    expect(res.json.embedding.values).toEqual(gemVector(0, 768));
  });
});
