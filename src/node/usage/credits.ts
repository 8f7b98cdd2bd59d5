// A profile's credit position: balance, cap, this month's spend and what is left.
import { budgetState } from '../../core/budget';
import type { ProfileEntry } from '../../core/catalog';
import type { Credits } from '../../shared/types';
import type { UsageRecorder } from './recorder';

export type CreditsSource = Pick<UsageRecorder, 'monthSpentUsd' | 'monthUnpricedRequests' | 'liveCreditBalanceUsd'>;
export type CreditsProfile = Pick<ProfileEntry, 'id' | 'powerLevel' | 'monthlyCapUsd' | 'creditBalanceUsd'>;

/** remaining = min(cap - spent, balance) over the ones set, never below zero; null when neither is set. */
export function credits(source: CreditsSource, profile: CreditsProfile, now: Date): Credits {
  const spent = source.monthSpentUsd(profile.id, now);
  // The recorder's balance includes draws not yet flushed; the profile's is as of its last read.
  const balance = source.liveCreditBalanceUsd(profile);
  const state = budgetState({ monthlyCapUsd: profile.monthlyCapUsd, creditBalanceUsd: balance }, spent);
  return {
    user_id: profile.id,
    credit_balance_usd: balance,
    monthly_cap_usd: profile.monthlyCapUsd,
    spent_this_month_usd: spent,
    unpriced_requests_this_month: source.monthUnpricedRequests(profile.id, now),
    remaining_usd: state.remainingUsd,
    power_level: profile.powerLevel,
  };
}
