// Circuit breakers per model and per provider, so the router skips what is failing right now.
//
// closed --(cooldown_failures retryable failures in a row, or a 429 or an overload with retry-after)--> open
// open --(cooldown elapsed)--> half-open: eligible again, and the next attempt is the probe
// half-open --(success)--> closed, cooldown back to cooldown_ms
// half-open --(failure)--> open again for twice the last cooldown (at most 10 minutes); a 429 or an overload with retry-after
// opens it for the wait it names, as the first did
// a retry-after counts for at most 10 minutes too (MAX_COOLDOWN_MS): the probe then finds whether the limit still holds
// half-open --(the probe's stream begins: first content)--> closed on probation: others go through at
// once; a failure before the next success counts as the probe's (open again, doubled)
// cooldown_ms 0: failures open nothing (a model never sits out); a retry-after of a 429 or an overload (503, 529), the
// provider's own word, still does
//
// Rate limits belong to the key that was sent, not to the model: a 429 opens the breaker of that key for
// that model (the shared key's, or one profile's own BYOK key's, keyBreakerId), so one key at its limit
// never holds back another, and one key's success never ends another's wait. Everything else (5xx,
// unreachable, too slow) is the provider's and counts whichever key was sent.
//
// isCoolingDown is a pure query (route previews call it too). The proxy calls beginAttempt right
// before it sends: in half-open that claims the single probe, and until the probe's result arrives
// (or its lease runs out) the breaker counts as cooling down for everyone else, told to come back in
// PROBE_WAIT_MS (the probe's verdict comes with its first content), not at the lease's end. Any answer from the
// provider is a result (a 400 the request caused still shows it is up); an attempt that ends without
// one (the client left, Switchboard could not send) releases the probe with endAttempt.
import type { RoutingRules } from '../../shared/types';
import type { UpstreamErrorKind } from '../canonical';
import { policyOf } from '../error-policy';
import { blockedUntil, breakerState, onProbation, releaseProbe, shortenForRules, type Breaker, type BreakerState } from './breaker';
import { Refusals } from './refusals';
import type { HealthView } from './types';

export { REFUSAL_MS } from './refusals';

export type CooldownRules = Pick<RoutingRules, 'cooldown_failures' | 'cooldown_ms' | 'timeout_ms'>;

export const MAX_COOLDOWN_MS = 10 * 60_000;

/** callers read the clock a little apart: less than this back is not the clock being set back */
const CLOCK_SLACK_MS = 1_000;

/** What else a failure's error says (UpstreamError): whether the provider's headers came before it, whose key was sent. */
export interface FailureContext {
  reachable?: boolean;
  /** the profile whose own (BYOK) key was sent; absent for the provider's shared key */
  keyOwner?: string;
}

/** The rate-limit breaker of one key for one model: `model` for the shared key, `model#profile` for a profile's own. */
export function keyBreakerId(modelId: string, keyOwner?: string): string {
  return keyOwner === undefined ? modelId : `${modelId}#${keyOwner}`;
}

/** `key`: the rate limit of one key for one model (keyBreakerId) */
export type BreakerScope = 'model' | 'provider' | 'key';

export interface BreakerView {
  scope: BreakerScope;
  id: string;
  state: BreakerState;
  consecutiveFailures: number;
  /** ms timestamp; null unless open */
  openUntil: number | null;
  cooldownMs: number;
}

export class CooldownTracker implements HealthView {
  private rules: CooldownRules;
  private readonly models = new Map<string, Breaker>();
  private readonly providers = new Map<string, Breaker>();
  /** rate limits, per key and model (keyBreakerId) */
  private readonly keys = new Map<string, Breaker>();
  private readonly refusals = new Refusals();
  /** the latest time seen: a `now` well before it means the wall clock was set back */
  private latest = -Infinity;

  constructor(rules: CooldownRules) {
    this.rules = { ...rules };
  }

  /** New rules; a lower cooldown_ms ends the cooldowns it set sooner (with 0, at once), not the waits providers named. */
  updateRules(rules: CooldownRules): void {
    const before = this.baseMs();
    this.rules = { ...rules };
    const after = this.baseMs();
    if (after >= before) return;
    for (const map of [this.models, this.providers, this.keys]) {
      for (const [id, b] of map) if (shortenForRules(b, after)) map.delete(id);
    }
  }

  /**
   * The model was switched on again, or deleted (it may come back under its id): its breaker and refusal are
   * forgotten. Its keys' rate limits stay: the provider named them, whatever is done to the model here.
   */
  forgetModel(modelId: string): void {
    this.models.delete(modelId);
    this.refusals.forgetModel(modelId);
  }

