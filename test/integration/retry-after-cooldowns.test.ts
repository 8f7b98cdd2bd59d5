// The retry-after of a request no candidate served is the soonest one of them may be tried again, as their
// cooldowns say once this request's failures are recorded: not the shortest retry-after the providers named,
// which leaves out a model that named none (back in a moment, or cooling down for as long as its cooldown).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { gate } from '../mocks/fake-server';
import type { Harness } from './helpers/app-harness';
import { failoverKit, startFailoverHarness } from './helpers/failover-kit';
import { withRules } from './helpers/rules-change';

let h: Harness;
beforeAll(async () => { h = await startFailoverHarness(); });
afterAll(async () => { await h?.close(); });
const { chain, delta, counts, chat, messages } = failoverKit(() => h);

/** Polls until `done`: waiting for something to happen, never timing it. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await sleep(5);
}

describe('the retry-after of a request every candidate failed', () => {
  it('is about a second when a model that named no wait is not cooling down', async () => {
    const { alias } = await chain('fo', 'fa', 'fg');
    h.openai.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '20' } });
    h.anthropic.faults.push({ kind: 'status', status: 529 });
    h.gemini.faults.push({ kind: 'status', status: 503, headers: { 'retry-after': '20' } });
    const before = counts();
    const res = await chat(alias);
    expect(delta(before)).toEqual([1, 1, 1]);
    expect(res.status, res.text).toBe(503);
    expect(res.headers.get('x-should-retry')).toBe('true');
    // the 529 (cooldown_failures not reached) left its model ready: it can be asked again at once
    expect(res.headers.get('retry-after')).toBe('1');
  });

  it('is the soonest cooldown end when the failures opened every cooldown, though no provider named a wait', async () => {
    await withRules(h.app, { cooldown_failures: 1, cooldown_ms: 60_000 }, async () => {
      const { alias } = await chain('fo', 'fa');
      h.openai.faults.push({ kind: 'status', status: 429 });
      h.anthropic.faults.push({ kind: 'status', status: 529 });
      const before = counts();
      const res = await chat(alias);
      expect(delta(before)).toEqual([1, 1, 0]);
      expect(res.status, res.text).toBe(503);
      expect(res.headers.get('x-should-retry')).toBe('true');
      // both sit out cooldown_ms (60 s): a client told 1 s would only be turned away
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(50);
      expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    });
  });

  it('leaves out a model whose failure waiting never mends (a model the provider does not know) beside one left cooling down', async () => {
    await withRules(h.app, { cooldown_failures: 1, cooldown_ms: 600_000, retries_per_model: 1 }, async () => {
      const { alias, ids } = await chain('fo', 'fa');
      const held = gate();
      h.openai.faults.push({ kind: 'status', status: 404 });
      h.anthropic.persistentFault = { kind: 'hold-first-byte', until: held.until, status: 500 };
      const before = counts();
      try {
        const sent = chat(alias);
        await until(() => delta(before)[1] === 1);
        // another request's 500 opens the Anthropic model's cooldown while this one's answer is held
        h.anthropic.persistentFault = { kind: 'status', status: 500 };
        await messages(ids[1]!);
        held.release();
        const res = await sent;
        expect(res.status, res.text).toBe(503);
        expect(res.headers.get('x-should-retry')).toBe('true');
        // the 404 model is no better in a second: the client is told when the cooldown ends (600 s), not 1 s
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(500);
      } finally {
        h.anthropic.persistentFault = null;
        held.release();
      }
    });
  });

  it('a refused key beside a model only busy (529 twice, not left cooling): 503 retry-after 1, not the final 502', async () => {
    await withRules(h.app, { cooldown_failures: 3, cooldown_ms: 600_000, retries_per_model: 1 }, async () => {
      const { alias } = await chain('fo', 'fa');
      h.openai.faults.push({ kind: 'status', status: 401 });
      h.anthropic.faults.push({ kind: 'status', status: 529 }, { kind: 'status', status: 529 });
      const before = counts();
      const res = await chat(alias);
      expect(delta(before)).toEqual([1, 2, 0]);
      // no model anywhere left cooling: the busy one alone is what waiting brings back, in a moment
      expect(res.status, res.text).toBe(503);
      expect(res.headers.get('x-should-retry')).toBe('true');
      expect(res.headers.get('retry-after')).toBe('1');
    });
  });

  // last: the 401 has the fake OpenAI provider tried last for a while
  it('R2: a refused key beside a 500 that opened a 600 s cooldown is not told to come back in 1 s', async () => {
    await withRules(h.app, { cooldown_failures: 1, cooldown_ms: 600_000, retries_per_model: 1 }, async () => {
      const { alias } = await chain('fo', 'fa');
      h.openai.faults.push({ kind: 'status', status: 401 });
      h.anthropic.persistentFault = { kind: 'status', status: 500 };
      try {
        const before = counts();
        const res = await chat(alias);
        // the 500 opened the cooldown itself: its model is tried again (SPEC §2), fails again, and nothing is left
        // that waiting would bring back: the providers' failure, final (the client coming back in 1 s would find
        // the key still refused and the model still cooling down)
        expect(delta(before)).toEqual([1, 2, 0]);
        expect(res.status, res.text).toBe(502);
        expect(res.headers.get('x-should-retry')).toBe('false');
        expect(res.headers.get('retry-after')).toBeNull();
      } finally {
        h.anthropic.persistentFault = null;
      }
    });
  });
});
