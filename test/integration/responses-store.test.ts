// The stored responses table through its store, on real SQLite: scoped to a profile, never
// overwritten across profiles, pruned after the retention period.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/node/db/index';
import { RESPONSE_RETENTION_DAYS, ResponseStore, type StoredResponse } from '../../src/node/responses/response-store';
import { makeTempDir, type TempDir } from './db-fixtures';
import { addProfileRow } from '../helpers/profile-rows';

let tmp: TempDir;
let db: Database;
let store: ResponseStore;
beforeEach(() => {
  tmp = makeTempDir();
  db = openDatabase(tmp.path('s.db'));
  addProfileRow(db, 'bob', 'Bob');
  store = new ResponseStore(db);
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

const DAY = 86_400_000;
const row = (over: Partial<StoredResponse> = {}): StoredResponse => ({
  id: 'resp_1', userId: 'default', createdAt: 1_000 * DAY, modelId: 'fa/claude', native: false, atProvider: false,
  inputItems: [{ role: 'user', content: 'hi' }], response: { id: 'resp_1', output: [] }, ...over,
});

describe('ResponseStore', () => {
  it('keeps a response for its profile only, and deletes it for that profile only', () => {
    store.put(row());
    expect(store.get('resp_1', 'default')).toEqual(row());
    expect(store.get('resp_1', 'bob')).toBeUndefined();
    expect(store.delete('resp_1', 'bob')).toBe(false);
    expect(store.delete('resp_1', 'default')).toBe(true);
    expect(store.get('resp_1', 'default')).toBeUndefined();
  });

  it('a deleted response is gone from the file itself (secure_delete), not left in free pages for backups to copy', () => {
    const secret = 'PromptCanary the plan is to meet at the old mill';
    store.put(row({ inputItems: [{ role: 'user', content: secret }] }));
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(tmp.path('s.db')).includes(secret)).toBe(true);
    expect(store.delete('resp_1', 'default')).toBe(true);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(tmp.path('s.db')).includes(secret)).toBe(false);
    // and one pruned after its 30 days (the row deleted whole), beside one kept
    store.put(row({ id: 'resp_old', inputItems: [{ role: 'user', content: secret.repeat(20) }] }));
    store.put(row({ id: 'resp_new', createdAt: 1_040 * DAY }));
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(tmp.path('s.db')).includes(secret)).toBe(true);
    expect(store.pruneOlderThan(RESPONSE_RETENTION_DAYS, 1_040 * DAY)).toBe(2); // with resp_1's tombstone
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(tmp.path('s.db')).includes(secret)).toBe(false);
  });

  it('tells the bytes a continuation would replay without reading them, for the profile\'s own live rows only', () => {
    const r = row({ inputItems: [{ role: 'user', content: 'é'.repeat(1_000) }] });
    store.put(r);
    expect(store.conversationBytes('resp_1', 'default')).toBe(Buffer.byteLength(JSON.stringify(r.inputItems)) + Buffer.byteLength(JSON.stringify(r.response)));
    expect(store.conversationBytes('resp_1', 'bob')).toBeUndefined();
    store.delete('resp_1', 'default');
    expect(store.conversationBytes('resp_1', 'default')).toBeUndefined();
    // one the provider keeps is continued by its id: nothing of it is replayed
    store.put(row({ id: 'resp_2', atProvider: true, inputItems: [{ role: 'user', content: 'é'.repeat(1_000) }] }));
    expect(store.get('resp_2', 'default')).toBeDefined();
    expect(store.conversationBytes('resp_2', 'default')).toBeUndefined();
  });

  it('leaves a tombstone: a deleted id is nobody\'s to continue, and is never stored again', () => {
    store.put(row());
    expect(store.isAnothers('resp_1', 'default')).toBe(false);
    expect(store.isAnothers('resp_1', 'bob')).toBe(true);
    expect(store.delete('resp_1', 'default')).toBe(true);
    expect(store.delete('resp_1', 'default')).toBe(false);
    // the owner's too: it is gone, here and (as OpenAI answers for a deleted one) for good
    expect(store.isAnothers('resp_1', 'default')).toBe(true);
    expect(store.isAnothers('resp_1', 'bob')).toBe(true);
    expect(db.prepare("SELECT user_id, deleted, input_tail, response FROM stored_responses WHERE id = 'resp_1'").get())
      .toEqual({ user_id: 'default', deleted: 1, input_tail: null, response: '{}' });
    expect(db.prepare('SELECT COUNT(*) FROM response_items').pluck().get()).toBe(0);
    store.put(row({ response: { id: 'resp_1', again: true } }));
    expect(store.get('resp_1', 'default')).toBeUndefined();
    expect(store.isAnothers('nowhere', 'default')).toBe(false);
  });

  it('keeps whether the conversation lives at the provider', () => {
    store.put(row({ native: true, atProvider: true }));
    expect(store.get('resp_1', 'default')).toMatchObject({ native: true, atProvider: true });
  });

  it('replaces a response id answered again for the same profile, never another profile\'s', () => {
    store.put(row());
    store.put(row({ userId: 'bob', response: { id: 'resp_1', stolen: true } }));
    expect(store.get('resp_1', 'default')!.response).toEqual({ id: 'resp_1', output: [] });
    expect(store.get('resp_1', 'bob')).toBeUndefined();
    store.put(row({ native: true, response: { id: 'resp_1', output: ['again'] } }));
    expect(store.get('resp_1', 'default')).toMatchObject({ native: true, response: { output: ['again'] } });
  });

  it('a deleted profile\'s ids stay claimed, its rows gone with it, and one answered after it went is not kept', () => {
    const now = 2_000 * DAY;
    store.put(row({ id: 'live', userId: 'bob', createdAt: now - (RESPONSE_RETENTION_DAYS + 1) * DAY }));
    store.put(row({ id: 'gone', userId: 'bob', createdAt: now }));
    store.delete('gone', 'bob');
    const forget = db.transaction(() => {
      const n = ResponseStore.forgetProfile(db, 'bob');
      db.prepare("DELETE FROM users WHERE id = 'bob'").run();
      return n;
    });
    expect(forget()).toBe(2);
    expect(db.prepare("SELECT COUNT(*) AS n FROM stored_responses WHERE user_id = 'bob'").get()).toEqual({ n: 0 });
    // its request still running: the foreign key refuses the row, and the id joins the others
    expect(store.put(row({ id: 'late', userId: 'bob', createdAt: now }))).toBe('profile_gone');
    addProfileRow(db, 'bob', 'Bob again');
    for (const id of ['live', 'gone', 'late']) {
      for (const who of ['bob', 'default']) expect(store.isAnothers(id, who)).toBe(true);
      // a later profile of the same id storing one under it (a provider reusing an id) revives nothing
      expect(store.put(row({ id, userId: 'bob', createdAt: now, native: true, response: { id, status: 'queued' }, usageRow: { requestId: 'r', startedAt: 1 } }))).toBe('stored');
      expect(store.get(id, 'bob')).toBeUndefined();
      expect(store.conversationBytes(id, 'bob')).toBeUndefined();
      expect(store.delete(id, 'bob')).toBe(false);
    }
    expect(store.pendingBackground(0)).toEqual([]);
    // pruned with the rows of its day
    expect(store.pruneOlderThan(RESPONSE_RETENTION_DAYS, now)).toBe(1);
    expect(db.prepare('SELECT id FROM response_tombstones ORDER BY id').pluck().all()).toEqual(['gone', 'late']);
  });

  it('one answered after its profile was deleted and made again under the same id is not kept for the new one', () => {
    const made = (db.prepare("SELECT created_at FROM users WHERE id = 'bob'").pluck().get() as string);
    db.transaction(() => {
      ResponseStore.forgetProfile(db, 'bob');
      db.prepare("DELETE FROM users WHERE id = 'bob'").run();
    })();
    addProfileRow(db, 'bob', 'Bob again', 'y');
    expect(store.put(row({ id: 'late', userId: 'bob' }), made)).toBe('profile_gone');
    expect(store.get('late', 'bob')).toBeUndefined();
    expect(store.isAnothers('late', 'bob')).toBe(true);
    // the new profile's own answers are kept
    expect(store.put(row({ id: 'new', userId: 'bob' }), 'y')).toBe('stored');
    expect(store.get('new', 'bob')).toMatchObject({ id: 'new' });
  });

  it('keeps the items turns of a conversation share once, each turn whole until it goes itself, and none nobody holds', () => {
    const secret = 'PromptCanary shared by every turn';
    const t1 = [{ role: 'user', content: secret }];
    const t2 = [...t1, { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'ok' }] }, { role: 'user', content: 'more' }];
    const items = () => db.prepare('SELECT COUNT(*) FROM response_items').pluck().get();
    const inFile = () => {
      db.pragma('wal_checkpoint(TRUNCATE)');
      return readFileSync(tmp.path('s.db')).includes(secret);
    };
    store.put(row({ id: 'r1', inputItems: t1 }));
    store.put(row({ id: 'r2', inputItems: t2 }));
    store.put(row({ id: 'r2b', inputItems: [...t1, { role: 'user', content: 'branch' }] }));
    expect(items()).toBe(4);
    // refused (another profile's id): nothing of it stays
    store.put(row({ id: 'r2', userId: 'bob', inputItems: [{ role: 'user', content: 'stolen' }] }));
    expect(items()).toBe(4);
    // the same id answered again with another conversation: the one it held goes
    store.put(row({ id: 'r2b', inputItems: [{ role: 'user', content: 'again' }] }));
    expect(items()).toBe(4);
    expect(store.get('r2b', 'default')!.inputItems).toEqual([{ role: 'user', content: 'again' }]);
    expect(store.delete('r1', 'default')).toBe(true);
    expect(store.get('r2', 'default')!.inputItems).toEqual(t2);
    expect(inFile()).toBe(true);
    expect(store.delete('r2', 'default')).toBe(true);
    expect(items()).toBe(1);
    expect(inFile()).toBe(false);
    // a deleted profile's conversations go with it, shared ones included
    store.put(row({ id: 'b1', userId: 'bob', inputItems: t1 }));
    store.put(row({ id: 'b2', userId: 'bob', inputItems: t2 }));
    db.transaction(() => {
      ResponseStore.forgetProfile(db, 'bob');
      db.prepare("DELETE FROM users WHERE id = 'bob'").run();
    })();
    expect(items()).toBe(1);
    expect(inFile()).toBe(false);
  });

  it('keeps each profile\'s conversations apart: the same items from two profiles share no row, and a deleted profile\'s rows all go', () => {
    const ids = () => new Set(db.prepare<[], number>('SELECT id FROM response_items').pluck().all());
    const same = { role: 'user', content: 'the same words' };
    store.put(row({ id: 'd1', inputItems: [same] }));
    const defaults = ids();
    store.put(row({ id: 'b1', userId: 'bob', inputItems: [same, { role: 'user', content: 'more' }] }));
    // bob's chain is bob's own from its first item: writing it cost what it holds, whatever default sent
    expect([...ids()].filter((id) => defaults.has(id))).toEqual([...defaults]);
    expect(ids().size).toBe(3);
    db.transaction(() => {
      ResponseStore.forgetProfile(db, 'default');
    })();
    expect([...ids()].filter((id) => defaults.has(id))).toEqual([]);
    expect(store.get('b1', 'bob')!.inputItems).toEqual([same, { role: 'user', content: 'more' }]);
    db.transaction(() => {
      ResponseStore.forgetProfile(db, 'bob');
    })();
    expect(ids().size).toBe(0);
  });

  it('a turn continuing a conversation it read writes out and hashes only its new items, and keeps what the whole one would', () => {
    const t1 = [{ role: 'user', content: 'hi' }, { role: 'user', content: 'é 😀' }];
    const more = [{ role: 'assistant', content: 'ok' }, { role: 'user', content: 'more' }];
    store.put(row({ id: 'r1', inputItems: t1 }));
    const prior = store.get('r1', 'default')!;
    // an item read before that is written out again throws
    for (const item of prior.inputItems) Object.defineProperty(item, 'toJSON', { value: () => { throw new Error('written out again'); } });
    expect(store.put(row({ id: 'r2', inputItems: [...prior.inputItems, ...more], continues: prior.inputItems }))).toBe('stored');
    expect(store.get('r2', 'default')!.inputItems).toEqual([...t1, ...more]);
    store.put(row({ id: 'whole', inputItems: [...t1, ...more] }));
    expect(store.conversationBytes('r2', 'default')).toBe(store.conversationBytes('whole', 'default'));
    expect(db.prepare('SELECT COUNT(*) FROM response_items').pluck().get()).toBe(4);
  });

  it('keeps a continuing turn whole where what it continues is not as read: another profile\'s, gone since, or not what its items begin with', () => {
    const items = () => db.prepare('SELECT COUNT(*) FROM response_items').pluck().get();
    const t1 = [{ role: 'user', content: 'hi' }, { role: 'user', content: 'there' }];
    const more = { role: 'user', content: 'more' };
    store.put(row({ id: 'r1', inputItems: t1 }));
    const prior = store.get('r1', 'default')!;
    // bob naming default's conversation: his chain is his own from its first item
    store.put(row({ id: 'b', userId: 'bob', inputItems: [...prior.inputItems, more], continues: prior.inputItems }));
    expect(store.get('b', 'bob')!.inputItems).toEqual([...t1, more]);
    expect(items()).toBe(5);
    // the items not beginning with it
    store.put(row({ id: 'x', inputItems: [more, ...prior.inputItems], continues: prior.inputItems }));
    expect(store.get('x', 'default')!.inputItems).toEqual([more, ...t1]);
    expect(items()).toBe(8);
    // its rows gone since it was read
    expect(store.delete('r1', 'default')).toBe(true);
    expect(items()).toBe(6);
    store.put(row({ id: 'r2', inputItems: [...prior.inputItems, more], continues: prior.inputItems }));
    expect(store.get('r2', 'default')!.inputItems).toEqual([...t1, more]);
    expect(items()).toBe(9);
  });

  it(`prunes responses older than ${RESPONSE_RETENTION_DAYS} days`, () => {
    const now = 2_000 * DAY;
    store.put(row({ id: 'old', createdAt: now - (RESPONSE_RETENTION_DAYS + 1) * DAY }));
    store.put(row({ id: 'new', createdAt: now - (RESPONSE_RETENTION_DAYS - 1) * DAY }));
    expect(store.pruneOlderThan(RESPONSE_RETENTION_DAYS, now)).toBe(1);
    expect(store.get('old', 'default')).toBeUndefined();
    expect(store.get('new', 'default')).toBeDefined();
  });
});
