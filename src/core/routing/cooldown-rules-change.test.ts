// No cooldown outlasts MAX_COOLDOWN_MS, whatever cooldown_ms says; a lower cooldown_ms ends the cooldowns it
// set sooner (0: at once), not the waits providers named; a model switched on again or deleted is forgotten.
import { describe, expect, it } from 'vitest';
import { CooldownTracker, MAX_COOLDOWN_MS, keyBreakerId } from './cooldown';
import { M, P, T0 } from '../../../test/helpers/cooldown-tracker';

const HOUR = 3_600_000;
const rules = (cooldown_ms: number) => ({ cooldown_failures: 3, cooldown_ms, timeout_ms: 10_000 });
const failThrice = (t: CooldownTracker, kind: 'server' | 'connect', now: number) => {
  for (let i = 0; i < 3; i++) t.recordFailure(M, P, kind, now);
};

describe('cooldown_ms above MAX_COOLDOWN_MS', () => {
  it('benches a model for MAX_COOLDOWN_MS, not the hour it says', () => {
    const t = new CooldownTracker(rules(HOUR));
    failThrice(t, 'server', T0);
    expect(t.cooldownEndsAt(M, P, T0)).toBe(T0 + MAX_COOLDOWN_MS);
    expect(t.isCoolingDown(M, P, T0 + MAX_COOLDOWN_MS)).toBe(false);
  });

  it('and an unreachable provider likewise; a failed probe doubles no further', () => {
    const t = new CooldownTracker(rules(HOUR));
    failThrice(t, 'connect', T0);
    expect(t.snapshot(T0).find((b) => b.scope === 'provider')).toMatchObject({ openUntil: T0 + MAX_COOLDOWN_MS, cooldownMs: MAX_COOLDOWN_MS });
    const probe = T0 + MAX_COOLDOWN_MS;
    t.beginAttempt(M, P, probe);
    t.recordFailure(M, P, 'connect', probe);
    expect(t.cooldownEndsAt(M, P, probe)).toBe(probe + MAX_COOLDOWN_MS);
  });
});

describe('a lower cooldown_ms', () => {
  it('0: ends every cooldown failures set at once, the model\'s and the provider\'s', () => {
    const t = new CooldownTracker(rules(HOUR));
    failThrice(t, 'server', T0);
    t.recordFailure('q/m', 'q', 'connect', T0);
    t.recordFailure('q/m', 'q', 'connect', T0);
    t.recordFailure('q/m', 'q', 'connect', T0);
    expect(t.isCoolingDown('q/m', 'q', T0 + 1)).toBe(true);
    t.updateRules(rules(0));
    expect(t.isCoolingDown(M, P, T0 + 1)).toBe(false);
    expect(t.isCoolingDown('q/m', 'q', T0 + 1)).toBe(false);
    expect(t.snapshot(T0 + 1)).toEqual([]);
  });

  it('0: a wait the provider named (a 429\'s, an overload\'s retry-after) is still waited out', () => {
    const t = new CooldownTracker(rules(30_000));
    t.recordFailure(M, P, 'rate_limit', T0, 20_000);
    t.recordFailure('p/other', P, 'overloaded', T0, 40_000, { reachable: true });
    t.updateRules(rules(0));
    expect(t.cooldownEndsAt(M, P, T0 + 1)).toBe(T0 + 20_000);
    expect(t.cooldownEndsAt('p/other', P, T0 + 1)).toBe(T0 + 40_000);
  });

  it('ends a cooldown as the new value would have, from when it opened', () => {
    const t = new CooldownTracker(rules(600_000));
    failThrice(t, 'server', T0);
    t.updateRules(rules(30_000));
    expect(t.cooldownEndsAt(M, P, T0 + 10_000)).toBe(T0 + 30_000);
    // the next failed probe doubles from there
    t.beginAttempt(M, P, T0 + 30_000);
    t.recordFailure(M, P, 'server', T0 + 30_000);
    expect(t.cooldownEndsAt(M, P, T0 + 30_000)).toBe(T0 + 90_000);
  });

  it('keeps the doublings of failed probes: twice the new value after one', () => {
    const t = new CooldownTracker(rules(300_000));
    failThrice(t, 'server', T0);
    const probe = T0 + 300_000;
    t.beginAttempt(M, P, probe);
    t.recordFailure(M, P, 'server', probe); // open for 600 s
    t.updateRules(rules(30_000));
    expect(t.cooldownEndsAt(M, P, probe + 1)).toBe(probe + 60_000);
  });

  it('raised and then lowered, but not below what opened it: the cooldown stays as it opened', () => {
    const t = new CooldownTracker(rules(30_000));
    failThrice(t, 'server', T0);
    t.updateRules(rules(600_000));
    t.updateRules(rules(300_000));
    expect(t.cooldownEndsAt(M, P, T0 + 20_000)).toBe(T0 + 30_000);
    // below it: scaled from the 30 s it opened with, not the 600 s in between
    t.updateRules(rules(15_000));
    expect(t.cooldownEndsAt(M, P, T0 + 20_000)).toBeNull();
    expect(t.snapshot(T0 + 20_000).find((b) => b.scope === 'model')).toMatchObject({ cooldownMs: 15_000 });
  });

  it('lowered twice: each from the value it was shortened to', () => {
    const t = new CooldownTracker(rules(600_000));
    failThrice(t, 'server', T0);
    t.updateRules(rules(300_000));
    expect(t.cooldownEndsAt(M, P, T0 + 1)).toBe(T0 + 300_000);
    t.updateRules(rules(150_000));
    expect(t.cooldownEndsAt(M, P, T0 + 1)).toBe(T0 + 150_000);
  });

  it('a higher one, or another rule changed, leaves the cooldowns as they were', () => {
    const t = new CooldownTracker(rules(30_000));
    failThrice(t, 'server', T0);
    t.updateRules({ ...rules(30_000), timeout_ms: 20_000 });
    t.updateRules(rules(HOUR));
    expect(t.cooldownEndsAt(M, P, T0)).toBe(T0 + 30_000);
  });
});

describe('forgetModel: the model switched on again, or deleted', () => {
  it('forgets its cooldown and its refusal; its key\'s rate limit and other models stay', () => {
    const t = new CooldownTracker(rules(600_000));
    failThrice(t, 'server', T0);
    t.recordRefusal('p/gone', P, 'model', 'model unknown to the provider, HTTP 404', T0);
    t.recordFailure('p/limited', P, 'rate_limit', T0, 60_000);
    t.recordFailure('p/other', P, 'server', T0);
    t.recordFailure('p/other', P, 'server', T0);
    t.recordFailure('p/other', P, 'server', T0);
    for (const id of [M, 'p/gone', 'p/limited']) t.forgetModel(id);
    expect(t.isCoolingDown(M, P, T0 + 1)).toBe(false);
    expect(t.refusal('p/gone', P, T0 + 1)).toBeNull();
    expect(t.stateOf('key', keyBreakerId('p/limited'), T0 + 1)).toBe('open');
    expect(t.isCoolingDown('p/other', P, T0 + 1)).toBe(true);
  });
});
