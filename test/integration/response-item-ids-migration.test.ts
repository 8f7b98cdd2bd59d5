// Migration 24 (response-item-ids): the item ids of the responses a schema-23 database keeps are indexed by
// profile as the store indexes a response it keeps now (its output items' ids, its client's input item ids, never a
// reference's nor a deleted response's), and go with their responses as those do.
import { expect, it } from 'vitest';
import { chainHashes, itemJsons } from '../../src/node/responses/input-chain';
import { RESPONSE_RETENTION_DAYS, ResponseStore } from '../../src/node/responses/response-store';
import { testDir } from './db-fixtures';
import { addProfileRow } from '../helpers/profile-rows';

const DAY = 86_400_000;
const msg = (id: string) => ({ type: 'message', id, role: 'user', content: id });
const out = (id: string) => ({ type: 'message', id, role: 'assistant', status: 'completed', content: [] });
const turn1 = [msg('msg_a_in'), { role: 'user', content: 'no id' }, { type: 'item_reference', id: 'msg_ref' }, { type: 'message', id: '', role: 'user', content: 'empty id' }];
const turn2 = [...turn1, out('msg_a_out'), msg('msg_a2_in')];

// id, user, created_at (days), deleted, input items, response
const OLD: [string, string, number, number, unknown[], string][] = [
  ['resp_a', 'bob', 1, 0, turn1, JSON.stringify({ id: 'resp_a', output: [out('msg_a_out'), { type: 'reasoning', id: 'rs_a', summary: [] }, 'text', { id: 7 }, out('msg_a_out')] })],
  ['resp_a2', 'bob', 20, 0, turn2, JSON.stringify({ id: 'resp_a2', output: [out('msg_a2_out')] })],
  ['resp_d', 'default', 20, 0, [msg('msg_d_in')], JSON.stringify({ id: 'resp_d', output: [out('msg_d_out')] })],
  // output not a list, none at all, not JSON, a tombstone: no ids
  ['resp_odd', 'default', 20, 0, [], JSON.stringify({ id: 'resp_odd', output: { id: 'msg_not_item' } })],
  ['resp_none', 'default', 20, 0, [], '{}'],
  ['resp_bad', 'default', 20, 0, [], '{"output": [{"id": "msg_bad"'],
  ['resp_gone', 'bob', 20, 1, [], '{}'],
];

const ids = (db: ReturnType<ReturnType<typeof testDir>['upgrade']>) =>
  db.prepare('SELECT item_id, user_id, response_id IS NOT NULL AS output FROM response_item_ids ORDER BY item_id, user_id, output').all();

it('indexes the item ids of the responses kept before by profile, and they go with their responses', () => {
  const tmp = testDir();
  const file = tmp.path('twenty-three.db');
  tmp.atSchema(file, 23, (old) => {
    addProfileRow(old, 'bob', 'Bob');
    const find = old.prepare<[Buffer], number>('SELECT id FROM response_items WHERE hash = ?').pluck();
    const add = old.prepare<[Buffer, number | null, string]>('INSERT INTO response_items (hash, parent, item) VALUES (?, ?, ?)');
    const insert = old.prepare(`INSERT INTO stored_responses (id, user_id, created_at, model_id, native, at_provider, deleted, input_tail, input_bytes, response)
      VALUES (?, ?, ?, 'fr/m', 1, 0, ?, ?, 2, ?)`);
    for (const [id, user, day, deleted, items, response] of OLD) {
      const jsons = itemJsons(items);
      let tail: number | null = null;
      chainHashes(user, jsons).forEach((hash, i) => {
        tail = find.get(hash) ?? Number(add.run(hash, tail, jsons[i]!).lastInsertRowid);
      });
      insert.run(id, user, day * DAY, deleted, tail, response);
    }
  });
  const db = tmp.upgrade(file);
  expect(ids(db)).toEqual([
    { item_id: 'msg_a2_in', user_id: 'bob', output: 0 },
    { item_id: 'msg_a2_out', user_id: 'bob', output: 1 },
    // resp_a's output, and resp_a2's input item replaying it
    { item_id: 'msg_a_in', user_id: 'bob', output: 0 },
    { item_id: 'msg_a_out', user_id: 'bob', output: 0 },
    { item_id: 'msg_a_out', user_id: 'bob', output: 1 },
    { item_id: 'msg_d_in', user_id: 'default', output: 0 },
    { item_id: 'msg_d_out', user_id: 'default', output: 1 },
    { item_id: 'rs_a', user_id: 'bob', output: 1 },
  ]);
  const store = new ResponseStore(db);
  expect(store.itemHeldBy('msg_a_in', 'default')).toBe('anothers');
  expect(store.itemHeldBy('msg_a_out', 'bob')).toBe('own');
  expect(store.itemHeldBy('msg_ref', 'default')).toBeUndefined();

  // resp_a deleted: its output ids go; its input items stay while resp_a2 holds them
  expect(store.delete('resp_a', 'bob')).toBe(true);
  expect(ids(db).map((r: any) => `${r.item_id}:${r.output}`)).toEqual(['msg_a2_in:0', 'msg_a2_out:1', 'msg_a_in:0', 'msg_a_out:0', 'msg_d_in:0', 'msg_d_out:1']);
  // expired, every one
  expect(store.pruneOlderThan(RESPONSE_RETENTION_DAYS, (RESPONSE_RETENTION_DAYS + 25) * DAY)).toBe(OLD.length);
  expect(ids(db)).toEqual([]);
  expect(db.prepare('SELECT COUNT(*) FROM response_items').pluck().get()).toBe(0);
});
