// A try Switchboard gives up on (timeout_ms) or whose stream breaks off before any content, once the provider
// had the prompt, then fails over: the provider bills that prompt all the same, so the row counts it (the
// figures the provider stated, else the prompt estimated), marked estimated, and the attempt shows its bill.
// A provider's error status is an answer it does not bill: such a try adds nothing. Real proxy, real SQLite,
// fake providers; the row read back through the CSV export, the attempts through the activity API.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { activityEntryOf } from './helpers/routing-harness';
import { usageRows, type UsageRow } from './helpers/usage-csv';
import type { ActivityEntry } from '../../src/shared/activity-types';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.app.service.updateRoutingRules({
    cooldown_failures: 100, retries_per_model: 0, timeout_ms: 1000, fallbacks: { [MODELS.anthropic]: [MODELS.openai] },
  });
  // Anthropic states 20,000 prompt tokens in message_start ($3 / M: $0.06); OpenAI serves the same prompt ($1 / M, $2 / M out)
  h.anthropic.options.usage = { input: 20_000, output: 900 };
  h.openai.options.usage = { input: 20_000, output: 100 };
});
afterAll(async () => { await h?.close(); });
afterEach(() => { for (const f of [h.openai, h.anthropic]) f.faults.length = 0; });

/** what OpenAI's serving try costs: 20,000 x $1 / M + 100 x $2 / M */
const SERVED = 0.0202;
/** 20,000 words: the prompt Switchboard estimates when the provider stated nothing */
const PROMPT = 'word '.repeat(20_000);

async function ask(stream: boolean): Promise<{ row: UsageRow; entry: ActivityEntry }> {
  const res = await rawRequest(`${h.url}/v1/messages`, {
    headers: { 'content-type': 'application/json', 'x-api-key': h.token },
    body: JSON.stringify({ model: MODELS.anthropic, stream, max_tokens: 1000, messages: [{ role: 'user', content: PROMPT }] }),
  });
  expect(res.status, res.text).toBe(200);
  expect(res.headers.get('x-switchboard-model')).toBe(MODELS.openai);
  const id = res.headers.get('x-switchboard-request-id');
  for (let i = 0; i < 50; i++) {
    const row = (await usageRows(h.app)).find((r) => r.request_id === id);
    if (row) return { row, entry: await activityEntryOf(h.app, res) };
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no usage row for ${id}`);
}

describe('a try cut short after Anthropic stated the prompt (message_start), then served by OpenAI', () => {
  it.each([
    ['message_start, then silence past timeout_ms', { kind: 'slow-answer', ms: 60_000 }, 'timeout'],
    ['message_start, then the connection drops before any content', { kind: 'reset-mid-stream', afterChunks: 0 }, 'stream'],
  ] as const)('%s: billed the 20,000 stated tokens (before: not billed, cost 0)', async (_what, fault, kind) => {
    h.anthropic.faults.push(fault);
    const { row, entry } = await ask(true);
    expect(entry.attempts[0]).toMatchObject({ model: MODELS.anthropic, error_kind: kind, billed: { input_tokens: 20_000, output_tokens: 1 } });
    // 20,000 x $3 / M + the 1 output token message_start states x $15 / M
    expect(entry.attempts[0]!.billed!.cost_usd).toBeCloseTo(0.060015, 9);
    expect(row).toMatchObject({ input_tokens: '40000', output_tokens: '101', estimated: 'true', status: '200' });
    expect(Number(row.cost_usd)).toBeCloseTo(0.060015 + SERVED, 9);
  });
});

describe('a non-streamed try given up on after timeout_ms (its whole answer still to come), then served by OpenAI', () => {
  it('is billed the prompt as Switchboard estimates it (before: not billed, cost 0)', async () => {
    h.anthropic.faults.push({ kind: 'slow-first-byte', ms: 5000 });
    const { row, entry } = await ask(false);
    const bill = entry.attempts[0]!.billed!;
    expect(entry.attempts[0]).toMatchObject({ model: MODELS.anthropic, error_kind: 'timeout', billed: { output_tokens: 0 } });
    // 20,000 words: Switchboard's estimate errs high, never low
    expect(bill.input_tokens).toBeGreaterThanOrEqual(20_000);
    expect(bill.input_tokens).toBeLessThan(30_000);
    expect(bill.cost_usd).toBeCloseTo(bill.input_tokens * 3e-6, 9);
    expect(row).toMatchObject({ input_tokens: String(bill.input_tokens + 20_000), estimated: 'true' });
    expect(Number(row.cost_usd)).toBeCloseTo(bill.cost_usd! + SERVED, 9);
  });
});

describe('a try the provider answered with an error status', () => {
  it.each([false, true])('is not billed: the row is the serving try alone (stream: %s)', async (stream) => {
    h.anthropic.faults.push({ kind: 'status', status: 529, body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } });
    const { row, entry } = await ask(stream);
    expect(entry.attempts[0]).toMatchObject({ model: MODELS.anthropic, error_kind: 'overloaded' });
    expect(entry.attempts[0]!.billed).toBeUndefined();
    expect(row).toMatchObject({ input_tokens: '20000', output_tokens: '100', estimated: 'false' });
    expect(Number(row.cost_usd)).toBeCloseTo(SERVED, 9);
  });
});
