// Embeddings routed by a power level (auto, eco, ...) stay on one model. Vectors of different models live in
// different spaces (1536 dimensions beside 1024, or the same count meaning other things): a request answered by
// another model because the usual one failed once would put vectors into the client's index that match nothing
// there, in a 200. So the model is the one the routing ranks first, whatever cooldowns say (the same
// catalog gives the same model every request), and a failure or cooldown of it is answered as the error; it may
// fail over only to the same model (the same upstream model name) at another provider. An alias or fallback
// chain the user set keeps its listed order, and a model named is unchanged: the user chose those models.
import { resolveRequestedName, type HealthView, type RoutePlan } from '../../core/routing';
import type { CatalogSnapshot } from '../../core/catalog';
import type { ProxyCall } from './proxy-call';
import { byokOwner } from './provider-key';
import { retryAfterHeaders } from './final-error';
import { ProxyError } from './respond';

export const NOT_MOVED = 'Embeddings are not moved to another model, because vectors of different models do not mix: name the model in the request (provider/model) to choose which.';

/**
 * Routing that reads no cooldowns and no refusals. A server of one's own that is not running still counts (the
 * router treats it as not set up, as a model not installed): else Ollama, seeded enabled on every install, would
 * hold auto's embeddings on a server many never start.
 */
export function withoutCooldowns(health: HealthView): HealthView {
  return { isCoolingDown: () => false, isProviderDown: (providerId) => health.isProviderDown?.(providerId) === true };
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

/**
 * The plan (made withoutCooldowns) held to its first model: the candidates of the same upstream model name, in the
 * plan's order, less those cooling down now. Every one of them cooling down: that is the answer (503 with when
 * to try again), not another model.
 */
export function oneModelPlan(call: ProxyCall, plan: RoutePlan): RoutePlan {
  const all = [...plan.candidates, ...(plan.reserves?.() ?? [])];
  const first = all[0];
  if (first === undefined) return plan;
  const same = all.filter((c) => c.model.modelName === first.model.modelName);
  const now = Date.now();
  const health = call.deps.health;
  const owner = (providerId: string) => byokOwner(call, providerId)?.id;
  const ready = same.filter((c) => !health.isCoolingDown(c.model.id, c.provider.id, now, owner(c.provider.id)));
  if (ready.length === 0) {
    const ends = same.map((c) => health.cooldownEndsAt?.(c.model.id, c.provider.id, now, owner(c.provider.id))).filter((t): t is number => typeof t === 'number');
    const seconds = ends.length > 0 ? (Math.min(...ends) - now) / 1000 : 1;
    throw new ProxyError(503, 'overloaded_error', `${first.model.id} is cooling down after failing. ${NOT_MOVED}`, retryAfterHeaders(seconds), 'cooling_down', 'cooling_down');
  }
  const note = `embeddings stay on ${first.model.modelName} (vectors of different models do not mix)`;
  return { ...plan, candidates: ready, reserves: undefined, notes: [...plan.notes, note] };
}

/** A provider failure of the one model, told why no other model answered. */
export function notMoved(err: unknown): unknown {
  if (!(err instanceof ProxyError) || (err.status < 500 && err.status !== 429)) return err;
  return new ProxyError(err.status, err.type, `${err.message} ${NOT_MOVED}`, err.headers, err.kind, err.code, err.overflow, err.param, err.details);
}
