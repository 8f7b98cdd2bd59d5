// Whether a model may serve a request, and if not, the reason shown in `excluded`.
// Checks run cheapest first; the cooldown lookup runs last, only for otherwise eligible models.
// Provider checks are split out so the router can run them once per provider, not once per model.
import type { Capability } from '../../shared/types';
import { isOwnRuntime, runtimeBoundsOutput, upstreamApiOf, type ModelEntry, type ProfileEntry, type ProviderEntry } from '../catalog';
import { hasKnownPrice } from '../pricing';
import { webSearchGap } from '../providers/web-search';
import { CAPABILITY_BIT, capabilityMask } from './capability-mask';
import type { HealthView, RequestNeeds } from './types';

/**
 * What kind of reason passed a model over; the proxy answers from kinds, never from the words:
 * setup (not configured: no key, disabled, local server down), endpoint (a chat model asked for
 * embeddings or the reverse), capability, price (unknown, under cost ranking), context, format (its
 * API cannot carry what the request holds, or its provider does not hold the conversation the request continues),
 * privacy, cooling (its breaker is open: waiting helps), not_in_catalog.
 */
export type ExclusionKind =
  | 'setup' | 'endpoint' | 'capability' | 'price' | 'context' | 'format' | 'privacy' | 'cooling' | 'not_in_catalog';

export interface Exclusion {
  readonly kind: ExclusionKind;
  /** shown to the user (route preview, error messages) */
  readonly reason: string;
  /** cooling: when the model may be tried again (epoch ms), where the breaker knows */
  readonly retryAt?: number;
  /**
   * context: the tokens the request needs (prompt and output room), the output room among them, and the
   * model's context length; `reserved`: the output room is the default kept when the client asked none
   */
  readonly tokens?: { readonly needs: number; readonly output: number; readonly has: number; readonly reserved?: boolean };
}

const x = (kind: ExclusionKind, reason: string): Exclusion => Object.freeze({ kind, reason });

export const REASON = {
  modelDisabled: x('setup', 'model disabled'),
  notInstalled: x('setup', 'not installed: its runtime did not list it (pull or download it there)'),
  providerMissing: x('setup', 'provider not found'),
  providerDisabled: x('setup', 'provider disabled'),
  noKey: x('setup', 'provider has no key'),
  notRunning: x('setup', 'not running'),
  embeddingsModel: x('endpoint', 'embeddings model'),
  notEmbeddings: x('endpoint', 'not an embeddings model'),
  privacyLocalOnly: x('privacy', 'privacy guard: only local providers'),
  privacyRemoteModel: x('privacy', 'privacy guard: only local models (its runtime forwards this one to a cloud service)'),
  otherFormat: x('format', 'its API cannot carry this request (server tools, audio or files of another API)'),
  coolingDown: x('cooling', 'cooling down'),
  notInCatalog: x('not_in_catalog', 'not in catalog'),
  priceUnknown: x('price', 'price unknown: set its price to rank it on cost'),
  // format: what it is offered cannot carry the request's web search, which the refusal then says first
  noGrounding: x('format', 'cannot search the web (no Google Search grounding)'),
  noOpenAISearch: x('format', "cannot search the web (OpenAI's web_search tool: OpenAI's own models on the Responses API)"),
} as const;

/**
 * The format exclusions a request's web search makes (what it is offered cannot search as asked), told apart
 * from the ones what else it holds makes: both are `format`.
 */
export const WEB_SEARCH_GAPS: ReadonlySet<string> = new Set([REASON.noGrounding.reason, REASON.noOpenAISearch.reason]);

export const MISSING_CAPABILITY: Partial<Record<Capability, Exclusion>> = {
  tools: x('capability', 'no tools support'),
  vision: x('capability', 'no vision support'),
  json: x('capability', 'no JSON mode'),
  reasoning: x('capability', 'no reasoning support'),
  documents: x('capability', 'no document (PDF) support'),
};

/**
 * `output`: the room for the answer among the `needs` (0 when none is reserved: embeddings); `reserved`:
 * that room is the default kept for a client that asked none, not its max_tokens.
 */
export function contextTooSmall(needs: number, has: number, output = 0, reserved = false): Exclusion {
  const tokens = reserved ? { needs, output, has, reserved } : { needs, output, has };
  return { kind: 'context', reason: `context too small (needs ${needs}, has ${has})`, tokens };
}

/** Anthropic's long context window, opened per request by the context-1m beta. */
export const ANTHROPIC_1M_CONTEXT = 1_000_000;

/**
 * The context a model has for this request: with the context-1m beta, an Anthropic model the catalog prices
 * past 200K (a long-context tier: the 1M window's prices) has the 1M window, which the header opens.
 */
