// An OpenAI-format stream that states its usage and then ends, or stalls past timeout_ms, before any content
// is a failed try that fails over. The provider billed its prompt and said how much: the try is billed the
// figures of its usage chunk (before: the prompt as Switchboard estimates it, the decoder keeping no running
// count and the relay's usage lost when it throws). Real proxy, real SQLite, the activity API; the provider
// is a small server of this file's own, the fallback the fake Anthropic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { activityEntryOf } from './helpers/routing-harness';
import { usageRows } from './helpers/usage-csv';
import { modelOf, startRawUpstream, type RawUpstream } from './helpers/raw-upstream';

/** the prompt the provider states; `hi` is a handful of tokens to Switchboard's estimate */
const STATED = 12_345;

let h: Harness;
let upstream: RawUpstream;

const chunk = (body: Record<string, unknown>): string =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', ...body })}\n\n`;

beforeAll(async () => {
  h = await startHarness();
  upstream = await startRawUpstream((body, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    // the role chunk, then the usage chunk (cached tokens and all), then no content
    res.write(chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })
      + chunk({ choices: [], usage: { prompt_tokens: STATED, prompt_tokens_details: { cached_tokens: 345 }, completion_tokens: 0, total_tokens: STATED } }));
    // `ends`: the stream ends there (no finish, no [DONE]); `stalls`: nothing more, past timeout_ms
    if (modelOf(body) === 'ends') res.end();
  });
  const s = h.app.service;
  await s.createProvider({ id: 'em', name: 'Empty', type: 'openai-compatible', base_url: `${upstream.origin}/v1`, api_key: 'sk-em-0123456789abcdef' });
  for (const name of ['ends', 'stalls']) {
    await s.createModel({ provider_id: 'em', model_name: name, input_cost_per_1m: 2, cached_input_cost_per_1m: 1, output_cost_per_1m: 4, context_length: 128000, capabilities: ['chat'] });
  }
  await s.updateRoutingRules({
    cooldown_failures: 100, retries_per_model: 0, timeout_ms: 1000, fallbacks: { 'em/ends': [MODELS.anthropic], 'em/stalls': [MODELS.anthropic] },
  });
  h.anthropic.options.usage = { input: 1000, output: 10 };
});

afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

/** 12,000 uncached x $2 / M + 345 cached x $1 / M */
const BILL = 0.024345;
/** the fake Anthropic's serving try: 1,000 x $3 / M + 10 x $15 / M */
const SERVED = 0.00315;

describe('an OpenAI-format stream that stated its usage, then failed before any content', () => {
  it.each([
    ['ends', '/v1/chat/completions', 'stream'],
    ['ends', '/v1/messages', 'stream'],
    ['stalls', '/v1/chat/completions', 'timeout'],
  ] as const)('em/%s to %s: the failed try is billed the prompt the usage chunk stated', async (model, path, kind) => {
    const res = await rawRequest(`${h.url}${path}`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}`, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: `em/${model}`, stream: true, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(MODELS.anthropic);
    const entry = await activityEntryOf(h.app, res);
    expect(entry.attempts[0]).toMatchObject({ model: `em/${model}`, error_kind: kind, billed: { input_tokens: STATED, output_tokens: 0 } });
    expect(entry.attempts[0]!.billed!.cost_usd).toBeCloseTo(BILL, 9);
    const row = (await usageRows(h.app)).find((r) => r.request_id === res.headers.get('x-switchboard-request-id'))!;
    expect(row).toMatchObject({ input_tokens: String(STATED + 1000), output_tokens: '10', estimated: 'true' });
    expect(Number(row.cost_usd)).toBeCloseTo(BILL + SERVED, 9);
  });
});
