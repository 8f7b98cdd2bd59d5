// The in-memory snapshot of the catalog the router and proxy read on every request.
// Built by the node layer from SQLite, rebuilt on every admin change; never read per request.
import type { Capability, PowerLevel, PrivacyGuard, ProviderType, RoutingRules } from '../shared/types';
import type { UpstreamApi, WireFormat } from './canonical';
import type { LongContextTier } from './pricing';

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

/**
 * A model server of one's own: on this machine (`local`), or an Ollama or LM Studio elsewhere (on the
 * LAN). Probed for "not running" and asked about its models; only `local` ones pass the privacy guard.
 */
export function isOwnRuntime(p: Pick<ProviderEntry, 'local' | 'type'>): boolean {
  return p.local || p.type === 'ollama' || p.type === 'lmstudio';
}

/**
 * Ollama and LM Studio bound an answer by the context themselves (they stop, or shift it, at their own
 * limit) and refuse no max_tokens, however large; vLLM and most OpenAI-compatible servers refuse a prompt
 * and max_tokens past the context, as cloud providers do.
 */
export function runtimeBoundsOutput(p: Pick<ProviderEntry, 'type'>): boolean {
  return p.type === 'ollama' || p.type === 'lmstudio';
}

export interface ModelEntry {
  id: string;
  providerId: string;
  modelName: string;
  /** USD per 1M tokens; null: unknown, never counted as $0 */
  inputCostPer1m: number | null;
  outputCostPer1m: number | null;
  /** cache reads; null: none published (billed at the input rate, and the usage row says so) */
  cachedInputCostPer1m: number | null;
  /** cache writes by lifetime; absent or null as for cached reads */
  cacheWrite5mCostPer1m?: number | null;
  cacheWrite1hCostPer1m?: number | null;
  /** higher prices for the whole request past a prompt size, lowest threshold first; absent: none */
  longContext?: readonly LongContextTier[];
  contextLength: number;
  maxOutputTokens: number | null;
  capabilities: ReadonlySet<Capability>;
  quality: number | null;
  /** routable: switched on by the user, and not left out of its local runtime's listing */
  enabled: boolean;
  /** its local runtime's last listing left it out (then `enabled` is false whatever the user chose) */
  notInstalled?: boolean;
  /**
   * runs elsewhere though its provider may be local: an Ollama cloud model, which the daemon forwards to
   * ollama.com. Never local for the privacy guard.
   */
  remote?: boolean;
  avgLatencyMs: number | null;
  /** OpenAI-format models only: served on Chat Completions (default) or only on the Responses API */
  api?: 'chat' | 'responses';
}

/**
 * Serves embeddings alone (its capabilities hold embeddings, not chat): the router never sends it a chat,
 * Messages, Responses or Gemini generate request.
 */
export function isEmbeddingsOnly(m: Pick<ModelEntry, 'capabilities'>): boolean {
  return m.capabilities.has('embeddings') && !m.capabilities.has('chat');
}

/** The API a model is called on: its provider's format, and for OpenAI-format models the one the catalog names. */
export function upstreamApiOf(provider: Pick<ProviderEntry, 'format'>, model: Pick<ModelEntry, 'api'>): UpstreamApi {
  if (provider.format === 'anthropic') return 'messages';
  if (provider.format === 'gemini') return 'gemini';
  return model.api === 'responses' ? 'responses' : 'chat';
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
  /** when it was made (users.created_at): tells it from a profile made later under the same id */
  createdAt: string;
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
