// The configuration export (GET/POST /api/v1/llm/config): providers, models, routing rules and profiles
// as one JSON document, to back up or move a setup. Never keys or tokens.
import type { Capability, ModelApi, ModelPrices, PowerLevel, PrivacyGuard, ProviderType, RoutingRules } from './types';

export const CONFIG_FORMAT = 'switchboard-config';
export const CONFIG_VERSION = 1;

export interface ConfigProvider {
  id: string;
  name: string;
  type: ProviderType;
  base_url: string;
  enabled: boolean;
  priority: number;
}

/** prices: every token class and the long-context tiers, null where unknown */
export interface ConfigModel extends ModelPrices {
  provider_id: string;
  model_name: string;
  display_name: string;
  context_length: number;
  max_output_tokens: number | null;
  capabilities: Capability[];
  quality: number | null;
  enabled: boolean;
  /** the API an OpenAI-format model is called on */
  api: ModelApi;
}

export interface ConfigProfile {
  id: string;
  name: string;
  power_level: PowerLevel;
  monthly_cap_usd: number | null;
  credit_balance_usd: number | null;
  preferred_models: string[];
  privacy_guard: PrivacyGuard;
}

export interface ConfigDocument {
  format: typeof CONFIG_FORMAT;
  version: typeof CONFIG_VERSION;
  exported_at: string;
  providers: ConfigProvider[];
  models: ConfigModel[];
  routing_rules: RoutingRules;
  profiles: ConfigProfile[];
}

export interface ConfigImportCounts {
  created: number;
  updated: number;
}

export interface ConfigImportResult {
  providers: ConfigImportCounts;
  models: ConfigImportCounts;
  profiles: ConfigImportCounts;
  routing_rules: true;
  /** what the user still has to do by hand (keys, tokens) */
  notes: string[];
}
