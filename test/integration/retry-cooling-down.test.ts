// A request whose model began cooling down while it paused before a same-model retry (other requests' failures
// opened the breaker, or another request holds the probe) moves on to its next candidate instead of sending the
// retry. The failing answers are held by the fake until every request has reached it, so all first tries fail
// together; what is counted is the requests each fake received, never a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate } from '../mocks/fake-server';
import type { Harness } from './helpers/app-harness';
import { failoverKit, startFailoverHarness } from './helpers/failover-kit';
import { setTimeout as sleep } from 'node:timers/promises';
import { rulesForBlock } from './helpers/rules-change';

let h: Harness;
beforeAll(async () => { h = await startFailoverHarness(); });
afterAll(async () => { await h?.close(); });
const { chain, counts, delta, chat, messages } = failoverKit(() => h);

/** Polls until `done`: waiting for something to happen, never timing it. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await sleep(5);
}

describe('a same-model retry of a model that began cooling down meanwhile', () => {
  rulesForBlock(() => h.app, { cooldown_failures: 3, cooldown_ms: 600_000, retries_per_model: 1, max_retries: 3 });

  it('is not sent: six requests failing together open the cooldown, and each goes to its fallback', async () => {
    const { alias, ids } = await chain('fa', 'fg');
    const answers = gate();
    h.anthropic.persistentFault = { kind: 'hold-first-byte', until: answers.until, status: 500 };
    const before = counts();
    try {
      const sent = Array.from({ length: 6 }, () => messages(alias, true));
      await until(() => delta(before)[1] === 6);
      // a retry sent all the same would fail as well (and then go to the fallback): only the count tells
      h.anthropic.persistentFault = { kind: 'status', status: 500 };
      answers.release();
      for (const res of await Promise.all(sent)) {
        expect(res.status, res.text).toBe(200);
        expect(res.headers.get('x-switchboard-model')).toBe(ids[1]);
      }
    } finally {
      h.anthropic.persistentFault = null;
      answers.release();
    }
    // the six first tries opened the cooldown (three suffice): no second try of the Anthropic model
    expect(delta(before)).toEqual([0, 6, 6]);
  });

  it('after a rate limit, one request probes the limited key and the others go to their fallback', async () => {
    const { alias, ids } = await chain('fo', 'fg');
    const limited = gate();
    const probe = gate();
    h.openai.persistentFault = { kind: 'hold-first-byte', until: limited.until, status: 429, headers: { 'retry-after': '1' } };
    const before = counts();
    try {
      const sent = Array.from({ length: 10 }, () => chat(alias));
      await until(() => delta(before)[0] === 10);
      // the probe (a retry sent all the same, without the fix) is held: its success would end the limit for the rest
      h.openai.persistentFault = { kind: 'hold-first-byte', until: probe.until };
      limited.release();
      // every request has made its second try: the probe at the limited model, the others at the fallback
      await until(() => { const [fo = 0, , fg = 0] = delta(before); return fo + fg === 20; });
      probe.release();
      const served = (await Promise.all(sent)).map((res) => {
        expect(res.status, res.text).toBe(200);
        return res.headers.get('x-switchboard-model');
      });
      expect(served.filter((m) => m === ids[0])).toHaveLength(1);
    } finally {
      h.openai.persistentFault = null;
      limited.release();
      probe.release();
    }
    expect(delta(before)).toEqual([11, 0, 9]);
  });

  it('with no candidate left, answers 503 with retry-after and the cooldown left, as a request finding it cooling is', async () => {
    await h.app.service.updateRoutingRules({ cooldown_failures: 1 });
    const { alias } = await chain('fa');
    const before = counts();
    h.anthropic.faults.push({ kind: 'status', status: 500 });
    const res = await messages(alias);
    expect(delta(before)).toEqual([0, 1, 0]);
    expect(res.status, res.text).toBe(503);
    expect(res.headers.get('x-should-retry')).toBe('true');
    // the cooldown is 600 s, the longest a client is told (MAX_COOLDOWN_MS)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(500);
  });
});
