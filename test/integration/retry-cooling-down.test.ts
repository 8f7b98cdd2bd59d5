// A request whose model other requests' failures had cooling down (opened its breaker, or hold its probe), when its
// own failure was recorded or by the end of its pause before a same-model retry, moves on to its next candidate
// instead of sending the retry. A request whose own failure opened the cooldown still gets its retry (SPEC §2). The failing answers are held by the fake until every request has reached it, so all first tries fail
// together; what is counted is the requests each fake received, never a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate } from '../mocks/fake-server';
import type { Harness } from './helpers/app-harness';
import { failoverKit, startFailoverHarness } from './helpers/failover-kit';
import { setTimeout as sleep } from 'node:timers/promises';
import { rulesForBlock, withRules } from './helpers/rules-change';

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
    // the six first tries opened the cooldown (the third one's failure did): only that request tries the Anthropic
    // model again (its retry, as SPEC §2 says); the two before it find it cooling after their pause, the three after
    // it find it cooling when their failure is recorded. 7 calls to the failing model, not 12
    expect(delta(before)).toEqual([0, 7, 6]);
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

  it('is sent when the request\'s own failure opened the cooldown, and a lone model failing it again is a 502', async () => {
    await withRules(h.app, { cooldown_failures: 1 }, async () => {
      const { alias } = await chain('fa');
      h.anthropic.persistentFault = { kind: 'status', status: 500 };
      try {
        const before = counts();
        const res = await messages(alias);
        expect(delta(before)).toEqual([0, 2, 0]);
        // the provider's failure, final, as before the cooldown: not 503 overloaded_error (waiting would not serve it)
        expect(res.status, res.text).toBe(502);
        expect(res.json).toMatchObject({ error: { type: 'api_error' } });
        expect(res.headers.get('x-should-retry')).toBe('false');
      } finally {
        h.anthropic.persistentFault = null;
      }
    });
  });

  it('R1: the request whose failure reaches cooldown_failures gets its retry; the next one finds the model cooling', async () => {
    const { alias } = await chain('fa');
    h.anthropic.persistentFault = { kind: 'status', status: 500 };
    const seen: [number[], number][] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const before = counts();
        const res = await messages(alias);
        seen.push([delta(before), res.status]);
      }
    } finally {
      h.anthropic.persistentFault = null;
    }
    // failures 1 and 2; 3 (opening the cooldown) and its retry; then no call: every model cooling down
    expect(seen).toEqual([[[0, 2, 0], 502], [[0, 2, 0], 502], [[0, 0, 0], 503]]);
  });

  // last: the timeouts leave the fake Anthropic provider itself cooling down
  it('is not sent to a hung model: six requests timing out together open its cooldown, one retry, not six', () => withRules(h.app, { timeout_ms: 1000 }, async () => {
    const { alias, ids } = await chain('fa', 'fg');
    const hung = gate();
    h.anthropic.persistentFault = { kind: 'hold-first-byte', until: hung.until };
    const before = counts();
    try {
      const sent = Array.from({ length: 6 }, () => messages(alias, true));
      for (const res of await Promise.all(sent)) {
        expect(res.status, res.text).toBe(200);
        expect(res.headers.get('x-switchboard-model')).toBe(ids[1]);
      }
    } finally {
      h.anthropic.persistentFault = null;
      hung.release();
    }
    // the third timeout opens the cooldown and only that request waits a second timeout_ms on the model (SPEC §2's
    // retry); each request's pause (250 ms or more) outlasts the spread of six timeouts started together
    expect(delta(before)).toEqual([0, 7, 6]);
  }));
});
