// Whether a model may serve a request, and if not, the reason shown in `excluded`.
// Checks run cheapest first; the cooldown lookup runs last, only for otherwise eligible models.
// Provider checks are split out so the router can run them once per provider, not once per model.
import type { Capability } from '../../shared/types';
import { upstreamApiOf, type ModelEntry, type ProfileEntry, type ProviderEntry } from '../catalog';
import { hasKnownPrice } from '../pricing';
import { CAPABILITY_BIT, capabilityMask } from './capability-mask';
import type { HealthView, RequestNeeds } from './types';

export const REASON = {
  modelDisabled: 'model disabled',
  providerMissing: 'provider not found',
  providerDisabled: 'provider disabled',
  noKey: 'provider has no key',
  notRunning: 'not running',
  embeddingsModel: 'embeddings model',
  notEmbeddings: 'not an embeddings model',
  privacyLocalOnly: 'privacy guard: only local providers',
  otherFormat: 'its API cannot carry this request (server tools, audio or files of another API)',
  coolingDown: 'cooling down',
  notInCatalog: 'not in catalog',
  priceUnknown: 'price unknown: set its price to rank it on cost',
} as const;

export const MISSING_CAPABILITY: Partial<Record<Capability, string>> = {
  tools: 'no tools support',
  vision: 'no vision support',
  json: 'no JSON mode',
  reasoning: 'no reasoning support',
  documents: 'no document (PDF) support',
};

export function contextTooSmall(needs: number, has: number): string {
  return `context too small (needs ${needs}, has ${has})`;
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
  readonly extraCaps: readonly (readonly [number, string])[];
  readonly localOnly: boolean;
  /** the ranking weighs cost: a model without a known price cannot be placed, so it is left out */
  readonly rankedByCost: boolean;
}

export function eligibilityContext(
  needs: RequestNeeds, profile: ProfileEntry, health: HealthView, now: number, localOnly: boolean, rankedByCost = false,
): EligibilityContext {
  const extraCaps: [number, string][] = [];
  let extraMask = 0;
  for (const cap of needs.capabilities) {
    const reason = MISSING_CAPABILITY[cap];
    if (reason !== undefined) {
      extraCaps.push([CAPABILITY_BIT[cap], reason]);
      extraMask |= CAPABILITY_BIT[cap];
    }
  }
  return { needs, profile, health, now, embeddings: needs.capabilities.includes('embeddings'), extraMask, extraCaps, localOnly, rankedByCost };
}

/** Reasons that hold for every model of the provider; null when the provider may serve. */
export function providerExclusion(provider: ProviderEntry | undefined, ctx: EligibilityContext): string | null {
  if (provider === undefined) return REASON.providerMissing;
  if (!provider.enabled) return REASON.providerDisabled;
  if (!provider.hasKey && !provider.keyless && !ctx.profile.byokProviders.has(provider.id)) return REASON.noKey;
  // a local server (Ollama, LM Studio) that did not answer its last probe: trying it would only cost a failed attempt
  if (provider.local && ctx.health.isProviderDown?.(provider.id) === true) return REASON.notRunning;
  return null;
}

const CHAT = CAPABILITY_BIT.chat;
const EMBEDDINGS = CAPABILITY_BIT.embeddings;

/** Model-level checks, for an enabled model on a provider that passed providerExclusion. */
export function modelExclusion(model: ModelEntry, capMask: number, provider: ProviderEntry, ctx: EligibilityContext): string | null {
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
  const needed = ctx.embeddings
    ? needs.longestInputTokens ?? 0
    : needs.estimatedInputTokens + (needs.maxOutputTokens ?? Math.min(model.maxOutputTokens ?? DEFAULT_OUTPUT_RESERVE, DEFAULT_OUTPUT_RESERVE));
  if (model.contextLength < needed) return contextTooSmall(needed, model.contextLength);
  if (needs.servableBy !== undefined && !needs.servableBy.includes(upstreamApiOf(provider, model))) return REASON.otherFormat;

  if (ctx.localOnly && !provider.local) return REASON.privacyLocalOnly;
  if (ctx.health.isCoolingDown(model.id, provider.id, ctx.now)) return REASON.coolingDown;
  return null;
}

/** null when the model may serve the request; else why not. */
export function exclusionReason(model: ModelEntry, provider: ProviderEntry | undefined, ctx: EligibilityContext): string | null {
  if (!model.enabled) return REASON.modelDisabled;
  const providerReason = providerExclusion(provider, ctx);
  if (providerReason !== null || provider === undefined) return providerReason;
  return modelExclusion(model, capabilityMask(model.capabilities), provider, ctx);
}
