// A provider's 429 naming a wait of a day (retry-after: 86400, an HTTP date in 2099, retry-after-ms) benches
// the model for at most 10 minutes (MAX_COOLDOWN_MS), and its client is told to come back within that, not
// the day: by then the half-open probe asks the provider again. Real proxy on 127.0.0.1, fake providers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_COOLDOWN_MS } from '../../src/core/routing';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const chat = (model: string) => rawRequest(`${h.url}/v1/chat/completions`, {
  headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
  body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
});

const CAP_S = MAX_COOLDOWN_MS / 1_000;

describe('a 429 naming a wait longer than the cooldown cap', () => {
  it.each([
    ['retry-after: 86400', MODELS.openai, () => h.openai, { 'retry-after': '86400' }],
    ['retry-after as an HTTP date in 2099', MODELS.anthropic, () => h.anthropic, { 'retry-after': 'Thu, 01 Jan 2099 00:00:00 GMT' }],
    ['retry-after-ms: 86400000', MODELS.gemini, () => h.gemini, { 'retry-after-ms': '86400000' }],
  ] as const)('%s: the client is told to come back within MAX_COOLDOWN_MS, and the model sits out no longer', async (_what, model, fake, headers) => {
    fake().faults.push({ kind: 'status', status: 429, headers: { ...headers } });
    const before = fake().requests.length;
    const limited = await chat(model);
    expect(limited.status, limited.text).toBe(429);
    expect(limited.headers.get('x-should-retry')).toBe('true');
    expect(limited.headers.get('retry-after')).toBe(String(CAP_S));
    // no pause before trying again for a day's wait: one request reached the provider
    expect(fake().requests.length).toBe(before + 1);

    const cooling = await chat(model);
    expect(cooling.status, cooling.text).toBe(503);
    expect(cooling.json.error.code).toBe('cooling_down');
    const wait = Number(cooling.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(CAP_S - 30);
    expect(wait).toBeLessThanOrEqual(CAP_S);
    expect(fake().requests.length).toBe(before + 1);
  });
});

describe('a same-model retry whose 429 names a longer wait than the first try\'s', () => {
  it('the client is told the retry\'s wait, the one the model is cooling down for, not the first try\'s', async () => {
    const m = await h.app.service.createModel({ provider_id: 'fo', model_name: 'retried-429', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 100000 });
    h.openai.faults.push(
      { kind: 'status', status: 429, headers: { 'retry-after-ms': '50' } },
      { kind: 'status', status: 429, headers: { 'retry-after': '30' } },
    );
    const before = h.openai.requests.length;
    const limited = await chat(m.id);
    expect(limited.status, limited.text).toBe(429);
    expect(h.openai.requests.length).toBe(before + 2);
    const told = Number(limited.headers.get('retry-after'));
    expect(told).toBe(30);
    // a client that comes back when told finds the model back: the cooldown ends no later
    const cooling = await chat(m.id);
    expect(cooling.status, cooling.text).toBe(503);
    expect(cooling.json.error.code).toBe('cooling_down');
    expect(Number(cooling.headers.get('retry-after'))).toBeLessThanOrEqual(told);
    expect(h.openai.requests.length).toBe(before + 2);
  });
});

describe('a 503 naming when to come back (retry-after: 30), its body saying nothing of an overload', () => {
  it('the client is told to wait that long (503, retry-after 30, x-should-retry: true) and the model sits it out', async () => {
    const m = await h.app.service.createModel({ provider_id: 'fa', model_name: 'unavailable-503', input_cost_per_1m: 3, output_cost_per_1m: 15, context_length: 100000 });
    h.anthropic.faults.push({
      kind: 'status', status: 503, headers: { 'retry-after': '30' },
      body: { type: 'error', error: { type: 'api_error', message: 'Service Unavailable' } },
    });
    const before = h.anthropic.requests.length;
    const res = await rawRequest(`${h.url}/v1/messages`, {
      headers: { 'content-type': 'application/json', 'x-api-key': h.token, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: m.id, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status, res.text).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(res.headers.get('x-should-retry')).toBe('true');
    expect(res.json).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    // not asked again within the wait it named (30 s is past the same-model retry's 5 s)
    expect(h.anthropic.requests.length).toBe(before + 1);
    const cooling = await chat(m.id);
    expect(cooling.status, cooling.text).toBe(503);
    expect(cooling.json.error.code).toBe('cooling_down');
    expect(Number(cooling.headers.get('retry-after'))).toBeGreaterThan(20);
    expect(h.anthropic.requests.length).toBe(before + 1);
  });
});
