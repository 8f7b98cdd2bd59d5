// What a profile's requests still in flight are expected to cost. Spend moves only when a request's
// row is recorded, so a budget check that counted rows alone let a burst of concurrent requests all
// pass a cap that any one of them would nearly fill; the check counts these holds as spent too.
import type { Usage } from '../../core/canonical';
import { computeCostUsd, type PricedModel } from '../../core/pricing';
import type { RoutePlan } from '../../core/routing';
import type { ProxyCall } from './proxy-call';

const NO_RELEASE = (): void => {};

/** A request's expected cost, held against its profile's budget while it runs. */
export interface CostHold {
  /** the row is recorded (or on the way out with the error): its cost counts instead. Idempotent */
  release(): void;
  /**
   * `model` is about to be tried: the hold rises to its expected cost when that is more than held. A
   * candidate past max_retries (plan.reserves) is tried only in the place of one passed over as cooling
   * down, and was not priced when the request arrived
   */
  cover(model: PricedModel): void;
}

const NO_HOLD: CostHold = { release: NO_RELEASE, cover: () => {} };

export class InFlightCosts {
  private readonly held = new Map<string, number>();

  /** Holds `usd` against the profile until the returned release is called (idempotent). */
  hold(userId: string, usd: number): () => void {
    if (!(usd > 0) || !Number.isFinite(usd)) return NO_RELEASE;
    this.held.set(userId, (this.held.get(userId) ?? 0) + usd);
    let holding = true;
    return () => {
      if (!holding) return;
      holding = false;
      const left = (this.held.get(userId) ?? 0) - usd;
      if (left > 1e-12) this.held.set(userId, left);
      else this.held.delete(userId);
    };
  }

  /** The expected cost of the profile's requests in flight. */
  heldUsd(userId: string): number {
    return this.held.get(userId) ?? 0;
  }
}

/**
 * With a monthly cap or a credit balance, the request's expected `usage` is held against the budget while
 * it runs, priced on its priciest candidate, as any of them may be the one that answers (a free local model
 * first that fails over to a paid one held $0, so a whole burst passed a nearly spent cap), and raised by
 * cover() for a model past them tried in the place of one passed over. A candidate of unknown price adds
 * nothing, as its row does not.
 */
export function holdExpectedCost(call: ProxyCall, plan: RoutePlan, usage: Usage): CostHold {
  if (call.profile.monthlyCapUsd === null && call.profile.creditBalanceUsd === null) return NO_HOLD;
  let usd = 0;
  for (const { model } of plan.candidates) usd = Math.max(usd, computeCostUsd(model, usage));
  const releases = [call.deps.inFlight.hold(call.userId, usd)];
  let released = false;
  return {
    release() {
      released = true;
      for (const release of releases) release();
    },
    cover(model) {
      const more = computeCostUsd(model, usage) - usd;
      if (released || !(more > 0)) return;
      usd += more;
      releases.push(call.deps.inFlight.hold(call.userId, more));
    },
  };
}
