// `item_reference` input items (`{"type":"item_reference","id":"..."}`), as OpenAI resolves them to any item
// it stores: one naming an item Switchboard keeps for this profile (an input item GET .../input_items lists,
// an output item of a stored response) is replaced by that item, so whichever provider answers sees it. One
// kept nowhere here may be an item a Responses upstream stored itself: it goes there as sent, and only there
// (read.ts); another profile's never leaves, and is not found, as one unknown to every provider.
import { isJsonObject } from '../../core/json-object';
import { findStoredItem } from '../responses/stored-items';
import type { ProxyCall } from './proxy-call';
import { ProxyError } from './respond';

export interface ResolvedReferences {
  /** the body with each reference to a kept item replaced by it (the body itself when there were none) */
  body: Record<string, unknown>;
  /** the ids of references left as sent: unknown here, for a Responses upstream to resolve */
  unresolved: string[];
}

const isReference = (item: unknown): boolean => isJsonObject(item) && item.type === 'item_reference';

export function resolveItemReferences(call: ProxyCall, body: Record<string, unknown>): ResolvedReferences {
  const input = body.input;
  // the common case costs one pass over the items, no lookup
  if (!Array.isArray(input) || !input.some(isReference)) return { body, unresolved: [] };
  const unresolved: string[] = [];
  const expanded = input.flatMap((item: unknown) => {
    if (!isReference(item)) return [item];
    const id = (item as Record<string, unknown>).id;
    // a malformed one goes as sent, for the provider's own error (or read.ts's routing) to answer
    if (typeof id !== 'string' || id === '') return [item];
    const found = findStoredItem(call.deps.responses, id, call.userId);
    if (found === 'anothers') throw itemNotFound(id);
    if (found) return found.items;
    unresolved.push(id);
    return [item];
  });
  return { body: { ...body, input: expanded }, unresolved };
}

/** OpenAI's words and param; its code is null, which the OpenAI error shape here fills from the status (model_not_found): one of our own instead. */
export function itemNotFound(id: string): ProxyError {
  return new ProxyError(404, 'invalid_request_error', `Item with id '${id}' not found.`, { 'x-should-retry': 'false' }, 'not_found', 'item_not_found', undefined, 'input');
}
