// Builds the in-memory catalog the proxy routes from, plus the profile and token indexes, from SQLite.
import type { CatalogSnapshot, ModelEntry, ProfileEntry, ProviderEntry } from '../../core/catalog';
import { PROVIDER_TYPE_INFO } from '../../core/providers/registry';
import { routingOrder } from '../../core/routing/routing-order';
import type { Capability } from '../../shared/types';
import { envKeyFor, type Env } from '../secrets/env-keys';
import { pricedModel, pricesOfRow } from './model-prices';
import { providerEnabled } from './provider-enabled';
import { isLocalProvider } from './provider-locality';
import { parseJson, type Repositories } from './repos/index';
import { providerAccount } from './secret-accounts';

export interface TokenIndexEntry {
  userId: string;
  tokenId: string;
  hash: Buffer;
}

export interface CatalogState {
  snapshot: CatalogSnapshot;
  profiles: Map<string, ProfileEntry>;
  /** sha256 hex -> live (unrevoked) token */
  tokens: Map<string, TokenIndexEntry>;
  /** sha256 hex of the revoked tokens, for a 401 that says so */
  revokedTokens: Set<string>;
  /** model id -> latency samples so far (for the EWMA's persisted count) */
  latencySamples: Map<string, number>;
  /** (userId \n providerId) -> the BYOK secret account */
  byokRefs: Map<string, string>;
  /** providers with a key in the secret store */
  storedKeys: Set<string>;
  /** secret-store account -> the mask of the key last saved there (a value of another mask is stale) */
  keyMasks: Map<string, string>;
}

export const byokKey = (userId: string, providerId: string) => `${userId}\n${providerId}`;

export function buildCatalogState(repos: Repositories, env: Env, version: number): CatalogState {
  const providers = new Map<string, ProviderEntry>();
  const storedKeys = new Set<string>();
  const keyMasks = new Map<string, string>();
  for (const p of repos.providers.list()) {
    if (p.key_mask !== null) {
      storedKeys.add(p.id);
      keyMasks.set(providerAccount(p.id), p.key_mask);
    }
    const info = PROVIDER_TYPE_INFO[p.type];
    providers.set(p.id, {
      id: p.id,
      name: p.name,
      type: p.type,
      format: info.format,
      baseUrl: p.base_url,
      enabled: providerEnabled(p, env),
      priority: p.priority,
      hasKey: p.key_mask !== null || envKeyFor(p.type, p.base_url, env) !== undefined,
      keyless: info.keyless,
      local: isLocalProvider(p.type, p.base_url),
    });
  }

  const models: ModelEntry[] = [];
  const modelsById = new Map<string, ModelEntry>();
  const modelsByName = new Map<string, string[]>();
  const latencySamples = new Map<string, number>();
  for (const m of repos.models.list()) {
    const entry: ModelEntry = {
      id: m.id,
      providerId: m.provider_id,
      modelName: m.model_name,
      ...pricedModel(pricesOfRow(m)),
      contextLength: m.context_length,
      maxOutputTokens: m.max_output_tokens,
      capabilities: new Set(parseJson<Capability[]>(m.capabilities, ['chat'])),
      quality: m.quality,
      enabled: m.enabled === 1 && m.not_installed === 0,
      ...(m.not_installed === 1 ? { notInstalled: true } : {}),
      ...(m.remote === 1 ? { remote: true } : {}),
      avgLatencyMs: m.avg_latency_ms,
      api: m.api,
    };
    models.push(entry);
    modelsById.set(m.id, entry);
    const sameName = modelsByName.get(m.model_name);
    if (sameName) sameName.push(m.id);
    else modelsByName.set(m.model_name, [m.id]);
    latencySamples.set(m.id, m.latency_samples);
  }

  const byokProviders = new Map<string, Set<string>>();
  const byokRefs = new Map<string, string>();
  /** user -> the preferred models its BYOK entries name, in provider order */
  const byokPreferred = new Map<string, string[]>();
  for (const b of repos.byok.list()) {
    const set = byokProviders.get(b.user_id) ?? new Set<string>();
    set.add(b.provider_id);
    byokProviders.set(b.user_id, set);
    const preferred = parseJson<string[]>(b.preferred_models, []);
    if (preferred.length > 0) byokPreferred.set(b.user_id, [...(byokPreferred.get(b.user_id) ?? []), ...preferred]);
    byokRefs.set(byokKey(b.user_id, b.provider_id), b.secret_ref);
    keyMasks.set(b.secret_ref, b.key_mask);
  }

  const profiles = new Map<string, ProfileEntry>();
  for (const u of repos.users.list()) {
    profiles.set(u.id, {
      id: u.id,
      name: u.name,
      powerLevel: u.power_level,
      monthlyCapUsd: u.monthly_cap_usd,
      creditBalanceUsd: u.credit_balance_usd,
      // the profile's own list first, then what its own keys' entries prefer (SPEC: POST .../byok preferred_models)
      preferredModels: [...new Set([...parseJson<string[]>(u.preferred_models, []), ...(byokPreferred.get(u.id) ?? [])])],
      privacyGuard: u.privacy_guard,
      byokProviders: byokProviders.get(u.id) ?? new Set(),
      createdAt: u.created_at,
    });
  }

  const tokens = new Map<string, TokenIndexEntry>();
  const revokedTokens = new Set<string>();
  for (const t of repos.users.tokens.listAll()) {
    if (t.revoked_at !== null) {
      revokedTokens.add(t.token_hash);
      continue;
    }
    tokens.set(t.token_hash, { userId: t.user_id, tokenId: t.id, hash: Buffer.from(t.token_hash, 'hex') });
  }

  const snapshot: CatalogSnapshot = {
    version, providers, models, routingOrder: routingOrder(providers, models), modelsById, modelsByName, rules: repos.rules.get(),
  };
  return { snapshot, profiles, tokens, revokedTokens, latencySamples, byokRefs, storedKeys, keyMasks };
}
