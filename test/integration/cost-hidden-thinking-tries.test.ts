// A translated stream whose thinking the client is shown nothing of (a Gemini client that did not ask for
// thoughts) holds failover open while Claude thinks; cut off by the provider then, the try fails over. Anthropic
// bills the thinking it generated: the try's output is never less than Switchboard's estimate of it (before:
// message_start's stated output_tokens, 1, though thousands of thinking tokens had streamed). Real proxy, real
// SQLite, the fake Anthropic thinking at length and breaking off, the fake OpenAI serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { activityEntryOf } from './helpers/routing-harness';
import { usageRows } from './helpers/usage-csv';

const MODEL = 'fa/claude-sonnet-4-5';
/** ~2,800 tokens of thinking, sent in one thinking block */
const THOUGHT = Array.from({ length: 400 }, (_, i) => `thought${i} about the problem`).join(' ');

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ fake: { thinks: true, thought: THOUGHT } });
  await h.app.service.createModel({
    provider_id: 'fa', model_name: 'claude-sonnet-4-5', input_cost_per_1m: 3, output_cost_per_1m: 15, context_length: 200000, max_output_tokens: 64000,
    capabilities: ['chat', 'tools', 'json', 'reasoning'], quality: 80,
  });
  await h.app.service.updateRoutingRules({ cooldown_failures: 100, retries_per_model: 0, fallbacks: { [MODEL]: [MODELS.openai] } });
  h.anthropic.options.usage = { input: 1_000, output: 3_000 };
});

afterAll(async () => {
  await h?.close();
});

describe('hidden thinking cut off by the provider, then failed over', () => {
  it('the failed try is billed the thinking it streamed, not the output message_start stated', async () => {
    // the thinking block whole, the text block begun, then the connection broken before any text
    h.anthropic.faults.push({ kind: 'reset-mid-stream', afterChunks: 0 });
    const res = await rawRequest(`${h.url}/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`, {
      headers: { 'content-type': 'application/json', 'x-goog-api-key': h.token },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hello' }] }], generationConfig: { thinkingConfig: { thinkingBudget: 4000 } } }),
    });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(MODELS.openai);
    expect(h.anthropic.requests.at(-1)!.body.thinking).toMatchObject({ type: 'enabled' });
    const entry = await activityEntryOf(h.app, res);
    expect(entry.attempts[0]).toMatchObject({ model: MODEL, error_kind: 'stream', billed: { input_tokens: 1_000 } });
    const billedOut = entry.attempts[0]!.billed!.output_tokens;
    expect(billedOut).toBeGreaterThan(2_000);
    expect(billedOut).toBeLessThan(4_000);
    const row = (await usageRows(h.app)).find((r) => r.request_id === res.headers.get('x-switchboard-request-id'))!;
    // the serving try: the fake OpenAI's default 21 in, 7 out
    expect(row).toMatchObject({ model_id: MODELS.openai, input_tokens: '1021', output_tokens: String(billedOut + 7), estimated: 'true' });
  });
});
