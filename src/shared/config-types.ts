// The configuration export (GET/POST /api/v1/llm/config): providers, models, routing rules and profiles
// as one JSON document, to back up or move a setup. Never keys or tokens.
import type { Model, ModelPrices, PriceSource, Provider, RoutingRules, User } from './types';

export const CONFIG_FORMAT = 'switchboard-config';
export const CONFIG_VERSION = 1;

/** A provider as the API shows it, without its key state, health and times. */
export type ConfigProvider = Pick<Provider, 'id' | 'name' | 'type' | 'base_url' | 'enabled' | 'priority'>;

/**
 * A model's settings and every price (null where unknown), without what is measured or derived. `remote` (an
 * Ollama cloud model under any name) is absent from files exported before it; an import only ever adds it.
 */
export type ConfigModel = Pick<Model,
  'provider_id' | 'model_name' | 'display_name' | 'context_length' | 'max_output_tokens' | 'capabilities' | 'quality' | 'enabled' | 'api' | 'remote' | keyof ModelPrices>;

/**
 * A model as a document carries it: with where its prices came from, so that one following the bundled table
 * (`bundled`) takes the importing build's table and keeps following it. Files exported before carry none.
 */
export type ConfigDocumentModel = ConfigModel & { price_source?: PriceSource | null };

/** A profile's settings, without its tokens and times. */
export type ConfigProfile = Pick<User, 'id' | 'name' | 'power_level' | 'monthly_cap_usd' | 'credit_balance_usd' | 'preferred_models' | 'privacy_guard'>;

export interface ConfigDocument {
  format: typeof CONFIG_FORMAT;
  version: typeof CONFIG_VERSION;
  exported_at: string;
  /** set in the document a damaged database left: the file its rows were read from */
  salvaged_from?: string;
  /** in that document: the rows left out, and why */
  salvage_notes?: string[];
  /**
   * the exporting build's bundled price table (its prices_version): a model marked `bundled` whose prices
   * differ from the importing build's table came from another release's table when this differs, and is an
   * edit made in the file when it is the same (or absent)
   */
  bundled_prices_version?: number;
  providers: ConfigProvider[];
  models: ConfigDocumentModel[];
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
