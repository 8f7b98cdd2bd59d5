// Data shapes of the admin API (SPEC.md §3). Field names are the wire names (snake_case).

export const PROVIDER_TYPES = [
  'openai', 'anthropic', 'gemini', 'openrouter', 'together', 'groq',
  'mistral', 'deepseek', 'xai', 'ollama', 'lmstudio', 'openai-compatible',
] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

export const POWER_LEVELS = ['eco', 'balanced', 'precision'] as const;
export type PowerLevel = (typeof POWER_LEVELS)[number];

export const STRATEGIES = ['cost', 'latency', 'balanced', 'custom'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const CAPABILITIES = ['chat', 'tools', 'vision', 'json', 'embeddings', 'reasoning', 'documents'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** The OpenAI API a model of an OpenAI-format provider is called on: Chat Completions, or the Responses API only. */
export const MODEL_APIS = ['chat', 'responses'] as const;
export type ModelApi = (typeof MODEL_APIS)[number];

/** off: no check; local_only: requests that look like they carry a secret go only to local providers; block: they are refused. */
export const PRIVACY_GUARDS = ['off', 'local_only', 'block'] as const;
export type PrivacyGuard = (typeof PRIVACY_GUARDS)[number];

/** not_running: a local server (Ollama, LM Studio) that does not answer; it is left out of routing until it does. */
export type HealthStatus = 'healthy' | 'unhealthy' | 'unknown' | 'not_running';

export interface ProviderHealth {
  status: HealthStatus;
  last_checked_at: string | null;
  last_latency_ms: number | null;
  consecutive_failures: number;
  message: string | null;
}

export interface Provider {
  id: string;
  name: string;
  type: ProviderType;
  base_url: string;
  enabled: boolean;
  priority: number;
  has_key: boolean;
  /** e.g. `sk-...a1b2`; null when no key. */
  api_key_masked: string | null;
  /** where the key comes from: stored in the secret store, or a system-default env variable. */
  key_source: 'stored' | 'env' | null;
  /** local providers (ollama, lmstudio) need no key. */
  keyless: boolean;
  /** how many profiles have their own (BYOK) key for it */
  byok_keys: number;
  health: ProviderHealth;
  created_at: string;
  updated_at: string;
}

/** The keys an update took away: moving base_url to another origin drops the stored key (unless the update gives one)
 * and every profile's own key for the provider; `api_key: null` drops the stored key. */
export interface ProviderKeysRemoved {
  provider_key: boolean;
  /** ids of the profiles whose own key for it went */
  profiles: string[];
}

/** What an update answers: the provider as saved, and the keys the change removed. */
export interface ProviderUpdated extends Provider {
  keys_removed: ProviderKeysRemoved;
}

export interface ProviderCreate {
  id?: string;
  name: string;
  type: ProviderType;
  base_url?: string;
  api_key?: string;
  enabled?: boolean;
  priority?: number;
}

export interface ProviderUpdate {
  name?: string;
  type?: ProviderType;
  base_url?: string;
  /** null removes the stored key. */
  api_key?: string | null;
  enabled?: boolean;
  priority?: number;
}

/** Where a model's prices came from: the bundled table, the provider's own listing, or the user. */
export const PRICE_SOURCES = ['bundled', 'provider', 'user'] as const;
export type PriceSource = (typeof PRICE_SOURCES)[number];

/** Prices (USD per 1M tokens) that replace the base ones for the whole request once its prompt is long enough. */
export interface LongContextTier {
  /** applies when the prompt (cache reads and writes included) exceeds this many tokens */
  above_prompt_tokens: number;
  input_cost_per_1m: number;
  output_cost_per_1m: number;
  /** null: none published; that class then bills at this tier's input rate */
  cached_input_cost_per_1m: number | null;
  cache_write_5m_cost_per_1m: number | null;
  cache_write_1h_cost_per_1m: number | null;
}

/** A tier as the admin API takes it: a class left out is null (billed at the tier's input rate). */
export type LongContextTierInput = Pick<LongContextTier, 'above_prompt_tokens' | 'input_cost_per_1m' | 'output_cost_per_1m'> &
  Partial<LongContextTier>;

/** A model's price per token class, USD per 1M tokens. */
export interface ModelPrices {
  /** null: unknown. A model without both base prices is never counted as $0 and is not ranked on cost. */
  input_cost_per_1m: number | null;
  output_cost_per_1m: number | null;
  /** cache reads; null: none published (billed at the input rate, and the usage row says so) */
  cached_input_cost_per_1m: number | null;
  /** cache writes that live 5 minutes / 1 hour (Anthropic: 1.25x and 2x input); null as for cache reads */
  cache_write_5m_cost_per_1m: number | null;
  cache_write_1h_cost_per_1m: number | null;
  /** higher prices past a prompt size, lowest threshold first; empty: none */
  long_context_tiers: LongContextTier[];
}

export interface Model extends ModelPrices {
  /** `<provider_id>/<model_name>` */
  id: string;
  provider_id: string;
  model_name: string;
  display_name: string;
  /** input or output price unknown */
  price_unknown: boolean;
  /** null while no price is known */
  price_source: PriceSource | null;
  /** `YYYY-MM-DD`: the bundled table's date, or when the provider listed or the user set the price */
  price_as_of: string | null;
  context_length: number;
  max_output_tokens: number | null;
  capabilities: Capability[];
  /** 0-100 */
  quality: number | null;
  enabled: boolean;
  /** false: its local runtime (Ollama, LM Studio) did not list it when last asked, so it is not routed to */
  installed: boolean;
  /**
   * true: its runtime forwards it to another host (an Ollama cloud model, `-cloud`, run and billed by ollama.com):
   * not local for the privacy guard, and not free, though its provider is
   */
  remote: boolean;
  /** `responses`: an OpenAI model served only on the Responses API (called on /v1/responses) */
  api: ModelApi;
  /** EWMA of measured latency (time to first byte), ms. */
  avg_latency_ms: number | null;
  created_at: string;
  updated_at: string;
}

export interface ModelCreate {
  provider_id: string;
  model_name: string;
  display_name?: string;
  /** null: unknown (on a local runtime, where running costs nothing, stored as 0) */
  input_cost_per_1m: number | null;
  output_cost_per_1m: number | null;
  cached_input_cost_per_1m?: number | null;
  cache_write_5m_cost_per_1m?: number | null;
  cache_write_1h_cost_per_1m?: number | null;
  long_context_tiers?: LongContextTierInput[];
  context_length: number;
  max_output_tokens?: number | null;
  capabilities?: Capability[];
  quality?: number | null;
  enabled?: boolean;
  api?: ModelApi;
  /**
   * true: its runtime forwards it to another host (an Ollama cloud model under any name): never local for the
   * privacy guard. A create only adds the mark (its name or Ollama's /api/show may set it too); an update may
   * clear it, and nothing automatic sets it again then.
   */
  remote?: boolean;
}

export type ModelUpdate = Partial<Omit<ModelCreate, 'provider_id' | 'model_name'>>;

export interface RoutingWeights {
  cost: number;
  latency: number;
  quality: number;
}

export interface RoutingRules {
  power_level: PowerLevel;
  strategy: Strategy;
  weights: RoutingWeights;
  /** model id (or alias) -> models to try after it */
  fallbacks: Record<string, string[]>;
  /** alias name -> chain of model ids, or one routing name (auto, eco, balanced, precision) */
  aliases: Record<string, string[]>;
  /** further models tried after the first fails (fallbacks) */
  max_retries: number;
  /** further tries of the same model after a transient failure (429, 5xx, connect) before moving on */
  retries_per_model: number;
  timeout_ms: number;
  /** a model failing this many times in a row cools down */
  cooldown_failures: number;
  cooldown_ms: number;
  /** fraction of the monthly cap (0-1) past which `auto` steps down one power level; null = never */
  budget_step_down_at: number | null;
  /**
   * Claude Code's own model names route by power level: the haiku family as eco, sonnet as auto,
   * opus as precision (an alias of the same name still wins; `provider/model` ids are untouched)
   */
  claude_code_model_names: boolean;
  /**
   * Gemini CLI's own model names (`gemini-*`) that no set-up model serves route with the profile's
   * level, as `auto` (its internal calls ask gemini-3-pro-preview and friends by name)
   */
  gemini_cli_model_names: boolean;
}

export type RoutingRulesUpdate = Partial<RoutingRules>;

export type {
  ByokEntry, ByokSaved, ByokSet, Credits, ProfileToken, TokenIssued, User, UserCreate, UserCreated, UserUpdate,
} from './profile-types';

export interface ProviderTestResult {
  ok: boolean;
  latency_ms: number;
  status: number | null;
  message: string;
  models_found: number;
}

export interface DiscoverResult {
  found: number;
  added: Model[];
  existing: number;
  /** new models listed but left for the next discovery (one adds at most 2,000) */
  more: number;
}

export interface RouteCandidate {
  model: string;
  provider_id: string;
  score: number;
  /** null when the model's price is unknown */
  estimated_cost_usd: number | null;
}

export interface RouteExclusion {
  model: string;
  reason: string;
  /** setup, endpoint, capability, price, context, format, privacy, cooling, not_in_catalog, budget, attempts (past max_retries) */
  kind: string;
}

export interface RoutePreview {
  power_level: PowerLevel;
  strategy: Strategy;
  estimated_input_tokens: number;
  candidates: RouteCandidate[];
  excluded: RouteExclusion[];
  /** why the plan looks as it does: step-down, privacy guard, alias resolution */
  notes: string[];
}

export interface RoutePreviewRequest {
  request: unknown;
  user_id?: string;
}

export type { UsageBreakdown, UsageSummary, WhatIfRequest, WhatIfResult, Alert } from './usage-types';

export interface ProviderBalance {
  provider_id: string;
  ok: boolean;
  balance_usd: number | null;
  message: string;
}

export interface Settings {
  usage_retention_days: number;
  proxy_port: number;
  /** requests open at once to one provider origin; more wait for a slot until their deadline (then 503) */
  upstream_connections: number;
  /** ISO time until which request/response bodies are captured (redacted) for the activity log; null = off */
  body_capture_until: string | null;
  /** desktop app: start at login (null until the desktop app first set it: on for the packaged app) */
  launch_at_login: boolean | null;
}

/** Something about the data dir the user must know (shown in the UI, the tray and `serve`'s output). */
export interface DataWarning {
  /**
   * database_replaced: the database was damaged, moved aside and replaced by a fresh one (offer `salvage_file` for import);
   * usage_not_recorded: the disk is full or read-only, the proxy answers 503 until usage can be written again;
   * backup_failed: the daily backup could not be written.
   */
  kind: 'database_replaced' | 'usage_not_recorded' | 'backup_failed' | 'database_locked';
  /** one sentence naming the path, the cause and what to do */
  message: string;
  /** the file or directory concerned */
  path: string;
  /** database_replaced: where the damaged database (and its -wal/-shm) now is */
  moved_to?: string;
  /** database_replaced: the rows that could be read back from it (providers, models, profiles, rules), as JSON; null if none */
  salvage_file?: string | null;
  /** database_replaced: the newest daily backup, if any */
  latest_backup?: string | null;
  /** ISO time it was noticed */
  at: string;
}

export interface AppStatus {
  version: string;
  proxy_url: string;
  paused: boolean;
  secret_store: { kind: 'keychain' | 'encrypted-file'; available: boolean; message: string | null };
  /** the default profile's token from DATA_DIR/default-token, for the set-up snippets */
  default_token: string | null;
  today_spend_usd: number;
  month_spend_usd: number;
  /** requests with an unknown cost, not in the spend figures above (each over the same profiles as its figure) */
  today_unpriced_requests: number;
  month_unpriced_requests: number;
  /** problems with the data dir, newest last; empty when all is well */
  data_warnings: DataWarning[];
  /** the Default profile's power level (what the tray switches), so an open Routing tab follows a switch */
  power_level: PowerLevel;
}

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  subject: string;
  detail: string | null;
}
