import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listInputItems } from '../../core/inbound/responses';
import { openDatabase, type Database } from '../db/index';
import { ResponseStore, type StoredResponse } from './response-store';
import { storedItemFinder, type ItemSource } from './stored-items';
import { addProfileRow } from '../../../test/helpers/profile-rows';

let db: Database;
let store: ResponseStore;
beforeEach(() => {
  db = openDatabase(':memory:');
  addProfileRow(db, 'bob', 'Bob');
  store = new ResponseStore(db);
});
afterEach(() => db.close());

function put(id: string, userId: string, inputItems: unknown[], output: unknown[], native = false, extra: Record<string, unknown> = {}): void {
  const r: StoredResponse = { id, userId, createdAt: Date.now(), modelId: 'fa/x', native, atProvider: false, inputItems, response: { id, output, ...extra } };
  store.put(r);
}

/** The store, counting its reads. */
function counted(): ItemSource & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    get: (id, userId) => (reads.push(`get ${id}`), store.get(id, userId)),
    isAnothers: (id, userId) => (reads.push(`isAnothers ${id}`), store.isAnothers(id, userId)),
    itemHeldBy: (id, userId) => (reads.push(`itemHeldBy ${id}`), store.itemHeldBy(id, userId)),
  };
}

const listedIds = (id: string) => listInputItems(store.get(id, 'default')!.inputItems, id, { order: 'asc', limit: '100' }).data.map((d) => d.id as string);

describe('storedItemFinder', () => {
  it('finds this profile\'s input and output items by the ids Switchboard made, an output item as a next turn sends it', () => {
    put('resp_abc', 'default', [{ role: 'user', content: 'My name is Bob.' }], [{ type: 'message', id: 'msg_abc00', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hi Bob' }] }]);
    const find = storedItemFinder(store, 'default');
    expect(find(listedIds('resp_abc')[0]!)).toEqual({ items: [{ role: 'user', content: 'My name is Bob.' }] });
    expect(find('msg_abc00')).toEqual({ items: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hi Bob' }] }] });
  });

  it('tells another profile\'s made ids apart (never resolved)', () => {
    put('resp_abc', 'bob', [{ role: 'user', content: 'PIN 1234' }], [{ type: 'message', id: 'msg_abc00', role: 'assistant', content: [] }]);
    const find = storedItemFinder(store, 'default');
    expect(find('msg_abc0000')).toBe('anothers');
    expect(find('msg_abc00')).toBe('anothers');
  });

  it('does not resolve an id the client or a Responses upstream gave, in this profile\'s rows or another\'s', () => {
    // the client's id twice (the oldest used to win), an upstream's output id, another profile's metadata naming an id,
    // and a reference forwarded as sent, kept as an input item (it used to resolve to itself)
    put('resp_old', 'default', [{ type: 'message', id: 'msg_dup', role: 'user', content: 'OLD' }], [{ type: 'message', id: 'msg_upstream_1', role: 'assistant', content: [] }], true);
    put('resp_new', 'default', [{ type: 'message', id: 'msg_dup', role: 'user', content: 'NEW' }, { type: 'item_reference', id: 'msg_selfref' }], []);
    put('resp_bob', 'bob', [{ role: 'user', content: 'hi' }], [], false, { metadata: { id: 'msg_meta' } });
    const source = counted();
    const find = storedItemFinder(source, 'default');
    for (const id of ['msg_dup', 'msg_upstream_1', 'msg_meta', 'msg_selfref']) expect(find(id), id).toBeUndefined();
    // keyed reads of the responses the id could have been made from and of the id's holders, nothing else
    expect(source.reads.every((r) => /^((get|isAnothers) resp_[^ ]+|itemHeldBy msg_[^ ]+)$/.test(r))).toBe(true);
  });

  it('tells apart an id the client or a Responses upstream gave that only another profile\'s responses hold', () => {
    put('resp_bob1', 'bob', [{ type: 'message', id: 'msg_bob_client', role: 'user', content: 'PIN 1234' }], [{ type: 'message', id: 'msg_bob_upstream', role: 'assistant', content: [] }], true);
    put('resp_bob2', 'bob', [{ type: 'message', id: 'msg_both', role: 'user', content: 'x' }], []);
    put('resp_def', 'default', [{ type: 'message', id: 'msg_both', role: 'user', content: 'y' }], []);
    const find = storedItemFinder(store, 'default');
    expect(find('msg_bob_client')).toBe('anothers');
    expect(find('msg_bob_upstream')).toBe('anothers');
    // this profile's too: still another's (a client may put any id on an item of its own, so holding it too
    // cannot make another profile's forwardable; two clients choosing the same id get a 404)
    expect(find('msg_both')).toBe('anothers');
    expect(storedItemFinder(store, 'bob')('msg_bob_upstream')).toBeUndefined();
  });

  it('reads a response once however many references name its items', () => {
    put('resp_big', 'default', Array.from({ length: 60 }, (_, i) => ({ role: 'user', content: `item ${i}` })), []);
    const ids = listedIds('resp_big').slice(0, 50);
    const source = counted();
    const find = storedItemFinder(source, 'default');
    ids.forEach((id, i) => expect(find(id)).toEqual({ items: [{ role: 'user', content: `item ${i}` }] }));
    expect(source.reads.filter((r) => r === 'get resp_big')).toHaveLength(1);
  });
});
