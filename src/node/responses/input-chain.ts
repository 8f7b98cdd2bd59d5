// The input items of the stored responses, each conversation's kept once however many of its turns are
// stored. A conversation is a chain of response_items rows, each one item (its JSON) and a link to the row
// of the item before it; a stored response keeps the last row of its chain (input_tail). A row is found by
// the hash of the conversation up to it (its previous row's hash, then its item's JSON), so a turn that
// continues a conversation (by previous_response_id, or sent whole again) adds only its new items, and a
// response's chain stays whole while it is kept, whatever became of the turns before it. Each turn storing
// its whole conversation took space in the square of its length: 200 steps of 20 KB, 400 MB.
// Each profile's chains start from a hash of its id, so no row is two profiles': a deleted profile's rows
// all go with it, and what a write costs never depends on what another profile sent.
// A row goes once no stored response ends at it and no row follows it (release), and the id its item carries
// (item-ids.ts) with it.
import { createHash } from 'node:crypto';
import type { Database } from '../db/migration';
import { ItemIds } from './item-ids';

/** The hash before the first item of a conversation of this profile's. */
const startOf = (userId: string): Buffer => createHash('sha256').update(userId, 'utf8').digest();

/** Each item's JSON, as JSON.stringify writes it inside an array. */
export const itemJsons = (items: readonly unknown[]): string[] => items.map((item) => JSON.stringify(item) ?? 'null');

const hashesAfter = (previous: Buffer, jsons: readonly string[]): Buffer[] =>
  jsons.map((json) => (previous = createHash('sha256').update(previous).update(json, 'utf8').digest()));

/** The hash of this profile's conversation up to each item (`jsons` as itemJsons gives them). */
export const chainHashes = (userId: string, jsons: readonly string[]): Buffer[] => hashesAfter(startOf(userId), jsons);

/** The bytes of `JSON.stringify(items)`, from its items' JSON. */
const listBytes = (jsons: readonly string[]): number => jsons.reduce((n, json) => n + Buffer.byteLength(json), 0) + Math.max(jsons.length - 1, 0) + 2;

// the rows of a chain, its last first: none stored twice, so its length and the depth of each say its order
const WALK = `
WITH RECURSIVE chain (id, parent, item, depth) AS (
  SELECT id, parent, item, 0 FROM response_items WHERE id = ?
  UNION ALL SELECT p.id, p.parent, p.item, c.depth + 1 FROM chain c JOIN response_items p ON p.id = c.parent
)
SELECT item, depth FROM chain`;

// a chain's rows from `@tail` back to the last one still needed (a response ends at it, or another row follows it)
const RELEASE = `
WITH RECURSIVE dead (id, parent) AS (
  SELECT id, parent FROM response_items i WHERE id = @tail
    AND NOT EXISTS (SELECT 1 FROM stored_responses r WHERE r.input_tail = i.id)
    AND NOT EXISTS (SELECT 1 FROM response_items c WHERE c.parent = i.id)
  UNION ALL SELECT p.id, p.parent FROM dead d JOIN response_items p ON p.id = d.parent
    WHERE NOT EXISTS (SELECT 1 FROM stored_responses r WHERE r.input_tail = p.id)
      AND NOT EXISTS (SELECT 1 FROM response_items c WHERE c.parent = p.id AND c.id <> d.id)
)
DELETE FROM response_items WHERE id IN (SELECT id FROM dead)`;

export interface KeptInput {
  /** the row of its last item; null for none */
  tail: number | null;
  /** the bytes of the items as one JSON array (what a continuation replays) */
  bytes: number;
}

/** A kept conversation that the items to keep begin with: its last row's hash, and its items' count and bytes. */
export interface KeptStart {
  hash: Buffer;
  count: number;
  bytes: number;
}

export class InputChain {
  private readonly find;
  private readonly add;
  private readonly walk;
  private readonly drop;
  private readonly hash;
  private readonly ids;

  constructor(db: Database) {
    this.ids = new ItemIds(db);
    this.find = db.prepare<[Buffer], number>('SELECT id FROM response_items WHERE hash = ?').pluck();
    this.add = db.prepare<[Buffer, number | null, string]>('INSERT INTO response_items (hash, parent, item) VALUES (?, ?, ?)');
    this.walk = db.prepare<[number], { item: string; depth: number }>(WALK);
    this.drop = db.prepare<{ tail: number }>(RELEASE);
    this.hash = db.prepare<[number], Buffer>('SELECT hash FROM response_items WHERE id = ?').pluck();
  }

  /**
   * Keeps this profile's `items` (the rows it lacks: a continued conversation's new items), returning its last row. Run in
   * the transaction that stores the response ending there, then release the row that response ended at before.
   * `start`: the items begin with that conversation's (a turn continuing it), so only the ones after it are
   * written out and hashed, while its last row is kept (else all of them are: the cost a whole conversation).
   */
  keep(userId: string, items: readonly unknown[], start?: KeptStart): KeptInput {
    const from = start === undefined ? undefined : this.find.get(start.hash);
    const after = from === undefined ? undefined : start;
    const fresh = after === undefined ? items : items.slice(after.count);
    const jsons = itemJsons(fresh);
    const hashes = after === undefined ? chainHashes(userId, jsons) : hashesAfter(after.hash, jsons);
    // a row stored means the rows before it are: look back from the end for the longest stored start
    let have = hashes.length;
    let parent: number | null = from ?? null;
    for (; have > 0; have--) {
      const id = this.find.get(hashes[have - 1]!);
      if (id !== undefined) {
        parent = id;
        break;
      }
    }
    for (let i = have; i < hashes.length; i++) {
      parent = Number(this.add.run(hashes[i]!, parent, jsons[i]!).lastInsertRowid);
      this.ids.keepInput(userId, parent, fresh[i]);
    }
    // a start has an item at least: each item after it adds a comma
    const bytes = after === undefined ? listBytes(jsons) : jsons.reduce((n, json) => n + Buffer.byteLength(json) + 1, after.bytes);
    return { tail: parent, bytes };
  }

  /** The hash of the conversation up to row `tail` (a KeptStart's). */
  hashOf(tail: number): Buffer | undefined {
    return this.hash.get(tail);
  }

  /** The items of the chain ending at `tail`, in order. */
  read(tail: number | null): unknown[] {
    if (tail === null) return [];
    const rows = this.walk.all(tail);
    const items = new Array<unknown>(rows.length);
    for (const row of rows) items[rows.length - 1 - row.depth] = JSON.parse(row.item);
    return items;
  }

  /** Deletes the rows from `tail` back that nothing needs any more (no response ends at them, no row follows). */
  release(tail: number | null): void {
    if (tail !== null) this.drop.run({ tail });
  }
}
