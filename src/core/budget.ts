// Budget arithmetic shared by the router (refuse / step down) and the credits endpoint (display).
import type { PowerLevel } from '../shared/types';
import type { ProfileEntry } from './catalog';

export type BudgetProfile = Pick<ProfileEntry, 'monthlyCapUsd' | 'creditBalanceUsd'>;

export interface BudgetState {
  /** min(cap - spent, credit balance), never below 0; null when neither a cap nor a balance is set */
  remainingUsd: number | null;
  /** the monthly cap is spent or the credit balance is used up: the profile's requests are refused (402) until the cap resets or credit is added */
  capReached: boolean;
  /** spend has crossed `stepDownAt` of the cap: `auto` should route one power level lower */
  stepDown: boolean;
}

/** Start (ms) of the UTC calendar month containing `now`: monthly caps reset then. */
export function monthStartUtc(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Start (ms) of the next UTC calendar month: when a reached cap lifts. */
export function nextMonthStartUtc(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/**
 * @param spentUsd spend since monthStartUtc(now)
 * @param stepDownAt fraction of the cap (RoutingRules.budget_step_down_at); null = never step down
 */
export function budgetState(profile: BudgetProfile, spentUsd: number, stepDownAt: number | null = null): BudgetState {
  const cap = profile.monthlyCapUsd;
  const balance = profile.creditBalanceUsd;
  let remaining: number | null = null;
  if (cap !== null) remaining = cap - spentUsd;
  if (balance !== null) remaining = remaining === null ? balance : Math.min(remaining, balance);
  const capReached = (cap !== null && spentUsd >= cap) || (balance !== null && balance <= 0);
  const stepDown = !capReached && stepDownAt !== null && cap !== null && cap > 0 && spentUsd >= cap * stepDownAt;
  return { remainingUsd: remaining === null ? null : Math.max(0, remaining), capReached, stepDown };
}

const STEP_DOWN: Record<PowerLevel, PowerLevel> = { precision: 'balanced', balanced: 'eco', eco: 'eco' };

/** precision -> balanced -> eco; eco stays eco. */
export function stepDownLevel(level: PowerLevel): PowerLevel {
  return STEP_DOWN[level];
}
