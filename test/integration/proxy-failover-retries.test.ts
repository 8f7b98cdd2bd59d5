// Same-model retries (retries_per_model) before the next candidate, and a cooled-down model back once its
// probe has an answer.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './helpers/app-harness';
import { failoverKit, startFailoverHarness } from './helpers/failover-kit';
import { sleep, waitFor } from './helpers/hardening-kit';
import { gate } from '../mocks/fake-server';
import { rulesForBlock, withRules } from './helpers/rules-change';

let h: Harness;
beforeAll(async () => { h = await startFailoverHarness(); });
afterAll(async () => { await h?.close(); });
const { chain, counts, delta, chat } = failoverKit(() => h);

describe('same-model retries (retries_per_model)', () => {
  afterEach(async () => { await h.app.service.updateRoutingRules({ retries_per_model: 0 }); });

  it.each([
    ['429', { kind: 'status', status: 429 }],
    ['503', { kind: 'status', status: 503 }],
    ['a reset before the headers', { kind: 'reset-before-headers' }],
  ] as const)('%s: the same model is tried again before the next, and the row lists each try', async (_name, fault) => {
    await h.app.service.updateRoutingRules({ retries_per_model: 1 });
    const { alias, ids } = await chain('fo', 'fa');
    const before = counts();
    h.openai.faults.push(fault);
    const res = await chat(alias);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(ids[0]);
    expect(delta(before)).toEqual([2, 0, 0]);
  });

  it('a 400 is never retried, on the same model or another', async () => {
    await h.app.service.updateRoutingRules({ retries_per_model: 2 });
    const { alias } = await chain('fo', 'fa');
    const before = counts();
    h.openai.faults.push({ kind: 'status', status: 400, body: { error: { message: 'no', type: 'invalid_request_error' } } });
    expect((await chat(alias)).status).toBe(400);
    expect(delta(before)).toEqual([1, 0, 0]);
  });

  it('a retry-after longer than a short pause moves on to the next candidate at once', async () => {
    await h.app.service.updateRoutingRules({ retries_per_model: 1 });
    const { alias, ids } = await chain('fo', 'fa');
    const before = counts();
    h.openai.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '30' } });
    const res = await chat(alias);
    expect(res.headers.get('x-switchboard-model')).toBe(ids[1]);
    expect(delta(before)).toEqual([1, 1, 0]);
  });
});

/**
 * The probe's answer is held by the fake until the test lets it go, and a probe is made by ending a long cooldown
 * at a moment the test chooses: nothing here races the clock, however slow the machine.
 */
describe('a cooled-down model comes back once its probe has an answer', () => {
  rulesForBlock(() => h.app, { cooldown_failures: 2, cooldown_ms: 600_000 });

  /**
   * A fresh model of its own, cooled down by two connections reset before any answer (its provider did not
   * answer), then half-open: the provider answers a connection test, so the next request is the model's probe.
   */
  async function cooled(): Promise<string> {
    const { ids } = await chain('fo');
    for (let i = 0; i < 2; i++) {
      h.openai.faults.push({ kind: 'reset-before-headers' });
      expect((await chat(ids[0]!)).status).toBe(502);
    }
    expect((await chat(ids[0]!)).status).toBe(503); // cooling down
    expect((await h.app.service.testProvider({ provider_id: 'fo' })).ok).toBe(true);
    return ids[0]!;
  }

  /** A chat request's response, as soon as its headers are in (its body still to be read). */
  const open = (model: string, stream: boolean, signal?: AbortSignal): Promise<Response> => fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST', signal,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
    body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hi' }] }),
  });

  it('a probe the provider refuses with a 400 (the request was at fault) shows it is up: the next request is served', async () => {
    const model = await cooled();
    h.openai.faults.push({ kind: 'status', status: 400, body: { error: { message: 'bad thing in the request', type: 'invalid_request_error' } } });
    expect((await chat(model)).status).toBe(400);
    const next = await chat(model);
    expect(next.status, next.text).toBe(200);
  });

  it('a probe whose client left before the answer frees the model at once, not after timeout_ms', async () => {
    const model = await cooled();
    const answer = gate();
    h.openai.faults.push({ kind: 'hold-first-byte', until: answer.until });
    try {
      const sent = h.openai.requests.length;
      const ac = new AbortController();
      const probe = open(model, false, ac.signal).catch(() => null);
      // the probe is at the provider, its answer held there: it holds the model's probe
      await waitFor(() => h.openai.requests.length > sent, 15_000, 'the probe at the provider');
      ac.abort();
      await probe;
      // Switchboard is done with the request the client left (its activity row is filed once it is)
      await waitFor(async () => (await h.app.service.listRequests({ model })).requests.some((r) => r.error_kind === 'client_closed'), 15_000, 'the left probe filed');
      const next = await chat(model);
      expect(next.status, next.text).toBe(200);
    } finally {
      answer.release();
    }
  });

  it('a provider whose probe gets one model\'s 500 is up: the next model on it serves the same request', () => withRules(h.app, { timeout_ms: 1000, cooldown_ms: 300 }, async () => {
    const { alias, ids } = await chain('fo', 'fo');
    // two timeouts (the fake holds its answer past timeout_ms): the provider cools down (cooldown_failures 2)
    const late = gate();
    try {
      for (let i = 0; i < 2; i++) {
        h.openai.faults.push({ kind: 'hold-first-byte', until: late.until });
        expect((await chat(ids[0]!)).status).toBe(504);
      }
      await sleep(400); // cooldown_ms 300 over: half-open, the next attempt is the provider's probe
      h.openai.faults.push({ kind: 'status', status: 500 });
      const before = counts();
      const res = await chat(alias);
      expect(res.status, res.text).toBe(200);
      expect(res.headers.get('x-switchboard-model')).toBe(ids[1]);
      expect(delta(before)).toEqual([2, 0, 0]);
    } finally {
      late.release();
    }
  }));

  it('a probe whose stream has begun holds nobody back while it runs', async () => {
    const model = await cooled();
    const rest = gate();
    h.openai.faults.push({ kind: 'hold-mid-stream', afterChunks: 1, until: rest.until });
    try {
      // its headers come with its first content: the stream has begun, the rest is held at the fake
      const probe = await open(model, true);
      expect(probe.status).toBe(200);
      const other = await chat(model);
      expect(other.status, other.text).toBe(200);
      rest.release();
      expect(await probe.text()).toContain('data: [DONE]');
    } finally {
      rest.release();
    }
  });
});
