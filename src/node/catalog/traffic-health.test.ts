import { describe, expect, it } from 'vitest';
import { CooldownTracker } from '../../core/routing';
import type { HealthReport } from './catalog-store';
import { reportTrafficHealth } from './traffic-health';

function setup() {
  const tracker = new CooldownTracker({ cooldown_failures: 2, cooldown_ms: 1_000, timeout_ms: 5_000 });
  const writes: [string, HealthReport][] = [];
  const health = reportTrafficHealth(tracker, { recordHealth: (id, r) => void writes.push([id, r]) });
  return { tracker, writes, health };
}

describe('reportTrafficHealth', () => {
  it('writes unhealthy once, when a breaker opens, and healthy once the provider serves again', () => {
    const { writes, health } = setup();
    health.recordFailure('p/m', 'p', 'server', 0);
    expect(writes).toEqual([]);
    health.recordFailure('p/m', 'p', 'server', 1);
    expect(writes).toHaveLength(1);
    expect(writes[0]![0]).toBe('p');
    expect(writes[0]![1].ok).toBe(false);
    expect(health.isCoolingDown('p/m', 'p', 2)).toBe(true);
    health.recordFailure('p/m', 'p', 'server', 3); // late failure while open: no new write
    expect(writes).toHaveLength(1);

    health.recordSuccess('p/m', 'p', 2_000);
    expect(writes.map(([, r]) => r.ok)).toEqual([false, true]);
    health.recordSuccess('p/m', 'p', 2_001); // plain successes write nothing
    expect(writes).toHaveLength(2);
  });

  it('the shared key rate-limited is written as the provider\'s state; a profile\'s own key rate-limited is not', () => {
    const { writes, health } = setup();
    health.recordFailure('p/m', 'p', 'rate_limit', 0, 60_000, { keyOwner: 'bob' });
    expect(health.isCoolingDown('p/m', 'p', 1, 'bob')).toBe(true);
    expect(writes).toEqual([]);
    health.recordFailure('p/m', 'p', 'rate_limit', 2, 60_000);
    expect(writes.map(([id, r]) => [id, r.ok])).toEqual([['p', false]]);
    expect(writes[0]![1].message).toMatch(/rate_limit/);
    // Bob's own key serves while the shared key still waits: the provider is not shown healthy
    health.recordSuccess('p/m', 'p', 3, 'bob');
    expect(writes).toHaveLength(1);
    expect(health.isCoolingDown('p/m', 'p', 4)).toBe(true);
    // the shared key serves again: now it is
    health.recordSuccess('p/m', 'p', 60_002);
    expect(writes.map(([, r]) => r.ok)).toEqual([false, true]);
  });

  it('ignores failures that say nothing about health, and survives a failing sink', () => {
    const tracker = new CooldownTracker({ cooldown_failures: 1, cooldown_ms: 1_000, timeout_ms: 5_000 });
    const logged: string[] = [];
    const health = reportTrafficHealth(tracker, { recordHealth: () => { throw new Error('SQLITE_BUSY'); } }, (l) => logged.push(l));
    health.recordFailure('p/m', 'p', 'bad_request', 0);
    expect(logged).toEqual([]);
    expect(() => health.recordFailure('p/m', 'p', 'server', 0)).not.toThrow();
    expect(logged[0]).toMatch(/SQLITE_BUSY/);
  });

  it('a refused key is written once as the provider\'s state, and healthy again once it serves', () => {
    const { writes, health } = setup();
    health.recordRefusal('p/m', 'p', 'provider', 'key or account refused, HTTP 401', 0);
    health.recordRefusal('p/m2', 'p', 'provider', 'key or account refused, HTTP 401', 1);
    expect(writes).toEqual([['p', { ok: false, latencyMs: null, message: 'p/m: key or account refused, HTTP 401; its models are tried last until it serves again' }]]);
    expect(health.refusal('p/m2', 'p', 2)).toBe('key or account refused, HTTP 401');
    health.recordRefusal('q/m', 'q', 'model', 'model unknown to the provider, HTTP 404', 3); // one model: not the provider's state
    expect(writes).toHaveLength(1);
    health.recordSuccess('p/m', 'p', 4);
    expect(writes.map(([, r]) => r.ok)).toEqual([false, true]);
    expect(health.refusal('p/m2', 'p', 5)).toBeNull();
  });
});
