import { describe, expect, it } from 'vitest';
import { CooldownTracker, MAX_COOLDOWN_MS, REFUSAL_MS } from './cooldown';
import { refusalOf } from '../error-policy';

const RULES = { cooldown_failures: 3, cooldown_ms: 30_000, timeout_ms: 10_000 };
const M = 'openai/gpt-4.1-mini';
const P = 'openai';
const T0 = 1_000_000;

function tracker() {
  return new CooldownTracker(RULES);
}

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

describe('CooldownTracker: refusals (a key or model the provider will not serve)', () => {
  const M2 = 'openai/gpt-4.1';
  it('a refused key puts every model of its provider last, for REFUSAL_MS', () => {
    const t = tracker();
    t.recordRefusal(M, P, 'provider', 'key or account refused, HTTP 401', T0);
    expect(t.refusal(M, P, T0 + 1)).toBe('key or account refused, HTTP 401');
    expect(t.refusal(M2, P, T0 + 1)).toBe('key or account refused, HTTP 401');
    expect(t.refusal('groq/fast', 'groq', T0 + 1)).toBeNull();
    expect(t.isCoolingDown(M, P, T0 + 1)).toBe(false); // last, never left out
    expect(t.refusal(M, P, T0 + REFUSAL_MS - 1)).not.toBeNull();
    expect(t.refusal(M, P, T0 + REFUSAL_MS)).toBeNull();
  });

  it('a refused key is that key\'s: a request sending a profile\'s own key for the provider does not put its models last', () => {
    const t = tracker();
    t.recordRefusal(M, P, 'provider', 'key or account refused, HTTP 401', T0);
    t.recordRefusal(M2, P, 'model', 'model unknown to the provider, HTTP 404', T0);
    expect(t.refusal(M, P, T0 + 1, 'bob')).toBeNull();
    expect(t.refusal(M, P, T0 + 1)).toBe('key or account refused, HTTP 401');
    // a model the provider does not have, it has for no key
    expect(t.refusal(M2, P, T0 + 1, 'bob')).toBe('model unknown to the provider, HTTP 404');
  });

  it('a refused model is that model only', () => {
    const t = tracker();
    t.recordRefusal(M, P, 'model', 'model unknown to the provider, HTTP 404', T0);
    expect(t.refusal(M, P, T0 + 1)).toBe('model unknown to the provider, HTTP 404');
    expect(t.refusal(M2, P, T0 + 1)).toBeNull();
  });

  it('ends when the provider serves again, or its settings change', () => {
    const t = tracker();
    t.recordRefusal(M, P, 'provider', 'x', T0);
    t.recordSuccess(M2, P, T0 + 1); // the key works after all
    expect(t.refusal(M, P, T0 + 2)).toBeNull();
    t.recordRefusal(M, P, 'model', 'y', T0);
    t.recordRefusal(M2, P, 'provider', 'z', T0);
    t.recordRefusal('groq/fast', 'groq', 'model', 'w', T0);
    t.forgetRefusals(P);
    expect(t.refusal(M, P, T0 + 2)).toBeNull();
    expect(t.refusal(M2, P, T0 + 2)).toBeNull();
    expect(t.refusal('groq/fast', 'groq', T0 + 2)).toBe('w');
  });

  it('a success with a profile\'s own key closes the breakers but leaves the shared key\'s refusals', () => {
    const t = tracker();
    t.recordRefusal(M, P, 'provider', 'key or account refused, HTTP 401', T0);
    t.recordRefusal('openai/other', P, 'model', 'model refused to our key, HTTP 403', T0);
    for (let i = 0; i < 3; i++) t.recordFailure(M, P, 'server', T0);
    t.recordSuccess(M, P, T0 + 1, 'bob');
    expect(t.isCoolingDown(M, P, T0 + 1)).toBe(false);
    expect(t.refusal(M, P, T0 + 1)).toContain('HTTP 401');
    expect(t.refusal('openai/other', P, T0 + 1)).not.toBeNull();
    t.recordSuccess(M, P, T0 + 2);
    expect(t.refusal(M, P, T0 + 2)).toBeNull();
  });

  it('refusalOf: a key or account refused is the whole provider; a 403 or 404 is the model; anything else is no refusal', () => {
    expect(refusalOf({ kind: 'auth', status: 401 })).toEqual({ scope: 'provider', reason: 'key or account refused, HTTP 401' });
    expect(refusalOf({ kind: 'auth', status: 402 })?.scope).toBe('provider');
    expect(refusalOf({ kind: 'auth', status: 429 })?.scope).toBe('provider'); // insufficient_quota
    expect(refusalOf({ kind: 'auth', status: 403 })?.scope).toBe('model');
    expect(refusalOf({ kind: 'not_found', status: 404 })?.scope).toBe('model');
    expect(refusalOf({ kind: 'auth' })).toBeNull(); // no answer from the provider
    expect(refusalOf({ kind: 'bad_request', status: 400 })).toBeNull();
    expect(refusalOf({ kind: 'rate_limit', status: 429 })).toBeNull();
  });
});

describe('CooldownTracker: the wall clock set back', () => {
  it('a breaker, a probe lease and a refusal last as long as they were meant to, not an hour longer', () => {
    const t = tracker();
    const HOUR = 3_600_000;
    for (let i = 0; i < 3; i++) t.recordFailure(M, P, 'server', T0 + HOUR);
    t.recordRefusal('groq/fast', 'groq', 'provider', 'x', T0 + HOUR);
    expect(t.isCoolingDown(M, P, T0 + HOUR + 1)).toBe(true);
    // NTP sets the clock back an hour (less 10 s) right after: the breaker has its 30 s from then
    const back = T0 + 10_000;
    expect(t.isCoolingDown(M, P, back)).toBe(true);
    expect(t.isCoolingDown(M, P, back + 29_000)).toBe(true);
    expect(t.isCoolingDown(M, P, back + 30_000)).toBe(false);
    expect(t.stateOf('model', M, back + 30_000)).toBe('half_open');
    expect(t.refusal('groq/fast', 'groq', back + REFUSAL_MS - 1_000)).not.toBeNull();
    expect(t.refusal('groq/fast', 'groq', back + REFUSAL_MS)).toBeNull();
    // a caller whose clock read lagged a few ms is not a clock step
    t.recordFailure('b/m', 'b', 'rate_limit', back + REFUSAL_MS + 10, 5_000);
    expect(t.isCoolingDown('b/m', 'b', back + REFUSAL_MS)).toBe(true);
    expect(t.isCoolingDown('b/m', 'b', back + REFUSAL_MS + 5_009)).toBe(true);
    expect(t.isCoolingDown('b/m', 'b', back + REFUSAL_MS + 5_010)).toBe(false);
  });
});
