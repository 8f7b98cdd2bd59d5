// The in-memory snapshot of the catalog the router and proxy read on every request.
// Built by the node layer from SQLite, rebuilt on every admin change; never read per request.
import type { Capability, PowerLevel, PrivacyGuard, ProviderType, RoutingRules } from '../shared/types';
import type { WireFormat } from './canonical';

export interface ProviderEntry {
  id: string;
  name: string;
  type: ProviderType;
  format: WireFormat;
  baseUrl: string;
  enabled: boolean;
  priority: number;
  /** a global key is available (stored or from the environment) */
  hasKey: boolean;
  /** needs no key (ollama, lmstudio) */
  keyless: boolean;
  /** runs on this machine: allowed for requests the privacy guard holds back */
  local: boolean;
}

export interface ModelEntry {
  id: string;
  providerId: string;
  modelName: string;
  inputCostPer1m: number;
  outputCostPer1m: number;
  cachedInputCostPer1m: number | null;
  contextLength: number;
  maxOutputTokens: number | null;
  capabilities: ReadonlySet<Capability>;
  quality: number | null;
  enabled: boolean;
  avgLatencyMs: number | null;
}

export interface ProfileEntry {
  id: string;
  name: string;
  powerLevel: PowerLevel;
  monthlyCapUsd: number | null;
  creditBalanceUsd: number | null;
  preferredModels: readonly string[];
  privacyGuard: PrivacyGuard;
  /** providers for which this profile has its own (BYOK) key */
  byokProviders: ReadonlySet<string>;
}

/** A model with what routing needs of it every request, derived once per snapshot. */
export interface RoutingEntry {
  model: ModelEntry;
  /** undefined when the model's provider is missing from the catalog */
  provider: ProviderEntry | undefined;
  /** CAPABILITY_BIT mask of model.capabilities */
  capMask: number;
}

export interface CatalogSnapshot {
  version: number;
  providers: ReadonlyMap<string, ProviderEntry>;
  models: readonly ModelEntry[];
  /** every model as the router reads it, in tie-break order: built by routingOrder() in core/routing */
  routingOrder: readonly RoutingEntry[];
  modelsById: ReadonlyMap<string, ModelEntry>;
  /** bare upstream model name -> the model ids carrying it (a name is addressable bare only when unique) */
  modelsByName: ReadonlyMap<string, readonly string[]>;
  rules: RoutingRules;
}
