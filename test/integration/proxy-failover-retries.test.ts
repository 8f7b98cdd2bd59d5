// Same-model retries (retries_per_model) before the next candidate, and a cooled-down model back once its
// probe has an answer.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './helpers/app-harness';
import { failoverKit, startFailoverHarness } from './helpers/failover-kit';
import { sleep } from './helpers/hardening-kit';
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

describe('a cooled-down model comes back once its probe has an answer', () => {
  rulesForBlock(() => h.app, { cooldown_failures: 2, cooldown_ms: 300 });

  /** a fresh model of its own, cooled down by two 500s */
  async function cooled(): Promise<string> {
    const { ids } = await chain('fo');
    for (let i = 0; i < 2; i++) {
      h.openai.faults.push({ kind: 'status', status: 500 });
      expect((await chat(ids[0]!)).status).toBe(502);
    }
    expect((await chat(ids[0]!)).status).toBe(503); // cooling down
    await sleep(400); // cooldown_ms 300: half-open, the next request is the probe
    return ids[0]!;
  }

  it('a probe the provider refuses with a 400 (the request was at fault) shows it is up: the next request is served', async () => {
    const model = await cooled();
    h.openai.faults.push({ kind: 'status', status: 400, body: { error: { message: 'bad thing in the request', type: 'invalid_request_error' } } });
    expect((await chat(model)).status).toBe(400);
    const next = await chat(model);
    expect(next.status, next.text).toBe(200);
  });

  it('a probe whose client left before the answer frees the model at once, not after timeout_ms', async () => {
    const model = await cooled();
    h.openai.faults.push({ kind: 'slow-first-byte', ms: 1500 });
    const ac = new AbortController();
    const probe = fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST', signal: ac.signal,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    }).catch(() => null);
    await sleep(200);
    ac.abort();
    await probe;
    await sleep(100);
    const next = await chat(model);
    expect(next.status, next.text).toBe(200);
  });

  it('a provider whose probe gets one model\'s 500 is up: the next model on it serves the same request', () => withRules(h.app, { timeout_ms: 1000 }, async () => {
    const { alias, ids } = await chain('fo', 'fo');
    // two timeouts: the provider cools down (cooldown_failures 2)
    for (let i = 0; i < 2; i++) {
      h.openai.faults.push({ kind: 'slow-first-byte', ms: 1500 });
      expect((await chat(ids[0]!)).status).toBe(504);
    }
    await sleep(400); // half-open: the next attempt is the provider's probe
    h.openai.faults.push({ kind: 'status', status: 500 });
    const before = counts();
    const res = await chat(alias);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(ids[1]);
    expect(delta(before)).toEqual([2, 0, 0]);
  }));

  it('a probe whose stream has begun holds nobody back while it runs', async () => {
    const model = await cooled();
    h.openai.faults.push({ kind: 'chunk-delay', ms: 250 });
    const probe = chat(model, true);
    await sleep(700); // its first content is out; the stream goes on for a second more
    const other = await chat(model);
    expect(other.status, other.text).toBe(200);
    expect((await probe).status).toBe(200);
  });
});