  /** `keyOwner`: the profile whose own (BYOK) key this request would send; absent for the shared key. */
  isCoolingDown(modelId: string, providerId: string, now: number, keyOwner?: string): boolean {
    this.tick(now);
    // called for every eligible model on every route: skip the lookups when nothing is tracked
    if (this.providers.size > 0 && this.blocked(this.providers.get(providerId), now)) return true;
    if (this.models.size > 0 && this.blocked(this.models.get(modelId), now)) return true;
    return this.keys.size > 0 && this.blocked(this.keys.get(keyBreakerId(modelId, keyOwner)), now);
  }

  /** While cooling down: when the provider's, the model's and the key's breakers all let it through again; else null. */
  cooldownEndsAt(modelId: string, providerId: string, now: number, keyOwner?: string): number | null {
    this.tick(now);
    const breakers = [this.providers.get(providerId), this.models.get(modelId), this.keys.get(keyBreakerId(modelId, keyOwner))];
    const blocking = breakers.map((b) => blockedUntil(b, now)).filter((t): t is number => t !== null);
    return blocking.length === 0 ? null : Math.max(...blocking);
  }

  /** Call right before sending to this model: claims the half-open probe where there is one. */
  beginAttempt(modelId: string, providerId: string, now: number, keyOwner?: string): void {
    this.tick(now);
    this.claimProbe(this.providers.get(providerId), now);
    this.claimProbe(this.models.get(modelId), now);
    if (this.keys.size > 0) this.claimProbe(this.keys.get(keyBreakerId(modelId, keyOwner)), now);
  }

  /**
   * An attempt ended without a verdict on the provider's health (the client left before it answered,
   * Switchboard itself could not send): a probe it held is released, so the next request probes at once
   * instead of waiting out the lease.
   */
  endAttempt(modelId: string, providerId: string, now: number, keyOwner?: string): void {
    this.tick(now);
    releaseProbe(this.providers.get(providerId), now);
    releaseProbe(this.models.get(modelId), now);
    if (this.keys.size > 0) releaseProbe(this.keys.get(keyBreakerId(modelId, keyOwner)), now);
  }

  /**
   * A success closes the model's breaker and the provider's (it was reachable), and the rate limit of the
   * key that was sent, and ends their refusals; with `keyOwner` (a profile's own BYOK key was sent) the
   * shared key's rate limit and refusals stay: they are that key's.
   */
  recordSuccess(modelId: string, providerId: string, _now: number, keyOwner?: string): void {
    this.models.delete(modelId);
    this.providers.delete(providerId);
    if (this.keys.size > 0) this.keys.delete(keyBreakerId(modelId, keyOwner));
    if (keyOwner === undefined) this.refusals.served(modelId, providerId);
  }

  /**
   * A stream began (2xx and its first content): the provider is up, and a probe of the model has its
   * answer so far, so the breaker no longer holds everyone else back while the stream runs. The stream's
   * end still gives the verdict (recordSuccess, or recordFailure when it broke).
   */
  recordAnswering(modelId: string, providerId: string, now: number, keyOwner?: string): void {
    this.tick(now);
    this.providers.delete(providerId);
    onProbation(this.models.get(modelId), now);
    if (this.keys.size > 0) onProbation(this.keys.get(keyBreakerId(modelId, keyOwner)), now);
  }

  /**
   * The provider answered that it will not serve this model, or any (error-policy refusalOf): its breakers
   * close (it is up), and the router tries it last for REFUSAL_MS, or until it serves again or the
   * provider's settings change.
   */
  recordRefusal(modelId: string, providerId: string, scope: 'provider' | 'model', reason: string, now: number, keyOwner?: string): void {
    this.tick(now);
    // it answered: it is up, whatever its breakers thought, and the key that was sent is past its rate limit
    this.models.delete(modelId);
    this.providers.delete(providerId);
    this.keyAnswered(modelId, keyOwner, now);
    this.refusals.record(modelId, providerId, scope, reason, now, keyOwner);
  }

  /**
   * Why the router should try this model last (a recent refusal), or null. `keyOwner`: the profile whose own
   * (BYOK) key this request would send; a refused key or account is that key's alone, so a provider refusal of
   * another key says nothing of it. A model the provider refused or does not have is refused to everyone.
   */
  refusal(modelId: string, providerId: string, now: number, keyOwner?: string): string | null {
    this.tick(now);
    return this.refusals.reason(modelId, providerId, now, keyOwner);
  }

  /** The provider's settings changed (a new key, another URL): its refusals and its shared key's rate limits no longer say anything. */
  forgetRefusals(providerId: string): void {
    this.refusals.forgetProvider(providerId);
    this.forgetKeys(providerId, undefined);
  }

