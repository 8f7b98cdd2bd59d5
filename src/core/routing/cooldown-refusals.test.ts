// The CooldownTracker's refusals (a key or model the provider will not serve), and its breakers when the
// wall clock is set back.
import { describe, expect, it } from 'vitest';
import { REFUSAL_MS } from './cooldown';
import { refusalOf } from '../error-policy';
import { M, P, T0, tracker } from '../../../test/helpers/cooldown-tracker';

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
