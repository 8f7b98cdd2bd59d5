// The CooldownTracker's breakers: failures that open them, cooldowns and retry-after, half-open probes and
// their leases. Rate limits held per key, and what forgets a breaker: cooldown-keys.test.ts; refusals and
// a clock set back: cooldown-refusals.test.ts.
import { describe, expect, it } from 'vitest';
import { CooldownTracker, MAX_COOLDOWN_MS } from './cooldown';
import { M, P, RULES, T0, tracker } from '../../../test/helpers/cooldown-tracker';

describe('CooldownTracker', () => {
  it('opens after cooldown_failures consecutive retryable failures, for cooldown_ms', () => {
    const t = tracker();
    t.recordFailure(M, P, 'server', T0);
    t.recordFailure(M, P, 'overloaded', T0 + 1);
    expect(t.isCoolingDown(M, P, T0 + 2)).toBe(false);
    t.recordFailure(M, P, 'server', T0 + 2);
    expect(t.isCoolingDown(M, P, T0 + 2)).toBe(true);
    expect(t.stateOf('model', M, T0 + 2)).toBe('open');
    expect(t.isCoolingDown(M, P, T0 + 2 + 29_999)).toBe(true);
    expect(t.isCoolingDown(M, P, T0 + 2 + 30_000)).toBe(false);
    expect(t.stateOf('model', M, T0 + 2 + 30_000)).toBe('half_open');
  });

  it('a success in between resets the count', () => {
    const t = tracker();
    t.recordFailure(M, P, 'server', T0);
    t.recordFailure(M, P, 'server', T0);
    t.recordSuccess(M, P, T0);
    t.recordFailure(M, P, 'server', T0);
    t.recordFailure(M, P, 'server', T0);
    expect(t.isCoolingDown(M, P, T0)).toBe(false);
  });

  it('failures caused by the request or our key do not count', () => {
    const t = tracker();
    for (const kind of ['bad_request', 'context_length', 'content_filter', 'auth', 'not_found', 'payload_too_large'] as const) {
      for (let i = 0; i < 5; i++) t.recordFailure(M, P, kind, T0);
    }
    expect(t.isCoolingDown(M, P, T0)).toBe(false);
    expect(t.snapshot(T0)).toEqual([]);
  });

  it('uses retry-after when it is longer than cooldown_ms', () => {
    const t = tracker();
    for (let i = 0; i < 3; i++) t.recordFailure(M, P, 'server', T0, 90_000);
    expect(t.isCoolingDown(M, P, T0 + 89_999)).toBe(true);
    expect(t.isCoolingDown(M, P, T0 + 90_000)).toBe(false);
  });

  it('a 429 with retry-after cools the model down at once, for that long', () => {
    const t = tracker();
    t.recordFailure(M, P, 'rate_limit', T0, 5_000);
    expect(t.isCoolingDown(M, P, T0 + 4_999)).toBe(true);
    expect(t.isCoolingDown(M, P, T0 + 5_000)).toBe(false);
    // only that model: other models of the provider are fine
    expect(t.isCoolingDown('openai/other', P, T0)).toBe(false);
  });

  it('a 429 without retry-after counts like any retryable failure', () => {
    const t = tracker();
    t.recordFailure(M, P, 'rate_limit', T0);
    expect(t.isCoolingDown(M, P, T0)).toBe(false);
  });

  it('connection failures count toward the provider, cooling all its models', () => {
    const t = tracker();
    t.recordFailure('openai/a', P, 'connect', T0);
    t.recordFailure('openai/b', P, 'timeout', T0);
    t.recordFailure('openai/c', P, 'connect', T0);
    expect(t.isCoolingDown('openai/never-tried', P, T0)).toBe(true);
    expect(t.isCoolingDown('groq/x', 'groq', T0)).toBe(false);
    expect(t.stateOf('provider', P, T0)).toBe('open');
    // a 5xx is the model's problem, not the provider's
    const u = tracker();
    for (const m of ['openai/a', 'openai/b', 'openai/c']) u.recordFailure(m, P, 'server', T0);
    expect(u.isCoolingDown('openai/never-tried', P, T0)).toBe(false);
  });

  it('half-open lets one probe through; success closes', () => {
    const t = tracker();
    for (let i = 0; i < 3; i++) t.recordFailure(M, P, 'server', T0);
    const later = T0 + 30_000;
    expect(t.isCoolingDown(M, P, later)).toBe(false); // eligible for the probe
    t.beginAttempt(M, P, later);
    expect(t.isCoolingDown(M, P, later + 1)).toBe(true); // the probe is out: nobody else
    t.recordSuccess(M, P, later + 500);
    expect(t.stateOf('model', M, later + 500)).toBe('closed');
    expect(t.isCoolingDown(M, P, later + 500)).toBe(false);
  });

  it('a failed probe re-opens with doubled cooldown, capped at 10 minutes', () => {
    const t = tracker();
    for (let i = 0; i < 3; i++) t.recordFailure(M, P, 'server', T0);
    let now = T0;
    let expected = 30_000;
    for (let round = 0; round < 8; round++) {
      now += expected; // cooldown over: half-open
      t.beginAttempt(M, P, now);
      t.recordFailure(M, P, 'server', now);
      expected = Math.min(expected * 2, MAX_COOLDOWN_MS);
      expect(t.isCoolingDown(M, P, now + expected - 1)).toBe(true);
      expect(t.isCoolingDown(M, P, now + expected)).toBe(false);
    }
    expect(expected).toBe(MAX_COOLDOWN_MS);
    // after recovering, the cooldown is back to cooldown_ms
    now += expected;
    t.beginAttempt(M, P, now);
    t.recordSuccess(M, P, now);
    for (let i = 0; i < 3; i++) t.recordFailure(M, P, 'server', now);
    expect(t.isCoolingDown(M, P, now + 30_000)).toBe(false);
  });

  it('a probe whose result never comes frees up after its lease', () => {
    const t = tracker();
    for (let i = 0; i < 3; i++) t.recordFailure(M, P, 'server', T0);
    const later = T0 + 30_000;
    t.beginAttempt(M, P, later);
    expect(t.isCoolingDown(M, P, later + RULES.timeout_ms)).toBe(true);
    expect(t.isCoolingDown(M, P, later + RULES.timeout_ms + 1_000)).toBe(false);
  });

  it('a provider whose probe answers with one model\'s failure (a 5xx, a 429) is up: its breaker closes, its other models go on', () => {
    const t = new CooldownTracker({ ...RULES, cooldown_failures: 1 });
    t.recordFailure('openai/hang', P, 'timeout', T0);
    expect(t.stateOf('provider', P, T0)).toBe('open');
    const later = T0 + RULES.cooldown_ms;
    for (const kind of ['server', 'rate_limit', 'overloaded', 'stream'] as const) {
      const u = new CooldownTracker({ ...RULES, cooldown_failures: 1 });
      u.recordFailure('openai/hang', P, 'timeout', T0);
      u.beginAttempt('openai/e500', P, later); // the provider's probe
      u.recordFailure('openai/e500', P, kind, later + 10);
      expect(u.stateOf('provider', P, later + 10), kind).toBe('closed');
      expect(u.isCoolingDown('openai/ok', P, later + 10), kind).toBe(false);
      // the model that failed is its own matter
      expect(u.isCoolingDown('openai/e500', P, later + 10), kind).toBe(true);
    }
  });

  it('a timeout after the headers (the answer too slow) cools that model alone: the provider answered', () => {
    const t = tracker();
    for (let i = 0; i < 3; i++) t.recordFailure('openai/slow', P, 'timeout', T0, undefined, { reachable: true });
    expect(t.isCoolingDown('openai/slow', P, T0)).toBe(true);
    expect(t.stateOf('provider', P, T0)).toBe('closed');
    expect(t.isCoolingDown('openai/fast', P, T0)).toBe(false);
    // one that never got its headers is the whole provider's, as before
    for (let i = 0; i < 3; i++) t.recordFailure('openai/slow', P, 'timeout', T0);
    expect(t.isCoolingDown('openai/fast', P, T0)).toBe(true);
  });

  it('a probe whose stream has begun holds nobody back; a failure before its end counts as the probe\'s', () => {
    const t = tracker();
    for (let i = 0; i < 3; i++) t.recordFailure(M, P, 'server', T0);
    const later = T0 + 30_000;
    t.beginAttempt(M, P, later);
    expect(t.isCoolingDown(M, P, later + 10)).toBe(true);
    t.recordAnswering(M, P, later + 10); // first content
    expect(t.isCoolingDown(M, P, later + 10)).toBe(false);
    // the stream then broke: open again, for twice as long, as after a failed probe
    t.recordFailure(M, P, 'stream', later + 20);
    expect(t.isCoolingDown(M, P, later + 20 + 2 * RULES.cooldown_ms - 1)).toBe(true);
    expect(t.isCoolingDown(M, P, later + 20 + 2 * RULES.cooldown_ms)).toBe(false);
    // a stream that ends well closes it for good; the first content of a closed model changes nothing
    const u = tracker();
    for (let i = 0; i < 3; i++) u.recordFailure(M, P, 'server', T0);
    u.beginAttempt(M, P, later);
    u.recordAnswering(M, P, later + 10);
    u.recordSuccess(M, P, later + 20);
    expect(u.snapshot(later + 20)).toEqual([]);
    u.recordFailure(M, P, 'server', later + 30);
    u.recordAnswering(M, P, later + 40);
    u.recordFailure(M, P, 'server', later + 50);
    expect(u.isCoolingDown(M, P, later + 50)).toBe(false); // two in a row, three needed
  });

  it('a probe that ends without a word from the provider (the client left) is released at once, not after its lease', () => {
    const t = tracker();
    for (let i = 0; i < 3; i++) t.recordFailure(M, P, 'connect', T0);
    const later = T0 + 30_000;
    t.beginAttempt(M, P, later);
    expect(t.isCoolingDown(M, P, later + 10)).toBe(true);
    t.endAttempt(M, P, later + 10);
    expect(t.isCoolingDown(M, P, later + 10)).toBe(false);
    // still half-open: the next attempt is the probe, and its failure cools down for twice as long
    t.beginAttempt(M, P, later + 20);
    expect(t.isCoolingDown(M, P, later + 30)).toBe(true);
    t.recordFailure(M, P, 'server', later + 30);
    expect(t.stateOf('model', M, later + 30)).toBe('open');
    expect(t.isCoolingDown(M, P, later + 30 + 2 * RULES.cooldown_ms - 1)).toBe(true);
    // ending an attempt on a closed or open breaker changes nothing
    t.endAttempt(M, P, later + 40);
    expect(t.stateOf('model', M, later + 40)).toBe('open');
  });

  it('failures arriving while open do not stack cooldowns', () => {
    const t = tracker();
    for (let i = 0; i < 3; i++) t.recordFailure(M, P, 'server', T0);
    for (let i = 0; i < 10; i++) t.recordFailure(M, P, 'server', T0 + 10_000);
    expect(t.isCoolingDown(M, P, T0 + 30_000)).toBe(false);
  });

  it('rules can be updated', () => {
    const t = tracker();
    t.updateRules({ ...RULES, cooldown_failures: 1, cooldown_ms: 1_000 });
    t.recordFailure(M, P, 'timeout', T0);
    expect(t.isCoolingDown(M, P, T0 + 999)).toBe(true);
    expect(t.isCoolingDown(M, P, T0 + 1_000)).toBe(false);
  });
});
