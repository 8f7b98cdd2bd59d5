import { describe, expect, it } from 'vitest';
import { CooldownTracker } from '../../core/routing';
import type { HealthReport } from './catalog-store';
import { reportTrafficHealth } from './traffic-health';

/** A sink as the catalog store is one: every write, whoever makes it, kept in the stored-unhealthy mirror. */
function mirrorSink(writes: [string, HealthReport][] = []) {
  const unhealthy = new Set<string>();
  return {
    writes,
    recordHealth(id: string, r: HealthReport) {
      writes.push([id, r]);
      if (r.ok) unhealthy.delete(id);
      else unhealthy.add(id);
    },
    storedUnhealthy: (id: string) => unhealthy.has(id),
  };
}

function setup() {
  const tracker = new CooldownTracker({ cooldown_failures: 2, cooldown_ms: 1_000, timeout_ms: 5_000 });
  const sink = mirrorSink();
  const health = reportTrafficHealth(tracker, sink);
  return { tracker, writes: sink.writes, sink, health };
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
    const health = reportTrafficHealth(tracker, { recordHealth: () => { throw new Error('SQLITE_BUSY'); }, storedUnhealthy: () => false }, (l) => logged.push(l));
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

  it('a success mends health another writer stored unhealthy (a failed connection test, a restart\'s stored row), once', () => {
    const { writes, sink, health } = setup();
    sink.recordHealth('p', { ok: false, latencyMs: 3, status: 503, message: 'HTTP 503' }); // the connection test
    writes.length = 0;
    health.recordSuccess('p/m', 'p', 0);
    expect(writes).toEqual([['p', { ok: true, latencyMs: null, message: 'p/m answered' }]]);
    health.recordSuccess('p/m', 'p', 1);
    expect(writes).toHaveLength(1);
    health.recordSuccess('q/m', 'q', 2); // stored healthy (or never checked): nothing to write
    expect(writes).toHaveLength(1);
  });

  it('a profile\'s own key serving does not mend what a connection test (with the shared key) found', () => {
    const { writes, sink, health } = setup();
    sink.recordHealth('p', { ok: false, latencyMs: 3, status: 401, message: 'HTTP 401' });
    writes.length = 0;
    health.recordSuccess('p/m', 'p', 0, 'bob');
    expect(writes).toEqual([]);
    health.recordSuccess('p/m', 'p', 1);
    expect(writes.map(([, r]) => r.ok)).toEqual([true]);
  });

  it('a refusal is written again once something has recorded the provider healthy since', () => {
    const { writes, sink, health } = setup();
    health.recordRefusal('p/m', 'p', 'provider', 'key or account refused, HTTP 401', 0);
    sink.recordHealth('p', { ok: true, latencyMs: 5, status: 200, message: null }); // a connection test passed
    health.recordRefusal('p/m', 'p', 'provider', 'key or account refused, HTTP 401', 1);
    expect(writes.map(([, r]) => r.ok)).toEqual([false, true, false]);
    expect(sink.storedUnhealthy('p')).toBe(true);
  });
});
