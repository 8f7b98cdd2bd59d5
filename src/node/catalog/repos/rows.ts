// Rows as SQLite holds them (snake_case, 0/1 booleans, JSON text). Views for the API are built in service/.
import type { HealthStatus, ModelApi, PowerLevel, PriceSource, PrivacyGuard, ProviderType } from '../../../shared/types';

export interface ProviderRow {
  id: string;
  name: string;
  type: ProviderType;
  base_url: string;
  enabled: 0 | 1;
  priority: number;
  key_mask: string | null;
  /** 1: a seeded cloud provider the user has neither keyed nor switched on or off; an env key switches it on */
  waits_for_key: 0 | 1;
  created_at: string;
  updated_at: string;
}

export interface ModelRow {
  id: string;
  provider_id: string;
  model_name: string;
  display_name: string;
  /** USD per 1M tokens; null: unknown */
  input_cost_per_1m: number | null;
  output_cost_per_1m: number | null;
  cached_input_cost_per_1m: number | null;
  cache_write_5m_cost_per_1m: number | null;
  cache_write_1h_cost_per_1m: number | null;
  /** JSON array of LongContextTier, lowest threshold first; null: none */
  long_context_tiers: string | null;
  price_source: PriceSource | null;
  /** YYYY-MM-DD */
  price_as_of: string | null;
  context_length: number;
  max_output_tokens: number | null;
  /** JSON array of capabilities */
  capabilities: string;
  quality: number | null;
  enabled: 0 | 1;
  /** 1: a local runtime's last listing left it out (it cannot serve; `enabled` stays the user's choice) */
  not_installed: 0 | 1;
  /** 1: its runtime forwards it elsewhere (an Ollama cloud model, run on ollama.com): not local, not free */
  remote: 0 | 1;
  api: ModelApi;
  avg_latency_ms: number | null;
  latency_samples: number;
  created_at: string;
  updated_at: string;
}

export interface UserRow {
  id: string;
  name: string;
  power_level: PowerLevel;
  monthly_cap_usd: number | null;
  credit_balance_usd: number | null;
  /** JSON array of model ids */
  preferred_models: string;
  privacy_guard: PrivacyGuard;
  created_at: string;
  updated_at: string;
}

export interface TokenRow {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface ByokRow {
  user_id: string;
  provider_id: string;
  /** the secret store account holding the key */
  secret_ref: string;
  key_mask: string;
  /** JSON array of model ids */
  preferred_models: string;
  created_at: string;
  updated_at: string;
}

export interface HealthRow {
  provider_id: string;
  status: HealthStatus;
  last_checked_at: string | null;
  last_latency_ms: number | null;
  consecutive_failures: number;
  message: string | null;
}

export interface AuditRow {
  id: number;
  at: string;
  action: string;
  subject: string;
  detail: string | null;
}

export const toFlag = (b: boolean): 0 | 1 => (b ? 1 : 0);

/** JSON text from our own columns; a damaged value reads as the fallback rather than taking the app down. */
export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
