// An item a stored response holds, found by its id (what an `item_reference` input item names, as OpenAI
// resolves one to any item it stores): an input item as GET /v1/responses/{id}/input_items lists it, or an
// item of the response's output. Only the profile's own: another profile's ids are told apart, never resolved.
import { asInput, inputItemIndex } from '../../core/inbound/responses';
import { SWITCHBOARD_REASONING_MARK } from '../../core/responses-items';
import { isJsonObject } from '../../core/json-object';
import type { ResponseStore, StoredResponse } from './response-store';

/** What the lookup reads of the store. */
export type ItemSource = Pick<ResponseStore, 'get' | 'isAnothers' | 'answersHolding' | 'inputItemsHolding'>;

/**
 * The items to send in the reference's place (none, for reasoning no provider could read back), or
 * 'anothers': the id is another profile's (or its response was deleted).
 */
export type FoundItem = { items: unknown[] } | 'anothers' | undefined;

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

/** The item of `stored` with this id, as input: an input item as the client sent it, an answer's as a next turn sends it. */
function itemOf(stored: StoredResponse, id: string): unknown[] | undefined {
  const at = inputItemIndex(stored.inputItems, stored.id, id);
  if (at >= 0) return [stored.inputItems[at]];
  const output = Array.isArray(stored.response.output) ? stored.response.output : [];
  const item: unknown = output.find((o: unknown) => isJsonObject(o) && o.id === id);
  if (item === undefined) return undefined;
  // as a continuation carries it (continuation.ts): a Responses upstream's own as it is, another's without the ids OpenAI never issued
  return stored.native ? [item] : asInput(item);
}

export function findStoredItem(store: ItemSource, id: string, userId: string): FoundItem {
  let anothers = false;
  for (const responseId of madeFrom(id)) {
    const stored = store.get(responseId, userId);
    const items = stored && itemOf(stored, id);
    if (items) return { items };
    if (!stored && store.isAnothers(responseId, userId)) anothers = true;
  }
  // an id the client gave an input item, or a Responses upstream an output item: looked for in the text
  const fragment = `"id":${JSON.stringify(id)}`;
  for (const r of store.answersHolding(fragment)) {
    if (r.userId !== userId) {
      anothers = true;
      continue;
    }
    const stored = store.get(r.id, userId);
    const items = stored && itemOf(stored, id);
    if (items) return { items };
  }
  for (const { item, mine } of store.inputItemsHolding(fragment, userId)) {
    if (!isJsonObject(item) || item.id !== id) continue;
    if (mine) return { items: [item] };
    anothers = true;
  }
  return anothers ? 'anothers' : undefined;
}
