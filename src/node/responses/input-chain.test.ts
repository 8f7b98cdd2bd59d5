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
    expect(chainHashes(['{"role":"user","content":"hi"}', '"é"']).map((h) => h.toString('hex'))).toEqual([
      '1e7d1aab0fa04762c92193f56cbddc0ef252eda3adae33ae258e2f2ea22a4146',
      '8714e2e06256ee21e7164e122415cfb2b616c18382f75ca9d8614b1b2b583dff',
    ]);
  });

  it('keeps a continued conversation\'s new items only, reads each chain back in order, counts its bytes as JSON.stringify', () => {
    const first = [{ role: 'user', content: 'hi' }, 'é', null, 3];
    const a = chain.keep(first);
    expect(a.bytes).toBe(Buffer.byteLength(JSON.stringify(first)));
    const longer = [...first, { nested: { list: [1, 2] } }];
    const b = chain.keep(longer);
    expect(rows()).toBe(5);
    expect(chain.read(a.tail)).toEqual(first);
    expect(chain.read(b.tail)).toEqual(longer);
    // the same items again: the same chain
    expect(chain.keep(structuredClone(longer))).toEqual(b);
    expect(chain.keep([])).toEqual({ tail: null, bytes: 2 });
    expect(chain.read(null)).toEqual([]);
  });

  it('lets go of the rows nothing needs: back to where another conversation branches off', () => {
    const trunk = chain.keep(['a', 'b']);
    const left = chain.keep(['a', 'b', 'c', 'd']);
    const right = chain.keep(['a', 'b', 'x']);
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
