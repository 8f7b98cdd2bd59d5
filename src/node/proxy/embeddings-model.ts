// Embeddings routed by a power level (auto, eco, ...) stay on one model. Vectors of different models live in
// different spaces (1536 dimensions beside 1024, or the same count meaning other things): a request answered by
// another model would put vectors into the client's index that match nothing there, in a 200. So the model is the
// one the routing ranks first in a stable order: the same catalog and settings give the same model every request,
// whatever the request's size, measured latencies, cooldowns or a budget step-down (RouteInput.stable). A server
// of one's own that is not running is still passed over (starting or stopping it can change the model). A failure
// or cooldown of the model is answered as the error, and an input too long for it is refused, not sent to a model
// with a larger context. It may fail over only to the same model at another hosted provider of the same type (two
// OpenAI accounts): a model name says what the weights are there, not on an OpenAI-compatible server or a server
// of one's own. An alias or fallback chain the user set keeps its listed order, and a model named is unchanged:
// the user chose those models.
import { contextTooSmall, contextWindowFor, resolveRequestedName, RouteError, type HealthView, type PlannedCandidate, type RequestNeeds, type RoutePlan } from '../../core/routing';
import { isOwnRuntime, type CatalogSnapshot, type ProviderEntry } from '../../core/catalog';
import type { ProxyCall } from './proxy-call';
import { byokOwner } from './provider-key';
import { retryAfterHeaders, routeErrorToProxy } from './final-error';
import type { OneModelRouting } from './plan';
import { ProxyError } from './respond';

export const NOT_MOVED = 'Embeddings are not moved to another model, because vectors of different models do not mix: name the model in the request (provider/model) to choose which.';

/**
 * Routing in a stable order that reads no cooldowns and no refusals. A server of one's own that is not running is
 * still passed over (the router treats it as not set up, as a model not installed): else Ollama, seeded enabled on
 * every install, would hold auto's embeddings on a server many never start.
 */
export function oneModelRouting(health: HealthView): OneModelRouting {
  return { health: { isCoolingDown: () => false, isProviderDown: (providerId) => health.isProviderDown?.(providerId) === true }, stable: true };
}

/** The needs without the request's size: which model is first must not depend on it (oneModelPlan checks the fit). */
export function sizeless(needs: RequestNeeds): RequestNeeds {
  const { lenientLongestInputTokens: _lenient, lenientInputTokens: _prompt, ...rest } = needs;
  return { ...rest, estimatedInputTokens: 0, longestInputTokens: 0 };
}

/** Whether the name the client sent routes by a power level (auto, a level, an alias naming one). */
export function routesByLevel(call: ProxyCall, snapshot: CatalogSnapshot, requested: string): boolean {
  try {
    return resolveRequestedName(requested, snapshot, call.profile.powerLevel, call.profile.byokProviders).kind === 'level';
  } catch {
    // an unknown name: the router says so
    return false;
  }
}

/** A model name names the same weights at two providers only when both are hosted services of the same type. */
function namesWeights(p: ProviderEntry): boolean {
  return p.type !== 'openai-compatible' && !isOwnRuntime(p);
}

/** `c` is `first`'s model: itself, or the same upstream model name at another hosted provider of its type. */
function sameModel(c: PlannedCandidate, first: PlannedCandidate): boolean {
  if (c.model.id === first.model.id) return true;
  return c.model.modelName === first.model.modelName && c.provider.type === first.provider.type && namesWeights(c.provider) && namesWeights(first.provider);
}

/**
 * The plan (made with oneModelRouting and sizeless needs) held to its first model: the candidates of the same
 * model (sameModel), in the plan's order, that the longest input fits (by the lenient estimate: their provider
 * decides, as for any model), less those cooling down now. None fits: a context error, not a larger model. Every
 * one of them cooling down: that is the answer (503 with when to try again), not another model.
 */
export function oneModelPlan(call: ProxyCall, plan: RoutePlan, needs: RequestNeeds): RoutePlan {
  const all = [...plan.candidates, ...(plan.reserves?.() ?? [])];
  const first = all[0];
  if (first === undefined) return plan;
  const same = all.filter((c) => sameModel(c, first));
  const longest = needs.longestInputTokens ?? 0;
  const checked = Math.min(longest, needs.lenientLongestInputTokens ?? longest);
  const fits = same.filter((c) => checked <= contextWindowFor(c.model, c.provider, needs));
  if (fits.length === 0) throw tooLong(first, needs, plan.notes);
  const now = Date.now();
  const health = call.deps.health;
  const owner = (providerId: string) => byokOwner(call, providerId)?.id;
  const ready = fits.filter((c) => !health.isCoolingDown(c.model.id, c.provider.id, now, owner(c.provider.id)));
  if (ready.length === 0) {
    const ends = fits.map((c) => health.cooldownEndsAt?.(c.model.id, c.provider.id, now, owner(c.provider.id))).filter((t): t is number => typeof t === 'number');
    const seconds = ends.length > 0 ? (Math.min(...ends) - now) / 1000 : 1;
    throw new ProxyError(503, 'overloaded_error', `${first.model.id} is cooling down after failing. ${NOT_MOVED}`, retryAfterHeaders(seconds), 'cooling_down', 'cooling_down');
  }
  const notes = [...plan.notes, `embeddings stay on ${first.model.modelName} (vectors of different models do not mix)`];
  if (longest > contextWindowFor(first.model, first.provider, needs)) {
    notes.push(`the longest input may not fit: ${longest} tokens by the conservative estimate, ${checked} by a lenient one; the provider decides`);
  }
  return { ...plan, candidates: ready, reserves: undefined, notes };
}

/** The longest input is too long for the one model: the context error, in the API's shape, saying why no other. */
function tooLong(first: PlannedCandidate, needs: RequestNeeds, notes: readonly string[]): ProxyError {
  const tooSmall = contextTooSmall(needs.longestInputTokens ?? 0, contextWindowFor(first.model, first.provider, needs));
  const err = routeErrorToProxy(new RouteError('no_candidate', 'no model can serve this request', [{ model: first.model.id, ...tooSmall }], notes));
  const message = `${err.message}. Embeddings routed by auto or a level stay on one model, because vectors of different models do not mix, so a model with a larger context is not used: shorten the input, or name the model in the request (provider/model).`;
  return new ProxyError(err.status, err.type, message, err.headers, err.kind, err.code, err.overflow, err.param, err.details);
}

/** A provider failure of the one model, told why no other model answered. */
export function notMoved(err: unknown): unknown {
  if (!(err instanceof ProxyError) || (err.status < 500 && err.status !== 429)) return err;
  return new ProxyError(err.status, err.type, `${err.message} ${NOT_MOVED}`, err.headers, err.kind, err.code, err.overflow, err.param, err.details);
}
