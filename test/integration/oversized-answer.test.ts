// A non-streamed answer past maxUpstreamBodyBytes is an answer too large to carry, as a stream event past the
// same limit is (gemini-big-stream-event.test.ts): another model may serve, the same one is not asked again,
// and nothing cools down. Real proxy on 127.0.0.1, the limit shortened to 64 KiB, the fake OpenAI answering
// a 256 KiB body. The provider billed that answer: the failed try carries an estimated bill.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { activityEntryOf, chatCalls } from './helpers/routing-harness';
import { usageRows } from './helpers/usage-csv';

const LIMIT = 64 * 1024;
const HUGE = {
  id: 'x', object: 'chat.completion', created: 1, model: 'gpt-fake',
  choices: [{ index: 0, message: { role: 'assistant', content: 'x'.repeat(LIMIT * 4) }, finish_reason: 'stop' }],
};

let h: Harness;
let big: string;

beforeAll(async () => {
  h = await startHarness({ config: { limits: { maxUpstreamBodyBytes: LIMIT } } });
  big = (await h.app.service.createModel({ provider_id: 'fo', model_name: 'big-answer', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 100_000 })).id;
  // one failure that counts would cool the model down (the next request 503), and a kind worth retrying
  // on the same model gets a second try
  await h.app.service.updateRoutingRules({
    cooldown_failures: 1, cooldown_ms: 600_000, retries_per_model: 1, aliases: { bigchain: [big, MODELS.anthropic] },
  });
});
afterAll(async () => {
  await h?.close();
});

const chat = (model: string) => rawRequest(`${h.url}/v1/chat/completions`, {
  headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
  body: JSON.stringify({ model, messages: [{ role: 'user', content: 'draw me something large' }] }),
});

describe('a non-streamed answer larger than maxUpstreamBodyBytes', () => {
  it('fails once (invalid_output), is not retried on the same model, and cools nothing down', async () => {
    h.openai.persistentFault = { kind: 'status', status: 200, body: HUGE };
    const before = chatCalls(h.openai).length;
    let res: Awaited<ReturnType<typeof chat>>;
    try {
      res = await chat(big);
    } finally {
      h.openai.persistentFault = null;
    }
    expect(res.status, res.text).toBe(502);
    expect(res.json.error.message).toContain(`upstream response larger than ${LIMIT} bytes`);
    expect(chatCalls(h.openai).length - before).toBe(1);
    const entry = await activityEntryOf(h.app, res);
    expect(entry.attempts).toEqual([expect.objectContaining({ model: big, error_kind: 'invalid_output' })]);
    // with cooldown_failures 1 a failure that counted would make this a 503 cooling_down
    const next = await chat(big);
    expect(next.status, next.text).toBe(200);
    expect(next.headers.get('x-switchboard-model')).toBe(big);
  });

  it('fails over to the next candidate, which serves', async () => {
    h.openai.faults.push({ kind: 'status', status: 200, body: HUGE });
    const res = await chat('bigchain');
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(MODELS.anthropic);
    const entry = await activityEntryOf(h.app, res);
    expect(entry.attempts[0]).toMatchObject({ model: big, error_kind: 'invalid_output' });
  });

  it('bills the failed try, estimated: the prompt and the bytes that came (before: no bill, the row at the serving try\'s cost)', async () => {
    h.openai.faults.push({ kind: 'status', status: 200, body: HUGE });
    const res = await chat('bigchain');
    expect(res.status, res.text).toBe(200);
    const entry = await activityEntryOf(h.app, res);
    const bill = entry.attempts[0]!.billed!;
    // the limit's bytes at 4 a token, at $2 / 1M output; the prompt's few tokens at $1 / 1M
    expect(bill.output_tokens).toBe(LIMIT / 4);
    expect(bill.input_tokens).toBeGreaterThan(0);
    expect(bill.cost_usd).toBeCloseTo((bill.input_tokens * 1 + (LIMIT / 4) * 2) / 1e6, 12);
    const row = (await usageRows(h.app)).find((r) => r.request_id === res.headers.get('x-switchboard-request-id'))!;
    expect(row).toMatchObject({ model_id: MODELS.anthropic, estimated: 'true' });
    expect(Number(row.output_tokens)).toBeGreaterThan(LIMIT / 4);
    expect(Number(row.cost_usd)).toBeGreaterThan(bill.cost_usd!);
  });
});
