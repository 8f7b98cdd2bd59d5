// A wait the provider names (retry-after: 86400, an HTTP date in 2099) benches a model for at most
// MAX_COOLDOWN_MS; the half-open probe then asks whether the limit still holds.
import { describe, expect, it } from 'vitest';
import { CooldownTracker, MAX_COOLDOWN_MS, keyBreakerId } from './cooldown';

const RULES = { cooldown_failures: 3, cooldown_ms: 30_000, timeout_ms: 10_000 };
const M = 'p/m';
const P = 'p';
const T0 = 1_000_000;
const DAY = 86_400_000;

describe('a retry-after longer than MAX_COOLDOWN_MS', () => {
  it('holds the key of a 429 for MAX_COOLDOWN_MS, not the day it named', () => {
    const t = new CooldownTracker(RULES);
    t.recordFailure(M, P, 'rate_limit', T0, DAY);
    expect(t.cooldownEndsAt(M, P, T0)).toBe(T0 + MAX_COOLDOWN_MS);
    expect(t.stateOf('key', keyBreakerId(M), T0 + MAX_COOLDOWN_MS - 1)).toBe('open');
    expect(t.stateOf('key', keyBreakerId(M), T0 + MAX_COOLDOWN_MS)).toBe('half_open');
    expect(t.isCoolingDown(M, P, T0 + MAX_COOLDOWN_MS)).toBe(false);
  });

  it('holds a model of 503s for MAX_COOLDOWN_MS', () => {
    const t = new CooldownTracker(RULES);
    for (let i = 0; i < 3; i++) t.recordFailure(M, P, 'overloaded', T0, DAY, { reachable: true });
    expect(t.stateOf('model', M, T0 + MAX_COOLDOWN_MS - 1)).toBe('open');
    expect(t.stateOf('model', M, T0 + MAX_COOLDOWN_MS)).toBe('half_open');
  });

  it('a late failure while open extends it to MAX_COOLDOWN_MS from now at most', () => {
    const t = new CooldownTracker(RULES);
    t.recordFailure(M, P, 'rate_limit', T0, 5_000);
    t.recordFailure(M, P, 'rate_limit', T0 + 1_000, DAY);
    expect(t.cooldownEndsAt(M, P, T0 + 1_000)).toBe(T0 + 1_000 + MAX_COOLDOWN_MS);
  });

  it('the probe after it: a new 429 opens it again (for MAX_COOLDOWN_MS), a success closes it', () => {
    const t = new CooldownTracker(RULES);
    t.recordFailure(M, P, 'rate_limit', T0, DAY);
    const probe = T0 + MAX_COOLDOWN_MS;
    t.beginAttempt(M, P, probe);
    t.recordFailure(M, P, 'rate_limit', probe + 10, DAY);
    expect(t.stateOf('key', keyBreakerId(M), probe + 10)).toBe('open');
    expect(t.cooldownEndsAt(M, P, probe + 10)).toBe(probe + 10 + MAX_COOLDOWN_MS);
    const second = probe + 10 + MAX_COOLDOWN_MS;
    t.beginAttempt(M, P, second);
    t.recordSuccess(M, P, second + 10);
    expect(t.stateOf('key', keyBreakerId(M), second + 10)).toBe('closed');
  });

  it('a shorter one is honoured as named', () => {
    const t = new CooldownTracker(RULES);
    t.recordFailure(M, P, 'rate_limit', T0, MAX_COOLDOWN_MS - 1_000);
    expect(t.cooldownEndsAt(M, P, T0)).toBe(T0 + MAX_COOLDOWN_MS - 1_000);
  });
});

describe('the probe of a rate-limited key gets another 429 with retry-after', () => {
  it('opens for the wait the provider named again, not twice the last one', () => {
    const t = new CooldownTracker(RULES);
    t.recordFailure(M, P, 'rate_limit', T0, 2_000);
    const probe = T0 + 2_000;
    t.beginAttempt(M, P, probe);
    t.recordFailure(M, P, 'rate_limit', probe + 10, 2_000);
    expect(t.cooldownEndsAt(M, P, probe + 10)).toBe(probe + 10 + 2_000);
    // and again: the wait stays the provider's, however many probes it limits
    t.beginAttempt(M, P, probe + 2_010);
    t.recordFailure(M, P, 'rate_limit', probe + 2_020, 2_000);
    expect(t.cooldownEndsAt(M, P, probe + 2_020)).toBe(probe + 4_020);
  });

  it('a shorter wait named by the probe\'s 429 is honoured as named too', () => {
    const t = new CooldownTracker(RULES);
    t.recordFailure(M, P, 'rate_limit', T0, 20_000);
    t.beginAttempt(M, P, T0 + 20_000);
    t.recordFailure(M, P, 'rate_limit', T0 + 20_000, 1_000);
    expect(t.cooldownEndsAt(M, P, T0 + 20_000)).toBe(T0 + 21_000);
  });

  it('a probe\'s 429 without retry-after still doubles the last wait', () => {
    const t = new CooldownTracker(RULES);
    t.recordFailure(M, P, 'rate_limit', T0, 2_000);
    t.beginAttempt(M, P, T0 + 2_000);
    t.recordFailure(M, P, 'rate_limit', T0 + 2_000);
    expect(t.cooldownEndsAt(M, P, T0 + 2_000)).toBe(T0 + 6_000);
  });
});

describe('an overload (503, 529) naming when to come back', () => {
  it('benches the model at once for that wait, not after cooldown_failures of them', () => {
    const t = new CooldownTracker(RULES);
    t.recordFailure(M, P, 'overloaded', T0, 30_000, { reachable: true });
    expect(t.cooldownEndsAt(M, P, T0)).toBe(T0 + 30_000);
    // the model's, not its key's nor its provider's
    expect(t.stateOf('key', keyBreakerId(M), T0)).toBe('closed');
    expect(t.isCoolingDown('p/other', P, T0)).toBe(false);
    expect(t.stateOf('model', M, T0 + 29_999)).toBe('open');
    expect(t.isCoolingDown(M, P, T0 + 30_000)).toBe(false);
  });

  it('with cooldown_ms 0 too, as a 429\'s retry-after; an overload naming nothing counts as before', () => {
    const t = new CooldownTracker({ ...RULES, cooldown_ms: 0 });
    t.recordFailure(M, P, 'overloaded', T0, 5_000, { reachable: true });
    expect(t.cooldownEndsAt(M, P, T0)).toBe(T0 + 5_000);
    const u = new CooldownTracker(RULES);
    u.recordFailure(M, P, 'overloaded', T0, undefined, { reachable: true });
    u.recordFailure(M, P, 'server', T0, 30_000, { reachable: true });
    expect(u.isCoolingDown(M, P, T0)).toBe(false);
  });

  it('its probe getting another one opens it for the wait named again', () => {
    const t = new CooldownTracker(RULES);
    t.recordFailure(M, P, 'overloaded', T0, 3_000, { reachable: true });
    t.beginAttempt(M, P, T0 + 3_000);
    t.recordFailure(M, P, 'overloaded', T0 + 3_000, 3_000, { reachable: true });
    expect(t.cooldownEndsAt(M, P, T0 + 3_000)).toBe(T0 + 6_000);
  });
});
