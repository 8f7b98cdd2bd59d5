// A Responses answer that ends `failed` having read the prompt states its usage, and OpenAI bills it: the try
// fails over and is billed those figures, whole or streamed (`response.failed`), as the settler bills a failed
// background response (before: the try was billed nothing, and the row missed it). Real proxy, real SQLite, the
// fake Responses provider (error-body-200: a failed response with the prompt's usage), the fake Anthropic serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest } from './helpers/app-harness';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';
import { activityEntryOf } from './helpers/routing-harness';
import { usageRows } from './helpers/usage-csv';

let h: ResponsesHarness;

beforeAll(async () => {
  h = await startResponsesHarness();
  await h.app.service.updateRoutingRules({ cooldown_failures: 100, retries_per_model: 0, fallbacks: { [RESPONSES_MODEL]: [MODELS.anthropic] } });
  h.responses.options.usage = { input: 10_000, cached: 4_000, output: 500 };
  h.anthropic.options.usage = { input: 1_000, output: 10 };
});

afterAll(async () => {
  await h?.close();
});

/** the failed try: 6,000 uncached x $2 / M + 4,000 cached x $0.5 / M (its output 0) */
const BILL = 0.014;
/** the fake Anthropic's serving try: 1,000 x $3 / M + 10 x $15 / M */
const SERVED = 0.00315;

describe('a Responses answer that failed with its usage stated, then failed over', () => {
  it.each([false, true])('stream=%s: the failed try is billed its usage, and the row counts it', async (stream) => {
    h.responses.faults.push({ kind: 'error-body-200', message: 'The model failed to generate a response.' });
    const res = await rawRequest(`${h.url}/v1/responses`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
      body: JSON.stringify({ model: RESPONSES_MODEL, input: 'hello', store: false, stream }),
    });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(MODELS.anthropic);
    const entry = await activityEntryOf(h.app, res);
    expect(entry.attempts[0]).toMatchObject({ model: RESPONSES_MODEL, billed: { input_tokens: 10_000, output_tokens: 0 } });
    expect(entry.attempts[0]!.billed!.cost_usd).toBeCloseTo(BILL, 9);
    const row = (await usageRows(h.app)).find((r) => r.request_id === res.headers.get('x-switchboard-request-id'))!;
    expect(row).toMatchObject({ model_id: MODELS.anthropic, input_tokens: '11000', output_tokens: '10' });
    expect(Number(row.cost_usd)).toBeCloseTo(BILL + SERVED, 9);
  });
});
