import { describe, expect, it } from 'vitest';
import type { RoutePlan } from '../../core/routing';
import { holdExpectedCost, InFlightCosts } from './in-flight';
import type { ProxyCall } from './proxy-call';

// $1 and $3 per 1M tokens in and out: a million of each costs $4 on `paid`, $0 on `free`
const price = (usd: number) => ({ inputCostPer1m: usd, outputCostPer1m: usd * 3, cachedInputCostPer1m: null });
const free = price(0);
const paid = price(1);
const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 };

function capped(inFlight: InFlightCosts, monthlyCapUsd: number | null = 10): ProxyCall {
  return { userId: 'p', profile: { monthlyCapUsd, creditBalanceUsd: null }, deps: { inFlight } } as unknown as ProxyCall;
}
const planOf = (...models: object[]): RoutePlan => ({ candidates: models.map((model) => ({ model })) }) as unknown as RoutePlan;

describe('holdExpectedCost', () => {
  it('holds the priciest candidate, and rises to a model past them once it is to be tried (a reserve), never falls', () => {
    const inFlight = new InFlightCosts();
    const hold = holdExpectedCost(capped(inFlight), planOf(free, free), usage);
    expect(inFlight.heldUsd('p')).toBe(0);
    hold.cover(paid);
    expect(inFlight.heldUsd('p')).toBe(4);
    hold.cover(free);
    hold.cover(paid);
    expect(inFlight.heldUsd('p')).toBe(4);
    hold.cover(price(2));
    expect(inFlight.heldUsd('p')).toBe(8);
    hold.release();
    hold.release();
    expect(inFlight.heldUsd('p')).toBe(0);
    hold.cover(price(5));
    expect(inFlight.heldUsd('p')).toBe(0);
  });

  it('holds nothing without a cap or a balance, whatever is tried', () => {
    const inFlight = new InFlightCosts();
    const hold = holdExpectedCost(capped(inFlight, null), planOf(paid), usage);
    hold.cover(price(5));
    expect(inFlight.heldUsd('p')).toBe(0);
  });
});
