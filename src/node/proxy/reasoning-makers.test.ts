import { describe, expect, it } from 'vitest';
import { itemMakers, makerOf, noteEventMaker, noteOutputMakers, ReasoningMakers } from './reasoning-makers';

const item = (id: string, encrypted: string | null = `gAAAA-${id}`) => ({ type: 'reasoning', id, summary: [], encrypted_content: encrypted });

describe('makerOf', () => {
  it('tells providers and keys apart (a profile\'s own key from the shared one), and holds no key', () => {
    const shared = makerOf('ra', 'sk-shared-CANARY');
    expect(makerOf('ra', 'sk-shared-CANARY')).toBe(shared);
    expect(makerOf('ra', 'sk-own-CANARY')).not.toBe(shared);
    expect(makerOf('rb', 'sk-shared-CANARY')).not.toBe(shared);
    expect(shared).not.toContain('CANARY');
  });
});

describe('ReasoningMakers', () => {
  it('knows the items of each profile by id, its own, another\'s, or none', () => {
    const store = new ReasoningMakers();
    const [a, b] = [makerOf('ra', 'ka'), makerOf('rb', 'kb')];
    noteOutputMakers(store, 'p1', () => a, [item('rs_a'), item('rs_plain', null), { type: 'message', id: 'msg_1' }]);
    noteEventMaker(store, 'p1', () => b, JSON.stringify({ type: 'response.output_item.done', sequence_number: 7, output_index: 0, item: item('rs_b') }));
    noteEventMaker(store, 'p1', () => b, JSON.stringify({ type: 'response.output_item.added', output_index: 0, item: item('rs_added') }));
    expect(store.size).toBe(2);
    const atB = itemMakers(store, 'p1', () => b);
    expect([atB.others(item('rs_a')), atB.mine(item('rs_a'))]).toEqual([true, false]);
    expect([atB.others(item('rs_b')), atB.mine(item('rs_b'))]).toEqual([false, true]);
    expect([atB.others(item('rs_new')), atB.mine(item('rs_new'))]).toEqual([false, false]);
    // another profile's items are not known to this one
    expect(itemMakers(store, 'p2', () => b).others(item('rs_a'))).toBe(false);
  });

  it('forgets the least recently replayed first, past its bound', () => {
    const store = new ReasoningMakers(2);
    store.note('p', 'rs_1', 'm');
    store.note('p', 'rs_2', 'm');
    expect(store.makerOf('p', 'rs_1')).toBe('m');
    store.note('p', 'rs_3', 'm');
    expect([store.makerOf('p', 'rs_1'), store.makerOf('p', 'rs_2'), store.makerOf('p', 'rs_3')]).toEqual(['m', undefined, 'm']);
    store.note('p', 'x'.repeat(300), 'm');
    expect(store.size).toBe(2);
  });
});
