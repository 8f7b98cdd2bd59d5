// The retry-after of a request no candidate served is the soonest one of them may be tried again, as their
// cooldowns say once this request's failures are recorded: not the shortest retry-after the providers named,
// which leaves out a model that named none (back in a moment, or cooling down for as long as its cooldown).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './helpers/app-harness';
import { failoverKit, startFailoverHarness } from './helpers/failover-kit';
import { withRules } from './helpers/rules-change';

let h: Harness;
beforeAll(async () => { h = await startFailoverHarness(); });
afterAll(async () => { await h?.close(); });
const { chain, delta, counts, chat } = failoverKit(() => h);

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
});
