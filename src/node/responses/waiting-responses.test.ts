// WaitingResponses' index of its responses' item ids (who holds each, as an output or an input item) stays what a scan
// of the waiting responses would say through keep, the same id answered again, a tombstone, a partial flush and close.
import { describe, expect, it } from 'vitest';
import { holderOf, itemIdOf, type ItemHolding } from './item-ids';
import { lostMessage, type StoredResponse } from './response-store';
import { WaitingResponses } from './waiting-responses';

const locked = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

function queue() {
  const written: string[] = [];
  const lost: string[] = [];
  let lockedAfter = 0;
  const w = new WaitingResponses({
    write: (r) => {
      if (lockedAfter-- <= 0) throw locked;
      written.push(r.id);
      return 'stored';
    },
    bury: (id) => {
      if (lockedAfter-- <= 0) throw locked;
      written.push(`buried ${id}`);
    },
    onLost: (id) => void lost.push(id),
    onProfileGone: () => undefined,
  });
  return { w, written, lost, writeNext: (n: number) => { lockedAfter = n; w.flush(); } };
}

const answer = (id: string, userId: string, inputs: string[], outputs: string[]): StoredResponse => ({
  id, userId, createdAt: 1, modelId: 'oa/gpt', native: true, atProvider: false,
  inputItems: inputs.map((i) => ({ role: 'user', content: 'x', id: i })),
  response: { id, object: 'response', status: 'completed', output: outputs.map((o) => ({ type: 'message', id: o, role: 'assistant', content: [] })) },
});

/** what the waiting responses hold, found by scanning them all (as itemHeldBy did before the index) */
function scan(kept: StoredResponse[], itemId: string, userId: string): ItemHolding | undefined {
  let output: string | undefined;
  let held = false;
  let others = false;
  for (const r of kept) {
    const out = (r.response.output as unknown[]).map(itemIdOf);
    const ins = r.inputItems.map(itemIdOf);
    if (output === undefined && out.includes(itemId)) output = r.userId;
    if (!out.includes(itemId) && !ins.includes(itemId)) continue;
    held = true;
    if (r.userId !== userId) others = true;
  }
  return held ? { ...(output === undefined ? {} : { output }), others } : undefined;
}

const ITEMS = ['msg_1', 'msg_2', 'msg_3', 'msg_out_a', 'msg_out_b', 'msg_none'];
const USERS = ['default', 'alice'];
function expectIndexed(w: WaitingResponses, kept: StoredResponse[]): void {
  for (const item of ITEMS) {
    for (const user of USERS) expect(holderOf(user, w.holding(item, user)), `${item} for ${user}`).toBe(holderOf(user, scan(kept, item, user)));
  }
}

describe('the waiting responses\' item index', () => {
  it('says who holds an id through keep, the same id answered again, a tombstone, a flush and close', () => {
    const { w, written, writeNext } = queue();
    const a1 = answer('resp_a', 'default', ['msg_1', 'msg_2'], ['msg_out_a']);
    const b = answer('resp_b', 'alice', ['msg_2', 'msg_out_a'], ['msg_out_b']);
    const c = answer('resp_c', 'default', ['msg_1', 'msg_1', 'msg_out_a'], ['msg_3']);
    for (const r of [a1, b, c]) expect(w.keep(r, undefined)).toBe(true);
    expectIndexed(w, [a1, b, c]);
    expect(holderOf('default', w.holding('msg_out_a', 'default'))).toBe('own');
    expect(holderOf('alice', w.holding('msg_out_a', 'alice'))).toBe('anothers');
    expect(holderOf('default', w.holding('msg_2', 'default'))).toBe('anothers');
    expect(w.holding('msg_none', 'default')).toBeUndefined();

    // resp_a answered again: its earlier items let go, the new ones held, and it waits after the others
    const a2 = answer('resp_a', 'default', ['msg_3'], ['msg_out_b']);
    expect(w.keep(a2, undefined)).toBe(true);
    expectIndexed(w, [b, c, a2]);
    expect(holderOf('alice', w.holding('msg_out_b', 'alice'))).toBe('own');
    expect(holderOf('alice', w.holding('msg_1', 'alice'))).toBe('anothers');
    // another profile's answer under the same id replaces nothing
    expect(w.keep(answer('resp_b', 'default', ['msg_1'], ['msg_out_a']), undefined)).toBe(true);
    expectIndexed(w, [b, c, a2]);

    // deleted while it waits: its tombstone holds no items
    expect(w.drop('resp_c', 'default')).toBe(true);
    expectIndexed(w, [b, a2]);
    expect(w.holding('msg_1', 'default')).toBeUndefined();
    expect(holderOf('default', w.holding('msg_out_a', 'default'))).toBe('anothers');

    // written one at a time: what is written is no longer held here
    writeNext(1);
    expect(written).toEqual(['resp_b']);
    expectIndexed(w, [a2]);
    expect(w.holding('msg_out_a', 'default')).toBeUndefined();
    expect(holderOf('alice', w.holding('msg_out_b', 'alice'))).toBe('anothers');
    writeNext(2);
    expect(written).toEqual(['resp_b', 'resp_a', 'buried resp_c']);
    expect(w.size).toBe(0);
    for (const item of ITEMS) expect(w.holding(item, 'default')).toBeUndefined();

    // close gives up on what still waits, and holds none of its items after
    w.keep(a1, undefined);
    expect(holderOf('default', w.holding('msg_1', 'default'))).toBe('own');
    w.close();
    for (const item of ITEMS) expect(w.holding(item, 'default')).toBeUndefined();
  });
});

describe('what the waiting responses give up on', () => {
  it('says a deletion whose tombstone could not be written is a deletion, not a response not stored', () => {
    const lost: [string, boolean][] = [];
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const lockErr = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    let locked = true;
    const w = new WaitingResponses({
      write: () => { if (locked) throw lockErr; throw full; },
      bury: () => { if (locked) throw lockErr; throw full; },
      onLost: (id, _err, deleted) => void lost.push([id, deleted]),
      onProfileGone: () => undefined,
    });
    w.keep(answer('resp_kept', 'default', [], []), undefined);
    w.keep(answer('resp_deleted', 'default', [], []), undefined);
    expect(w.drop('resp_deleted', 'default')).toBe(true);
    locked = false;
    w.flush();
    expect(lost).toEqual([['resp_kept', false], ['resp_deleted', true]]);
    expect(w.size).toBe(0);

    // still waiting at shutdown: the same
    locked = true;
    w.keep(answer('resp_late', 'default', [], []), undefined);
    w.drop('resp_late', 'default');
    w.close();
    expect(lost.at(-1)).toEqual(['resp_late', true]);

    expect(lostMessage('resp_deleted', full, true)).toMatch(/^responses: the deletion of resp_deleted could not be written .*its id is not claimed.*: database or disk is full$/);
    expect(lostMessage('resp_deleted', full, true)).not.toMatch(/not stored/);
    expect(lostMessage('resp_kept', full, false)).toMatch(/^responses: resp_kept was not stored \(lost: its id continues nothing\)/);
  });
});
