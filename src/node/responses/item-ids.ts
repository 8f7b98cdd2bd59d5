// The item ids of the stored responses, by profile (response_item_ids, migration 24): every id a stored response's
// output items carry and every id its client gave an input item. An item_reference naming an id Switchboard did not
// make (a Responses upstream's, a client's) goes to a Responses upstream as sent, under the provider's one key for
// every profile: one that only another profile's responses hold must not, or the upstream hands that profile's
// item over. A keyed read, never a search of the stored text.
// An output item's row goes with its response's (deleted, expired, its profile gone: ON DELETE CASCADE, and
// forgetOutputs for a response deleted to its tombstone); an input item's with its row in response_items, which
// goes once no response of the profile's holds it (input-chain.ts release).
import type { Database } from '../db/migration';
import { isJsonObject } from '../../core/json-object';

/** Whose an item id is: this profile's to forward; another profile's (or, an id only clients gave, held by more than one); or nobody's here. */
export type ItemHolder = 'own' | 'anothers' | undefined;

/** The id an item carries of its own (a reference's names another item: it is not one). */
export function itemIdOf(item: unknown): string | undefined {
  if (!isJsonObject(item) || item.type === 'item_reference') return undefined;
  return typeof item.id === 'string' && item.id !== '' ? item.id : undefined;
}

/** Who holds an item id, when someone does: the profile whose answer carried it as an output item, if any; whether a profile other than the asking one holds it at all. */
export interface ItemHolding {
  output?: string;
  others: boolean;
}

/**
 * heldBy's rule over the holdings of several sources (the stored responses', those waiting for the lock), in the
 * order given: an output owner in any of them first, then whether another profile holds the id in any.
 */
export function holderOf(userId: string, ...holdings: (ItemHolding | undefined)[]): ItemHolder {
  const held = holdings.filter((h): h is ItemHolding => h !== undefined);
  if (held.length === 0) return undefined;
  const output = held.find((h) => h.output !== undefined)?.output;
  if (output !== undefined) return output === userId ? 'own' : 'anothers';
  return held.some((h) => h.others) ? 'anothers' : 'own';
}

export class ItemIds {
  private readonly addInput;
  private readonly addOutput;
  private readonly dropOutputs;
  private readonly holder;

  constructor(db: Database) {
    this.addInput = db.prepare<[string, string, number]>('INSERT INTO response_item_ids (item_id, user_id, input_item) VALUES (?, ?, ?)');
    this.addOutput = db.prepare<[string, string, string]>('INSERT INTO response_item_ids (item_id, user_id, response_id) VALUES (?, ?, ?)');
    this.dropOutputs = db.prepare<[string]>('DELETE FROM response_item_ids WHERE response_id = ?');
    // over the id's few rows (the (item_id, user_id) index): the profile whose answer carried it as an output item
    // (an upstream's output ids are one answer's), and whether a profile other than the asking one holds it at all
    this.holder = db.prepare<[{ item: string; user: string }], { output: string | null; others: number | null }>(
      `SELECT (SELECT user_id FROM response_item_ids WHERE item_id = @item AND response_id IS NOT NULL ORDER BY rowid LIMIT 1) AS output,
        max(user_id <> @user) AS others FROM response_item_ids WHERE item_id = @item`,
    );
  }

  /** An input item just kept as row `row` of the profile's response_items. */
  keepInput(userId: string, row: number, item: unknown): void {
    const id = itemIdOf(item);
    if (id !== undefined) this.addInput.run(id, userId, row);
  }

  /** The output items' ids of a response just written (the ones an earlier answer of the same id had let go). */
  keepOutputs(responseId: string, userId: string, response: Record<string, unknown>): void {
    this.dropOutputs.run(responseId);
    if (!Array.isArray(response.output)) return;
    const seen = new Set<string>();
    for (const item of response.output as unknown[]) {
      const id = itemIdOf(item);
      if (id === undefined || seen.has(id)) continue;
      seen.add(id);
      this.addOutput.run(id, userId, responseId);
    }
  }

  /** A response deleted to its tombstone: its output items' ids go. */
  forgetOutputs(responseId: string): void {
    this.dropOutputs.run(responseId);
  }

  /**
   * Whose the id is. An output item's id is the profile's whose answer carried it, whatever others hold (a client
   * may put any id on an input item of its own: that neither makes another's output forwardable nor takes it from
   * its owner). An id only input items carry (one a client gave) is this profile's only when no other profile holds
   * it: a client's ids are often guessable (msg_1), and the upstream keeps every profile's under one key.
   */
  heldBy(itemId: string, userId: string): ItemHolder {
    return holderOf(userId, this.holding(itemId, userId));
  }

  /** What heldBy decides from: undefined when no stored response holds the id. */
  holding(itemId: string, userId: string): ItemHolding | undefined {
    const row = this.holder.get({ item: itemId, user: userId });
    if (row === undefined || row.others === null) return undefined;
    return { ...(row.output === null ? {} : { output: row.output }), others: row.others === 1 };
  }
}
