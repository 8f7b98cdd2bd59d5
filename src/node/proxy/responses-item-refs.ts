// `item_reference` input items (`{"type":"item_reference","id":"..."}`), as OpenAI resolves them to any item
// it stores: one naming by an id Switchboard made an item it keeps for this profile (an input item GET
// .../input_items lists, an output item of a stored response) is replaced by that item, so whichever provider
// answers sees it. Any other id (one the client or a Responses upstream gave) may name an item a Responses
// upstream stored itself: it goes there as sent, and only there (read.ts). An id Switchboard made from another
// profile's response never leaves, and is not found, as one unknown to every provider; nor does an id only another
// profile's stored responses hold (its upstream's output ids, its client's item ids: item-ids.ts), which the
// upstream, keeping every profile's items under its one key, would resolve.
import type { InboundRead } from '../../core/canonical';
import { isJsonObject } from '../../core/json-object';
import { WEB_SEARCH_GAPS, relevantExclusions, type RouteError } from '../../core/routing';
import { storedItemFinder } from '../responses/stored-items';
import type { ProxyCall } from './proxy-call';
import { ProxyError } from './respond';

export interface ResolvedReferences {
  /** the body with each reference to a kept item replaced by it (the body itself when none was) */
  body: Record<string, unknown>;
  /** the ids of references left as sent: unknown here, for a Responses upstream to resolve */
  unresolved: string[];
}

const isReference = (item: unknown): boolean => isJsonObject(item) && item.type === 'item_reference';

export function resolveItemReferences(call: ProxyCall, body: Record<string, unknown>): ResolvedReferences {
  const input = body.input;
  // the common case costs one pass over the items, no lookup
  if (!Array.isArray(input) || !input.some(isReference)) return { body, unresolved: [] };
  const find = storedItemFinder(call.deps.responses, call.userId);
  const unresolved: string[] = [];
  let expandedAny = false;
  const expanded = input.flatMap((item: unknown) => {
    if (!isReference(item)) return [item];
    const id = (item as Record<string, unknown>).id;
    // a malformed one goes as sent, for the provider's own error (or read.ts's routing) to answer
    if (typeof id !== 'string' || id === '') return [item];
    const found = find(id);
    if (found === 'anothers') throw itemNotFound(id);
    if (found) {
      expandedAny = true;
      return found.items;
    }
    unresolved.push(id);
    return [item];
  });
  // nothing replaced: the client's own body, so a same-format forward stays one (the provider's error param and all)
  return { body: expandedAny ? { ...body, input: expanded } : body, unresolved };
}

/**
 * No model was left because of what only a Responses upstream may resolve: every model that could otherwise be
 * called was passed over as one whose API cannot carry the request (models not set up are bystanders when a power
 * level chose), and a Responses model could take the rest of it. Not so when the request was too long, held back by
 * the privacy guard, cooling down, asked a web search no model offered could run (a format exclusion too), or
 * nothing is set up: that answer stands.
 */
export function referencesRuledOut(route: RouteError | undefined, read: Pick<InboundRead, 'servableBy'>): boolean {
  if (route?.kind !== 'no_candidate') return false;
  if (read.servableBy !== undefined && !read.servableBy.includes('responses')) return false;
  const relevant = relevantExclusions(route);
  return relevant.length > 0 && relevant.every((e) => e.kind === 'format' && !WEB_SEARCH_GAPS.has(e.reason));
}

/** OpenAI's words and param; its code is null, which the OpenAI error shape here fills from the status (model_not_found): one of our own instead. */
export function itemNotFound(id: string): ProxyError {
  return new ProxyError(404, 'invalid_request_error', `Item with id '${id}' not found.`, { 'x-should-retry': 'false' }, 'not_found', 'item_not_found', undefined, 'input');
}
