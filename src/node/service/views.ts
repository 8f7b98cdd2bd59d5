// Rows -> the admin API's JSON shapes (src/shared/types.ts). Keys appear only as masks.
import { PROVIDER_TYPE_INFO } from '../../core/providers/registry';
import { maskKey } from '../../core/redact';
import type { ByokEntry, Capability, Model, ProfileToken, Provider, ProviderHealth, User } from '../../shared/types';
import { parseJson, type ByokRow, type HealthRow, type ModelRow, type ProviderRow, type TokenRow, type UserRow } from '../catalog/repos/index';
import { envKeyFor, type Env } from '../secrets/env-keys';
import { pricesOfRow } from '../catalog/model-prices';
import { providerEnabled } from '../catalog/provider-enabled';

const UNKNOWN_HEALTH: ProviderHealth = {
  status: 'unknown', last_checked_at: null, last_latency_ms: null, consecutive_failures: 0, message: null,
};

/** `byokKeys`: how many profiles have their own key for it */
export function providerView(row: ProviderRow, health: HealthRow | undefined, env: Env, byokKeys: number): Provider {
  const envKey = row.key_mask === null ? envKeyFor(row.type, row.base_url, env) : undefined;
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    base_url: row.base_url,
    enabled: providerEnabled(row, env),
    priority: row.priority,
    has_key: row.key_mask !== null || envKey !== undefined,
    api_key_masked: row.key_mask ?? (envKey === undefined ? null : maskKey(envKey)),
    key_source: row.key_mask !== null ? 'stored' : envKey !== undefined ? 'env' : null,
    keyless: PROVIDER_TYPE_INFO[row.type].keyless,
    byok_keys: byokKeys,
    health: health
      ? {
          status: health.status,
          last_checked_at: health.last_checked_at,
          last_latency_ms: health.last_latency_ms,
          consecutive_failures: health.consecutive_failures,
          message: health.message,
        }
      : { ...UNKNOWN_HEALTH },
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function modelView(row: ModelRow): Model {
  const prices = pricesOfRow(row);
  return {
    id: row.id,
    provider_id: row.provider_id,
    model_name: row.model_name,
    display_name: row.display_name,
    ...prices,
    price_unknown: prices.input_cost_per_1m === null || prices.output_cost_per_1m === null,
    price_source: row.price_source,
    price_as_of: row.price_as_of,
    context_length: row.context_length,
    max_output_tokens: row.max_output_tokens,
    capabilities: parseJson<Capability[]>(row.capabilities, ['chat']),
    quality: row.quality,
    enabled: row.enabled === 1,
    installed: row.not_installed === 0,
    remote: row.remote === 1,
    api: row.api,
    avg_latency_ms: row.avg_latency_ms,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function tokenView(row: TokenRow): ProfileToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    created_at: row.created_at,
    last_used_at: row.last_used_at,
    revoked_at: row.revoked_at,
  };
}

export function userView(row: UserRow, tokens: readonly TokenRow[]): User {
  return {
    id: row.id,
    name: row.name,
    power_level: row.power_level,
    monthly_cap_usd: row.monthly_cap_usd,
    credit_balance_usd: row.credit_balance_usd,
    preferred_models: parseJson<string[]>(row.preferred_models, []),
    privacy_guard: row.privacy_guard,
    tokens: tokens.map(tokenView),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function byokView(row: ByokRow): ByokEntry {
  return {
    provider_id: row.provider_id,
    api_key_masked: row.key_mask,
    preferred_models: parseJson<string[]>(row.preferred_models, []),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
