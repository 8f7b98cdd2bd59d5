// From a read request to the ordered candidates, via the router; routing errors become the inbound
// API's status codes.
import type { InboundApi, InboundRead } from '../../core/canonical';
import { isOwnRuntime, type CatalogSnapshot, type ProfileEntry, type ProviderEntry } from '../../core/catalog';
import type { ProviderType } from '../../shared/types';
import { DEFAULT_OUTPUT_RESERVE, resolveRequestedName, routeRequest, RouteError, type HealthView, type RequestNeeds, type RouteInput, type RoutePlan, type SetupState } from '../../core/routing';
import { detectSecretsInTexts } from '../../core/privacy';
import { estimateReadTokenRange, readTokenBounds, type PromptEstimate } from '../tokens';
import { budgetState } from '../../core/budget';
import { hasUsableKey, REASON, type Exclusion } from '../../core/routing/eligibility';
import { routeErrorToProxy } from './final-error';
import { ProxyError } from './respond';
import type { ProxyCall } from './proxy-call';

const smallestContexts = new WeakMap<CatalogSnapshot, number>();

/**
 * The smallest context of the models a generate request could be routed to. Embedding-only models
 * never are (the router excludes them), and the bundled catalog enables some with 2k contexts: counted
 * here, they sent nearly every request through the tokenizer.
 */
function smallestChatContext(snapshot: CatalogSnapshot): number {
  let min = smallestContexts.get(snapshot);
  if (min === undefined) {
    min = Infinity;
    for (const m of snapshot.models) {
      const embeddingOnly = m.capabilities.has('embeddings') && !m.capabilities.has('chat');
      if (m.enabled && !embeddingOnly && m.contextLength < min) min = m.contextLength;
    }
    smallestContexts.set(snapshot, min);
  }
  return min;
}

/**
 * Tokenizing costs 0.1-0.2 ms a request (up to 6 KB of text); it can only change the plan when the prompt
 * might not fit some model, that is when even the ceiling of the estimates might not. Below it a
 * chars/4 estimate (used for cost previews) is enough, and no lenient one is needed.
 */
export function estimatePromptTokens(read: InboundRead, snapshot: CatalogSnapshot): PromptEstimate {
  const { ceiling, fast } = readTokenBounds(read);
  if (ceiling + (read.maxOutputTokens ?? DEFAULT_OUTPUT_RESERVE) <= smallestChatContext(snapshot)) return { tokens: fast, lenient: fast };
  return estimateReadTokenRange(read);
}

/** What the request needs from a model: size, capabilities, secrets found, the APIs that can carry it. */
export function readNeeds(read: InboundRead, api: InboundApi, profile: ProfileEntry, snapshot: CatalogSnapshot): RequestNeeds {
  const estimate = estimatePromptTokens(read, snapshot);
  const needs: RequestNeeds = {
    estimatedInputTokens: estimate.tokens,
    maxOutputTokens: read.maxOutputTokens,
    capabilities: read.capabilities,
    secretsFound: profile.privacyGuard === 'off' ? [] : detectSecretsInTexts(read.texts),
  };
  if (estimate.lenient < estimate.tokens) needs.lenientInputTokens = estimate.lenient;
  if (read.servableBy) needs.servableBy = read.servableBy;
  if (read.servableWhy) needs.servableWhy = read.servableWhy;
  if (read.heldBy) needs.heldBy = read.heldBy;
  if (read.webSearch) needs.webSearch = true;
  if (read.nativeFeatures.length > 0) needs.preferApi = api;
  if (asksFor1mContext(read.passHeaders?.['anthropic-beta'])) needs.context1m = true;
  return needs;
}

/** `anthropic-beta` is a comma list; the 1M window's beta is `context-1m-<date>`. */
function asksFor1mContext(betas: string | undefined): boolean {
  return betas !== undefined && betas.split(',').some((b) => b.trim().toLowerCase().startsWith('context-1m-'));
}

/** How embeddings held to one model are routed (embeddings-model.ts). */
export interface OneModelRouting {
  /** what the router reads of cooldowns and servers down (none of the cooldowns) */
  health: HealthView;
  /** RouteInput.stable: the same order every request */
  stable: true;
}

/**
 * `affinity`: the models this conversation keeps to, by the level routing resolved to (conversation-affinity.ts);
 * `oneModel`: embeddings routed by a level, ranked stably and reading no cooldowns
 */
export function planRoute(
  call: ProxyCall, snapshot: CatalogSnapshot, requestedModel: string, needs: RequestNeeds, affinity?: RouteInput['affinity'], oneModel?: OneModelRouting,
): RoutePlan {
  const now = Date.now();
  const usage = call.deps.usage;
  // what requests still in flight are expected to cost counts as spent
  const inFlight = call.deps.inFlight.heldUsd(call.userId);
  const balance = usage.liveCreditBalanceUsd(call.profile);
  const spent = usage.monthSpentUsd(call.userId, now);
  try {
    return routeRequest({
      snapshot,
      profile: { ...call.profile, creditBalanceUsd: balance === null ? null : balance - inFlight },
      requestedModel,
      needs,
      health: oneModel?.health ?? call.deps.health,
      monthSpentUsd: spent + inFlight,
      now,
      maxCandidates: snapshot.rules.max_retries + 1,
      ...(affinity ? { affinity } : {}),
      ...(oneModel ? { stable: oneModel.stable } : {}),
    });
  } catch (err) {
    if (!(err instanceof RouteError)) throw err;
    // refused only for what requests in flight may yet spend: waiting for them may leave room
    if (err.kind === 'budget_exhausted' && inFlight > 0 && !budgetState({ ...call.profile, creditBalanceUsd: balance }, spent).capReached) {
      throw new ProxyError(
        429, 'rate_limit_error',
        `This profile's requests in flight may spend the rest of its budget (expected ${usd(inFlight)}); retry when they finish`,
        { 'retry-after': '2', 'x-should-retry': 'true' }, 'budget_in_flight',
      );
    }
    const answer = routeErrorToProxy(err, now, setupState(snapshot, call, requestedModel));
    routeErrors.set(answer, err);
    throw answer;
  }
}