  /**
   * The provider's address or shared key changed (or it was switched on): its breakers were about the old
   * one, so the provider and its models are tried again at once, and its refusals and shared key's rate
   * limits are forgotten (forgetRefusals). A profile's own key's rate limits are that key's (forgetKeys).
   */
  forgetProvider(providerId: string): void {
    this.providers.delete(providerId);
    // a model's id is `<provider_id>/<model_name>`
    const prefix = `${providerId}/`;
    for (const id of this.models.keys()) if (id.startsWith(prefix)) this.models.delete(id);
    this.forgetRefusals(providerId);
  }

  /**
   * Something other than a request got the provider's answer (a connection test): it is reachable, so its own
   * breaker closes, as any answer to a request closes it. A model cooling down because the provider did not
   * answer has its cooldown over: the next request is its probe (a model comes back by a success); a model
   * that failed otherwise waits out its cooldown.
   */
  recordProviderAnswered(providerId: string, now: number): void {
    this.tick(now);
    this.providers.delete(providerId);
    const prefix = `${providerId}/`;
    for (const [id, b] of this.models) {
      if (b.unreached === true && id.startsWith(prefix) && breakerState(b, now) === 'open') {
        b.openUntil = now;
        b.probeUntil = 0;
      }
    }
  }

  /** A key was replaced or removed (`keyOwner`: a profile's own; absent: the provider's shared key): its rate limits were the old key's. */
  forgetKeys(providerId: string, keyOwner: string | undefined): void {
    for (const [id, b] of this.keys) if (b.key?.providerId === providerId && b.key.keyOwner === keyOwner) this.keys.delete(id);
  }

  /**
   * `how.reachable`: the provider's headers came before the failure (a JSON body or a stream's first event
   * too late), so a kind that is otherwise provider-wide (a timeout) is this model's alone.
   */
  recordFailure(modelId: string, providerId: string, kind: UpstreamErrorKind, now: number, retryAfterMs?: number, how?: FailureContext): void {
    this.tick(now);
    const policy = policyOf(kind);
    if (!policy.cooldown) return;
    // a wait the provider named counts for at most MAX_COOLDOWN_MS (a day's retry-after would bench the model
    // for a day): then the half-open probe asks again, and a new 429 opens the breaker again
    const retryAfter = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? Math.min(retryAfterMs, MAX_COOLDOWN_MS) : 0;
    const unanswered = policy.providerWide && how?.reachable !== true;
    if (kind === 'rate_limit') {
      // the key's limit, not the model's health: a probe of the model it held gets no verdict
      const id = keyBreakerId(modelId, how?.keyOwner);
      this.fail(this.keys, id, now, retryAfter > 0, retryAfter);
      const b = this.keys.get(id);
      if (b !== undefined) b.key = { providerId, keyOwner: how?.keyOwner };
      releaseProbe(this.models.get(modelId), now);
    } else {
      // an overloaded model (a 503 or 529) that names when to come back sits out that long at once, as a key at its
      // rate limit does; other failures count toward cooldown_failures, a retry-after lengthening the cooldown
      this.fail(this.models, modelId, now, kind === 'overloaded' && retryAfter > 0, retryAfter);
      const b = this.models.get(modelId);
      if (b !== undefined) b.unreached = unanswered;
      // any other answer (a 5xx, a broken stream) shows the key is past its rate limit; no answer says nothing of it
      if (unanswered) {
        if (this.keys.size > 0) releaseProbe(this.keys.get(keyBreakerId(modelId, how?.keyOwner)), now);
      } else this.keyAnswered(modelId, how?.keyOwner, now);
    }
    if (unanswered) this.fail(this.providers, providerId, now, false, 0);
    // the provider answered (a 429, a 5xx, a broken stream, headers and then too slow): it is reachable, so its own breaker closes
    // (a probe it held included), and its other models are not held back for this one's failure
    else this.providers.delete(providerId);
  }

  /**
   * The provider answered something other than a 429 to this key: its rate limit is over (a probe it held
   * included). A breaker still open stays: an answer to a request sent before its 429 says nothing new.
   */
  private keyAnswered(modelId: string, keyOwner: string | undefined, now: number): void {
    if (this.keys.size === 0) return;
    const id = keyBreakerId(modelId, keyOwner);
    if (breakerState(this.keys.get(id), now) !== 'open') this.keys.delete(id);
  }

  /** `key`: id is keyBreakerId(model, keyOwner) */
  stateOf(scope: BreakerScope, id: string, now: number): BreakerState {
    this.tick(now);
    return breakerState(this.mapOf(scope).get(id), now);
  }

