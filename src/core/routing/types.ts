// The router's input and output. The router is pure: everything it needs arrives in RouteInput.
import type { Capability, PowerLevel, Strategy } from '../../shared/types';
import type { UpstreamApi } from '../canonical';
import type { Exclusion } from './eligibility';
import type { CatalogSnapshot, ModelEntry, ProfileEntry, ProviderEntry } from '../catalog';

/** What the request needs from a model (built by `chatNeeds` / `embeddingNeeds`). */
export interface RequestNeeds {
  estimatedInputTokens: number;
  /**
   * A lenient estimate of the same prompt (never above estimatedInputTokens): when the conservative one leaves
   * no model room, the models this one fits are tried, largest context first, and their providers decide.
   */
  lenientInputTokens?: number;
  /** what the client asked for; undefined = the model's default */
  maxOutputTokens: number | undefined;
  /** 'chat' or 'embeddings', plus 'tools' / 'vision' / 'json' / 'reasoning' when the request uses them */
  capabilities: Capability[];
  /** kinds from detectSecrets; empty when none */
  secretsFound: string[];
  /** embeddings only: tokens of the longest input, which must fit the model's context (each input is embedded on its own) */
  longestInputTokens?: number;
  /** embeddings only: a lenient estimate of the longest input (never above longestInputTokens), as lenientInputTokens is of a prompt */
  lenientLongestInputTokens?: number;
  /** only models called on these APIs can carry the request without changing its meaning */
  servableBy?: readonly UpstreamApi[];
  /** what in the request holds it to `servableBy`, named in the reason a model is left out; absent: a general reason */
  servableWhy?: string;
  /**
   * The provider holding the conversation the request continues (a response kept at it, continued by id): only its
   * models can serve it, and only sent the kind of key it was made with (`ownKey`: the profile's own key there, or
   * the shared one; absent: not known). Another provider (another account) does not know the id.
   */
  heldBy?: HeldBy;
  /** the request stands on a web search the provider runs: of the Gemini models, only those that ground with Google Search */
  webSearch?: true;
  /** the request holds features only this API carries: its models are tried first (power-level routing) */
  preferApi?: UpstreamApi;
  /** the client asked Anthropic for the 1M-token context window (`anthropic-beta: context-1m-...`, as Claude Code does) */
  context1m?: true;
}

/** RequestNeeds.heldBy: the provider that holds a conversation, and the kind of key it was made with. */
export interface HeldBy {
  providerId: string;
  ownKey?: boolean;
}

/** Read-only view of the circuit breakers (CooldownTracker implements it). */
export interface HealthView {
  /** `keyOwner`: the profile whose own (BYOK) key would be sent (rate limits are the key's); absent: the shared key */
  isCoolingDown(modelId: string, providerId: string, now: number, keyOwner?: string): boolean;
  /** while cooling down: when the model may be tried again (epoch ms); absent or null: unknown */
  cooldownEndsAt?(modelId: string, providerId: string, now: number, keyOwner?: string): number | null;
  /** a local provider whose server did not answer its last probe (absent: none is tracked) */
  isProviderDown?(providerId: string): boolean;
  /** why this model goes last: its provider refused it (or `keyOwner`'s key: the one this request would send) a moment ago (cooldown.ts recordRefusal); null: it did not */
  refusal?(modelId: string, providerId: string, now: number, keyOwner?: string): string | null;
}

export interface RouteInput {
  snapshot: CatalogSnapshot;
  profile: ProfileEntry;
  /** the `model` the client sent */
  requestedModel: string;
  needs: RequestNeeds;
  health: HealthView;
  /** this profile's spend since monthStartUtc(now) */
  monthSpentUsd: number;
  now: number;
  /** return only the best this many candidates (the proxy's attempt budget); absent: all of them */
  maxCandidates?: number;
  /**
   * Conversation affinity: the models this conversation keeps to, in order (the one that served it, then one that
   * stood in when it failed), asked for the level the name resolved to (null: an alias of several models). Asked
   * only when routing chooses among models (a level, `auto`, an alias of several) and the prompt fits by the
   * conservative estimate; those models go first while they are candidates, within the own-API group when the
   * request's features prefer an API. Absent, or undefined returned: no conversation is known.
   */
  affinity?: (level: PowerLevel | null) => readonly string[] | undefined;
  /**
   * Rank so that the same catalog gives the same order every request (embeddings held to one model): no measured
   * latency (the strategy's price and quality parts, then the tie-break order), prices compared at a fixed size
   * (STABLE_PRICED_TOKENS: the request's own size does not matter), and no budget step-down of auto.
   */
  stable?: true;
}

export interface PlannedCandidate {
  model: ModelEntry;
  provider: ProviderEntry;
  /** 0..1, higher is better (see scoring.ts) */
  score: number;
  estimatedCostUsd: number;
}

export interface PlanExclusion extends Exclusion {
  /** model id (or the name that could not be resolved) */
  model: string;
}

export interface RoutePlan {
  /** the level used to score (after any budget step-down) */
  powerLevel: PowerLevel;
  strategy: Strategy;
  /** best first: the order the proxy tries them in */
  candidates: PlannedCandidate[];
  /**
   * with maxCandidates: the candidates past the attempt budget, in the same order, ranked when called. The
   * proxy tries one only in the place of a candidate it passed over (one that began cooling down after
   * the plan was made): a model passed over uses up no attempt
   */
  reserves?: () => PlannedCandidate[];
  excluded: PlanExclusion[];
  notes: string[];
  /** the model the client named itself (`provider/model` or a bare id), not one routing chose: its body goes as sent */
  named?: string;
  /**
   * routing chose among models (a level: the one it resolved to; null: an alias of several), so the model that serves
   * is the conversation's to remember (RouteInput.affinity); absent: a named model, no affinity
   */
  affinityLevel?: PowerLevel | null;
  /** the model put first because this conversation keeps to it (RouteInput.affinity) */
  affinityModel?: string;
}
