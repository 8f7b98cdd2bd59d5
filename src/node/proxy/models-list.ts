// GET /v1/models: the routing names, the aliases, then every enabled model as `provider/model`; and
// GET /v1/models/{id}: one of them, or any other name routing accepts (a unique bare model name).
// OpenAI's list shape, or Anthropic's for the Anthropic SDK (and Claude Code), which sends anthropic-version.
import type { IncomingMessage } from 'node:http';
import type { CatalogSnapshot, ProfileEntry } from '../../core/catalog';
import { RouteError } from '../../core/routing';
import { openaiInbound } from '../../core/inbound/openai';
import { anthropicInbound } from '../../core/inbound/anthropic';
import { anthropicModel, anthropicModelPage, servesMessages, type ListedModel } from './models-list-anthropic';
import type { ProxyCall } from './proxy-call';
import { ProxyError, idHeaders, sendJson } from './respond';
import type { Route } from './v1-routes';
import { resolveUnlisted } from './unlisted-model';

const ROUTING_NAMES = ['auto', 'eco', 'balanced', 'precision'];
/** the owner of the names Switchboard routes (routing names, aliases) */
const SWITCHBOARD = 'switchboard';

export interface OpenAIModel { id: string; object: 'model'; created: number; owned_by: string }

export function listModelNames(snapshot: CatalogSnapshot): { object: 'list'; data: OpenAIModel[] } {
  const created = 0;
  const data = ROUTING_NAMES.map((id) => ({ id, object: 'model' as const, created, owned_by: SWITCHBOARD }));
  for (const alias of Object.keys(snapshot.rules.aliases)) data.push({ id: alias, object: 'model', created, owned_by: SWITCHBOARD });
  for (const m of snapshot.models) {
    const p = snapshot.providers.get(m.providerId);
    if (m.enabled && p?.enabled) data.push({ id: m.id, object: 'model', created, owned_by: m.providerId });
  }
  return { object: 'list', data };
}

const withModelId = (entry: OpenAIModel): ListedModel => (entry.owned_by === SWITCHBOARD ? { entry } : { entry, modelId: entry.id });

/**
 * The list's entry for a name, or for one routing accepts though the list does not name it (a bare model
 * name unique in the catalog, a Claude Code name the rules route): under the name asked for. A name
 * naming a model the list leaves out (disabled) is not found, as its id is not.
 */
export function modelNamed(snapshot: CatalogSnapshot, profile: ProfileEntry, id: string): ListedModel {
  const { data } = listModelNames(snapshot);
  const listed = data.find((m) => m.id === id);
  if (listed) return withModelId(listed);
  const found = resolveUnlisted(snapshot, profile, id);
  if (found instanceof RouteError || found === undefined) {
    // an ambiguous bare name lists the ids to send instead
    throw modelNotFound(id, found?.message);
  }
  if (found.kind === 'level') return { entry: { id, object: 'model', created: 0, owned_by: SWITCHBOARD } };
  const model = data.find((m) => m.id === found.modelId)!;
  return { entry: { ...model, id }, modelId: model.id };
}

const modelNotFound = (id: string, message = `The model '${id}' does not exist`): ProxyError =>
  new ProxyError(404, 'not_found_error', message, {}, 'model_not_found', 'model_not_found');

/** `/v1/models/{id}`: a catalog id holds a slash (`provider/model`), sent as is or encoded */
const ONE_MODEL = /^\/v1\/models\/(.+?)\/?$/;

/** The route for GET /v1/models or /v1/models/{id}; undefined when the path is neither (or its id is not valid percent-encoding). */
export function modelsRoute(req: IncomingMessage, path: string, query: URLSearchParams): Route | undefined {
  const anthropic = req.headers['anthropic-version'] !== undefined;
  const codec = anthropic ? anthropicInbound : openaiInbound;
  if (/^\/v1\/models\/*$/.test(path)) {
    return {
      method: 'GET', codec, endpoint: null,
      handle: async (call: ProxyCall) => {
        const snapshot = call.deps.catalog.snapshot();
        const list = listModelNames(snapshot);
        if (!anthropic) return sendJson(call.res, 200, list, idHeaders(call.requestId));
        // paged after leaving out what Messages cannot serve: limit, after_id and before_id count only what is listed
        const listed = list.data.map(withModelId).filter((m) => servesMessages(snapshot, call.profile, m));
        sendJson(call.res, 200, anthropicModelPage(snapshot, listed, query), idHeaders(call.requestId));
      },
    };
  }
  const one = ONE_MODEL.exec(path);
  const id = one ? decodedId(one[1]!) : undefined;
  if (id === undefined) return undefined;
  return {
    method: 'GET', codec, endpoint: null,
    handle: async (call: ProxyCall) => {
      const snapshot = call.deps.catalog.snapshot();
      const named = modelNamed(snapshot, call.profile, id);
      if (!anthropic) return sendJson(call.res, 200, named.entry, idHeaders(call.requestId));
      // one the Anthropic list leaves out is not found, as there
      if (!servesMessages(snapshot, call.profile, named)) throw modelNotFound(id);
      sendJson(call.res, 200, anthropicModel(snapshot, named), idHeaders(call.requestId));
    },
  };
}

/** A path's id, percent-decoded; undefined when it is not valid percent-encoding (no such route). */
export function decodedId(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}
