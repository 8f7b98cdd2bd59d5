// GET /v1/models: the routing names, the aliases, then every enabled model as `provider/model`; and
// GET /v1/models/{id}: one of them, or any other name routing accepts (a unique bare model name).
import type { CatalogSnapshot, ProfileEntry } from '../../core/catalog';
import { resolveRequestedName, RouteError } from '../../core/routing';
import { openaiInbound } from '../../core/inbound/openai';
import type { ProxyCall } from './proxy-call';
import { ProxyError, idHeaders, sendJson } from './respond';
import type { Route } from './v1-routes';

const ROUTING_NAMES = ['auto', 'eco', 'balanced', 'precision'];

interface OpenAIModel { id: string; object: 'model'; created: number; owned_by: string }

export function listModelNames(snapshot: CatalogSnapshot): { object: 'list'; data: OpenAIModel[] } {
  const created = 0;
  const data = ROUTING_NAMES.map((id) => ({ id, object: 'model' as const, created, owned_by: 'switchboard' }));
  for (const alias of Object.keys(snapshot.rules.aliases)) data.push({ id: alias, object: 'model', created, owned_by: 'switchboard' });
  for (const m of snapshot.models) {
    const p = snapshot.providers.get(m.providerId);
    if (m.enabled && p?.enabled) data.push({ id: m.id, object: 'model', created, owned_by: m.providerId });
  }
  return { object: 'list', data };
}

/**
 * The list's entry for a name, or for one routing accepts though the list does not name it (a bare model
 * name unique in the catalog, a Claude Code name the rules route): under the name asked for. A name
 * naming a model the list leaves out (disabled) is not found, as its id is not.
 */
export function modelNamed(snapshot: CatalogSnapshot, profile: ProfileEntry, id: string): OpenAIModel {
  const { data } = listModelNames(snapshot);
  const listed = data.find((m) => m.id === id);
  if (listed) return listed;
  let message = `The model '${id}' does not exist`;
  try {
    const resolved = resolveRequestedName(id, snapshot, profile.powerLevel, profile.byokProviders);
    if (resolved.kind === 'level') return { id, object: 'model', created: 0, owned_by: 'switchboard' };
    const model = resolved.named === undefined ? undefined : data.find((m) => m.id === resolved.named);
    if (model) return { ...model, id };
  } catch (err) {
    if (!(err instanceof RouteError)) throw err;
    message = err.message; // an ambiguous bare name lists the ids to send instead
  }
  throw new ProxyError(404, 'not_found_error', message, {}, 'model_not_found', 'model_not_found');
}

/** The route for `/v1/models/{id}`, the id decoded. */
export function oneModelRoute(id: string): Route {
  return {
    method: 'GET', codec: openaiInbound, endpoint: null,
    handle: async (call: ProxyCall) => sendJson(call.res, 200, modelNamed(call.deps.catalog.snapshot(), call.profile, id), idHeaders(call.requestId)),
  };
}