/**
 * What is answered here without routing (a token count) refuses a model name the router would not know,
 * as a generate request naming it is refused: 404, in the inbound API's shape.
 */
export function requireKnownModel(call: ProxyCall, requestedModel: string): void {
  try {
    resolveRequestedName(requestedModel, call.deps.catalog.snapshot(), call.profile.powerLevel, call.profile.byokProviders);
  } catch (err) {
    if (err instanceof RouteError) throw routeErrorToProxy(err);
    throw err;
  }
}

/**
 * The model a token count answers for in x-switchboard-model: the one a generate request with the same body
 * would be sent to first (the count is Switchboard's own estimate, made by no model). Where routing would
 * refuse that request (budget spent, the privacy guard, too long for every model) the count is answered all
 * the same, for the model the client named if it named one. Call requireKnownModel first.
 */
export function countedForModel(call: ProxyCall, read: InboundRead, api: InboundApi): string | undefined {
  const snapshot = call.deps.catalog.snapshot();
  try {
    return planRoute(call, snapshot, read.model, readNeeds(read, api, call.profile, snapshot)).candidates[0]?.model.id;
  } catch (err) {
    if (!(err instanceof ProxyError)) throw err;
    const resolved = resolveRequestedName(read.model, snapshot, call.profile.powerLevel, call.profile.byokProviders);
    return resolved.kind === 'chain' ? resolved.named : undefined;
  }
}

/**
 * What the setup hint needs: whether any model could be called (a server of one's own that is down cannot)
 * and which, the name asked for, where each model's own server is asked, and which names are model ids.
 */
function setupState(snapshot: CatalogSnapshot, call: ProxyCall, requested: string): SetupState {
  const { profile, deps: { health } } = call;
  const down = (provider: ProviderEntry) => isOwnRuntime(provider) && health.isProviderDown?.(provider.id) === true;
  const readyModels = snapshot.routingOrder.filter(({ model, provider }) =>
    model.enabled && provider !== undefined && provider.enabled && hasUsableKey(provider, profile.byokProviders) && !down(provider))
    .map(({ model }) => model);
  const serverOf = (modelId: string) => {
    const provider = snapshot.providers.get(snapshot.modelsById.get(modelId)?.providerId ?? '');
    return provider === undefined ? undefined : { runtime: RUNTIME_NAMES[provider.type] ?? provider.name, url: provider.baseUrl };
  };
  return { anyReady: readyModels.length > 0, requested, serverOf, readyModels, isModelId: (name) => snapshot.modelsById.has(name) };
}

const RUNTIME_NAMES: Partial<Record<ProviderType, string>> = { ollama: 'Ollama', lmstudio: 'LM Studio' };

const usd = (n: number): string => `$${n.toFixed(n < 0.01 ? 4 : 2)}`;

/** the router's own error behind a ProxyError planRoute threw (its exclusions, which the answer words away) */
const routeErrors = new WeakMap<ProxyError, RouteError>();

/** The router's own error behind a ProxyError planRoute threw: why each model was passed over. */
export function routeErrorBehind(err: ProxyError): RouteError | undefined {
  return routeErrors.get(err);
}

/**
 * planRoute, but when no model was left and some were left out only because their local server did not
 * answer its last probe, those servers are probed once now (one started after the last minute's probe
 * runs) and the request is routed again if one answers; and when some were left out as not installed
 * (their Ollama or LM Studio did not list them last time), those servers are listed again (a model pulled
 * since is routable at once, not refused with "pull it") and the request is routed again if that changed
 * the catalog.
 */
export async function planRouteRechecking(
  call: ProxyCall, snapshot: CatalogSnapshot, requestedModel: string, needs: RequestNeeds, affinity?: RouteInput['affinity'], oneModel?: OneModelRouting,
): Promise<RoutePlan> {
  try {
    return planRoute(call, snapshot, requestedModel, needs, affinity, oneModel);
  } catch (err) {
    const routeErr = err instanceof ProxyError ? routeErrors.get(err) : undefined;
    const health = call.deps.health;
    if (routeErr?.kind !== 'no_candidate') throw err;
    const down = new Set<string>();
    const unlisted = new Set<string>();
    for (const x of routeErr.excluded) {
      const into = isReason(x, REASON.notRunning) ? down : isReason(x, REASON.notInstalled) ? unlisted : undefined;
      const providerId = snapshot.modelsById.get(x.model)?.providerId;
      if (into && providerId !== undefined) into.add(providerId);
    }
    if (down.size > 0 && health.recheckLocal && (await health.recheckLocal([...down]))) return planRoute(call, snapshot, requestedModel, needs, affinity, oneModel);
    if (unlisted.size === 0 || !health.relistLocal) throw err;
    await health.relistLocal([...unlisted]);
    const listed = call.deps.catalog.snapshot();
    if (listed === snapshot) throw err;
    return planRoute(call, listed, requestedModel, needs, affinity, oneModel);
  }
}

const isReason = (x: Pick<Exclusion, 'kind' | 'reason'>, r: Exclusion): boolean => x.kind === r.kind && x.reason === r.reason;
