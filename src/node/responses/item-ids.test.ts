// The item ids the stored responses hold, by profile: kept with a response, gone with it however it goes
// (DELETE to its tombstone, expiry, its profile deleted), an input item's once no response of the profile holds it.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/index';
import { RESPONSE_RETENTION_DAYS, ResponseStore } from './response-store';
import { addProfileRow } from '../../../test/helpers/profile-rows';

const DAY = 86_400_000;
let db: Database;
let store: ResponseStore;
beforeEach(() => {
  db = openDatabase(':memory:');
  addProfileRow(db, 'bob', 'Bob');
  store = new ResponseStore(db);
});
afterEach(() => db.close());

const msg = (id: string, content = id) => ({ type: 'message', id, role: 'user', content });
const out = (...ids: string[]) => ids.map((id) => ({ type: 'message', id, role: 'assistant', content: [] }));
function put(id: string, userId: string, inputItems: unknown[], output: unknown[], createdAt = 10 * DAY): void {
  store.put({ id, userId, createdAt, modelId: 'fr/m', native: true, atProvider: false, inputItems, response: { id, output } });
}
const rows = () => db.prepare('SELECT item_id, user_id FROM response_item_ids ORDER BY item_id, user_id').all();

it('keeps the ids of the output items and of the input items a client gave, never a reference\'s, once each', () => {
  put('resp_1', 'bob', [msg('msg_in'), { role: 'user', content: 'no id' }, { type: 'item_reference', id: 'msg_ref' }], [...out('msg_out', 'msg_out'), 'text', { id: 7 }]);
  expect(rows()).toEqual([{ item_id: 'msg_in', user_id: 'bob' }, { item_id: 'msg_out', user_id: 'bob' }]);
  expect(store.itemHeldBy('msg_in', 'default')).toBe('anothers');
  expect(store.itemHeldBy('msg_out', 'bob')).toBe('own');
  expect(store.itemHeldBy('msg_ref', 'default')).toBeUndefined();
});

it('replaces a response\'s output ids when it is answered again, and keeps none for another profile\'s id', () => {
  put('resp_1', 'bob', [], out('msg_a'));
  put('resp_1', 'bob', [], out('msg_b'));
  // the same response id from another profile is not written: nothing of it is kept
  put('resp_1', 'default', [msg('msg_c')], out('msg_d'));
  expect(rows()).toEqual([{ item_id: 'msg_b', user_id: 'bob' }]);
});

it('lets the ids go with a response deleted to its tombstone; an input item held by another response of the profile stays', () => {
  put('resp_1', 'bob', [msg('msg_shared'), msg('msg_only1')], out('msg_o1'));
  put('resp_2', 'bob', [msg('msg_shared')], out('msg_o2'));
  expect(store.delete('resp_1', 'bob')).toBe(true);
  expect(rows()).toEqual([{ item_id: 'msg_o2', user_id: 'bob' }, { item_id: 'msg_shared', user_id: 'bob' }]);
  expect(store.delete('resp_2', 'bob')).toBe(true);
  expect(rows()).toEqual([]);
  expect(store.itemHeldBy('msg_shared', 'default')).toBeUndefined();
});

it('lets the ids go with responses expired, and with a deleted profile\'s', () => {
  put('resp_old', 'bob', [msg('msg_old_in')], out('msg_old_out'), 1 * DAY);
  put('resp_new', 'bob', [msg('msg_new_in')], out('msg_new_out'), 20 * DAY);
  put('resp_def', 'default', [msg('msg_def_in')], out('msg_def_out'), 20 * DAY);
  expect(store.pruneOlderThan(RESPONSE_RETENTION_DAYS, (RESPONSE_RETENTION_DAYS + 5) * DAY)).toBe(1);
  expect(rows().map((r: any) => r.item_id)).toEqual(['msg_def_in', 'msg_def_out', 'msg_new_in', 'msg_new_out']);
  db.transaction(() => {
    ResponseStore.forgetProfile(db, 'bob');
    db.prepare("DELETE FROM users WHERE id = 'bob'").run();
  })();
  expect(rows().map((r: any) => r.item_id)).toEqual(['msg_def_in', 'msg_def_out']);
});