export function contextWindowFor(model: Pick<ModelEntry, 'contextLength' | 'longContext'>, provider: Pick<ProviderEntry, 'format'>, needs: RequestNeeds): number {
  if (needs.context1m && provider.format === 'anthropic' && (model.longContext?.length ?? 0) > 0) {
    return Math.max(model.contextLength, ANTHROPIC_1M_CONTEXT);
  }
  return model.contextLength;
}

/** Output tokens to reserve in the context when the client set no max: the model's max, capped at 1024. */
export const DEFAULT_OUTPUT_RESERVE = 1024;

export interface EligibilityContext {
  readonly needs: RequestNeeds;
  readonly profile: ProfileEntry;
  readonly health: HealthView;
  readonly now: number;
  readonly embeddings: boolean;
  /** CAPABILITY_BIT mask of the needed capabilities beyond chat/embeddings */
  readonly extraMask: number;
  /** those capabilities, with the reason a model lacking each gets */
  readonly extraCaps: readonly (readonly [number, Exclusion])[];
  readonly localOnly: boolean;
  /** the ranking weighs cost: a model without a known price cannot be placed, so it is left out */
  readonly rankedByCost: boolean;
  /** the reason a model whose API cannot carry the request gets: what in the request, when the reader said */
  readonly otherFormat: Exclusion;
  /** the request continues a conversation one provider holds (needs.heldBy): the reasons the others, and that one sent another kind of key, get */
  readonly held?: { readonly elsewhere: Exclusion; readonly otherKey: Exclusion };
}

export function eligibilityContext(
  needs: RequestNeeds, profile: ProfileEntry, health: HealthView, now: number, localOnly: boolean, rankedByCost = false,
): EligibilityContext {
  const extraCaps: [number, Exclusion][] = [];
  let extraMask = 0;
  for (const cap of needs.capabilities) {
    const reason = MISSING_CAPABILITY[cap];
    if (reason !== undefined) {
      extraCaps.push([CAPABILITY_BIT[cap], reason]);
      extraMask |= CAPABILITY_BIT[cap];
    }
  }
  const otherFormat = needs.servableWhy === undefined ? REASON.otherFormat : x('format', `its API cannot carry this request's ${needs.servableWhy}`);
  const held = needs.heldBy === undefined ? undefined : heldReasons(needs.heldBy);
  return { needs, profile, health, now, embeddings: needs.capabilities.includes('embeddings'), extraMask, extraCaps, localOnly, rankedByCost, otherFormat, ...(held ? { held } : {}) };
}

/**
 * Why a model cannot continue a conversation its provider does not hold (another account does not know its id), or
 * holds under another kind of key than the one this profile would send it now: `format` (what the request holds
 * keeps the model out, as an API that cannot carry it does), so the refusal is the request's 400, not a failed try.
 */
function heldReasons({ providerId, ownKey }: NonNullable<RequestNeeds['heldBy']>): { elsewhere: Exclusion; otherKey: Exclusion } {
  const key = ownKey === true ? "this profile's own key, no longer set" : 'its shared key, not the own key this profile now sends';
  return {
    elsewhere: x('format', `not ${providerId}, which holds the conversation this request continues`),
    otherKey: x('format', `holds the conversation this request continues under ${key}`),
  };
}

/** The provider may continue the conversation the request continues: it holds it, and is sent the key that made it there. */
function heldExclusion(provider: ProviderEntry, ctx: EligibilityContext): Exclusion | null {
  const heldBy = ctx.needs.heldBy;
  if (heldBy === undefined || ctx.held === undefined) return null;
  if (provider.id !== heldBy.providerId) return ctx.held.elsewhere;
  if (heldBy.ownKey !== undefined && heldBy.ownKey !== ctx.profile.byokProviders.has(provider.id)) return ctx.held.otherKey;
  return null;
}

/** The provider can be called for this profile: it has a key (its own, the profile's BYOK one) or needs none. */
export function hasUsableKey(provider: ProviderEntry, byokProviders: ReadonlySet<string>): boolean {
  return provider.hasKey || provider.keyless || byokProviders.has(provider.id);
}