  /** Every breaker that is not simply closed with no failures, for display. */
  snapshot(now: number = Date.now()): BreakerView[] {
    this.tick(now);
    const out: BreakerView[] = [];
    const add = (scope: BreakerScope, map: Map<string, Breaker>) => {
      for (const [id, b] of map) {
        const state = breakerState(b, now);
        out.push({ scope, id, state, consecutiveFailures: b.failures, openUntil: state === 'open' ? b.openUntil : null, cooldownMs: b.cooldownMs });
      }
    };
    add('provider', this.providers);
    add('model', this.models);
    add('key', this.keys);
    return out;
  }

  private mapOf(scope: BreakerScope): Map<string, Breaker> {
    return scope === 'model' ? this.models : scope === 'provider' ? this.providers : this.keys;
  }

  /**
   * The deadlines are wall-clock times: when the clock is set back (NTP, by hand) by more than a second,
   * they move back with it, so a breaker, a probe lease or a refusal lasts as long as it was meant to,
   * not that much longer. A clock set forward only ends them early.
   */
  private tick(now: number): void {
    if (now >= this.latest) {
      this.latest = now;
      return;
    }
    if (this.latest - now <= CLOCK_SLACK_MS) return;
    const back = this.latest - now;
    for (const b of [...this.models.values(), ...this.providers.values(), ...this.keys.values()]) {
      if (b.openUntil !== 0) b.openUntil -= back;
      if (b.probeUntil !== 0) b.probeUntil -= back;
      if (b.openedAt !== 0) b.openedAt -= back;
    }
    this.refusals.shift(back);
    this.latest = now;
  }

  private blocked(b: Breaker | undefined, now: number): boolean {
    if (b === undefined || b.openUntil === 0) return false;
    if (now < b.openUntil) return true;
    return b.probeUntil > now; // half-open: blocked only while someone else's probe is out
  }

  private claimProbe(b: Breaker | undefined, now: number): void {
    if (b !== undefined && breakerState(b, now) === 'half_open' && b.probeUntil <= now) {
      b.probeUntil = now + this.rules.timeout_ms + 1_000;
    }
  }

  private fail(map: Map<string, Breaker>, id: string, now: number, immediate: boolean, retryAfterMs: number): void {
    // cooldown_ms 0: nothing sits out for failing (only a wait the provider named, a 429's or an overload's retry-after)
    if (this.rules.cooldown_ms === 0 && !immediate) {
      if (breakerState(map.get(id), now) !== 'open') map.delete(id);
      return;
    }
    const base = this.baseMs();
    let b = map.get(id);
    if (b === undefined) {
      b = { failures: 0, openUntil: 0, openedAt: 0, named: false, cooldownMs: base, rulesMs: base, probeUntil: 0, probation: false };
      map.set(id, b);
    }
    b.failures++;
    const state = breakerState(b, now);
    if (state === 'open') {
      // a late failure from before the breaker opened: only a longer retry-after extends it
      if (retryAfterMs > 0 && now + retryAfterMs > b.openUntil) {
        b.openUntil = now + retryAfterMs;
        b.named = true;
      }
      return;
    }
    if (immediate) {
      // the provider said exactly how long: honour it, even when shorter than cooldown_ms, and a probe that
      // gets another such answer starts that wait anew (not twice the last one: the provider named it)
      b.cooldownMs = Math.min(MAX_COOLDOWN_MS, retryAfterMs);
      b.rulesMs = base;
      this.open(b, now, retryAfterMs, true);
      return;
    }
    if (state === 'half_open' || b.probation) {
      b.cooldownMs = Math.min(MAX_COOLDOWN_MS, b.cooldownMs * 2);
      this.open(b, now, Math.max(b.cooldownMs, retryAfterMs), retryAfterMs > b.cooldownMs);
      return;
    }
    if (b.failures >= Math.max(1, this.rules.cooldown_failures)) {
      // cooldown_ms up to an hour is accepted, but no cooldown lasts longer than MAX_COOLDOWN_MS (baseMs)
      b.cooldownMs = Math.max(base, retryAfterMs);
      b.rulesMs = base;
      this.open(b, now, b.cooldownMs, retryAfterMs > base);
    }
  }

  /** cooldown_ms, at most MAX_COOLDOWN_MS: the longest any cooldown lasts, the longest retry-after a client is told */
  private baseMs(): number {
    return Math.min(this.rules.cooldown_ms, MAX_COOLDOWN_MS);
  }

  private open(b: Breaker, now: number, ms: number, named: boolean): void {
    b.openUntil = now + ms;
    b.openedAt = now;
    b.named = named;
    b.probeUntil = 0;
    b.probation = false;
  }
}
