// The CooldownTracker's rate limits, held per key (the shared key's or a profile's own), and what forgets
// a breaker: a new key, a new URL, an answered connection test; its snapshot.
import { describe, expect, it } from 'vitest';
import { M, P, RULES, T0, tracker } from '../../../test/helpers/cooldown-tracker';

describe('CooldownTracker', () => {
  it('a rate limit is the key\'s: the shared key\'s 429 holds back no profile\'s own key, and no success of one ends the other\'s wait', () => {
    const t = tracker();
    t.recordFailure(M, P, 'rate_limit', T0, 60_000);
    expect(t.isCoolingDown(M, P, T0 + 1)).toBe(true);
    expect(t.isCoolingDown(M, P, T0 + 1, 'bob')).toBe(false);
    expect(t.cooldownEndsAt(M, P, T0 + 1)).toBe(T0 + 60_000);
    expect(t.cooldownEndsAt(M, P, T0 + 1, 'bob')).toBeNull();
    // Bob's own key served: the shared key still waits its retry-after
    t.beginAttempt(M, P, T0 + 2, 'bob');
    t.recordSuccess(M, P, T0 + 3, 'bob');
    expect(t.isCoolingDown(M, P, T0 + 4)).toBe(true);
    // the other way round: Bob's own key at its limit, the shared key goes on, and its success leaves Bob's wait
    const u = tracker();
    u.recordFailure(M, P, 'rate_limit', T0, 60_000, { keyOwner: 'bob' });
    expect(u.isCoolingDown(M, P, T0 + 1, 'bob')).toBe(true);
    expect(u.isCoolingDown(M, P, T0 + 1, 'alice')).toBe(false);
    expect(u.isCoolingDown(M, P, T0 + 1)).toBe(false);
    u.recordSuccess(M, P, T0 + 2);
    expect(u.isCoolingDown(M, P, T0 + 3, 'bob')).toBe(true);
    expect(u.isCoolingDown(M, P, T0 + 60_000, 'bob')).toBe(false);
  });

  it('a 429 gives no verdict on the model\'s health: a probe it held is released, the model breaker stays as it was', () => {
    const t = tracker();
    for (let i = 0; i < 3; i++) t.recordFailure(M, P, 'server', T0);
    const later = T0 + RULES.cooldown_ms;
    t.beginAttempt(M, P, later, 'bob');
    expect(t.isCoolingDown(M, P, later + 1)).toBe(true); // Bob holds the probe
    t.recordFailure(M, P, 'rate_limit', later + 2, 5_000, { keyOwner: 'bob' });
    expect(t.stateOf('model', M, later + 2)).toBe('half_open');
    expect(t.isCoolingDown(M, P, later + 3)).toBe(false); // the next request probes
    expect(t.isCoolingDown(M, P, later + 3, 'bob')).toBe(true);
  });

  it('any other answer to a rate-limited key\'s probe ends its limit: a 5xx or a refusal, not a lease of timeout_ms', () => {
    const t = tracker();
    t.recordFailure(M, P, 'rate_limit', T0, 5_000);
    const later = T0 + 6_000;
    t.beginAttempt(M, P, later); // this request probes the shared key
    expect(t.isCoolingDown(M, P, later + 1)).toBe(true);
    t.recordFailure(M, P, 'server', later + 100); // a 500: not a rate limit
    expect(t.stateOf('key', M, later + 101)).toBe('closed');
    expect(t.isCoolingDown(M, P, later + 1_100)).toBe(false);
    expect(t.snapshot(later + 1_100).filter((b) => b.scope === 'key')).toEqual([]);
    // a profile's own key refused the model (404): Bob's rate limit is over too, the shared key's stays
    t.recordFailure(M, P, 'rate_limit', later + 200, 5_000);
    t.recordFailure(M, P, 'rate_limit', later + 200, 5_000, { keyOwner: 'bob' });
    t.beginAttempt(M, P, later + 6_000, 'bob');
    t.recordRefusal(M, P, 'model', 'model unknown to the provider, HTTP 404', later + 6_100, 'bob');
    expect(t.stateOf('key', `${M}#bob`, later + 6_200)).toBe('closed');
    expect(t.stateOf('key', M, later + 6_200)).toBe('half_open');
  });

  it('an unanswered attempt (unreachable) releases the key\'s probe without a verdict; a late answer leaves an open key breaker', () => {
    const t = tracker();
    t.recordFailure(M, P, 'rate_limit', T0, 5_000);
    t.beginAttempt(M, P, T0 + 6_000);
    t.recordFailure(M, P, 'connect', T0 + 6_100);
    expect(t.stateOf('key', M, T0 + 6_200)).toBe('half_open');
    expect(t.isCoolingDown(M, P, T0 + 6_200)).toBe(false); // the key's probe is free again
    // a 500 to a request sent before the 429 came: the key still waits its retry-after
    const u = tracker();
    u.recordFailure(M, P, 'rate_limit', T0, 5_000);
    u.recordFailure(M, P, 'server', T0 + 10);
    expect(u.stateOf('key', M, T0 + 20)).toBe('open');
  });

  it('a new key forgets the old one\'s rate limits: the shared key\'s on a provider change, a profile\'s own on its change', () => {
    const t = tracker();
    t.recordFailure(M, P, 'rate_limit', T0, 60_000);
    t.recordFailure(M, P, 'rate_limit', T0, 60_000, { keyOwner: 'bob' });
    t.recordFailure('groq/x', 'groq', 'rate_limit', T0, 60_000);
    t.forgetKeys(P, 'bob');
    expect(t.isCoolingDown(M, P, T0 + 1, 'bob')).toBe(false);
    expect(t.isCoolingDown(M, P, T0 + 1)).toBe(true);
    t.forgetRefusals(P);
    expect(t.isCoolingDown(M, P, T0 + 1)).toBe(false);
    expect(t.isCoolingDown('groq/x', 'groq', T0 + 1)).toBe(true);
  });

  it('forgetProvider (a new URL or key) closes the provider\'s breakers and its models\', no other provider\'s', () => {
    const t = tracker();
    for (let i = 0; i < 3; i++) t.recordFailure('openai/other', P, 'server', T0);
    for (let i = 0; i < 3; i++) {
      t.recordFailure(M, P, 'connect', T0);
      t.recordFailure('groq/x', 'groq', 'connect', T0);
    }
    expect(t.stateOf('provider', P, T0)).toBe('open');
    t.forgetProvider(P);
    expect(t.isCoolingDown(M, P, T0 + 1)).toBe(false);
    expect(t.isCoolingDown('openai/other', P, T0 + 1)).toBe(false);
    expect(t.isCoolingDown('groq/x', 'groq', T0 + 1)).toBe(true);
  });

  it('an answered connection test closes the provider\'s breaker, ends the cooldown of a model it did not answer, not of one that failed', () => {
    const t = tracker();
    for (let i = 0; i < 3; i++) t.recordFailure('openai/other', P, 'server', T0);
    for (let i = 0; i < 3; i++) t.recordFailure(M, P, 'connect', T0);
    expect(t.stateOf('provider', P, T0)).toBe('open');
    t.recordProviderAnswered(P, T0 + 1);
    expect(t.stateOf('provider', P, T0 + 1)).toBe('closed');
    // the unreached model's next request is its probe: a success closes it, a failure doubles its cooldown
    expect(t.stateOf('model', M, T0 + 1)).toBe('half_open');
    expect(t.isCoolingDown(M, P, T0 + 1)).toBe(false);
    t.beginAttempt(M, P, T0 + 1);
    expect(t.isCoolingDown(M, P, T0 + 2)).toBe(true);
    t.recordFailure(M, P, 'connect', T0 + 2);
    expect(t.cooldownEndsAt(M, P, T0 + 2)).toBe(T0 + 2 + 60_000);
    // a model that failed on its own (a 500) waits out its cooldown
    expect(t.isCoolingDown('openai/other', P, T0 + 1)).toBe(true);
  });

  it('snapshot shows breakers that are not clean', () => {
    const t = tracker();
    t.recordFailure(M, P, 'server', T0);
    t.recordFailure('groq/x', 'groq', 'rate_limit', T0, 2_000);
    expect(t.snapshot(T0)).toEqual([
      { scope: 'model', id: M, state: 'closed', consecutiveFailures: 1, openUntil: null, cooldownMs: 30_000 },
      // a rate limit is the key's (here the shared key's)
      { scope: 'key', id: 'groq/x', state: 'open', consecutiveFailures: 1, openUntil: T0 + 2_000, cooldownMs: 2_000 },
    ]);
  });
});
