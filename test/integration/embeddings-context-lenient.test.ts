// An embeddings input the conservative token estimate (4 characters a token past the exact budget) counts past
// a model's context, though it fits, is sent and the provider decides, as a chat prompt is; one even the
// lenient estimate finds too long is refused here with that figure, worded as Switchboard's estimate.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, routeAmongFakesOnly, startHarness, type Harness } from './helpers/app-harness';
import { addEmbedders, startEmbedUpstream, type EmbedUpstream } from './helpers/embed-upstream';

let h: Harness;
let up: EmbedUpstream;
beforeAll(async () => {
  h = await startHarness();
  up = await startEmbedUpstream();
  await routeAmongFakesOnly(h);
  await addEmbedders(h.app.service, up);
});
afterAll(async () => {
  await h?.close();
  await up?.close();
});

const gpl = readFileSync('test/fixtures/tokens/gpl-3.txt', 'utf8');
// 34,000 characters of English prose: 7,183 o200k tokens, 8,500 at 4 characters a token
const prose = gpl.slice(0, 34_000);
const sent = () => up.requests.filter((r) => r.path.endsWith('/embeddings')).length;

describe('an embeddings input near the model\'s context', () => {
  it('reaches the provider when it fits by the lenient estimate', async () => {
    const before = sent();
    const res = await postJson(h, '/v1/embeddings', { model: 'oa/text-embedding-3-small', input: ['short', prose] });
    expect(res.status, res.text).toBe(200);
    expect(sent()).toBe(before + 1);
  });

  it('auto sends it too', async () => {
    const res = await postJson(h, '/v1/embeddings', { model: 'auto', input: prose });
    expect(res.status, res.text).toBe(200);
    // largest context first, as for a chat prompt only the lenient estimate fits
    expect(res.headers.get('x-switchboard-model')).toBe('fo/embed-fake');
  });

  it('is refused here when even the lenient estimate overflows, its figure said to be an estimate, and sent nowhere', async () => {
    const before = sent();
    const text = gpl + gpl;
    const res = await postJson(h, '/v1/embeddings', { model: 'oa/text-embedding-3-small', input: text });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('context_length_exceeded');
    const [, tokens] = /maximum context length is 8191 tokens\. However, your input is about (\d+) tokens by Switchboard's estimate/.exec(res.json.error.message) ?? [];
    expect(Number(tokens)).toBeGreaterThan(8191);
    expect(Number(tokens)).toBeLessThan(Math.ceil(text.length / 4));
    expect(sent()).toBe(before);
  });

  it('a Gemini client is told the same in Gemini\'s words', async () => {
    const res = await postJson(h, '/v1beta/models/oa/text-embedding-3-small:embedContent', { content: { parts: [{ text: gpl + gpl }] } });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/^The input token count \(about \d+ tokens by Switchboard's estimate\) exceeds the maximum number of tokens allowed \(8191\)/);
  });
});
