import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/index';
import { InputChain, chainHashes } from './input-chain';

let db: Database;
let chain: InputChain;
beforeEach(() => {
  db = openDatabase(':memory:');
  chain = new InputChain(db);
});
afterEach(() => db.close());

const rows = (): number => db.prepare('SELECT COUNT(*) FROM response_items').pluck().get() as number;

describe('InputChain', () => {
  it('hashes a conversation as migration 20 kept it: a changed hash would keep every continued conversation again', () => {
    const hex = (userId: string) => chainHashes(userId, ['{"role":"user","content":"hi"}', '"é"']).map((h) => h.toString('hex'));
    expect(hex('default')).toEqual([
      '3c8cf18af015a7678ab6d0e06e1e7aa8768c7997c1aa8529392c65494040e249',
      'ba103e1c4ee670e26e17f01b63aec2cf2a3dc67ca8504fc28b7d1dfe317fc29a',
    ]);
    // another profile's chain of the same items shares no hash with it
    expect(hex('bob').some((h) => hex('default').includes(h))).toBe(false);
  });

  it('keeps a continued conversation\'s new items only, reads each chain back in order, counts its bytes as JSON.stringify', () => {
    const first = [{ role: 'user', content: 'hi' }, 'é', null, 3];
    const a = chain.keep('default', first);
    expect(a.bytes).toBe(Buffer.byteLength(JSON.stringify(first)));
    const longer = [...first, { nested: { list: [1, 2] } }];
    const b = chain.keep('default', longer);
    expect(rows()).toBe(5);
    expect(chain.read(a.tail)).toEqual(first);
    expect(chain.read(b.tail)).toEqual(longer);
    // the same items again: the same chain
    expect(chain.keep('default', structuredClone(longer))).toEqual(b);
    expect(chain.keep('default', [])).toEqual({ tail: null, bytes: 2 });
    expect(chain.read(null)).toEqual([]);
  });

  it('lets go of the rows nothing needs: back to where another conversation branches off', () => {
    const trunk = chain.keep('default', ['a', 'b']);
    const left = chain.keep('default', ['a', 'b', 'c', 'd']);
    const right = chain.keep('default', ['a', 'b', 'x']);
    expect(rows()).toBe(5);
    // no stored response ends at any of them here: each goes back as far as nothing else follows
    chain.release(left.tail);
    expect(rows()).toBe(3);
    expect(chain.read(right.tail)).toEqual(['a', 'b', 'x']);
    chain.release(trunk.tail); // 'b' is followed by 'x'
    expect(rows()).toBe(3);
    chain.release(right.tail);
    expect(rows()).toBe(0);
  });
});
