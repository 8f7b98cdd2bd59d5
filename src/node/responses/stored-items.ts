// An item a stored response holds, found by an id Switchboard made for it (what an `item_reference` input item
// names, as OpenAI resolves one to any item it stores): an input item as GET /v1/responses/{id}/input_items
// lists it, or an item of the response's output. Such an id names its response (made from the response's
// id), so it is one keyed read of this profile's row, never a search. An id the client or a Responses upstream
// gave is not resolved here (a Responses upstream may hold its item); it is told another profile's when another
// profile's answer carried it, or, an id only clients gave, when any other profile holds it (item-ids.ts, a keyed read). Another profile's ids are never resolved.
import { asInput, inputItemIds } from '../../core/inbound/responses';
import { SWITCHBOARD_REASONING_MARK } from '../../core/responses-items';
import { isJsonObject } from '../../core/json-object';
import type { ResponseStore, StoredResponse } from './response-store';

/** What the lookup reads of the store. */
export type ItemSource = Pick<ResponseStore, 'get' | 'isAnothers' | 'itemHeldBy'>;

/**
 * The items to send in the reference's place (none, for reasoning no provider could read back), or
 * 'anothers': the id is another profile's (or its response was deleted); undefined: none kept here, for a
 * Responses upstream to resolve.
 */
export type FoundItem = { items: unknown[] } | 'anothers' | undefined;

/** A stored response's items by id, as input: or why there are none. */
type Held = Map<string, unknown[]> | 'anothers' | undefined;

/**
 * The responses whose item ids Switchboard made from the response's id: an input item's
 * `<prefix>_<stem><4 hex>` (input-items.ts), an answer's `<prefix>_[sb]<stem><2 hex>` (response-object.ts itemId).
 */
function madeFrom(id: string): string[] {
  const m = /^[a-z]+_(.+)$/.exec(id);
  if (!m) return [];
  const rest = m[1]!;
  const stems = [rest.slice(0, -4), rest.slice(0, -2)];
  if (rest.startsWith(SWITCHBOARD_REASONING_MARK)) stems.push(rest.slice(SWITCHBOARD_REASONING_MARK.length, -2));
  return [...new Set(stems.filter((s) => s !== ''))].map((s) => `resp_${s}`);
}

/**
 * Each item of `stored` by its id, as input: an input item as the client sent it (by the id the list gives it),
 * an answer's as a next turn sends it. The first item of an id wins.
 */
function itemsById(stored: StoredResponse): Map<string, unknown[]> {
  const byId = new Map<string, unknown[]>();
  inputItemIds(stored.inputItems, stored.id).forEach((id, i) => {
    if (!byId.has(id)) byId.set(id, [stored.inputItems[i]]);
  });
  const output = Array.isArray(stored.response.output) ? stored.response.output : [];
  for (const item of output as unknown[]) {
    if (!isJsonObject(item) || typeof item.id !== 'string' || byId.has(item.id)) continue;
    // as a continuation carries it (continuation.ts): a Responses upstream's own as it is, another's without the ids OpenAI never issued
    byId.set(item.id, stored.native ? [item] : asInput(item));
  }
  return byId;
}

/**
 * A lookup for one request: each stored response it reads is read (and its items listed) once, however many
 * references name its items.
 */
export function storedItemFinder(store: ItemSource, userId: string): (id: string) => FoundItem {
  const held = new Map<string, Held>();
  const holding = (responseId: string): Held => {
    if (held.has(responseId)) return held.get(responseId);
    const stored = store.get(responseId, userId);
    const found: Held = stored ? itemsById(stored) : store.isAnothers(responseId, userId) ? 'anothers' : undefined;
    held.set(responseId, found);
    return found;
  };
  return (id) => {
    let anothers = false;
    for (const responseId of madeFrom(id)) {
      const found = holding(responseId);
      if (found === 'anothers') anothers = true;
      const items = found instanceof Map ? found.get(id) : undefined;
      if (items) return { items };
    }
    if (anothers) return 'anothers';
    return store.itemHeldBy(id, userId) === 'anothers' ? 'anothers' : undefined;
  };
}
