// The response store while another program holds switchboard.db's write lock (a second real connection holding
// BEGIN IMMEDIATE): a response waiting in memory for the lock is its profile's as a stored one is (nobody else
// continues it, nor its items), deleting it leaves a tombstone, its profile deleted meanwhile has the provider
// told, what waits is bounded by bytes, and at shutdown the last write waits for the lock a few seconds.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/node/db';
import { ResponseStore, type StoredResponse } from '../../src/node/responses/response-store';

const CATALOG = join(__dirname, '../../resources/catalog.json');
let dir: string;
let file: string;
let db: Database;
let holder: BetterSqlite3.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-locked-store-'));
  file = join(dir, 'switchboard.db');
  db = openDatabase(file, { catalogPath: CATALOG });
  db.prepare("INSERT INTO users (id, name, power_level, preferred_models, privacy_guard, created_at, updated_at) VALUES ('alice', 'Alice', 'eco', '[]', 'off', 'x', 'x')").run();
  holder = new BetterSqlite3(file);
});
afterEach(() => {
  if (holder.inTransaction) holder.exec('ROLLBACK');
  holder.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const answer = (id: string, userId: string, extra: Partial<StoredResponse> = {}): StoredResponse => ({
  id, userId, createdAt: Date.now(), modelId: 'oa/gpt', native: true, atProvider: false, ownKey: false,
  inputItems: [{ role: 'user', content: 'remember 42', id: `msg_in_${id}` }],
  response: { id, object: 'response', status: 'completed', output: [{ type: 'message', id: `msg_out_${id}`, role: 'assistant', content: [] }] },
  ...extra,
});
const stored = (id: string) => db.prepare('SELECT deleted FROM stored_responses WHERE id = ?').get(id) as { deleted: number } | undefined;
const buried = (id: string) => db.prepare('SELECT 1 FROM response_tombstones WHERE id = ?').get(id) !== undefined;

describe('responses waiting for another program\'s lock', () => {
  it('are their profile\'s: another profile neither continues one nor forwards its items', () => {
    const store = new ResponseStore(db);
    holder.exec('BEGIN IMMEDIATE');
    expect(store.put(answer('resp_d', 'default'))).toBe('stored');
    expect(stored('resp_d')).toBeUndefined();
    expect(store.get('resp_d', 'default')?.id).toBe('resp_d');
    expect(store.isAnothers('resp_d', 'default')).toBe(false);
    expect(store.isAnothers('resp_d', 'alice')).toBe(true);
    expect(store.itemHeldBy('msg_out_resp_d', 'alice')).toBe('anothers');
    expect(store.itemHeldBy('msg_in_resp_d', 'alice')).toBe('anothers');
    expect(store.itemHeldBy('msg_out_resp_d', 'default')).toBe('own');
    // nor replaces it with an answer of its own under the same id
    expect(store.put(answer('resp_d', 'alice'))).toBe('stored');
    expect(store.get('resp_d', 'alice')).toBeUndefined();
    holder.exec('COMMIT');
    store.close();
    expect(stored('resp_d')?.deleted).toBe(0);
    expect(store.isAnothers('resp_d', 'alice')).toBe(true);
  });

  it('leave a profile the items its own stored answers carried, whatever input items another\'s waiting response holds', () => {
    const store = new ResponseStore(db);
    store.put(answer('resp_a', 'default', { response: { id: 'resp_a', object: 'response', status: 'completed', output: [{ type: 'message', id: 'msg_x', role: 'assistant', content: [] }] } }));
    holder.exec('BEGIN IMMEDIATE');
    // alice's client puts default's output id on an input item of its own: that does not take it from default
    store.put(answer('resp_b', 'alice', { inputItems: [{ role: 'user', content: 'hi', id: 'msg_x' }] }));
    expect(store.get('resp_b', 'alice')?.id).toBe('resp_b');
    expect(store.itemHeldBy('msg_x', 'default')).toBe('own');
    expect(store.itemHeldBy('msg_x', 'alice')).toBe('anothers');
    holder.exec('COMMIT');
    store.close();
    expect(stored('resp_b')?.deleted).toBe(0);
    expect(store.itemHeldBy('msg_x', 'default')).toBe('own');
    expect(store.itemHeldBy('msg_x', 'alice')).toBe('anothers');
  });

  it('written at close, put the connection\'s busy timeout back as it found it', () => {
    const store = new ResponseStore(db);
    holder.exec('BEGIN IMMEDIATE');
    store.put(answer('resp_t', 'default'));
    holder.exec('COMMIT');
    db.pragma('busy_timeout = 1234');
    store.close();
    expect(stored('resp_t')?.deleted).toBe(0);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
  });

  it('deleted while waiting, leaves a tombstone: claimed meanwhile, written once the lock goes', () => {
    const store = new ResponseStore(db);
    holder.exec('BEGIN IMMEDIATE');
    store.put(answer('resp_x', 'default'));
    expect(store.delete('resp_x', 'default')).toBe(true);
    expect(store.get('resp_x', 'default')).toBeUndefined();
    expect(store.isAnothers('resp_x', 'default')).toBe(true);
    expect(store.delete('resp_x', 'default')).toBe(false);
    expect(store.put(answer('resp_x', 'default'))).toBe('stored');
    expect(store.get('resp_x', 'default')).toBeUndefined();
    holder.exec('COMMIT');
    store.close();
    expect(stored('resp_x')?.deleted === 1 || buried('resp_x')).toBe(true);
    expect(store.get('resp_x', 'default')).toBeUndefined();
    expect(store.isAnothers('resp_x', 'default')).toBe(true);
  });

  it('whose profile went meanwhile are buried and handed to onProfileGone (deleted at the provider)', () => {
    const gone: string[] = [];
    const store = new ResponseStore(db, { onProfileGone: (r) => gone.push(r.id) });
    holder.exec('BEGIN IMMEDIATE');
    store.put(answer('resp_a', 'alice'), 'x');
    holder.exec('COMMIT');
    // the profile is deleted once the lock has gone, before the waiting response is written
    ResponseStore.forgetProfile(db, 'alice');
    db.prepare("DELETE FROM users WHERE id = 'alice'").run();
    store.close();
    expect(gone).toEqual(['resp_a']);
    expect(buried('resp_a')).toBe(true);
    expect(stored('resp_a')).toBeUndefined();
  });

  it('hold no more bytes than their cap: past it a response is refused, as without the waiting', () => {
    const store = new ResponseStore(db, { maxWaitingBytes: 64 * 1024 });
    holder.exec('BEGIN IMMEDIATE');
    const big = (id: string) => answer(id, 'default', { inputItems: [{ role: 'user', content: 'x'.repeat(40 * 1024) }] });
    expect(store.put(big('resp_1'))).toBe('stored');
    expect(() => store.put(big('resp_2'))).toThrow(/locked/);
    expect(store.get('resp_2', 'default')).toBeUndefined();
    holder.exec('COMMIT');
    store.close();
    expect(stored('resp_1')?.deleted).toBe(0);
    expect(stored('resp_2')).toBeUndefined();
  });

  it('are written at close once a lock held a moment longer goes', async () => {
    // the lock is held by another thread, which lets go a moment after close began (close blocks this one)
    const go = new Int32Array(new SharedArrayBuffer(4));
    holder.close();
    const worker = new Worker(`
      const { workerData, parentPort } = require('node:worker_threads');
      const Database = require(workerData.sqlite);
      const db = new Database(workerData.file);
      db.exec('BEGIN IMMEDIATE');
      parentPort.postMessage('locked');
      Atomics.wait(workerData.go, 0, 0);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
      db.exec('COMMIT');
      db.close();
      parentPort.postMessage('released');
    `, { eval: true, workerData: { file, go, sqlite: createRequire(__filename).resolve('better-sqlite3') } });
    holder = new BetterSqlite3(file);
    try {
      await new Promise((resolve) => worker.once('message', resolve));
      const lost: string[] = [];
      const store = new ResponseStore(db, { onLost: (id) => lost.push(id) });
      expect(store.put(answer('resp_c', 'default'))).toBe('stored');
      expect(stored('resp_c')).toBeUndefined();
      Atomics.store(go, 0, 1);
      Atomics.notify(go, 0);
      store.close();
      expect(lost).toEqual([]);
      expect(stored('resp_c')?.deleted).toBe(0);
    } finally {
      Atomics.store(go, 0, 1);
      Atomics.notify(go, 0);
      await worker.terminate();
    }
  });
});
