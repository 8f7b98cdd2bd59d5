// A provider too slow is given up after timeout_ms and the next candidate serves: one that hangs before its
// headers, and one that sends its headers and then stalls (no body, no event, or keep-alives only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './helpers/app-harness';
import { failoverKit, startFailoverHarness } from './helpers/failover-kit';
import { rulesForBlock, withRules } from './helpers/rules-change';

let h: Harness;
beforeAll(async () => { h = await startFailoverHarness(); });
afterAll(async () => { await h?.close(); });
const { fakeOf, chain, counts, delta, chat, messages, entryOf } = failoverKit(() => h);

describe('a provider that hangs', () => {
  it.each([false, true])('is given up after timeout_ms and the next candidate serves (stream: %s)', (stream) => withRules(h.app, { timeout_ms: 1000 }, async () => {
    const { alias, ids } = await chain('fa', 'fo');
    h.anthropic.faults.push({ kind: 'slow-first-byte', ms: 5000 });
    const before = counts();
    const res = await messages(alias, stream);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(ids[1]);
    expect(delta(before)).toEqual([1, 1, 0]);
    // given up by Switchboard's own timer, not undici's headersTimeout (its coarse clock ends it up to ~500 ms
    // late, as "Headers Timeout Error"); the fake, still holding its headers, saw its connection closed
    expect((await entryOf(res)).attempts[0]).toMatchObject({
      model: ids[0], error_kind: 'timeout', message: 'upstream timed out: no response headers within 1000 ms',
    });
    expect(h.anthropic.requests.at(-1)?.aborted).toBe(true);
  }));
});

describe('a provider that sends its headers and then stalls', () => {
  rulesForBlock(() => h.app, { timeout_ms: 1000 });

  it.each([
    ['a JSON body that never comes', false, undefined],
    ['a stream that sends no event', true, undefined],
    ['a stream of keep-alive comments only (OpenRouter\'s : OPENROUTER PROCESSING)', true, 200],
  ] as const)('%s is given up after timeout_ms and the next candidate serves', async (_what, stream, keepAliveMs) => {
    const { alias, ids } = await chain('fo', 'fa');
    // the fake would answer after 60 s, past the test's own timeout: a 200 at all means timeout_ms cut it
    h.openai.faults.push({ kind: 'slow-answer', ms: 60_000, ...(keepAliveMs ? { keepAliveMs } : {}) });
    const res = await chat(alias, stream);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(ids[1]);
    expect((await entryOf(res)).attempts[0]).toMatchObject({ model: ids[0], error_kind: 'timeout' });
    expect(h.openai.requests.at(-1)?.aborted).toBe(true);
  });

  it.each([
    ['an OpenAI stream\'s role chunk, then nothing', 'fo', undefined],
    ['an OpenAI stream\'s role chunk, then keep-alive comments', 'fo', 200],
    ['an Anthropic stream\'s message_start, then ping events', 'fa', 200],
  ] as const)('%s is no answer begun: the model is tried again after timeout_ms, then the next candidate serves', (_what, first, keepAliveMs) => withRules(h.app, { retries_per_model: 1 }, async () => {
    const { alias, ids } = await chain(first, first === 'fo' ? 'fa' : 'fo');
    const fault = { kind: 'slow-answer', ms: 60_000, roleFirst: true, ...(keepAliveMs ? { keepAliveMs } : {}) } as const;
    fakeOf(first).faults.push(fault, fault);
    const res = first === 'fo' ? await chat(alias, true) : await messages(alias, true);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(ids[1]);
    expect(fakeOf(first).faults).toEqual([]);
    expect((await entryOf(res)).attempts.map((a) => [a.model, a.error_kind])).toEqual([[ids[0], 'timeout'], [ids[0], 'timeout'], [ids[1], null]]);
    expect(fakeOf(first).requests.at(-1)?.aborted).toBe(true);
  }));

  it('a model too slow after its headers cools down alone: the provider answered, so its other models serve', () => withRules(h.app, { cooldown_failures: 1 }, async () => {
    const slow = await chain('fo');
    const fast = await chain('fo');
    expect((await chat(fast.alias)).status).toBe(200);
    h.openai.faults.push({ kind: 'slow-answer', ms: 60_000, keepAliveMs: 200 });
    const late = await chat(slow.alias, true);
    expect(late.status, late.text).toBe(504);
    expect((await entryOf(late)).attempts[0]).toMatchObject({ model: slow.ids[0], error_kind: 'timeout' });
    const before = counts();
    const res = await chat(fast.alias);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(fast.ids[0]);
    expect(delta(before)).toEqual([1, 0, 0]);
    // the slow one is what cools down, and the Providers tab does not call the provider unwell
    expect((await chat(slow.alias)).status).toBe(503);
    expect((await h.app.service.listProviders()).find((p) => p.id === 'fo')?.health.message ?? '').not.toMatch(/^fo failed/);
  }));
});
