// The item ids of the stored responses, by profile (src/node/responses/item-ids.ts): an item_reference's id
// Switchboard did not make goes to a Responses upstream under the provider's one key, and one that only another
// profile's responses hold must not. Looked up by id, never by scanning the stored text (which took 95 ms an id
// over 3,000 responses, the event loop blocked).
// The responses kept before are indexed here too, by SQLite's JSON functions in two statements: no row is read
// into JavaScript, each stored item is parsed once, and nothing but the ids is kept (an upgrade costs about what
// reading the stored responses once does).
// Raw SQL against schema 23 on purpose (see 001-seed.ts); the rule for an item's id as itemIdOf has it.
import type { Database, Migration } from '../migration';

const SQL = `
-- an id an output item of the response carries (response_id), or one a client gave an input item (input_item,
-- its row of the profile's conversation): each row goes with the row it names
CREATE TABLE response_item_ids (
  item_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  response_id TEXT REFERENCES stored_responses (id) ON DELETE CASCADE,
  input_item INTEGER REFERENCES response_items (id) ON DELETE CASCADE,
  CHECK ((response_id IS NULL) <> (input_item IS NULL))
) STRICT;
CREATE INDEX response_item_ids_item ON response_item_ids (item_id, user_id);
CREATE INDEX response_item_ids_response ON response_item_ids (response_id);
CREATE INDEX response_item_ids_input ON response_item_ids (input_item);
`;

/** An item's own id: a string, not empty, of an object that is no item_reference (`j`: the item's JSON, or NULL). */
const ID_OF = (j: string) => `CASE WHEN json_type(${j}, '$.id') = 'text' AND json_extract(${j}, '$.id') <> ''
  AND coalesce(json_extract(${j}, '$.type'), '') <> 'item_reference' THEN json_extract(${j}, '$.id') END`;

// the output items of every response not deleted (a tombstone's is '{}'): an id once a response
const OUTPUTS = `
INSERT INTO response_item_ids (item_id, user_id, response_id)
SELECT DISTINCT id, user_id, response_id FROM (
  SELECT ${ID_OF('o.value')} AS id, r.user_id, r.id AS response_id
  FROM stored_responses r,
    json_each(CASE WHEN r.deleted = 0 AND json_valid(r.response) THEN r.response ELSE '{}' END, '$.output') o
  WHERE o.type = 'object' AND typeof(o.key) = 'integer'
) WHERE id IS NOT NULL`;

// the rows of every conversation a response ends at, each once (a row is one profile's: its chain starts
// from the profile's id), walked back from the responses' last rows
const INPUTS = `
INSERT INTO response_item_ids (item_id, user_id, input_item)
WITH RECURSIVE held (row, user_id) AS (
  SELECT input_tail, user_id FROM stored_responses WHERE input_tail IS NOT NULL
  UNION SELECT i.parent, h.user_id FROM held h JOIN response_items i ON i.id = h.row WHERE i.parent IS NOT NULL
)
SELECT id, user_id, row FROM (
  SELECT ${ID_OF("CASE WHEN json_valid(i.item) AND json_type(i.item) = 'object' THEN i.item END")} AS id, h.user_id, h.row
  FROM held h JOIN response_items i ON i.id = h.row
) WHERE id IS NOT NULL`;

export const responseItemIdsMigration: Migration = {
  version: 24,
  name: 'response-item-ids',
  up(db: Database): void {
    db.exec(SQL);
    db.exec(OUTPUTS);
    db.exec(INPUTS);
  },
};