/** Reasons that hold for every model of the provider; null when the provider may serve. */
export function providerExclusion(provider: ProviderEntry | undefined, ctx: EligibilityContext): Exclusion | null {
  if (provider === undefined) return REASON.providerMissing;
  if (!provider.enabled) return REASON.providerDisabled;
  if (!hasUsableKey(provider, ctx.profile.byokProviders)) return REASON.noKey;
  // a conversation held at another provider (or under another kind of key) is not known to this one
  const held = heldExclusion(provider, ctx);
  if (held !== null) return held;
  // a request the privacy guard holds back stays on this machine, running or not elsewhere
  if (ctx.localOnly && !provider.local) return REASON.privacyLocalOnly;
  // a server of one's own (Ollama, LM Studio, here or on the LAN) that did not answer its last probe: trying
  // it would only cost a failed attempt (a cloud provider is not probed)
  if (isOwnRuntime(provider) && ctx.health.isProviderDown?.(provider.id) === true) return REASON.notRunning;
  return null;
}

const CHAT = CAPABILITY_BIT.chat;
const EMBEDDINGS = CAPABILITY_BIT.embeddings;

/** Model-level checks, for an enabled model on a provider that passed providerExclusion. */
export function modelExclusion(model: ModelEntry, capMask: number, provider: ProviderEntry, ctx: EligibilityContext): Exclusion | null {
  // a local provider's cloud model (Ollama's `-cloud`): what it is sent leaves this machine
  if (ctx.localOnly && model.remote === true) return REASON.privacyRemoteModel;
  if (ctx.embeddings) {
    if ((capMask & EMBEDDINGS) === 0) return REASON.notEmbeddings;
  } else if ((capMask & EMBEDDINGS) !== 0 && (capMask & CHAT) === 0) {
    return REASON.embeddingsModel;
  }
  if ((capMask & ctx.extraMask) !== ctx.extraMask) {
    for (const [bit, reason] of ctx.extraCaps) if ((capMask & bit) === 0) return reason;
  }
  // unknown is not zero: ranked as $0 it would win every cost comparison (eco, the cost strategy)
  if (ctx.rankedByCost && !hasKnownPrice(model)) return REASON.priceUnknown;

  const needs = ctx.needs;
  // Ollama and LM Studio end an answer at the context themselves: only the prompt must fit there
  const output = ctx.embeddings || runtimeBoundsOutput(provider) ? 0 : outputReserve(needs.maxOutputTokens, model.maxOutputTokens);
  const needed = (ctx.embeddings ? needs.longestInputTokens ?? 0 : needs.estimatedInputTokens) + output;
  const window = contextWindowFor(model, provider, needs);
  if (window < needed) return contextTooSmall(needed, window, output, output > 0 && needs.maxOutputTokens === undefined);
  const api = upstreamApiOf(provider, model);
  if (needs.servableBy !== undefined && !needs.servableBy.includes(api)) return ctx.otherFormat;
  const searchGap = needs.webSearch ? webSearchGap(api, provider.type, model.modelName) : undefined;
  if (searchGap !== undefined) return searchGap === 'grounding' ? REASON.noGrounding : searchGap === 'openai' ? REASON.noOpenAISearch : ctx.otherFormat;

  // a rate limit is the key's: the one this profile would send (its own BYOK key, or the shared one)
  const keyOwner = ctx.profile.byokProviders.has(provider.id) ? ctx.profile.id : undefined;
  if (ctx.health.isCoolingDown(model.id, provider.id, ctx.now, keyOwner)) {
    const retryAt = ctx.health.cooldownEndsAt?.(model.id, provider.id, ctx.now, keyOwner);
    return retryAt === undefined || retryAt === null ? REASON.coolingDown : { ...REASON.coolingDown, retryAt };
  }
  return null;
}

/**
 * The room a request's answer needs beside its prompt: what it asks, but no more than the model
 * writes (the proxy lowers a larger max_tokens to that: providers/output-cap.ts); when it asks
 * nothing, a default reserve.
 */
function outputReserve(asked: number | undefined, modelMax: number | null | undefined): number {
  if (asked === undefined) return Math.min(modelMax ?? DEFAULT_OUTPUT_RESERVE, DEFAULT_OUTPUT_RESERVE);
  return typeof modelMax === 'number' && modelMax > 0 ? Math.min(asked, modelMax) : asked;
}

/** Why a model that is not routable is out: switched off, or missing from its local runtime. */
export function disabledReason(model: Pick<ModelEntry, 'notInstalled'>): Exclusion {
  return model.notInstalled === true ? REASON.notInstalled : REASON.modelDisabled;
}

/** null when the model may serve the request; else why not. */
export function exclusionReason(model: ModelEntry, provider: ProviderEntry | undefined, ctx: EligibilityContext): Exclusion | null {
  if (!model.enabled) return disabledReason(model);
  const providerReason = providerExclusion(provider, ctx);
  if (providerReason !== null || provider === undefined) return providerReason;
  return modelExclusion(model, capabilityMask(model.capabilities), provider, ctx);
}
