import { describe, expect, it } from 'vitest';
import { budgetState, monthStartUtc, nextMonthStartUtc, stepDownLevel } from './budget';

const profile = (monthlyCapUsd: number | null, creditBalanceUsd: number | null) => ({ monthlyCapUsd, creditBalanceUsd });

describe('monthStartUtc', () => {
  it('is midnight UTC on the 1st of the month', () => {
    expect(monthStartUtc(Date.UTC(2026, 10, 27, 12, 30))).toBe(Date.UTC(2026, 10, 1));
    expect(monthStartUtc(Date.UTC(2026, 0, 1, 0, 0, 0))).toBe(Date.UTC(2026, 0, 1));
    expect(monthStartUtc(Date.UTC(2026, 0, 1) - 1)).toBe(Date.UTC(2025, 11, 1));
  });

  it('next month rolls over the year', () => {
    expect(nextMonthStartUtc(Date.UTC(2026, 11, 31, 23))).toBe(Date.UTC(2027, 0, 1));
  });
});

describe('budgetState', () => {
  it('has no remaining figure when neither cap nor balance is set', () => {
    expect(budgetState(profile(null, null), 123)).toEqual({ remainingUsd: null, capReached: false, stepDown: false });
  });

  it('remaining is cap minus spent, floored at 0', () => {
    expect(budgetState(profile(10, null), 4).remainingUsd).toBe(6);
    expect(budgetState(profile(10, null), 12).remainingUsd).toBe(0);
  });

  it('remaining is the smaller of cap headroom and credit balance', () => {
    expect(budgetState(profile(10, 3), 4).remainingUsd).toBe(3);
    expect(budgetState(profile(10, 30), 4).remainingUsd).toBe(6);
    expect(budgetState(profile(null, 2.5), 100).remainingUsd).toBe(2.5);
  });

  it('cap is reached at exactly the cap', () => {
    expect(budgetState(profile(10, null), 9.99).capReached).toBe(false);
    expect(budgetState(profile(10, null), 10).capReached).toBe(true);
  });

  it('an empty or negative credit balance counts as reached', () => {
    expect(budgetState(profile(null, 0), 0).capReached).toBe(true);
    expect(budgetState(profile(null, -1), 0).capReached).toBe(true);
    expect(budgetState(profile(null, 0.01), 0).capReached).toBe(false);
  });

  it('steps down at the configured fraction of the cap, not before, and never without a cap', () => {
    expect(budgetState(profile(10, null), 7.99, 0.8).stepDown).toBe(false);
    expect(budgetState(profile(10, null), 8, 0.8).stepDown).toBe(true);
    expect(budgetState(profile(10, null), 9, null).stepDown).toBe(false);
    expect(budgetState(profile(null, 5), 9, 0.8).stepDown).toBe(false);
    // once the cap is reached the request is refused, not stepped down
    expect(budgetState(profile(10, null), 10, 0.8)).toMatchObject({ capReached: true, stepDown: false });
  });
});

describe('stepDownLevel', () => {
  it('goes precision -> balanced -> eco and stays at eco', () => {
    expect(stepDownLevel('precision')).toBe('balanced');
    expect(stepDownLevel('balanced')).toBe('eco');
    expect(stepDownLevel('eco')).toBe('eco');
  });
});
