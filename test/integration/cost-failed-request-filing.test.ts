// A request that fails everywhere (502) whose first try the provider billed (cut short after message_start)
// is filed, row and Usage's by-model and by-provider tables, under the try that billed, not under the last
// model tried, which answered 500 and billed nothing (before: under that last model). Real proxy, real SQLite,
// the fake Anthropic breaking off after message_start, the fake OpenAI answering 500.
// A request the next model refused as the client's fault (a plain 400) is filed under that model, which
// answered it, billed try before it or not (before: under the billed try).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { activityEntryOf } from './helpers/routing-harness';
import { usageRows } from './helpers/usage-csv';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.app.service.updateRoutingRules({ cooldown_failures: 100, retries_per_model: 0, max_retries: 1, fallbacks: { [MODELS.anthropic]: [MODELS.openai] } });
  h.anthropic.options.usage = { input: 20_000, output: 900 };
});

afterAll(async () => {
  await h?.close();
});

describe('a request nothing served, one try billed', () => {
  it('is filed under the model whose try was billed', async () => {
    h.anthropic.faults.push({ kind: 'reset-mid-stream', afterChunks: 0 });
    h.openai.faults.push({ kind: 'status', status: 500 });
    const before = await h.app.service.getUsage({ days: 1 });
    const res = await rawRequest(`${h.url}/v1/messages`, {
      headers: { 'content-type': 'application/json', 'x-api-key': h.token, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: MODELS.anthropic, stream: true, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status, res.text).toBe(502);
    const entry = await activityEntryOf(h.app, res);
    expect(entry.attempts.map((a) => [a.model, a.billed === undefined])).toEqual([[MODELS.anthropic, false], [MODELS.openai, true]]);
    // 20,000 x $3 / M + the 1 output token message_start states x $15 / M
    const cost = 0.060015;
    const row = (await usageRows(h.app)).find((r) => r.request_id === res.headers.get('x-switchboard-request-id'))!;
    expect(row).toMatchObject({ model_id: MODELS.anthropic, provider_id: 'fa', status: '502', input_tokens: '20000' });
    expect(Number(row.cost_usd)).toBeCloseTo(cost, 9);
    const after = await h.app.service.getUsage({ days: 1 });
    const spent = (list: { cost_usd: number | null }[], key: string, name: string) =>
      (list.find((e) => (e as Record<string, unknown>)[key] === name)?.cost_usd ?? 0);
    expect(spent(after.by_model, 'model', MODELS.anthropic) - spent(before.by_model, 'model', MODELS.anthropic)).toBeCloseTo(cost, 9);
    expect(spent(after.by_provider, 'provider', 'fa') - spent(before.by_provider, 'provider', 'fa')).toBeCloseTo(cost, 9);
    expect(spent(after.by_model, 'model', MODELS.openai) - spent(before.by_model, 'model', MODELS.openai)).toBe(0);
  });
});

describe('a request the next model refused as the client\'s fault, an earlier try billed', () => {
  it('is filed under the model that answered the 400', async () => {
    h.anthropic.faults.push({ kind: 'reset-mid-stream', afterChunks: 0 });
    h.openai.faults.push({ kind: 'status', status: 400 });
    const res = await rawRequest(`${h.url}/v1/messages`, {
      headers: { 'content-type': 'application/json', 'x-api-key': h.token, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: MODELS.anthropic, stream: true, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status, res.text).toBe(400);
    const entry = await activityEntryOf(h.app, res);
    expect(entry.attempts.map((a) => [a.model, a.billed === undefined])).toEqual([[MODELS.anthropic, false], [MODELS.openai, true]]);
    const row = (await usageRows(h.app)).find((r) => r.request_id === res.headers.get('x-switchboard-request-id'))!;
    expect(row).toMatchObject({ model_id: MODELS.openai, provider_id: 'fo', status: '400', error_kind: 'bad_request' });
  });
});
