// What a profile's requests still in flight are expected to cost. Spend moves only when a request's
// row is recorded, so a budget check that counted rows alone let a burst of concurrent requests all
// pass a cap that any one of them would nearly fill; the check counts these holds as spent too.
import type { Usage } from '../../core/canonical';
import { computeCostUsd } from '../../core/pricing';
import type { RoutePlan } from '../../core/routing';
import type { ProxyCall } from './proxy-call';

const NO_RELEASE = (): void => {};

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
 * first that fails over to a paid one held $0, so a whole burst passed a nearly spent cap). A candidate of
 * unknown price adds nothing, as its row does not.
 */
export function holdExpectedCost(call: ProxyCall, plan: RoutePlan, usage: Usage): () => void {
  if (call.profile.monthlyCapUsd === null && call.profile.creditBalanceUsd === null) return NO_RELEASE;
  let usd = 0;
  for (const { model } of plan.candidates) usd = Math.max(usd, computeCostUsd(model, usage));
  return call.deps.inFlight.hold(call.userId, usd);
}
