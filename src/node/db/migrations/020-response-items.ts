// Stored responses keep their input items in response_items (migration 20), a conversation's items once
// however many of its turns are stored (src/node/responses/input-chain.ts), not each turn's copy of the
// whole conversation in its own row: 200 steps of 20 KB took 400 MB. Every row is converted here, its
// items read back as they were (and as many bytes counted for a continuation), then the column goes.
// Raw SQL against schema 19 (see 001-seed.ts); the hash is input-chain's, so a conversation continued
// after the upgrade adds only its new items to the chain kept here.
import { chainHashes, itemJsons } from '../../responses/input-chain';
import type { Database, Migration } from '../migration';

const SQL = `
-- one item of a conversation, after the item before it (parent; NULL for its first): the hash is of the
-- parent's hash (for none, the sha256 of the profile's id) and this item's JSON, so a conversation's start
-- is kept once for its profile
CREATE TABLE response_items (
  id INTEGER PRIMARY KEY,
  hash BLOB NOT NULL UNIQUE,
  parent INTEGER REFERENCES response_items (id),
  item TEXT NOT NULL
) STRICT;
CREATE INDEX response_items_parent ON response_items (parent);
-- the last of a response's input items (NULL: none, or a tombstone), and the bytes of them all as one JSON array
ALTER TABLE stored_responses ADD COLUMN input_tail INTEGER REFERENCES response_items (id);
ALTER TABLE stored_responses ADD COLUMN input_bytes INTEGER NOT NULL DEFAULT 2;
CREATE INDEX stored_responses_input ON stored_responses (input_tail) WHERE input_tail IS NOT NULL;
`;

/**
 * The input items read at once, in bytes of their JSON text: a row may hold up to 32 MiB, so a page of a
 * fixed number of rows could need gigabytes of heap, and running out of it rolls the migration back at
 * every start.
 */
const PAGE_BYTES = 8 * 1024 * 1024;
/** The row sizes looked at to make a page: a size is read from the row's header, never its text. */
const SIZES = 1_000;

interface OldRow {
  rowid: number;
  user_id: string;
  input_items: string;
  bytes: number;
}

/**
 * The rows of stored_responses in rowid order, a page at a time: the rows whose input items come to at most
 * `budget` bytes together, or one row that alone has more. A page is read once the one before it is done with.
 */
export function* pagesOf(db: Database, budget: number): Generator<OldRow[]> {
  const sizes = db.prepare<[number, number], { rowid: number; bytes: number }>(
    'SELECT rowid, octet_length(input_items) AS bytes FROM stored_responses WHERE rowid > ? ORDER BY rowid LIMIT ?',
  );
  const page = db.prepare<[number, number], OldRow>(
    'SELECT rowid, user_id, input_items, octet_length(input_items) AS bytes FROM stored_responses WHERE rowid > ? AND rowid <= ? ORDER BY rowid',
  );
  for (let after = 0; ;) {
    let last: number | undefined;
    let total = 0;
    for (const row of sizes.all(after, SIZES)) {
      if (last !== undefined && total + row.bytes > budget) break;
      total += row.bytes;
      last = row.rowid;
    }
    if (last === undefined) return;
    yield page.all(after, last);
    after = last;
  }
}

/** Converts every row, reading at most `budget` bytes of input items at once (but for a row larger alone). */
function convertRows(db: Database, budget: number): void {
  const find = db.prepare<[Buffer], number>('SELECT id FROM response_items WHERE hash = ?').pluck();
  const add = db.prepare<[Buffer, number | null, string]>('INSERT INTO response_items (hash, parent, item) VALUES (?, ?, ?)');
  // the old text emptied as the row is rewritten: the column's drop then copies small rows
  const set = db.prepare<[number | null, number, number]>("UPDATE stored_responses SET input_tail = ?, input_bytes = ?, input_items = '' WHERE rowid = ?");
  for (const rows of pagesOf(db, budget)) {
    for (const row of rows) {
      const jsons = itemJsons(JSON.parse(row.input_items) as unknown[]);
      let tail: number | null = null;
      chainHashes(row.user_id, jsons).forEach((hash, i) => {
        tail = find.get(hash) ?? Number(add.run(hash, tail, jsons[i]!).lastInsertRowid);
      });
      set.run(tail, row.bytes, row.rowid);
    }
  }
}

/** Migration 20 reading at most `pageBytes` of input items at once (tests give a page less than a row). */
export const responseItemsMigrationWith = (pageBytes: number): Migration => ({
  version: 20,
  name: 'response-items',
  up(db: Database): void {
    db.exec(SQL);
    convertRows(db, pageBytes);
    db.exec('ALTER TABLE stored_responses DROP COLUMN input_items');
  },
});

export const responseItemsMigration = responseItemsMigrationWith(PAGE_BYTES);
