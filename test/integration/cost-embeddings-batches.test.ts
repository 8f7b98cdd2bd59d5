// Embeddings split into Gemini batches of 100: when a later batch fails, Google has already embedded (and
// billed) the batches it answered, so the try that fails over is billed them, estimated from their texts as
// batchEmbedContents reports no usage (before: nothing, whatever the number of batches answered). Real proxy,
// real SQLite, the fake Gemini answering two batches and refusing the third (429), the fake OpenAI serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { activityEntryOf } from './helpers/routing-harness';
import { usageRows } from './helpers/usage-csv';
import { estimateEmbeddingTokens } from '../../src/node/tokens';

const GEMBED = 'fg/gembed-fake';
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.app.service.createModel({ provider_id: 'fg', model_name: 'gembed-fake', input_cost_per_1m: 0.15, output_cost_per_1m: 0, context_length: 2048, capabilities: ['embeddings'] });
  await h.app.service.updateRoutingRules({ cooldown_failures: 100, retries_per_model: 1, fallbacks: { [GEMBED]: [MODELS.embed] } });
});

afterAll(async () => {
  await h?.close();
});

const texts = Array.from({ length: 250 }, (_, i) => `chunk ${i}: ${'the quick brown fox jumps over the lazy dog '.repeat(20)}`);

describe('embeddings in Gemini batches, a later batch failing', () => {
  it('each try is billed the batches Google answered, estimated, and the row counts them', async () => {
    // each try: batches 1 and 2 answered, batch 3 refused; tried again, then failed over
    const answered = { kind: 'slow-first-byte', ms: 0 } as const;
    const limited = { kind: 'status', status: 429, headers: { 'retry-after': '0' } } as const;
    h.gemini.faults.push(answered, answered, limited, answered, answered, limited);
    const res = await rawRequest(`${h.url}/v1/embeddings`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
      body: JSON.stringify({ model: GEMBED, input: texts }),
    });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(MODELS.embed);
    const billedIn = estimateEmbeddingTokens(texts.slice(0, 200));
    const entry = await activityEntryOf(h.app, res);
    expect(entry.attempts.slice(0, 2).map((a) => [a.model, a.billed?.input_tokens])).toEqual([[GEMBED, billedIn], [GEMBED, billedIn]]);
    expect(entry.attempts[0]!.billed!.cost_usd).toBeCloseTo(billedIn * 0.15 / 1e6, 12);
    const served = res.json.usage.prompt_tokens as number;
    const row = (await usageRows(h.app)).find((r) => r.request_id === res.headers.get('x-switchboard-request-id'))!;
    expect(row).toMatchObject({ model_id: MODELS.embed, input_tokens: String(2 * billedIn + served), estimated: 'true' });
    expect(Number(row.cost_usd)).toBeCloseTo(2 * billedIn * 0.15 / 1e6 + served * 0.02 / 1e6, 12);
  });
});
