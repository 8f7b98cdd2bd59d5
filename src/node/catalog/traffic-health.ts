// Provider health from live traffic: the circuit breakers decide routing in memory; this wrapper
// also writes the provider's health row when a breaker opens (unhealthy) and when a provider whose stored
// health is not healthy serves again (healthy), whoever recorded it: traffic, a connection test, an idle check
// (the idle check leaves a provider with traffic alone, so nothing else would mend it). Only those transitions
// touch SQLite; a plain success asks the sink's in-memory mirror of the stored health.
import type { UpstreamErrorKind } from '../../core/canonical';
import { keyBreakerId, type CooldownTracker, type FailureContext } from '../../core/routing';
import type { HealthReport } from './catalog-store';

export interface HealthSink {
  recordHealth(providerId: string, report: HealthReport): void;
  /** the stored health is unhealthy (or not running), from memory: asked on every success */
  storedUnhealthy(providerId: string): boolean;
}

export type TrafficHealth = Pick<
  CooldownTracker, 'isCoolingDown' | 'cooldownEndsAt' | 'beginAttempt' | 'endAttempt' | 'recordFailure' | 'recordSuccess' | 'recordAnswering' | 'recordRefusal' | 'refusal'
>;

export function reportTrafficHealth(tracker: CooldownTracker, sink: HealthSink, log: (line: string) => void = () => {}): TrafficHealth {
  /** providers this wrapper wrote unhealthy (what traffic saw, as against a connection test) */
  const reportedUnhealthy = new Set<string>();
  const write = (providerId: string, report: HealthReport): void => {
    try {
      sink.recordHealth(providerId, report);
    } catch (e) {
      // a busy database costs a health row, never a request
      log(`health: could not record ${providerId}: ${String((e as Error)?.message ?? e)}`);
    }
  };
  return {
    isCoolingDown: (modelId, providerId, now, keyOwner) => tracker.isCoolingDown(modelId, providerId, now, keyOwner),
    cooldownEndsAt: (modelId, providerId, now, keyOwner) => tracker.cooldownEndsAt(modelId, providerId, now, keyOwner),
    beginAttempt: (modelId, providerId, now, keyOwner) => tracker.beginAttempt(modelId, providerId, now, keyOwner),
    endAttempt: (modelId, providerId, now, keyOwner) => tracker.endAttempt(modelId, providerId, now, keyOwner),
    recordSuccess(modelId, providerId, now, keyOwner) {
      tracker.recordSuccess(modelId, providerId, now, keyOwner);
      // a profile's own key served: the shared key's refusal or rate limit the Providers tab shows still stands
      if (keyOwner !== undefined && (tracker.refusal(modelId, providerId, now) !== null
        || tracker.stateOf('key', keyBreakerId(modelId), now) !== 'closed')) return;
      const seenInTraffic = reportedUnhealthy.delete(providerId);
      if (!sink.storedUnhealthy(providerId)) return;
      // a connection test runs with the shared key: a profile's own key serving says nothing of what the test found
      if (keyOwner !== undefined && !seenInTraffic) return;
      write(providerId, { ok: true, latencyMs: null, message: `${modelId} answered` });
    },
    recordAnswering: (modelId, providerId, now, keyOwner) => tracker.recordAnswering(modelId, providerId, now, keyOwner),
    refusal: (modelId, providerId, now, keyOwner) => tracker.refusal(modelId, providerId, now, keyOwner),
    recordRefusal(modelId, providerId, scope, reason, now, keyOwner) {
      tracker.recordRefusal(modelId, providerId, scope, reason, now, keyOwner);
      // a refused key is the user's to mend: the Providers tab says so (a refused model is not the provider's state)
      // written once; again only if something has since recorded it healthy
      if (scope !== 'provider' || (reportedUnhealthy.has(providerId) && sink.storedUnhealthy(providerId))) return;
      reportedUnhealthy.add(providerId);
      write(providerId, { ok: false, latencyMs: null, message: `${modelId}: ${reason}; its models are tried last until it serves again` });
    },
    recordFailure(modelId: string, providerId: string, kind: UpstreamErrorKind, now: number, retryAfterMs?: number, how?: FailureContext) {
      // the shared key's rate limit is the provider's state as everyone sees it; a profile's own key's is not
      const modelOpen = (): boolean => tracker.stateOf('model', modelId, now) === 'open'
        || (how?.keyOwner === undefined && tracker.stateOf('key', keyBreakerId(modelId), now) === 'open');
      const wasOpen = modelOpen() || tracker.stateOf('provider', providerId, now) === 'open';
      tracker.recordFailure(modelId, providerId, kind, now, retryAfterMs, how);
      const providerOpen = tracker.stateOf('provider', providerId, now) === 'open';
      if (wasOpen || !(providerOpen || modelOpen())) return;
      reportedUnhealthy.add(providerId);
      const subject = providerOpen ? providerId : modelId;
      write(providerId, { ok: false, latencyMs: null, message: `${subject} failed repeatedly (${kind}): cooling down` });
    },
  };
}
