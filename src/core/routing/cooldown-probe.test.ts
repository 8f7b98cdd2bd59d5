// While one request probes a model back from its cooldown, the others are told to come back in a moment
// (the probe's verdict), not at the end of its lease; cooldown_ms 0 benches nothing.
import { describe, expect, it } from 'vitest';
import { PROBE_WAIT_MS } from './breaker';
import { CooldownTracker } from './cooldown';
import { M, P, T0 } from '../../../test/helpers/cooldown-tracker';

describe('a probe out', () => {
  it('holds the others back for PROBE_WAIT_MS at a time, not the lease of timeout_ms', () => {
    const t = new CooldownTracker({ cooldown_failures: 2, cooldown_ms: 3_000, timeout_ms: 120_000 });
    t.recordFailure(M, P, 'server', T0);
    t.recordFailure(M, P, 'server', T0);
    expect(t.cooldownEndsAt(M, P, T0 + 1)).toBe(T0 + 3_000); // open: the end of the cooldown
    const later = T0 + 3_000;
    t.beginAttempt(M, P, later); // the probe
    expect(t.isCoolingDown(M, P, later + 10)).toBe(true); // still one probe at a time
    expect(t.cooldownEndsAt(M, P, later + 10)).toBe(later + 10 + PROBE_WAIT_MS);
    expect(PROBE_WAIT_MS).toBeLessThanOrEqual(2_000);
    // a minute on, the probe still out: told the same short wait again
    expect(t.cooldownEndsAt(M, P, later + 60_000)).toBe(later + 60_000 + PROBE_WAIT_MS);
    // never past the lease's end
    const leaseEnd = later + 120_000 + 1_000;
    expect(t.cooldownEndsAt(M, P, leaseEnd - 500)).toBe(leaseEnd);
    expect(t.cooldownEndsAt(M, P, leaseEnd)).toBeNull();
    // the probe's answer lets everyone through
    t.recordAnswering(M, P, later + 1_500);
    expect(t.isCoolingDown(M, P, later + 1_500)).toBe(false);
    expect(t.cooldownEndsAt(M, P, later + 1_500)).toBeNull();
  });

  it('a key\'s probe (its 429 over) holds the others back as briefly', () => {
    const t = new CooldownTracker({ cooldown_failures: 3, cooldown_ms: 30_000, timeout_ms: 120_000 });
    t.recordFailure(M, P, 'rate_limit', T0, 5_000);
    t.beginAttempt(M, P, T0 + 5_000);
    expect(t.cooldownEndsAt(M, P, T0 + 5_001)).toBe(T0 + 5_001 + PROBE_WAIT_MS);
  });
});

describe('cooldown_ms 0', () => {
  const rules = { cooldown_failures: 2, cooldown_ms: 0, timeout_ms: 120_000 };

  it('never opens a breaker, a model\'s or an unreachable provider\'s, so there is no probe to wait for', () => {
    const t = new CooldownTracker(rules);
    for (let i = 0; i < 5; i++) {
      t.recordFailure(M, P, 'server', T0 + i);
      t.recordFailure(M, P, 'connect', T0 + i);
      t.recordFailure(M, P, 'rate_limit', T0 + i); // a 429 without retry-after
    }
    expect(t.isCoolingDown(M, P, T0 + 5)).toBe(false);
    t.beginAttempt(M, P, T0 + 5);
    expect(t.isCoolingDown(M, P, T0 + 6)).toBe(false);
    expect(t.cooldownEndsAt(M, P, T0 + 6)).toBeNull();
    expect(t.snapshot(T0 + 6)).toEqual([]);
  });

  it('still honours the wait a provider named (a 429\'s retry-after), for that long', () => {
    const t = new CooldownTracker(rules);
    t.recordFailure(M, P, 'rate_limit', T0, 2_000);
    expect(t.isCoolingDown(M, P, T0 + 1)).toBe(true);
    expect(t.isCoolingDown(M, P, T0 + 2_000)).toBe(false);
  });

  it('set after a breaker opened: the next failure (the probe\'s) opens nothing more', () => {
    const t = new CooldownTracker({ ...rules, cooldown_ms: 1_000 });
    t.recordFailure(M, P, 'server', T0);
    t.recordFailure(M, P, 'server', T0);
    t.updateRules(rules);
    t.beginAttempt(M, P, T0 + 1_000);
    t.recordFailure(M, P, 'server', T0 + 1_001);
    expect(t.isCoolingDown(M, P, T0 + 1_002)).toBe(false);
  });
});
