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

describe('itemMakers', () => {
  it("another's only for another provider with another key: a key changed on one provider, or one key on two, may be one organization", () => {
    const store = new ReasoningMakers();
    store.note('p', 'rs_a', makerOf('ra', 'ka'));
    store.note('p', 'rs_free', makerOf('rc', undefined));
    const others = (provider: string, key: string | undefined) => {
      const m = itemMakers(store, 'p', () => makerOf(provider, key));
      return [m.others(item('rs_a')), m.others(item('rs_free'))];
    };
    expect(others('ra', 'ka')).toEqual([false, true]);
    expect(others('ra', 'ka-rotated')).toEqual([false, true]);
    expect(others('ra2', 'ka')).toEqual([false, true]);
    expect(others('rb', 'kb')).toEqual([true, true]);
    expect(others('rd', undefined)).toEqual([true, true]);
    expect(others('rc', undefined)).toEqual([true, false]);
    expect(itemMakers(store, 'p', () => makerOf('ra', 'ka-rotated')).mine(item('rs_a'))).toBe(false);
  });

  it('an item its own key refused is left out for every provider and key from then on', () => {
    const store = new ReasoningMakers();
    store.note('p', 'rs_a', makerOf('ra', 'ka'));
    const atA = itemMakers(store, 'p', () => makerOf('ra', 'ka'));
    expect(atA.mine(item('rs_a'))).toBe(true);
    atA.refused(item('rs_a'));
    expect([atA.mine(item('rs_a')), atA.others(item('rs_a'))]).toEqual([false, true]);
    expect(itemMakers(store, 'p', () => makerOf('ra2', 'ka')).others(item('rs_a'))).toBe(true);
  });
});

describe('itemMakers.refused', () => {
  it("an item refused that was not the key's own (another key's of the provider, or unknown) is left out before that provider and key's tries only", () => {
    const store = new ReasoningMakers();
    store.note('p', 'rs_a', makerOf('ra', 'ka'));
    // ra's entry now holds a key of another organization; rs_old was never seen (a restart)
    const switched = itemMakers(store, 'p', () => makerOf('ra', 'kz'));
    expect([switched.others(item('rs_a')), switched.others(item('rs_old'))]).toEqual([false, false]);
    switched.refused(item('rs_a'));
    switched.refused(item('rs_old'));
    expect([switched.others(item('rs_a')), switched.others(item('rs_old')), switched.mine(item('rs_a'))]).toEqual([true, true, false]);
    expect(itemMakers(store, 'p', () => makerOf('ra', 'kz')).others(item('rs_old'))).toBe(true);
    // the key that made it still reads it; another profile's item of that id is not refused
    expect(itemMakers(store, 'p', () => makerOf('ra', 'ka')).mine(item('rs_a'))).toBe(true);
    expect(itemMakers(store, 'p', () => makerOf('ra', 'ka')).others(item('rs_old'))).toBe(false);
    expect(itemMakers(store, 'p2', () => makerOf('ra', 'kz')).others(item('rs_old'))).toBe(false);
  });

  it('refusals are bounded as the makers are, least recently replayed first out', () => {
    const store = new ReasoningMakers(2);
    const m = makerOf('ra', 'ka');
    store.noteRefused('p', 'rs_1', m);
    store.noteRefused('p', 'rs_2', m);
    expect(store.refused('p', 'rs_1', m)).toBe(true);
    store.noteRefused('p', 'rs_3', m);
    expect([store.refused('p', 'rs_1', m), store.refused('p', 'rs_2', m), store.refused('p', 'rs_3', m)]).toEqual([true, false, true]);
    expect(store.size).toBe(2);
  });
});

describe('noteEventMaker', () => {
  it("notes a reasoning item's done event in another server's spacing and key order, and no other event", () => {
    const store = new ReasoningMakers();
    const m = makerOf('ra', 'ka');
    const spaced = (o: unknown) => JSON.stringify(o).replace(/":/g, '": ').replace(/,"/g, ', "');
    noteEventMaker(store, 'p', () => m, spaced({ type: 'response.output_item.done', output_index: 0, item: item('rs_py') }));
    noteEventMaker(store, 'p', () => m, JSON.stringify({ sequence_number: 3, item: item('rs_late_type'), type: 'response.output_item.done' }));
    noteEventMaker(store, 'p', () => m, spaced({ type: 'response.output_item.added', item: item('rs_added'), note: 'output_item.done' }));
    noteEventMaker(store, 'p', () => m, spaced({ type: 'response.output_item.done', item: { type: 'message', id: 'msg_1', content: 'reasoning' } }));
    noteEventMaker(store, 'p', () => m, '{"type": "response.output_item.done", "item": {"type": "reasoning"');
    expect([store.makerOf('p', 'rs_py'), store.makerOf('p', 'rs_late_type')]).toEqual([m, m]);
    expect(store.size).toBe(2);
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
