// An embeddings answer that holds no vector for an input is invalid_output (a 502, its inputs billed as other
// answers that are none are), not a 200: base64 whose bytes are not whole float32 values, an item without an
// embedding, vectors of different lengths in one answer. Real proxy and SQLite, a fake OpenAI embeddings server on
// 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODELS, postJson, routeAmongFakesOnly, startHarness, type Harness } from './helpers/app-harness';
import { activityEntryOf } from './helpers/routing-harness';
import { addEmbedders } from './helpers/embed-upstream';
import { fakeEmbed, type FakeEmbed } from './helpers/openai-embed-fake';

let h: Harness;
let oa: FakeEmbed;
beforeEach(async () => {
  h = await startHarness();
  oa = await fakeEmbed();
  await routeAmongFakesOnly(h);
  const s = h.app.service;
  await s.updateModel({ id: MODELS.embed, patch: { enabled: false } });
  await addEmbedders(s, { oaiBase: oa.base });
});
afterEach(async () => {
  await h?.close();
  await oa?.close();
});

describe('an answer that holds no vector is invalid_output', () => {
  const cases: [string, (n: number) => unknown[]][] = [
    ['base64 of 6 bytes (not whole float32 values)', () => [{ object: 'embedding', index: 0, embedding: Buffer.from([1, 2, 3, 4, 5, 6]).toString('base64') }]],
    ['an item without an embedding', (n) => Array.from({ length: n }, (_, i) => (i === 1 ? { object: 'embedding', index: i } : { object: 'embedding', index: i, embedding: [0.1, 0.2] }))],
    ['vectors of different lengths', (n) => Array.from({ length: n }, (_, i) => ({ object: 'embedding', index: i, embedding: i === 0 ? [0.1, 0.2, 0.3] : [0.1, 0.2] }))],
    ['empty vectors, every one ([])', (n) => Array.from({ length: n }, (_, i) => ({ object: 'embedding', index: i, embedding: [] }))],
    ['empty base64 vectors ("")', (n) => Array.from({ length: n }, (_, i) => ({ object: 'embedding', index: i, embedding: '' }))],
  ];
  for (const [what, data] of cases) {
    it(what, async () => {
      oa.data = data;
      const res = await postJson(h, '/v1/embeddings', { model: 'oa/text-embedding-3-small', input: what.startsWith('base64') ? ['a'] : ['a', 'b'] });
      expect(res.status, res.text).toBe(502);
      const attempt = (await activityEntryOf(h.app, res)).attempts[0];
      expect(attempt).toMatchObject({ error_kind: 'invalid_output' });
      expect(attempt!.billed?.input_tokens).toBeGreaterThan(0);
    });
  }
});
