// Profiles of the admin API (SPEC.md §3, users): the profile, its proxy tokens, its own provider keys (BYOK)
// and its credits.
import type { PowerLevel, PrivacyGuard, ProviderTestResult } from './types';

export interface ProfileToken {
  id: string;
  name: string;
  /** first characters, e.g. `sb-3f9a…`, to recognise it */
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface User {
  id: string;
  name: string;
  power_level: PowerLevel;
  monthly_cap_usd: number | null;
  credit_balance_usd: number | null;
  preferred_models: string[];
  privacy_guard: PrivacyGuard;
  tokens: ProfileToken[];
  created_at: string;
  updated_at: string;
}

export interface UserCreate {
  id?: string;
  name: string;
  power_level?: PowerLevel;
  monthly_cap_usd?: number | null;
  credit_balance_usd?: number | null;
  preferred_models?: string[];
  privacy_guard?: PrivacyGuard;
}

export type UserUpdate = Partial<Omit<UserCreate, 'id'>>;

export interface UserCreated {
  user: User;
  /** the proxy token, shown this once */
  token: string;
  token_id: string;
}

export interface TokenIssued {
  token: string;
  token_info: ProfileToken;
}

export interface ByokEntry {
  provider_id: string;
  api_key_masked: string;
  preferred_models: string[];
  created_at: string;
  updated_at: string;
}

/**
 * A profile's own key as saved: `test` is the provider's answer to a model listing with that key (as the
 * provider form's Test); the key is saved whatever the answer, as a provider's key is.
 */
export interface ByokSaved extends ByokEntry {
  test?: ProviderTestResult;
}

export interface ByokSet {
  provider_id: string;
  api_key: string;
  preferred_models?: string[];
}

export interface Credits {
  user_id: string;
  credit_balance_usd: number | null;
  monthly_cap_usd: number | null;
  spent_this_month_usd: number;
  /** this month's requests with an unknown cost, not in spent_this_month_usd */
  unpriced_requests_this_month: number;
  /** min(cap - spent, balance); null when neither is set */
  remaining_usd: number | null;
  power_level: PowerLevel;
}
